import * as http from 'node:http';
import * as https from 'node:https';
import type { FaultInjector } from './faults';

export interface WebhookCounters {
	webhooksSent: number;
	webhooksDropped: number;
	webhooksFailed: number;
}

/** Odoo's `requests.post(url, data=json, headers={'Content-Type': 'application/json'}, timeout=1)`. */
const TIMEOUT_MS = 1000;

/**
 * Sends webhook POSTs the way Odoo's server action does: python-requests' default headers plus the JSON content type,
 * no signature, a 1 s timeout, no retry. Failures are swallowed (Odoo only logs them).
 */
export class WebhookSender {
	private readonly inFlight = new Set<Promise<void>>();
	private readonly agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

	constructor(
		private readonly faults: FaultInjector,
		private readonly counters: WebhookCounters,
	) {}

	/** Sends the POSTs one after the other, as Odoo does; the returned promise (tracked by `flush`) never rejects. */
	sendAll(webhooks: ReadonlyArray<{ url: string; body: string }>): Promise<void> {
		const promise = (async () => {
			for (const { url, body } of webhooks) await this.send(url, body);
		})();
		this.inFlight.add(promise);
		void promise.finally(() => this.inFlight.delete(promise));
		return promise;
	}

	async flush(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	close(): void {
		this.agents.http.destroy();
		this.agents.https.destroy();
	}

	private async send(url: string, body: string): Promise<void> {
		if (this.faults.dropWebhook()) {
			this.counters.webhooksDropped += 1;
			return;
		}
		this.counters.webhooksSent += 1;
		await this.post(url, body).catch(() => {
			this.counters.webhooksFailed += 1;
		});
	}

	private post(url: string, body: string): Promise<void> {
		return new Promise((resolve, reject) => {
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				reject(new Error(`invalid webhook URL ${url}`));
				return;
			}
			const secure = target.protocol === 'https:';
			const payload = Buffer.from(body, 'utf8');
			const request = (secure ? https : http).request(
				target,
				{
					method: 'POST',
					agent: secure ? this.agents.https : this.agents.http,
					headers: {
						Host: target.host,
						'User-Agent': 'python-requests/2.28.1',
						'Accept-Encoding': 'gzip, deflate',
						Accept: '*/*',
						Connection: 'keep-alive',
						'Content-Type': 'application/json',
						'Content-Length': String(payload.length),
					},
				},
				(response) => {
					response.resume();
					response.on('end', () => {
						const status = response.statusCode ?? 0;
						if (status >= 200 && status < 400) resolve();
						else reject(new Error(`webhook answered ${status}`));
					});
					response.on('error', reject);
				},
			);
			request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error('webhook timed out')));
			request.on('error', reject);
			request.end(payload);
		});
	}
}
