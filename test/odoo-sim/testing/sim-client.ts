/** A minimal JSON-RPC / JSON-2 caller for the simulator's own tests (the package's OdooClient is tested elsewhere). */
import type { OdooSimulator, SimUser } from '../index';
import { loads } from '../pyjson';

export class RpcError extends Error {
	constructor(
		readonly name: string,
		message: string,
		readonly body: Record<string, unknown>,
	) {
		super(message);
	}
}

export interface RawAnswer {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export async function post(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<RawAnswer> {
	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	let json: unknown;
	try {
		json = loads(text, { typedFloats: true });
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function jsonRpcBody(service: string, method: string, args: unknown[]): string {
	return JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 });
}

export class SimClient {
	constructor(
		private readonly sim: OdooSimulator,
		private readonly user: SimUser = sim.admin,
		private readonly db = sim.db,
	) {}

	/** `object.execute_kw`; an error answer throws an RpcError named after `error.data.name`. */
	async execute(model: string, method: string, args: unknown[] = [], kwargs?: Record<string, unknown>): Promise<unknown> {
		const callArgs = [this.db, this.user.uid, this.user.password, model, method, args, ...(kwargs ? [kwargs] : [])];
		const answer = await post(`${this.sim.url}/jsonrpc`, jsonRpcBody('object', 'execute_kw', callArgs));
		const body = answer.json as Record<string, unknown>;
		if (body.error) {
			const data = (body.error as { data: { name: string; message: string } }).data;
			throw new RpcError(data.name, data.message, body);
		}
		return body.result;
	}

	async json2(model: string, method: string, body: Record<string, unknown>, key = this.user.apiKey): Promise<RawAnswer> {
		return post(`${this.sim.url}/json/2/${model}/${method}`, JSON.stringify(body), {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${key}`,
		});
	}
}

/** The error a call raised (fails the test when it succeeded). */
export async function rpcError(promise: Promise<unknown>): Promise<RpcError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof RpcError) return error;
		throw error;
	}
	throw new Error('expected the call to fail');
}

/** Creates an automation rule with a webhook action the way a client does (`action_server_ids: [[0, 0, ...]]`). */
export function webhookRule(
	sim: OdooSimulator,
	options: { model: string; trigger: string; url: string; fields: string[]; triggerFields?: string[]; state?: string; filterDomain?: string },
): number {
	const [modelId] = sim.env('ir.model').search([['model', '=', options.model]]);
	const fieldIds = (names: string[]) => sim.env('ir.model.fields').search([['model', '=', options.model], ['name', 'in', names]]);
	const vals: Record<string, unknown> = {
		name: `test rule ${options.trigger}`,
		model_id: modelId,
		trigger: options.trigger,
		action_server_ids: [[0, 0, { name: 'test webhook', model_id: modelId, state: 'webhook', webhook_url: options.url, webhook_field_ids: [[6, 0, fieldIds(options.fields)]] }]],
	};
	if (options.triggerFields) vals.trigger_field_ids = [[6, 0, fieldIds(options.triggerFields)]];
	if (options.filterDomain) vals.filter_domain = options.filterDomain;
	if (options.state) {
		vals.trg_selection_field_id = sim.env('ir.model.fields.selection').search([
			['field_id.model', '=', options.model],
			['field_id.name', '=', 'state'],
			['value', '=', options.state],
		])[0];
	}
	return sim.env('base.automation').create(vals);
}
