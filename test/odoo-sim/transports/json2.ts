/**
 * `/json/2/<model>/<method>` (19.0+): Bearer API key, named arguments, the bare return value as the body, and real HTTP
 * statuses for errors with a flat `{name, message, arguments, context, debug}` body. Errors raised before routing
 * (wrong content type, unknown database) are HTML pages, as werkzeug renders them.
 */
import type { IncomingMessage } from 'node:http';
import { HttpException, json2Status, OdooError, serializationFailure, traceback } from '../errors';
import { userForApiKey } from '../models/auth';
import { callJson2 } from '../orm/dispatch';
import { readOnlyEnv } from '../database';
import { loads, PyJsonDecodeError } from '../pyjson';
import { answerWith, NOT_FOUND_PAGE, werkzeugPage } from './http';
import type { PreparedRequest, Reply, SimContext } from './types';

const UNSUPPORTED_MEDIA_TYPE = werkzeugPage(
	415,
	'Unsupported Media Type',
	"Request inferred type is compatible with [&#39;http&#39;] but &#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.",
);

function errorReply(error: unknown, headers?: Record<string, string>): Reply {
	const err = error instanceof OdooError ? error : new OdooError('builtins.Exception', String(error));
	return {
		status: json2Status(err),
		body: { name: err.pyName, message: err.message, arguments: err.arguments, context: {}, debug: traceback(err) },
		headers,
	};
}

const unauthorized = (message: string): Reply =>
	errorReply(new HttpException(401, 'Unauthorized', message), { 'WWW-Authenticate': 'Bearer ' });

/** The key's user, or the 401 to answer. */
function authenticateBearer(ctx: SimContext, header: string | undefined): number | Reply {
	const match = /^bearer\s+(.+)$/i.exec(header ?? '');
	if (!match) return unauthorized('User not authenticated, use an API Key with a Bearer Authorization header.');
	return userForApiKey(readOnlyEnv(ctx.db), match[1].trim()) ?? unauthorized('Invalid apikey');
}

export function json2Route(ctx: SimContext, req: IncomingMessage, body: string, model: string, method: string): PreparedRequest {
	if (req.method !== 'POST') {
		return answerWith(errorReply(new HttpException(404, 'NotFound', 'Did you mean POST /json/2/<model>/<method>?')));
	}
	const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (contentType !== 'application/json') return answerWith({ status: 415, body: UNSUPPORTED_MEDIA_TYPE, html: true });
	const database = req.headers['x-odoo-database'];
	if (database !== undefined && database !== ctx.db.name) return answerWith({ status: 404, body: NOT_FOUND_PAGE, html: true });
	const call = { transport: 'json2' as const, model, method };
	const concurrencyReply = () => errorReply(serializationFailure());
	const uid = authenticateBearer(ctx, req.headers.authorization);
	if (typeof uid !== 'number') return { call, execute: async () => uid, concurrencyReply };
	let args: Record<string, unknown>;
	try {
		const parsed = loads(body);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new HttpException(400, 'BadRequest', 'could not parse the body as json: the body must be a JSON object');
		}
		args = parsed as Record<string, unknown>;
	} catch (error) {
		const message = error instanceof PyJsonDecodeError ? `could not parse the body as json: ${error.message}` : undefined;
		const failure = message ? new HttpException(400, 'BadRequest', message) : error;
		return { call, execute: async () => errorReply(failure), concurrencyReply };
	}
	return {
		call,
		concurrencyReply,
		execute: async () => {
			try {
				const result = await ctx.runner.run({ uid, transport: 'json2' }, (env) => callJson2(env, model, method, args));
				return { status: 200, body: result === undefined ? null : result };
			} catch (error) {
				return errorReply(error);
			}
		},
	};
}
