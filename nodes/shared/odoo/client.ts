import { ConnectionSettings, ConnectionSettingsInput, parseConnectionSettings } from './connection';
import { DomainInput, parseDomain } from './domain';
import { HINTS, badArgument, unexpectedResult } from './errorMapping';
import { OdooAccessError, OdooAuthenticationError, OdooUnknownMethodError, OdooUnknownModelError } from './errors';
import { DEFAULT_RETRY_POLICY, RetryClock, RetryPolicy, SYSTEM_CLOCK, isReadMethod, withRetry } from './retry';
import { Secret } from './secret';
import { RpcStats } from './stats';
import { HttpClient } from './transports/http';
import { Json2Transport, fetchWebVersion } from './transports/json2';
import { JsonRpcTransport } from './transports/jsonRpc';
import { RpcCall, Transport, TransportEnv } from './transports/types';
import { ServerVersion, TransportKind, supportsJson2 } from './version';

export const USER_AGENT = 'n8n-nodes-odoo-logistics';
/** Rows per `search_read` when reading everything: large enough that most reads take one call. */
export const DEFAULT_PAGE_SIZE = 2000;

export interface OdooClientOptions {
	retry?: Partial<RetryPolicy>;
	/** Replaces the timers and randomness of the retry loop (tests). */
	clock?: Partial<RetryClock>;
	/** Context sent with every call (`lang`, `tz`, `allowed_company_ids`); a call's own context wins. */
	context?: Record<string, unknown>;
	userAgent?: string;
}

export interface CallOptions {
	context?: Record<string, unknown>;
	timeoutMs?: number;
	/** The call may be repeated without harm; only then is a write retried after a transient failure. */
	idempotent?: boolean;
	/** `call` only: positional arguments after the ids, on JSON-RPC. JSON-2 takes arguments by name only. */
	args?: readonly unknown[];
}

export interface SearchOptions extends CallOptions {
	order?: string;
	limit?: number;
	offset?: number;
}

export interface SearchReadOptions extends SearchOptions {
	fields?: string[];
	/** Reads every matching record, page by page (`limit` then caps the total). */
	all?: boolean;
	pageSize?: number;
}

export interface FieldsGetOptions extends CallOptions {
	attributes?: string[];
	fields?: string[];
}

export type OdooRecord = Record<string, unknown> & { id: number };

export interface VersionInfo extends ServerVersion {
	transport: TransportKind;
}

interface Session {
	transport: Transport;
	uid: number;
}

const MODEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const METHOD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One client for Odoo 16 to 19+, over JSON-2 or `/jsonrpc`, with the same methods and errors on both. It authenticates
 * once, retries what is safe to retry, and counts its requests in `stats`.
 */
export class OdooClient {
	readonly stats = new RpcStats();
	readonly #settings: Omit<ConnectionSettings, 'secret'>;
	readonly #secret: Secret;
	readonly #http: HttpClient;
	readonly #policy: RetryPolicy;
	readonly #clock: RetryClock;
	readonly #context: Record<string, unknown>;
	#version?: Promise<ServerVersion>;
	#session?: Promise<Session>;
	#uid?: number;
	#kind?: TransportKind;

