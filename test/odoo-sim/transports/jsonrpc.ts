/**
 * `/jsonrpc` (services common, object, db) and the web client's JSON-RPC routes (`/web/session/authenticate`,
 * `/web/dataset/call_kw`). Every answer is HTTP 200 with a JSON-RPC envelope, errors included; a body that is not JSON
 * gets the plain-text 400 "Invalid JSON data".
 */
import { randomBytes } from 'node:crypto';
import { accessDenied, OdooError, serializationFailure, traceback, unknownDatabase } from '../errors';
import { authenticate, checkCredentials } from '../models/auth';
import { callKw } from '../orm/dispatch';
import { readOnlyEnv } from '../database';
import { Env, type WebSession } from '../orm/env';
import { loads } from '../pyjson';
import { major } from '../version';
import { sessionInfo } from './session-info';
import type { CallInfo, PreparedRequest, Reply, SimContext } from './types';

type JsonObject = Record<string, unknown>;

const SESSION_MAX_AGE = 604800;
const SESSION_EXPIRED = 'odoo.http.SessionExpiredException';

function envelope(id: unknown, result: unknown): JsonObject {
	return result === undefined ? { jsonrpc: '2.0', id: id ?? null } : { jsonrpc: '2.0', id: id ?? null, result };
}

function toOdooError(error: unknown): OdooError {
	if (error instanceof OdooError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new OdooError('builtins.Exception', message);
}

export function errorEnvelope(ctx: SimContext, id: unknown, error: unknown): JsonObject {
	const err = toOdooError(error);
	const expired = err.pyName === SESSION_EXPIRED;
	return {
		jsonrpc: '2.0',
		id: id ?? null,
		error: {
			code: expired ? 100 : major(ctx.db.version) >= 19 ? 0 : 200,
			message: expired ? 'Odoo Session Expired' : 'Odoo Server Error',
			data: { name: err.pyName, debug: traceback(err), message: err.message, arguments: err.arguments, context: {} },
		},
	};
}

function checkDb(ctx: SimContext, db: unknown): void {
	if (db !== ctx.db.name) throw unknownDatabase(String(db));
}

function versionInfo(ctx: SimContext): JsonObject {
	const [maj, min] = ctx.db.version.split('.').map(Number);
	return {
		server_version: ctx.db.version,
		server_version_info: [maj, min, 0, 'final', 0, ''],
		server_serie: ctx.db.version,
		protocol_version: 1,
	};
}

function commonService(ctx: SimContext, method: string, args: unknown[]): unknown {
	switch (method) {
		case 'version':
			return versionInfo(ctx);
		case 'login':
		case 'authenticate': {
			checkDb(ctx, args[0]);
			return authenticate(readOnlyEnv(ctx.db), args[1], args[2]);
		}
		case 'about':
			return 'See http://openerp.com';
		default:
			throw new OdooError('builtins.KeyError', `'exp_${method}'`);
	}
}

async function objectService(ctx: SimContext, method: string, args: unknown[]): Promise<unknown> {
	if (method !== 'execute_kw' && method !== 'execute') throw new OdooError('builtins.KeyError', `'exp_${method}'`);
	const [db, uid, secret, model, name, ...rest] = args;
	checkDb(ctx, db);
	if (typeof uid !== 'number' || !checkCredentials(readOnlyEnv(ctx.db), uid, secret)) throw accessDenied();
	const positional = method === 'execute_kw' ? ((rest[0] as unknown[]) ?? []) : rest;
	const kwargs = method === 'execute_kw' ? ((rest[1] as JsonObject) ?? {}) : {};
	return ctx.runner.run({ uid, transport: 'jsonrpc' }, (env) => callKw(env, String(model), String(name), positional, kwargs));
}

function describeCall(params: JsonObject): CallInfo {
	const args = Array.isArray(params.args) ? params.args : [];
	if (params.service === 'object') return { transport: 'jsonrpc', model: String(args[3]), method: String(args[4]) };
	return { transport: 'jsonrpc', method: String(params.method) };
}

/** Parses a JSON-RPC body; `undefined` when it is not JSON (Odoo then answers 400 "Invalid JSON data"). */
function parseRequest(body: string): JsonObject | undefined {
	try {
		const parsed = loads(body);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
	} catch {
		return undefined;
	}
}

const INVALID_JSON: Reply = { status: 400, body: 'Invalid JSON data', html: true };

function prepare(
	ctx: SimContext,
	body: string,
	call: (request: JsonObject) => CallInfo,
	handle: (params: JsonObject) => Promise<{ result: unknown; headers?: Record<string, string> }>,
): PreparedRequest {
	const request = parseRequest(body);
	if (!request) return { execute: async () => INVALID_JSON, concurrencyReply: () => INVALID_JSON };
	const params = (request.params ?? {}) as JsonObject;
	const failure = (error: unknown): Reply => ({ status: 200, body: errorEnvelope(ctx, request.id, error) });
	return {
		call: call(params),
		concurrencyReply: () => failure(serializationFailure()),
		execute: async () => {
			try {
				const { result, headers } = await handle(params);
				return { status: 200, body: envelope(request.id, result), headers };
			} catch (error) {
				return failure(error);
			}
		},
	};
}

/** `POST /jsonrpc` */
export function jsonRpcRoute(ctx: SimContext, body: string): PreparedRequest {
	return prepare(ctx, body, describeCall, async (params) => {
		const args = Array.isArray(params.args) ? params.args : [];
		const method = String(params.method);
		switch (params.service) {
			case 'common':
				return { result: commonService(ctx, method, args) };
			case 'object':
				return { result: await objectService(ctx, method, args) };
			case 'db':
				if (method === 'list') return { result: [ctx.db.name] };
				if (method === 'server_version') return { result: ctx.db.version };
				throw new OdooError('builtins.KeyError', `'exp_${method}'`);
			default:
				throw new OdooError('builtins.Exception', `No such service: ${String(params.service)}`);
		}
	});
}

function cookieHeader(session: WebSession, now: Date): string {
	const expires = new Date(now.getTime() + SESSION_MAX_AGE * 1000).toUTCString();
	return `session_id=${session.id}; Expires=${expires}; Max-Age=${SESSION_MAX_AGE}; HttpOnly; Path=/`;
}

/** `POST /web/session/authenticate`: the session id only comes back in `Set-Cookie`. */
export function sessionAuthenticateRoute(ctx: SimContext, body: string): PreparedRequest {
	return prepare(
		ctx,
		body,
		() => ({ transport: 'web', method: 'authenticate' }),
		async (params) => {
			checkDb(ctx, params.db);
			const env = readOnlyEnv(ctx.db);
			const user = env.tx.rows('res.users').find((r) => r.login === params.login && r.active !== false);
			// Interactive logins refuse API keys: only the password opens a web session.
			if (!user || user._password !== params.password) throw accessDenied();
			const session: WebSession = { id: randomBytes(20).toString('hex'), db: ctx.db.name, uid: user.id, login: String(params.login) };
			ctx.sessions.set(session.id, session);
			return {
				result: sessionInfo(new Env(ctx.db, env.tx, user.id, {}, 'web', session)),
				headers: { 'Set-Cookie': cookieHeader(session, ctx.db.clock.now()) },
			};
		},
	);
}

function sessionFromCookie(ctx: SimContext, cookie: string | undefined): WebSession | undefined {
	const id = /(?:^|;\s*)session_id=([^;]+)/.exec(cookie ?? '')?.[1];
	return id ? ctx.sessions.get(id) : undefined;
}

/** `POST /web/dataset/call_kw[/<model>/<method>]` with the session cookie. */
export function callKwRoute(ctx: SimContext, body: string, cookie: string | undefined): PreparedRequest {
	return prepare(
		ctx,
		body,
		(params) => ({ transport: 'web', model: String(params.model), method: String(params.method) }),
		async (params) => {
			const session = sessionFromCookie(ctx, cookie);
			if (!session) throw new OdooError(SESSION_EXPIRED, 'Session expired');
			const args = Array.isArray(params.args) ? params.args : [];
			const kwargs = (params.kwargs ?? {}) as JsonObject;
			const result = await ctx.runner.run({ uid: session.uid, transport: 'web', session }, (env) =>
				callKw(env, String(params.model), String(params.method), args, kwargs),
			);
			return { result };
		},
	);
}
