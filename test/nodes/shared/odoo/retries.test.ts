/**
 * The retry rules over real HTTP, with faults injected by the simulator: reads are retried, writes only when marked
 * idempotent, and a create whose answer was lost is never sent twice.
 */
import { OdooConcurrencyError, OdooTimeoutError, OdooTransientError } from '../../../../nodes/shared/odoo';
import { failure } from './helpers/failure';
import { MODES, clientFor, instantClock, useSimulator } from './helpers/sim';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(MODES.filter((mode) => mode.apiMode !== 'auto'))('retries, $name', ({ version, apiMode }) => {
	const context = useSimulator(() => ({ version }));
	const client = (options: Parameters<typeof clientFor>[2] = {}) => context.track(clientFor(context.sim, apiMode, options));

	async function partner(name: string): Promise<number> {
		return context.sim.env('res.partner').create({ name });
	}

	it.each(['http503', 'http502', 'concurrency', 'reset'] as const)('retries a read after %s', async (kind) => {
		const c = client();
		await c.authenticate();
		context.sim.failNext({ kind, model: 'res.partner', method: 'search_read' });
		const records = await c.searchRead('res.partner', [], { limit: 2, fields: ['name'] });
		expect(records).toHaveLength(2);
		expect(c.stats.count('res.partner', 'search_read')).toBe(2);
	});

	it('does not retry a write that is not marked idempotent', async () => {
		const c = client();
		const id = await partner('No retry');
		await c.authenticate();
		context.sim.failNext({ kind: 'http503', model: 'res.partner', method: 'write' });
		const error = await failure(c.write('res.partner', [id], { name: 'No retry 2' }));
		expect(error).toBeInstanceOf(OdooTransientError);
		expect(error.attempts).toBe(1);
		expect(c.stats.count('res.partner', 'write')).toBe(1);
		expect(context.sim.env('res.partner').read([id], ['name'])[0].name).toBe('No retry');
	});

	it('retries a write marked idempotent', async () => {
		const c = client();
		const id = await partner('Retry me');
		await c.authenticate();
		context.sim.failNext({ kind: 'concurrency', model: 'res.partner', method: 'write' });
		expect(await c.write('res.partner', [id], { name: 'Retried' }, { idempotent: true })).toBe(true);
		expect(c.stats.count('res.partner', 'write')).toBe(2);
		expect(context.sim.env('res.partner').read([id], ['name'])[0].name).toBe('Retried');
	});

	it('never repeats a create whose answer timed out, and says the outcome is unknown', async () => {
		const c = client({ timeoutMs: 300 });
		await c.authenticate();
		const name = `Timed out ${apiMode}`;
		context.sim.failNext({ kind: 'timeout', model: 'res.partner', method: 'create', delayMs: 1_200 });
		const error = (await failure(c.create('res.partner', [{ name }]))) as OdooTimeoutError;
		expect(error).toBeInstanceOf(OdooTimeoutError);
		expect(error.outcomeUnknown).toBe(true);
		expect(error.message).toContain('The outcome is unknown');
		expect(error.attempts).toBe(1);
		expect(c.stats.count('res.partner', 'create')).toBe(1);
		await sleep(1_300);
		expect(context.sim.env('res.partner').search([['name', '=', name]])).toHaveLength(1);
	});

	it('retries a timed-out write marked idempotent', async () => {
		const c = client({ timeoutMs: 300 });
		const id = await partner('Slow write');
		await c.authenticate();
		context.sim.failNext({ kind: 'timeout', model: 'res.partner', method: 'write', delayMs: 1_200 });
		expect(await c.write('res.partner', [id], { name: 'Slow write done' }, { idempotent: true })).toBe(true);
		expect(c.stats.count('res.partner', 'write')).toBe(2);
		expect(context.sim.env('res.partner').read([id], ['name'])[0].name).toBe('Slow write done');
		await sleep(1_300);
	});

	it('gives up after the maximum number of attempts', async () => {
		const clock = instantClock();
		const c = client({ clock });
		await c.authenticate();
		// Exactly as many faults as attempts, so that none is left for the next test.
		context.sim.failNext({ count: 4, kind: 'http503', model: 'res.partner', method: 'search_count' });
		const error = await failure(c.searchCount('res.partner', []));
		expect(error).toBeInstanceOf(OdooTransientError);
		expect(error.attempts).toBe(4);
		expect(c.stats.count('res.partner', 'search_count')).toBe(4);
		expect(clock.sleeps).toHaveLength(3);
	});

	it('gives up when the total time budget is spent', async () => {
		let now = 0;
		const c = client({
			retry: { maxAttempts: 50, maxTotalMs: 2_000, baseDelayMs: 400, maxDelayMs: 60_000 },
			clock: { now: () => now, random: () => 1, sleep: async (ms) => void (now += ms) },
		});
		await c.authenticate();
		context.sim.failNext({ count: 3, kind: 'concurrency', model: 'res.partner', method: 'search' });
		const error = await failure(c.search('res.partner', []));
		expect(error).toBeInstanceOf(OdooConcurrencyError);
		// 400 + 800 = 1.2 s of delays; the next 1.6 s would pass 2 s.
		expect(error.attempts).toBe(3);
		expect(now).toBeLessThanOrEqual(2_000);
	});

	it('retries faults injected at random until the reads succeed', async () => {
		const c = client({ retry: { maxAttempts: 8 } });
		await c.authenticate();
		context.sim.setFaults({ errorRate: 0.3, errorKinds: ['http503', 'concurrency', 'reset'], seed: 7 });
		const counts = await Promise.all(Array.from({ length: 20 }, () => c.searchCount('res.partner', [])));
		context.sim.setFaults({ errorRate: 0 });
		expect(new Set(counts).size).toBe(1);
		expect(c.stats.count('res.partner', 'search_count')).toBeGreaterThan(20);
	});
});