	constructor(settings: ConnectionSettingsInput, options: OdooClientOptions = {}) {
		const { secret, ...rest } = parseConnectionSettings(settings);
		this.#settings = rest;
		this.#secret = new Secret(secret);
		this.#http = new HttpClient(
			{
				baseUrl: rest.url,
				ignoreTls: rest.ignoreTls,
				timeoutMs: rest.timeoutMs,
				userAgent: options.userAgent ?? USER_AGENT,
			},
			this.stats,
		);
		this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.#clock = { ...SYSTEM_CLOCK, ...options.clock };
		this.#context = options.context ?? {};
	}

	get url(): string {
		return this.#settings.url;
	}

	get database(): string {
		return this.#settings.database;
	}

	/** The user id, once authenticated. */
	get uid(): number | undefined {
		return this.#uid;
	}

	/** The server version, asked once. In `auto` mode, JSON-2 is used from Odoo 19 on. */
	async version(): Promise<VersionInfo> {
		const version = await this.serverVersion();
		return { ...version, transport: this.#kind ?? this.preferredKind(version) };
	}

	/** Checks the credentials once; concurrent first calls share the same attempt. Returns the user id. */
	async authenticate(): Promise<number> {
		return (await this.session()).uid;
	}

	async searchRead(model: string, domain: DomainInput = [], options: SearchReadOptions = {}): Promise<OdooRecord[]> {
		const { all, pageSize = DEFAULT_PAGE_SIZE, limit, offset = 0, order, fields, ...callOptions } = options;
		const parsed = parseDomain(domain);
		const page = (pageLimit: number | undefined, pageOffset: number, pageOrder: string | undefined) =>
			this.execute(
				{
					model,
					method: 'search_read',
					args: { domain: parsed, fields, offset: pageOffset || undefined, limit: pageLimit, order: pageOrder },
					positional: ['domain'],
				},
				callOptions,
			).then((result) => expectList<OdooRecord>(result, model, 'search_read'));
		if (!all) return page(limit, offset, order);
		checkPositiveInteger(pageSize, 'pageSize');
		// Offsets only page reliably over a total order: ties are broken by id.
		const stableOrder = withIdTieBreak(order);
		const records: OdooRecord[] = [];
		for (let position = offset; ; ) {
			const wanted = limit === undefined ? pageSize : Math.min(pageSize, limit - records.length);
			if (wanted <= 0) return records;
			const rows = await page(wanted, position, stableOrder);
			records.push(...rows);
			if (rows.length < wanted) return records;
			position += rows.length;
		}
	}

	/** Records in the order of `ids`; ids that do not exist are left out (Odoo does not fail on them). */
	async read(model: string, ids: readonly number[], fields?: string[], options: CallOptions = {}): Promise<OdooRecord[]> {
		if (!ids.length) return [];
		const result = await this.execute({ model, method: 'read', ids, args: { fields } }, options);
		return expectList<OdooRecord>(result, model, 'read');
	}

	async search(model: string, domain: DomainInput = [], options: SearchOptions = {}): Promise<number[]> {
		const { limit, offset, order, ...callOptions } = options;
		const result = await this.execute(
			{ model, method: 'search', args: { domain: parseDomain(domain), offset, limit, order }, positional: ['domain'] },
			callOptions,
		);
		return expectList<number>(result, model, 'search');
	}

	async searchCount(model: string, domain: DomainInput = [], options: CallOptions = {}): Promise<number> {
		const result = await this.execute(
			{ model, method: 'search_count', args: { domain: parseDomain(domain) }, positional: ['domain'] },
			options,
		);
		if (typeof result !== 'number') throw unexpectedResult(model, 'search_count');
		return result;
	}

	/** Creates all the records in one call and returns their ids, in order. */
	async create(model: string, valsList: readonly Record<string, unknown>[], options: CallOptions = {}): Promise<number[]> {
		if (!valsList.length) return [];
		const result = await this.execute(
			{ model, method: 'create', args: { vals_list: valsList }, positional: ['vals_list'] },
			options,
		);
		// `create` with a list answers a list; older servers answer a bare id for a single record.
		return typeof result === 'number' ? [result] : expectList<number>(result, model, 'create');
	}

	async write(
		model: string,
		ids: readonly number[],
		vals: Record<string, unknown>,
		options: CallOptions = {},
	): Promise<boolean> {
		if (!ids.length) return true;
		return (await this.execute({ model, method: 'write', ids, args: { vals }, positional: ['vals'] }, options)) !== false;
	}

	async unlink(model: string, ids: readonly number[], options: CallOptions = {}): Promise<boolean> {
		if (!ids.length) return true;
		return (await this.execute({ model, method: 'unlink', ids }, options)) !== false;
	}

	async fieldsGet(model: string, options: FieldsGetOptions = {}): Promise<Record<string, Record<string, unknown>>> {
		const { attributes, fields, ...callOptions } = options;
		const result = await this.execute({ model, method: 'fields_get', args: { allfields: fields, attributes } }, callOptions);
		if (!result || typeof result !== 'object' || Array.isArray(result)) throw unexpectedResult(model, 'fields_get');
		return result as Record<string, Record<string, unknown>>;
	}

	/**
	 * Calls any public method: on records when `ids` is given, on the model when it is null. Arguments go by name,
	 * or by position with `options.args` on JSON-RPC.
	 * A method returning None gives null. A recordset comes back as a list of ids on JSON-2, where JSON-RPC may give
	 * a single id for methods that declare it.
	 */
	async call(
		model: string,
		method: string,
		ids: readonly number[] | null,
		kwargs: Record<string, unknown> = {},
		options: CallOptions = {},
	): Promise<unknown> {
		return this.execute({ model, method, ids: ids ?? undefined, args: kwargs, values: options.args }, options);
	}

	/** Closes the kept-alive connections. */
	close(): void {
		this.#http.close();
	}

	toJSON(): Record<string, unknown> {
		const { url, database, login, apiMode } = this.#settings;
		return { url, database, login, apiMode, uid: this.#uid };
	}

	private async execute(call: Omit<RpcCall, 'safeToRepeat' | 'context'>, options: CallOptions): Promise<unknown> {
		checkNames(call.model, call.method);
		const { transport } = await this.session();
		const context = { ...this.#context, ...options.context };
		const full: RpcCall = {
			...call,
			context,
			timeoutMs: options.timeoutMs,
			safeToRepeat: isReadMethod(call.method) || options.idempotent === true,
		};
		return this.retry(() => transport.execute(full), full.safeToRepeat);
	}

	private retry<T>(attempt: () => Promise<T>, safeToRepeat: boolean): Promise<T> {
		return withRetry(attempt, { safeToRepeat, policy: this.#policy, clock: this.#clock });
	}

	private serverVersion(): Promise<ServerVersion> {
		this.#version ??= this.probeVersion().catch((error: unknown) => {
			this.#version = undefined;
			throw error;
		});
		return this.#version;
	}

	private async probeVersion(): Promise<ServerVersion> {
		if (this.#settings.apiMode !== 'jsonrpc') {
			const web = await this.retry(() => fetchWebVersion(this.#http), true);
			if (web) return web;
		}
		const jsonRpc = new JsonRpcTransport(this.transportEnv());
		return this.retry(() => jsonRpc.version(), true);
	}

	private preferredKind(version: ServerVersion): TransportKind {
		const mode = this.#settings.apiMode;
		if (mode !== 'auto') return mode;
		return supportsJson2(version) ? 'json2' : 'jsonrpc';
	}

	private session(): Promise<Session> {
		this.#session ??= this.openSession().then(
			(session) => {
				this.#uid = session.uid;
				this.#kind = session.transport.kind;
				return session;
			},
			(error: unknown) => {
				this.#session = undefined;
				throw error;
			},
		);
		return this.#session;
	}

	private async openSession(): Promise<Session> {
		const mode = this.#settings.apiMode;
		const kind = mode === 'auto' ? this.preferredKind(await this.serverVersion()) : mode;
		const transport = this.transport(kind);
		try {
			return { transport, uid: await this.retry(() => transport.authenticate(), true) };
		} catch (error) {
			// A password instead of an API key fails on JSON-2 but still works on /jsonrpc (deprecated, not removed).
			if (mode !== 'auto' || kind !== 'json2' || !(error instanceof OdooAuthenticationError)) throw error;
			const fallback = this.transport('jsonrpc');
			const uid = await this.retry(() => fallback.authenticate(), true).catch(() => {
				throw error;
			});
			return { transport: fallback, uid };
		}
	}

	private transport(kind: TransportKind): Transport {
		return kind === 'json2' ? new Json2Transport(this.transportEnv()) : new JsonRpcTransport(this.transportEnv());
	}

	private transportEnv(): TransportEnv {
		return { http: this.#http, database: this.#settings.database, login: this.#settings.login, secret: this.#secret };
	}
}

/** Odoo refuses methods starting with `_`; refusing them here names the method without a round trip. */
function checkNames(model: string, method: string): void {
	if (!MODEL_NAME.test(model)) {
		throw new OdooUnknownModelError({
			odooName: 'client.modelName',
			odooMessage: `'${model}' is not a model name (expected a technical name such as sale.order)`,
			model,
			method,
			hint: HINTS.unknownModel,
		});
	}
	if (method.startsWith('_')) {
		throw new OdooAccessError({
			odooName: 'odoo.exceptions.AccessError',
			odooMessage: `Private methods (such as '${model}.${method}') cannot be called remotely.`,
			model,
			method,
			hint: 'Only public methods (not starting with an underscore) can be called from outside Odoo.',
		});
	}
	if (!METHOD_NAME.test(method)) {
		throw new OdooUnknownMethodError({
			odooName: 'client.methodName',
			odooMessage: `'${method}' is not a method name`,
			model,
			method,
			hint: HINTS.unknownMethod,
		});
	}
}

function withIdTieBreak(order: string | undefined): string {
	if (!order?.trim()) return 'id';
	const fields = order.split(',').map((part) => part.trim().split(/\s+/)[0]);
	return fields.includes('id') ? order : `${order}, id`;
}

function checkPositiveInteger(value: number, name: string): void {
	if (!Number.isInteger(value) || value <= 0) throw badArgument(`${name} must be a positive whole number`);
}

function expectList<T>(result: unknown, model: string, method: string): T[] {
	if (!Array.isArray(result)) throw unexpectedResult(model, method);
	return result as T[];
}
