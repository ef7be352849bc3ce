import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector } from './faults';
import { SUPPLIER_PORTAL_PREFIX, supplierPortalRoute } from './supplierPortal';
import { major } from './version';
import { answerWith, NOT_FOUND_PAGE, proxyErrorPage, sendHtml, sendJson, werkzeugPage } from './transports/http';
import { json2Route } from './transports/json2';
import { callKwRoute, jsonRpcRoute, sessionAuthenticateRoute } from './transports/jsonrpc';
import type { CallInfo, PreparedRequest, Reply, SimContext } from './transports/types';

export interface SimStats {
	requests: number;
	calls: CallInfo[];
	faultsInjected: number;
	webhooksSent: number;
	webhooksDropped: number;
	webhooksFailed: number;
	reset(): void;
}

export function createStats(): SimStats {
	return {
		requests: 0,
		calls: [],
		faultsInjected: 0,
		webhooksSent: 0,
		webhooksDropped: 0,
		webhooksFailed: 0,
		reset() {
			this.requests = 0;
			this.calls = [];
			this.faultsInjected = 0;
			this.webhooksSent = 0;
			this.webhooksDropped = 0;
			this.webhooksFailed = 0;
		},
	};
}

const METHOD_NOT_ALLOWED = werkzeugPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** The HTTP front: routing, latency and fault injection, statistics. Keep-alive connections are supported. */
export class SimServer {
	private readonly server = http.createServer((req, res) => void this.handle(req, res));
	private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private closed = false;

	constructor(
		private readonly ctx: SimContext,
		private readonly faults: FaultInjector,
		private readonly stats: SimStats,
	) {}

	async listen(host: string, port: number): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve());
		});
		const address = this.server.address() as AddressInfo;
		const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		return `http://${shownHost}:${address.port}`;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const pending of this.timers) {
			clearTimeout(pending.timer);
			pending.resolve();
		}
		this.timers.clear();
		const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await done;
	}

	private sleep(ms: number): Promise<void> {
		if (ms <= 0 || this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = {
				resolve,
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve();
				}, ms),
			};
			this.timers.add(entry);
		});
	}

	private route(req: http.IncomingMessage, body: string): PreparedRequest {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		const json2 = major(this.ctx.db.version) >= 19;
		const post = req.method === 'POST';
		if (path.startsWith(SUPPLIER_PORTAL_PREFIX)) return supplierPortalRoute(this.ctx.db, req, body);
		if (path === '/jsonrpc') return post ? jsonRpcRoute(this.ctx, body) : answerWith({ status: 405, body: METHOD_NOT_ALLOWED, html: true });
		if (path === '/web/session/authenticate' && post) return sessionAuthenticateRoute(this.ctx, body);
		if (/^\/web\/dataset\/call_kw(\/.*)?$/.test(path) && post) return callKwRoute(this.ctx, body, req.headers.cookie);
		if (path === '/web/version' && json2) {
			const [maj, min] = this.ctx.db.version.split('.').map(Number);
			const reply = { status: 200, body: { version_info: [maj, min, 0, 'final', 0, ''], version: this.ctx.db.version } };
			return answerWith(reply, { transport: 'web', method: 'version' });
		}
		const match = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
		if (match && json2) return json2Route(this.ctx, req, body, decodeURIComponent(match[1]), decodeURIComponent(match[2]));
		return answerWith({ status: 404, body: NOT_FOUND_PAGE, html: true });
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		this.stats.requests += 1;
		try {
			const body = await readBody(req);
			await this.sleep(this.faults.latency());
			const prepared = this.route(req, body);
			const call = prepared.call;
			if (call) this.stats.calls.push(call);
			const fault = call ? this.faults.forCall(call.model, call.method) : undefined;
			if (fault) this.stats.faultsInjected += 1;
			if (fault?.kind === 'reset') {
				req.socket.destroy();
				return;
			}
			let reply: Reply;
			if (fault?.kind === 'http503' || fault?.kind === 'http502') {
				const status = fault.kind === 'http503' ? 503 : 502;
				reply = { status, body: proxyErrorPage(status), html: true };
			} else if (fault?.kind === 'concurrency') {
				reply = prepared.concurrencyReply();
			} else {
				reply = await prepared.execute();
				if (fault?.kind === 'timeout') await this.sleep(fault.delayMs);
			}
			if (res.destroyed || res.writableEnded) return;
			if (reply.html) sendHtml(res, reply.status, String(reply.body));
			else sendJson(res, reply.status, reply.body, reply.headers);
		} catch (error) {
			process.stderr.write(`odoo-sim: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
			if (!res.headersSent && !res.destroyed) sendHtml(res, 500, werkzeugPage(500, 'Internal Server Error', 'The server encountered an internal error.'));
		}
	}
}
