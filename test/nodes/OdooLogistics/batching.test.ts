import type { NodeOperationError } from 'n8n-workflow';

import { callsTo, jsonOf, model, outputOf, pairedOf, runNode, useSimulator } from './helpers';

const create = { resource: 'record', operation: 'create', model: model('res.partner'), valuesMode: 'json', valuesJson: '={{ JSON.stringify($json) }}' };

describe('Batching: calls per batch, not per item', () => {
	const ctx = useSimulator();

	it('creates and reads 450 records in a handful of requests', async () => {
		const { sim } = ctx;
		sim.stats.reset();
		await outputOf(runNode(sim, create, [{ name: 'Scale one' }]));
		// Version, login and the model's fields, once per execution.
		const overhead = sim.stats.requests - 1;
		expect(overhead).toBeLessThanOrEqual(4);

		const items = Array.from({ length: 450 }, (_, i) => ({ name: `Scale ${i}` }));
		sim.stats.reset();
		const created = await outputOf(runNode(sim, create, items));
		expect(callsTo(sim, 'res.partner', 'create')).toBe(3);
		expect(sim.stats.requests).toBe(overhead + 3);
		expect(pairedOf(created)).toEqual(items.map((_, item) => ({ item })));

		sim.stats.reset();
		const read = await outputOf(
			runNode(sim, { resource: 'record', operation: 'get', model: model('res.partner'), recordId: '={{ $json.id }}', options: { fields: ['name'] } }, jsonOf(created)),
		);
		expect(callsTo(sim, 'res.partner', 'read')).toBe(3);
		expect(sim.stats.requests).toBe(overhead + 3);
		expect(jsonOf(read).map((json) => json.name)).toEqual(items.map((item) => item.name));
	});

	it('runs updates with different values a few at a time, not all at once', async () => {
		const { sim } = ctx;
		const ids = Array.from({ length: 12 }, (_, i) => sim.env('res.partner').create({ name: `Parallel ${i}` }));
		sim.setFaults({ latencyMs: 25 });
		sim.stats.reset();
		const started = Date.now();
		await outputOf(
			runNode(
				sim,
				{ ...create, operation: 'update', recordId: '={{ $json.id }}', valuesJson: '={{ JSON.stringify({ ref: "P" + $json.id }) }}', options: { concurrency: 4 } },
				ids.map((id) => ({ id })),
			),
		);
		// 12 writes, 4 at a time, each at least 25 ms: at least 3 rounds.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 25);
		expect(callsTo(sim, 'res.partner', 'write')).toBe(12);
		expect(sim.env('res.partner').read(ids, ['ref']).map((row) => row.ref)).toEqual(ids.map((id) => `P${id}`));
	});

	it('retries a write after a dropped connection (writing values again is safe), not a create', async () => {
		const { sim } = ctx;
		const [id] = [sim.env('res.partner').create({ name: 'Retry me' })];
		sim.failNext({ kind: 'reset', model: 'res.partner', method: 'write' });
		sim.stats.reset();
		await outputOf(runNode(sim, { ...create, operation: 'update', recordId: String(id), valuesJson: '{"city": "Oslo"}' }));
		expect(callsTo(sim, 'res.partner', 'write')).toBe(2);
		expect(sim.env('res.partner').read([id], ['city'])[0].city).toBe('Oslo');

		sim.failNext({ kind: 'reset', model: 'res.partner', method: 'create' });
		sim.stats.reset();
		const result = await runNode(sim, create, [{ name: 'Unknown 1' }, { name: 'Unknown 2' }]);
		const error = result.error('Odoo') as NodeOperationError;
		expect(callsTo(sim, 'res.partner', 'create')).toBe(1);
		expect(error.message).toMatch(/The outcome is unknown.*\[item 0\]/);
		expect(error.description).toContain('Outcome unknown: items 0-1 (Odoo may have applied them; check in Odoo before running them again).');
	});
});
