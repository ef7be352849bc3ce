/**
 * Runs the Odoo Logistics Trigger the way n8n does, with n8n-core's own contexts: `HookContext` for activation and
 * deactivation, `PollContext` for polls, and a real HTTP listener that hands each request to `webhook()` through a
 * `WebhookContext`, then starts an execution with n8n-core's `WorkflowExecute` for what the node returned.
 */
import { mkdtempSync } from 'fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-trigger-'));

import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { OdooLogisticsTrigger } from '../../../nodes/OdooLogisticsTrigger/OdooLogisticsTrigger.node';
import type { OdooEvent } from '../../../nodes/OdooLogisticsTrigger/events';
import { OdooClient } from '../../../nodes/shared/odoo';
import { startOdooSimulator, type OdooSimulator, type OdooSimVersion } from '../../odoo-sim';
import { CredentialsStore, executeWithHooks, instanceData } from '../../helpers/n8n';

const TRIGGER = 'Odoo Trigger';
const COLLECT = 'Collect';
const WEBHOOK_ID = '5f1c9b2e-6f7a-4e0b-9d3c-2a8e4b6c1d70';
/** Each harness is another workflow: the node keeps per-workflow memory in the process. */
let workflowCount = 0;

/** The node after the trigger: records the items of every execution that reached it. */
function collector(runs: OdooEvent[][]): INodeType {
	return {
		description: {
			displayName: 'Collect',
			name: 'collect',
			group: ['transform'],
			version: 1,
			description: 'Records its input',
			defaults: { name: COLLECT },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			runs.push(items.map((item) => item.json as unknown as OdooEvent));
			return [items];
		},
	};
}

/** The credential for the simulator's admin, with its API key. */
export function adminCredential(sim: OdooSimulator): ICredentialDataDecryptedObject {
	return { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'auto', ignoreTls: false };
}

/** A client of the simulator's admin, for the changes a test makes in Odoo. */
export function adminClient(sim: OdooSimulator): OdooClient {
	return new OdooClient({ url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey });
}

/** A simulator and a client of its admin. */
export interface LiveOdoo {
	sim: OdooSimulator;
	odoo: OdooClient;
}

/** A simulator whose data was written ten seconds ago, with its clock back on real time (as n8n's clock). */
export async function odooOnRealTime(version: OdooSimVersion, seed: 'demo' | 'empty' = 'demo'): Promise<LiveOdoo> {
	const sim = await startOdooSimulator({ version, seed, now: new Date(Date.now() - 10_000) });
	sim.clock.set(new Date());
	sim.clock.resume();
	return { sim, odoo: adminClient(sim) };
}

/** Closes the harnesses (see `closeAll`), then the client and the simulator. */
export async function closeOdoo({ sim, odoo }: LiveOdoo, harnesses: TriggerHarness[] = []): Promise<void> {
	await closeAll(harnesses);
	odoo.close();
	await sim.close();
}

/**
 * Values of a sale order for the demo customer Acme Retail Group with one line of the demo product TAPE-48; `more`
 * values come between the customer and the line.
 */
export function demoOrder(sim: OdooSimulator, more: Record<string, unknown> = {}, quantity = 1): Record<string, unknown> {
	const partner = sim.env('res.partner').search([['name', '=', 'Acme Retail Group']])[0];
	const product = sim.env('product.product').search([['default_code', '=', 'TAPE-48']])[0];
	return { partner_id: partner, ...more, order_line: [[0, 0, { product_id: product, product_uom_qty: quantity }]] };
}

export interface WebhookCall {
	status: number;
	body: string;
}

export class TriggerHarness {
	readonly trigger = new OdooLogisticsTrigger();
	/** The executions started so far: the events each one carried to the next node. */
	readonly executions: OdooEvent[][] = [];
	readonly node: INode;
	readonly workflow: Workflow;
	/** Statuses and bodies of the answers the listener sent, in order. */
	readonly answers: WebhookCall[] = [];
	/** When each execution started (`performance.now()`), with the events it started with. */
	readonly starts: Array<{ at: number; events: OdooEvent[] }> = [];
	/** `webhook()` calls still running (reading records back after answering). */
	private readonly inFlight = new Set<Promise<void>>();
	private readonly credentials: CredentialsStore;
	private server?: Server;
	private baseUrl = 'http://127.0.0.1:1';

