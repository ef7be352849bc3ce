import { CallSite, HINTS, badArgument, fromOdooError, fromTransientStatus, fromUnexpectedResponse } from '../errorMapping';
import { OdooServerError, OdooUnknownDatabaseError } from '../errors';
import { ServerVersion, parseVersionInfo } from '../version';
import { HttpClient, parseJson } from './http';
import { RpcCall, Transport, TransportEnv, definedEntries } from './types';

/**
 * JSON-2 (`POST /json/2/<model>/<method>`, Odoo 19+): every argument by name, the API key as a bearer token, the
 * database in `X-Odoo-Database`. Errors are real HTTP statuses with a flat `{name, message}` body.
 */
export class Json2Transport implements Transport {
	readonly kind = 'json2' as const;

	constructor(private readonly env: TransportEnv) {}

	/** The user id, from `res.users.context_get` (JSON-2 has no login call). */
	async authenticate(): Promise<number> {
		const context = (await this.execute({ model: 'res.users', method: 'context_get', safeToRepeat: true })) as {
			uid?: unknown;
		} | null;
		if (typeof context?.uid === 'number') return context.uid;
		throw new OdooServerError({
			odooName: 'client.unexpectedResult',
			odooMessage: 'res.users.context_get did not return the user id',
			model: 'res.users',
			method: 'context_get',
			hint: HINTS.server,
		});
	}

	async execute(call: RpcCall): Promise<unknown> {
		if (call.values?.length) {
			throw badArgument(
				`JSON-2 (Odoo 19+) has no positional arguments: give the arguments of ${call.model}.${call.method} by name instead`,
				call.model,
			);
		}
		const body = {
			...(call.ids ? { ids: call.ids } : {}),
			...definedEntries(call.args),
			...(call.context && Object.keys(call.context).length ? { context: call.context } : {}),
		};
		const site = {
			model: call.model,
			method: call.method,
			safeToRepeat: call.safeToRepeat,
			redact: (text: string) => this.env.secret.redact(text),
		};
		const response = await this.env.http.request(
			{
				method: 'POST',
				path: `/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`,
				body,
				headers: { Authorization: `bearer ${this.env.secret.reveal()}`, 'X-Odoo-Database': this.env.database },
				statsKey: `${call.model}/${call.method}`,
				timeoutMs: call.timeoutMs,
			},
			site,
		);
		const fullSite: CallSite = { ...site, reached: this.env.http.reached };
		const parsed = parseJson(response.body);
		if (response.status === 200 && parsed) return parsed.value;
		const errorBody = parsed?.value as { name?: unknown; message?: unknown } | null | undefined;
		if (response.status !== 200 && typeof errorBody?.name === 'string') {
			throw fromOdooError(errorBody, fullSite, response.status);
		}
		throw fromUnexpectedResponse(
			response,
			fullSite,
			{ address: `${this.env.http.baseUrl}/json/2`, expected: 'JSON-2' },
			// Odoo answers a database it does not serve with an HTML 404, before routing.
			() =>
				new OdooUnknownDatabaseError({
					odooName: 'http.404',
					odooMessage: `the database '${this.env.database}' does not exist on ${this.env.http.baseUrl}, or the server has no JSON-2 API (Odoo 19 or later)`,
					model: call.model,
					method: call.method,
					hint: HINTS.unknownDatabase,
					httpStatus: 404,
				}),
		);
	}
}

/**
 * `GET /web/version` (Odoo 19+, no authentication). `undefined` when the server answers, but not with a version in
 * JSON: older Odoo versions do not have this route.
 */
export async function fetchWebVersion(http: HttpClient): Promise<ServerVersion | undefined> {
	const site = { method: 'web.version', safeToRepeat: true, redact: (text: string) => text };
	const response = await http.request({ method: 'GET', path: '/web/version', statsKey: 'web/version' }, site);
	const transient = fromTransientStatus(response, { ...site, reached: http.reached });
	if (transient) throw transient;
	if (response.status !== 200) return undefined;
	const body = parseJson(response.body)?.value as { version_info?: unknown; version?: unknown } | null | undefined;
	return body && typeof body === 'object' ? parseVersionInfo(body.version_info, body.version) : undefined;
}
