/** Polling delivery against the simulated Odoo, through n8n-core's PollContext. */
import type { OdooClient } from '../../../nodes/shared/odoo';
import { toOdooDatetime } from '../../../nodes/OdooLogisticsTrigger/odooTime';
import type { OdooSimulator } from '../../odoo-sim';
import { adminCredential, closeOdoo, demoOrder, odooOnRealTime, TriggerHarness } from './harness';

const SECOND = 1000;

/** A datetime a few seconds ahead of now, so that writes stamped with it come after the cursor's start. */
const ahead = (seconds: number) => toOdooDatetime(new Date(Date.now() + seconds * SECOND));

describe.each([
	['16.0', 'empty'],
	['18.0', 'demo'],
	['19.0', 'demo'],
] as const)('Polling delivery, Odoo %s (%s data)', (version, seed) => {
	let sim: OdooSimulator;
	let odoo: OdooClient;

	const partnerTrigger = (options: Record<string, string | number> = {}) =>
		new TriggerHarness(
			{ delivery: 'polling', event: 'custom', model: 'res.partner', customEvent: 'updated', fields: 'name, email', options },
			adminCredential(sim),
		);
	const createPartners = (names: string[]) => Promise.all(names.map((name) => odoo.create('res.partner', [{ name }]).then(([id]) => id)));
	const ids = (events: Array<{ recordId: number }> | null) => (events ?? []).map((event) => event.recordId).sort((a, b) => a - b);

	beforeEach(async () => {
		({ sim, odoo } = await odooOnRealTime(version, seed));
	});

	afterEach(() => closeOdoo({ sim, odoo }));

	test('the first activation starts from now: earlier changes are not reported', async () => {
		sim.clock.set(ahead(-5));
		await createPartners(['Before Activation Ltd']);
		sim.clock.resume();
		const harness = partnerTrigger();
		expect(await harness.poll()).toBeNull();
		expect(harness.staticData.cursor).toMatchObject({ seen: [] });
	});

	test('Executions: One per Event starts one execution per event and returns none; a test poll still returns them together', async () => {
		const harness = partnerTrigger({ executions: 'perEvent' });
		await harness.poll();
		sim.clock.set(ahead(2));
		const created = await createPartners(['Per Event A', 'Per Event B', 'Per Event C']);
		sim.clock.resume();
		expect(await harness.poll()).toBeNull();
		expect(harness.emitted.map((items) => items.length)).toEqual([1, 1, 1]);
		expect(ids(harness.emitted.flat())).toEqual(created);
		expect(new Set(harness.emitted.flat().map((event) => event.eventId)).size).toBe(3);

		expect(await harness.poll()).toBeNull();
		expect(harness.emitted).toHaveLength(3);
		expect((await harness.poll('manual'))?.length).toBeGreaterThan(1);
		expect(harness.emitted).toHaveLength(3);
	});

	test('Executions with an unknown value fails the poll naming the option', async () => {
		await expect(partnerTrigger({ executions: 'perItem' }).poll()).rejects.toThrow(/Options: executions/i);
	});

	test('five records sharing one write_date, across two polls, are each emitted exactly once', async () => {
		const harness = partnerTrigger();
		await harness.poll();
		// Five transactions stamped in the same second; two of them commit after the first poll.
		sim.clock.set(ahead(2));
		const early = await createPartners(['Same Second 1', 'Same Second 2', 'Same Second 3']);
		expect(ids(await harness.poll())).toEqual(early);
		const late = await createPartners(['Same Second 4', 'Same Second 5']);
		expect(ids(await harness.poll())).toEqual(late);
		expect(await harness.poll()).toBeNull();
	});

	test('a record committed late, stamped before the last record read, is emitted once within the overlap window', async () => {
		const harness = partnerTrigger({ overlapMinutes: 5 });
		await harness.poll();
		sim.clock.set(ahead(120));
		const [recent] = await createPartners(['Written Later']);
		expect(ids(await harness.poll())).toEqual([recent]);
		// A transaction that began a minute earlier commits now.
		sim.clock.set(ahead(60));
		const [late] = await createPartners(['Committed Late']);
		expect(ids(await harness.poll())).toEqual([late]);
		expect(await harness.poll()).toBeNull();
	});

	test('an update is a new event; the same write read again is not', async () => {
		const harness = partnerTrigger();
		await harness.poll();
		sim.clock.set(ahead(2));
		const [partner] = await createPartners(['Updated Twice']);
		const [first] = (await harness.poll())!;
		sim.clock.set(ahead(4));
		await odoo.write('res.partner', [partner], { email: 'ops@updated.example.com' });
		const [second] = (await harness.poll())!;
		expect(second.recordId).toBe(partner);
		expect(second.eventId).not.toBe(first.eventId);
		expect(second.record).toMatchObject({ email: 'ops@updated.example.com' });
		expect(await harness.poll()).toBeNull();
	});

	test('reads are paginated: 450 changes come in pages of 200, in order, each once', async () => {
		const harness = partnerTrigger();
		await harness.poll();
		sim.clock.set(ahead(2));
		const created = await odoo.create(
			'res.partner',
			Array.from({ length: 450 }, (_, index) => ({ name: `Bulk ${index}` })),
		);
		const before = sim.stats.calls.filter((call) => call.method === 'search_read' && call.model === 'res.partner').length;
		const events = (await harness.poll())!;
		const pages = sim.stats.calls.filter((call) => call.method === 'search_read' && call.model === 'res.partner').length - before;
		expect(pages).toBe(3);
		expect(events.map((event) => event.recordId)).toEqual(created);
		expect(await harness.poll()).toBeNull();
	});

	test('a poll emits at most the configured number of events; the next polls bring the rest', async () => {
		const harness = partnerTrigger({ maxEventsPerPoll: 4 });
		await harness.poll();
		sim.clock.set(ahead(2));
		const created = await createPartners(['Cap 1', 'Cap 2', 'Cap 3', 'Cap 4', 'Cap 5', 'Cap 6']);
		const first = ids(await harness.poll());
		const second = ids(await harness.poll());
		expect(first).toHaveLength(4);
		expect([...first, ...second].sort((a, b) => a - b)).toEqual(created);
		expect(await harness.poll()).toBeNull();
	});

	test('a manual run returns sample events and does not move the cursor', async () => {
		const harness = partnerTrigger();
		const samples = await harness.poll('manual');
		expect(samples?.length).toBeGreaterThan(0);
		expect(samples![0]).toMatchObject({ model: 'res.partner', deliveredBy: 'poll', source: 'odoo' });
		expect(harness.staticData.cursor).toBeUndefined();

		await harness.poll();
		sim.clock.set(ahead(2));
		await createPartners(['Pending For The Next Poll']);
		const cursor = structuredClone(harness.staticData.cursor);
		expect(await harness.poll('manual')).not.toBeNull();
		expect(harness.staticData.cursor).toEqual(cursor);
		expect(ids(await harness.poll())).toHaveLength(1);
	});

	test('Start From reports the changes since a date on the first activation', async () => {
		const start = toOdooDatetime(new Date(Date.now() - 3600 * SECOND));
		sim.clock.set(ahead(-60));
		const [earlier] = await createPartners(['Changed Before Activation']);
		sim.clock.resume();
		const harness = partnerTrigger({ startFrom: start.replace(' ', 'T') });
		expect(ids(await harness.poll())).toContain(earlier);
	});

	test('deletions cannot be polled: the poll fails with the reason', async () => {
		const harness = new TriggerHarness(
			{ delivery: 'polling', event: 'custom', model: 'res.partner', customEvent: 'deleted' },
			adminCredential(sim),
		);
		await expect(harness.poll()).rejects.toThrow('polling cannot see deleted records');
	});
});

