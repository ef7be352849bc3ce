import fs from 'node:fs';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StubRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	json?: unknown;
}

export interface StubResponse {
	status?: number;
	headers?: Record<string, string>;
	/** A string is sent as is; anything else as JSON. */
	body?: unknown;
	/** Destroys the socket instead of answering. */
	destroy?: boolean;
}

export interface StubServer {
	url: string;
	requests: StubRequest[];
	close(): Promise<void>;
}

/** A small HTTP(S) server answering with `handler`, recording every request. */
export async function startStubServer(
	handler: (request: StubRequest) => StubResponse | Promise<StubResponse>,
	options: { tls?: boolean } = {},
): Promise<StubServer> {
	const requests: StubRequest[] = [];
	const answer = async (request: StubRequest): Promise<StubResponse> => {
		try {
			return await handler(request);
		} catch (error) {
			return { status: 599, headers: { 'Content-Type': 'text/plain' }, body: `stub handler failed: ${String(error)}` };
		}
	};
	const listener: http.RequestListener = (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const request: StubRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
			try {
				request.json = body ? JSON.parse(body) : undefined;
			} catch {
				request.json = undefined;
			}
			requests.push(request);
			void answer(request).then((response) => {
				if (response.destroy) {
					req.socket.destroy();
					return;
				}
				const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null);
				res.writeHead(response.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', ...response.headers });
				res.end(text);
			});
		});
	};
	const server = options.tls
		? https.createServer(
				{
					key: fs.readFileSync(path.join(__dirname, 'self-signed.key')),
					cert: fs.readFileSync(path.join(__dirname, 'self-signed.crt')),
				},
				listener,
			)
		: http.createServer(listener);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A port on which nothing listens. */
export async function closedPortUrl(): Promise<string> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

export interface ExecuteKwCall {
	model: string;
	method: string;
	args: unknown[];
	kwargs: Record<string, unknown>;
}

/**
 * A handler answering like Odoo 18 over `/jsonrpc`: its version, uid 2 for `authenticate`, and `execute` for
 * `execute_kw` (`undefined` gives a response without `result`, as Odoo does for None).
 */
export function jsonRpcOdoo(execute: (call: ExecuteKwCall) => unknown): (request: StubRequest) => StubResponse {
	return (request) => {
		if (request.path !== '/jsonrpc') {
			return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<title>404: Not Found</title>' };
		}
		const { id, params } = request.json as { id: number; params: { service: string; method: string; args: unknown[] } };
		const answer = (result: unknown) => ({ body: result === undefined ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result } });
		if (params.method === 'version') {
			return answer({ server_version: '18.0', server_version_info: [18, 0, 0, 'final', 0, ''] });
		}
		if (params.method === 'authenticate') return answer(2);
		const [, , , model, method, args = [], kwargs = {}] = params.args as [
			string,
			number,
			string,
			string,
			string,
			unknown[]?,
			Record<string, unknown>?,
		];
		return answer(execute({ model, method, args, kwargs }));
	};
}
