/**
 * Runs workflows in-process through n8n's own execution engine (n8n-core's WorkflowExecute), the same engine that
 * `n8n execute` and the n8n server use. Node classes are loaded from the package source; a workflow starts from a
 * `Items` node that emits the given items, so tests feed the node under test exactly what a previous node would.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core writes its instance settings (encryption key) into the user folder on first import.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createDeferredPromise,
	createRunExecutionData,
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/**
 * A node type for tests, with one main input and one main output, that runs `execute`: a stand-in for the node before
 * or after the node under test. Register it in `nodeTypes` under `name`.
 */
export function testNode(
	name: string,
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>,
	properties: INodeProperties[] = [],
): INodeType {
	const description: INodeTypeDescription = {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: `Test node ${name}`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};
	return { description, execute };
}

/** Start node: emits `parameters.items` (an array of JSON objects) once. */
const itemsSource = testNode(
	'items',
	async function (this: IExecuteFunctions) {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	},
	[{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
);

/** Serves decrypted test credentials by credential type. */
export class CredentialsStore extends ICredentialsHelper {
	constructor(private readonly byType: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(_c: ICredentialDataDecryptedObject, _t: string, requestOptions: never): Promise<never> {
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.byType[type];
		if (!data) throw new Error(`No test credentials of type "${type}"`);
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}
}

export interface HarnessNode {
	name: string;
	type: string;
	parameters?: INode['parameters'];
	typeVersion?: number;
	credentials?: string[];
	/** Shorthand for `onError: 'continueRegularOutput'`. */
	continueOnFail?: boolean;
	onError?: INode['onError'];
}

export interface RunOptions {
	/** Items fed to the first node of `chain`. */
	items: IDataObject[];
	/** Node types by type name, e.g. `{ odooLogistics: new OdooLogistics() }`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Nodes run in sequence after the Items node, each connected to the previous one's output 0. */
	chain?: HarnessNode[];
	/** Full control of the graph instead of `chain`: nodes plus connections (the Items node is named 'Items'). */
	nodes?: HarnessNode[];
	connections?: IConnections;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	workflowId?: string;
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** Items a node emitted on one output (first run). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error a node raised, if any. */
	error(nodeName: string): Error | undefined;
	workflow: Workflow;
}

function toINode(node: HarnessNode, index: number): INode {
	return {
		id: `node-${index}`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [index * 200, 0],
		parameters: node.parameters ?? {},
		credentials: Object.fromEntries(
			(node.credentials ?? []).map((type) => [type, { id: `cred-${type}`, name: type }]),
		),
		...(node.onError || node.continueOnFail
			? { onError: node.onError ?? ('continueRegularOutput' as const) }
			: {}),
	};
}

/**
 * What n8n-core asks of the n8n instance at `baseUrl` to run nodes: its URLs and the credentials; sub-workflows and
 * task runners are not supported.
 */
export function instanceData(baseUrl: string, credentialsHelper: ICredentialsHelper): Record<string, unknown> {
	return {
		credentialsHelper,
		variables: {},
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		userId: 'harness-user',
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the harness');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not supported by the harness');
		},
	};
}

/**
 * Runs `data` of `workflow` through n8n-core's WorkflowExecute, with lifecycle hooks as n8n gives them, and resolves
 * once the execution has ended. `additionalData` is the rest (see `instanceData`); the execution is `harness-execution`
 * unless it names another.
 */
export async function executeWithHooks(
	workflow: Workflow,
	mode: WorkflowExecuteMode,
	additionalData: object,
	data: IRunExecutionData,
): Promise<IRun> {
	const done = createDeferredPromise<IRun>();
	const hooks = new ExecutionLifecycleHooks(mode, 'harness-execution', {
		id: workflow.id,
		name: workflow.name,
		active: false,
		isArchived: false,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => done.resolve(fullRunData));
	const withHooks = { executionId: 'harness-execution', hooks, ...additionalData } as unknown as IWorkflowExecuteAdditionalData;
	const run = await new WorkflowExecute(withHooks, mode, data).processRunExecutionData(workflow);
	await done.promise.catch(() => undefined);
	return run;
}

/** Items a node emitted on one output in one of its runs (`runIndex` -1: the last). */
export function nodeOutput(run: IRun, nodeName: string, outputIndex: number, runIndex: number): INodeExecutionData[] {
	const task = run.data.resultData.runData[nodeName]?.at(runIndex);
	if (!task) throw new Error(`Node "${nodeName}" did not run`);
	return task.data?.main?.[outputIndex] ?? [];
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const types: Record<string, INodeType | IVersionedNodeType> = { items: itemsSource, ...options.nodeTypes };
	const nodeTypes: INodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => {
			const type = types[name];
			if (!type) throw new Error(`Unknown node type ${name}`);
			return 'nodeVersions' in type ? type.getNodeType(version) : type;
		},
		getKnownTypes: () => ({}),
	};

	const userNodes = options.nodes ?? options.chain ?? [];
	const source: HarnessNode = { name: 'Items', type: 'items', parameters: { items: JSON.stringify(options.items) } };
	const nodes = [source, ...userNodes].map(toINode);
	const connections: IConnections = options.connections ?? {};
	if (!options.connections && options.chain) {
		const chain = [source, ...options.chain];
		for (let i = 0; i < chain.length - 1; i++) {
			connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
		}
	}

	const workflow = new Workflow({
		id: options.workflowId ?? 'harness-workflow',
		name: 'harness',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});

	const mode = options.mode ?? 'manual';
	const additionalData = instanceData('http://127.0.0.1', new CredentialsStore(options.credentials ?? {}));

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }] },
	});

	const run = await executeWithHooks(workflow, mode, additionalData, runExecutionData);

	return {
		run,
		status: run.status,
		workflow,
		output: (nodeName, outputIndex = 0) => nodeOutput(run, nodeName, outputIndex, 0),
		error(nodeName) {
			return run.data.resultData.runData[nodeName]?.[0]?.error as Error | undefined;
		},
	};
}