	/** `more`: other credentials of the node by type (the Redis one of re-delivery). */
	constructor(parameters: INodeParameters, credential: ICredentialDataDecryptedObject, more: Record<string, ICredentialDataDecryptedObject> = {}) {
		this.node = {
			id: 'trigger-node-id',
			name: TRIGGER,
			type: 'odooLogisticsTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters,
			credentials: {
				odooLogisticsApi: { id: 'cred-odoo', name: 'Odoo' },
				...Object.fromEntries(Object.keys(more).map((type) => [type, { id: `cred-${type}`, name: type }])),
			},
		};
		const collectNode: INode = { id: 'collect-node-id', name: COLLECT, type: 'collect', typeVersion: 1, position: [200, 0], parameters: {} };
		const types: Record<string, INodeType> = { odooLogisticsTrigger: this.trigger, collect: collector(this.executions) };
		const nodeTypes: INodeTypes = {
			getByName: (name) => types[name],
			getByNameAndVersion: (name) => types[name],
			getKnownTypes: () => ({}),
		};
		this.workflow = new Workflow({
			id: `trigger-workflow-${(workflowCount += 1)}`,
			name: 'trigger test',
			nodes: [this.node, collectNode],
			connections: { [TRIGGER]: { main: [[{ node: COLLECT, type: NodeConnectionTypes.Main, index: 0 }]] } },
			active: true,
			nodeTypes,
			staticData: {},
			settings: { executionOrder: 'v1' },
		});
		this.credentials = new CredentialsStore({ odooLogisticsApi: credential, ...more });
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** The production or test URL the node registers, as n8n computes it. */
	webhookUrl(mode: 'trigger' | 'manual' = 'trigger'): string {
		return `${this.baseUrl}/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/odoo`;
	}

	async hook(method: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger'): Promise<boolean> {
		const webhook = this.webhookData(mode === 'manual');
		const context = new HookContext(this.workflow, this.node, this.additionalData(), mode, mode === 'manual' ? 'manual' : 'activate', webhook);
		const fn = this.trigger.webhookMethods.default[method];
		return fn.call(context);
	}

	/** What n8n does on activation: create the rule unless `checkExists` finds it. */
	async activate(mode: 'trigger' | 'manual' = 'trigger'): Promise<void> {
		if (!(await this.hook('checkExists', mode))) await this.hook('create', mode);
	}

	/** The executions polls started themselves (option Executions: One per Event), with their items. */
	readonly emitted: OdooEvent[][] = [];

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<OdooEvent[] | null> {
		const emit = (data: INodeExecutionData[][]) => this.emitted.push(data[0].map((item) => item.json as unknown as OdooEvent));
		const context = new PollContext(this.workflow, this.node, this.additionalData(), mode, mode === 'manual' ? 'manual' : 'activate', emit);
		const result = await this.trigger.poll.call(context);
		return result ? result[0].map((item) => item.json as unknown as OdooEvent) : null;
	}

	/** Starts the HTTP listener n8n would be; the node's webhook URLs point at it from now on. */
	async listen(): Promise<void> {
		this.server = createServer((req, res) => {
			const done = this.handle(req, res).finally(() => this.inFlight.delete(done));
			this.inFlight.add(done);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Waits for the webhook calls received so far to finish, including the executions they started. */
	async settle(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	async close(): Promise<void> {
		await this.settle();
		if (!this.server) return;
		const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', this.baseUrl);
		const isTest = url.pathname.startsWith('/webhook-test/');
		let body: unknown = {};
		try {
			body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
		} catch {
			body = {};
		}
		const captured = res.end.bind(res);
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			this.answers.push({ status: res.statusCode, body: typeof chunk === 'string' ? chunk : String(chunk ?? '') });
			return (captured as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
		}) as ServerResponse['end'];
		Object.assign(req, { body, rawBody, query: Object.fromEntries(url.searchParams), params: {} });
		const additionalData = { ...this.additionalData(), httpRequest: req, httpResponse: res } as unknown as IWorkflowExecuteAdditionalData;
		const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
		const context = new WebhookContext(this.workflow, this.node, additionalData, mode, this.webhookData(isTest), [], null);
		try {
			const result = await this.trigger.webhook.call(context);
			if (!res.writableEnded) res.writeHead(200).end('{"message":"Workflow was started"}');
			if (result.workflowData) await this.execute(result.workflowData, mode);
		} catch (error) {
			if (!res.writableEnded) res.writeHead(500).end(JSON.stringify({ message: (error as Error).message }));
		}
	}

	/** Runs the workflow from the trigger with the data it returned, as n8n does for a webhook. */
	private async execute(data: INodeExecutionData[][], mode: WorkflowExecuteMode): Promise<void> {
		this.starts.push({ at: performance.now(), events: data[0].map((item) => item.json as unknown as OdooEvent) });
		const stack = [{ node: this.node, data: { main: data }, source: null }];
		await executeWithHooks(this.workflow, mode, this.additionalData(), createRunExecutionData({ executionData: { nodeExecutionStack: stack } }));
	}

	private webhookData(isTest: boolean): IWebhookData {
		const description = this.trigger.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: TRIGGER,
			path: `${WEBHOOK_ID}/odoo`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
			webhookId: WEBHOOK_ID,
			isTest,
		};
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		return { executionId: 'execution', ...instanceData(this.baseUrl, this.credentials) } as unknown as IWorkflowExecuteAdditionalData;
	}
}

/** Deactivates (deleting the automation rule where one was made) and stops each harness, emptying the list. */
export async function closeAll(harnesses: TriggerHarness[]): Promise<void> {
	for (const harness of harnesses.splice(0)) {
		if (harness.staticData.webhooks) await harness.hook('delete');
		await harness.close();
	}
}

/** Polls `check` until it is true; the tests wait on outcomes, never on durations. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
