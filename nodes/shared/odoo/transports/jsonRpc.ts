import { CallSite, HINTS, RawResponse, fromOdooError, fromUnexpectedResponse } from '../errorMapping';
import { OdooAuthenticationError, OdooNotOdooServerError } from '../errors';
import { ServerVersion, parseVersionInfo } from '../version';
import { parseJson } from './http';
import { RpcCall, Transport, TransportEnv, definedEntries } from './types';

const PATH = '/jsonrpc';

/**
 * `/jsonrpc` with `object.execute_kw` (Odoo 8 to 21). Odoo answers HTTP 200 even for errors, which come in
 * `error.data.name`. The user id comes from one `common.authenticate` per transport.
 */
export class JsonRpcTransport implements Transport {
	readonly kind = 'jsonrpc' as const;
	private uid?: number;
	private requestId = 0;

	constructor(private readonly env: TransportEnv) {}

	async version(): Promise<ServerVersion> {
		const site = this.site('common.version');
		const result = (await this.service('common', 'version', [], site)) as Record<string, unknown> | null;
		const version = parseVersionInfo(result?.server_version_info, result?.server_version);
		if (version) return version;
		throw new OdooNotOdooServerError({
			odooName: 'common.version',
			odooMessage: `${this.env.http.baseUrl}${PATH} answered, but not with an Odoo version`,
			method: site.method,
			hint: HINTS.notOdoo,
		});
	}

	async authenticate(): Promise<number> {
		const { database, login, secret } = this.env;
		const site = this.site('common.authenticate');
		const uid = await this.service('common', 'authenticate', [database, login, secret.reveal(), {}], site);
		// A wrong password or an unknown login is not an error: `authenticate` returns false.
		if (typeof uid !== 'number' || uid <= 0) {
			throw new OdooAuthenticationError({
				odooName: 'common.authenticate',
				odooMessage: `Odoo refused the login '${login}' with this API key or password on database '${database}'`,
				method: site.method,
				hint: HINTS.authentication,
			});
		}
		this.uid = uid;
		return uid;
	}

	async execute(call: RpcCall): Promise<unknown> {
		if (this.uid === undefined) throw new Error('JsonRpcTransport.execute called before authenticate');
		const positional = call.positional ?? [];
		const args = [...(call.ids ? [call.ids] : []), ...positional.map((name) => call.args?.[name]), ...(call.values ?? [])];
		const kwargs = definedEntries(call.args);
		for (const name of positional) delete kwargs[name];
		if (call.context && Object.keys(call.context).length) kwargs.context = call.context;
		const { database, secret } = this.env;
		const params: unknown[] = [database, this.uid, secret.reveal(), call.model, call.method, args];
		if (Object.keys(kwargs).length) params.push(kwargs);
		const site = { model: call.model, method: call.method, safeToRepeat: call.safeToRepeat, redact: this.redact };
		return this.service('object', 'execute_kw', params, site, call.timeoutMs);
	}

	private site(method: string): Omit<CallSite, 'reached'> {
		return { method, safeToRepeat: true, redact: this.redact };
	}

	private readonly redact = (text: string): string => this.env.secret.redact(text);

	private async service(
		service: string,
		method: string,
		args: unknown[],
		site: Omit<CallSite, 'reached'>,
		timeoutMs?: number,
	): Promise<unknown> {
		this.requestId += 1;
		const response = await this.env.http.request(
			{
				method: 'POST',
				path: PATH,
				body: { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: this.requestId },
				statsKey: service === 'object' ? `${site.model}/${site.method}` : `${service}/${method}`,
				timeoutMs,
			},
			site,
		);
		const fullSite = { ...site, reached: this.env.http.reached };
		const parsed = response.status === 200 ? parseJson(response.body) : undefined;
		const envelope = parsed?.value as { jsonrpc?: unknown; result?: unknown; error?: unknown } | null | undefined;
		if (!envelope || typeof envelope !== 'object' || envelope.jsonrpc !== '2.0') {
			return this.unexpected(response, fullSite, parsed !== undefined);
		}
		if (envelope.error !== undefined) {
			const error = (envelope.error ?? {}) as { message?: unknown; data?: { name?: unknown; message?: unknown } };
			throw fromOdooError({ name: error.data?.name, message: error.data?.message ?? error.message }, fullSite);
		}
		// A Python method returning None gives a response without any `result` key.
		return 'result' in envelope ? envelope.result : null;
	}

	private unexpected(response: RawResponse, site: CallSite, isJson: boolean): never {
		const where = `${this.env.http.baseUrl}${PATH}`;
		const notOdoo = (odooMessage: string, status: number) =>
			new OdooNotOdooServerError({
				odooName: `http.${status}`,
				odooMessage,
				model: site.model,
				method: site.method,
				hint: HINTS.notOdoo,
				httpStatus: status,
			});
		if (isJson) throw notOdoo(`${where} answered JSON that is not JSON-RPC`, response.status);
		throw fromUnexpectedResponse(response, site, { address: where, expected: 'JSON-RPC' }, () =>
			notOdoo(`${where} does not exist (HTTP 404): this is not Odoo, or its JSON-RPC API is disabled`, 404),
		);
	}
}
