import * as http from 'node:http';
import { startOdooSimulator, type OdooSimulator } from './index';
import { jsonRpcBody, post, SimClient, webhookRule } from './testing/sim-client';
import { WebhookSink } from './testing/webhook-sink';

describe('fault injection', () => {
	let sim: OdooSimulator;
	let client: SimClient;
	let partner: number;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '19.0', seed: 'empty' });
		client = new SimClient(sim);
		[partner] = sim.env('res.partner').search([['name', '=', 'Marc Demo']]);
	});

	afterAll(() => sim.close());

	beforeEach(() => {
		sim.setFaults({ latencyMs: 0, latencySpikeRate: 0, errorRate: 0, dropWebhookRate: 0 });
		sim.stats.reset();
	});

	const createBody = (name: string) =>
		jsonRpcBody('object', 'execute_kw', [sim.db, 2, 'admin', 'res.partner', 'create', [{ name }]]);
	const count = (name: string) => sim.env('res.partner').search([['name', '=', name]]).length;

	test.each([
		['http503', 503, '503 Service Temporarily Unavailable'],
		['http502', 502, '502 Bad Gateway'],
	] as const)('%s answers an HTML proxy page and does not run the call', async (kind, status, title) => {
		sim.failNext({ kind });
		const answer = await post(`${sim.url}/jsonrpc`, createBody(`proxy ${kind}`));
		expect(answer.status).toBe(status);
		expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
		expect(answer.text).toContain(title);
		expect(count(`proxy ${kind}`)).toBe(0);
		expect(sim.stats.faultsInjected).toBe(1);
	});

	test('concurrency: JSON-RPC gets an HTTP 200 SerializationFailure, JSON-2 a 500; nothing is written', async () => {
		sim.failNext({ kind: 'concurrency', count: 2, model: 'res.partner', method: 'create' });
		const rpc = await post(`${sim.url}/jsonrpc`, createBody('conflict'));
		expect(rpc.status).toBe(200);
		expect((rpc.json as { error: { data: { name: string; message: string } } }).error.data).toMatchObject({
			name: 'psycopg2.errors.SerializationFailure',
			message: 'could not serialize access due to concurrent update',
		});
		const json2 = await client.json2('res.partner', 'create', { vals_list: [{ name: 'conflict' }] });
		expect(json2.status).toBe(500);
		expect(json2.json).toMatchObject({ name: 'psycopg2.errors.SerializationFailure' });
		expect(count('conflict')).toBe(0);
	});

	test('reset destroys the connection without an answer and does not run the call', async () => {
		sim.failNext({ kind: 'reset' });
		await expect(post(`${sim.url}/jsonrpc`, createBody('reset'))).rejects.toThrow();
		expect(count('reset')).toBe(0);
	});

	test('timeout runs and commits the call but holds the answer back', async () => {
		sim.failNext({ kind: 'timeout', delayMs: 1000 });
		const started = Date.now();
		let answered = false;
		const answer = post(`${sim.url}/jsonrpc`, createBody('slow')).then((a) => ((answered = true), a));
		while (count('slow') === 0) {
			if (Date.now() - started > 5000) throw new Error('the call was never committed');
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(answered).toBe(false);
		expect((await answer).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(990);
	});

	test('failNext only hits calls matching model and method, count times, then calls succeed again', async () => {
		sim.failNext({ kind: 'http503', model: 'res.partner', method: 'write', count: 2 });
		expect(await client.execute('res.partner', 'search_count', [[]])).toEqual(expect.any(Number));
		const write = () => post(`${sim.url}/jsonrpc`, jsonRpcBody('object', 'execute_kw', [sim.db, 2, 'admin', 'res.partner', 'write', [[partner], { city: 'Ghent' }]]));
		expect((await write()).status).toBe(503);
		expect((await write()).status).toBe(503);
		expect((await write()).status).toBe(200);
		expect(sim.stats.faultsInjected).toBe(2);
	});

	test('errorRate and errorKinds inject transient errors, deterministically for a given seed', async () => {
		const pattern = async () => {
			sim.setFaults({ errorRate: 0.5, errorKinds: ['http502', 'http503'], seed: 42 });
			const statuses: number[] = [];
			for (let i = 0; i < 12; i++) {
				statuses.push((await post(`${sim.url}/jsonrpc`, jsonRpcBody('common', 'version', []))).status);
			}
			sim.setFaults({ errorRate: 0 });
			return statuses;
		};
		const first = await pattern();
		expect(first).toEqual(await pattern());
		expect(first.filter((s) => s === 200).length).toBeGreaterThan(0);
		expect(first.filter((s) => s !== 200).length).toBeGreaterThan(0);
		expect(new Set(first.filter((s) => s !== 200))).toEqual(new Set([502, 503]));
	});

	test('latency is added to every request, spikes to a fraction of them', async () => {
		sim.setFaults({ latencyMs: 120 });
		let started = Date.now();
		await fetch(`${sim.url}/web/version`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		sim.setFaults({ latencyMs: 0, latencySpikeRate: 1, latencySpikeMs: 150 });
		started = Date.now();
		await post(`${sim.url}/jsonrpc`, jsonRpcBody('common', 'version', []));
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	test('rates outside 0..1 and empty errorKinds are refused', () => {
		expect(() => sim.setFaults({ errorRate: 2 })).toThrow(RangeError);
		expect(() => sim.setFaults({ errorKinds: [] })).toThrow(RangeError);
		expect(() => sim.failNext({ kind: 'reset', count: 0 })).toThrow(RangeError);
	});

	test('stats count every HTTP request and record each call by transport, model and method', async () => {
		await fetch(`${sim.url}/web/version`);
		await fetch(`${sim.url}/no/such/route`);
		await client.execute('res.partner', 'search_count', [[]]);
		await client.json2('res.partner', 'search_count', { domain: [] });
		expect(sim.stats.requests).toBe(4);
		expect(sim.stats.calls).toEqual([
			{ transport: 'web', method: 'version' },
			{ transport: 'jsonrpc', model: 'res.partner', method: 'search_count' },
			{ transport: 'json2', model: 'res.partner', method: 'search_count' },
		]);
		sim.stats.reset();
		expect([sim.stats.requests, sim.stats.calls.length]).toEqual([0, 0]);
	});

	test('dropWebhookRate silently drops outgoing POSTs and counts them', async () => {
		const sink = new WebhookSink();
		const url = await sink.start();
		try {
			webhookRule(sim, { model: 'res.partner', trigger: 'on_create', url, fields: ['name'] });
			sim.setFaults({ dropWebhookRate: 1 });
			await client.execute('res.partner', 'create', [{ name: 'dropped hook' }]);
			sim.setFaults({ dropWebhookRate: 0 });
			await client.execute('res.partner', 'create', [{ name: 'sent hook' }]);
			await sim.flushWebhooks();
			expect(sink.received.map((p) => JSON.parse(p.body).name)).toEqual(['sent hook']);
			expect([sim.stats.webhooksDropped, sim.stats.webhooksSent]).toEqual([1, 1]);
		} finally {
			sim.env('base.automation').unlink(sim.env('base.automation').search([]));
			await sink.close();
		}
	});

	test('keeps connections alive between requests', async () => {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const request = () =>
			new Promise<boolean>((resolve, reject) => {
				const req = http.request(`${sim.url}/web/version`, { agent }, (res) => {
					res.resume();
					res.on('end', () => resolve(req.reusedSocket));
				});
				req.on('error', reject);
				req.end();
			});
		try {
			expect(await request()).toBe(false);
			expect(await request()).toBe(true);
		} finally {
			agent.destroy();
		}
	});
});