describe.each(['18.0', '19.0'] as const)('Polling sales and deliveries, Odoo %s', (version) => {
	let sim: OdooSimulator;
	let odoo: OdooClient;

	beforeEach(async () => {
		({ sim, odoo } = await odooOnRealTime(version));
	});

	afterEach(() => closeOdoo({ sim, odoo }));

	test('a confirmed sale order is polled once, by its confirmation date, however often it is written later', async () => {
		const harness = new TriggerHarness({ delivery: 'polling', event: 'saleOrderConfirmed' }, adminCredential(sim));
		await harness.poll();
		sim.clock.set(ahead(2));
		const [order] = await odoo.create('sale.order', [demoOrder(sim)]);
		await odoo.call('sale.order', 'action_confirm', [order]);
		const events = (await harness.poll())!;
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ eventType: 'sale.order.confirmed', recordId: order, record: { state: 'sale' } });
		sim.clock.set(ahead(400));
		await odoo.write('sale.order', [order], { client_order_ref: 'touched later' });
		expect(await harness.poll()).toBeNull();
	});

	test('a delivery already ready at activation is not reported when written; one that becomes ready is, once', async () => {
		const order = async () => {
			const [id] = await odoo.create('sale.order', [demoOrder(sim)]);
			await odoo.call('sale.order', 'action_confirm', [id]);
			return (sim.env('sale.order').read([id], ['picking_ids'])[0].picking_ids as number[])[0];
		};
		const before = await order();
		const harness = new TriggerHarness({ delivery: 'polling', event: 'deliveryReady' }, adminCredential(sim));
		await harness.poll();
		sim.clock.set(ahead(2));
		await odoo.write('stock.picking', [before], { origin: 'touched' });
		const after = await order();
		const events = (await harness.poll())!;
		expect(events.map((event) => event.recordId)).toEqual([after]);
		sim.clock.set(ahead(4));
		await odoo.write('stock.picking', [after], { origin: 'touched too' });
		expect(await harness.poll()).toBeNull();
	});

});

