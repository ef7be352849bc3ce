import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedPost {
	method: string;
	path: string;
	/** Header names in the order they were sent, with their values. */
	headers: Array<[string, string]>;
	body: string;
}

/**
 * A loopback HTTP receiver that records every request it gets and answers `200 {"ok": true}`, after running the
 * optional handler (a receiver that calls back into Odoo, or that is slow).
 */
export class WebhookSink {
	readonly received: CapturedPost[] = [];
	private readonly server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Array<[string, string]> = [];
			for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
			const post = { method: req.method ?? '', path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
			this.received.push(post);
			void Promise.resolve(this.handler?.(post)).finally(() => {
				if (res.destroyed) return;
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"ok": true}');
			});
		});
	});

	constructor(private readonly handler?: (post: CapturedPost) => Promise<void> | void) {}

	async start(): Promise<string> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}
}