describe('Polling due events (Odoo 18)', () => {
	let sim: OdooSimulator;
	let odoo: OdooClient;

	beforeEach(async () => {
		({ sim, odoo } = await odooOnRealTime('18.0'));
	});

	afterEach(() => closeOdoo({ sim, odoo }));

	test('a delivery becomes late when its scheduled date passes; one created already late is late from its creation', async () => {
		const harness = new TriggerHarness({ delivery: 'polling', event: 'deliveryLate' }, adminCredential(sim));
		expect(await harness.poll()).toBeNull();
		const delivery = async (commitment: Date) => {
			const [order] = await odoo.create('sale.order', [demoOrder(sim, { commitment_date: toOdooDatetime(commitment) })]);
			await odoo.call('sale.order', 'action_confirm', [order]);
			return (sim.env('sale.order').read([order], ['picking_ids'])[0].picking_ids as number[])[0];
		};
		const bornLate = await delivery(new Date(Date.now() - 86_400 * SECOND));
		const soonLate = await delivery(new Date(Date.now() + 1500));
		const notYet = await delivery(new Date(Date.now() + 86_400 * SECOND));
		expect((await harness.poll())?.map((event) => event.recordId)).toEqual([bornLate]);
		await new Promise((resolve) => setTimeout(resolve, 2100));
		const events = (await harness.poll())!;
		expect(events.map((event) => event.recordId)).toEqual([soonLate]);
		expect(events[0]).toMatchObject({ eventType: 'delivery.late', occurredAt: expect.stringMatching(/Z$/) });
		expect(await harness.poll()).toBeNull();
		expect(sim.env('stock.picking').read([notYet], ['state'])[0].state).not.toBe('done');
	});

	test('late deliveries cannot come by webhook: activation refuses with the reason', async () => {
		const harness = new TriggerHarness({ delivery: 'webhook', event: 'deliveryLate' }, adminCredential(sim));
		await expect(harness.activate()).rejects.toThrow('choose the Polling delivery');
	});
});
