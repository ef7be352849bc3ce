/** Hybrid delivery: the webhook for speed, a reconciliation poll for what the webhook missed; one eventId per change. */
import type { OdooClient } from '../../../nodes/shared/odoo';
import type { OdooSimulator } from '../../odoo-sim';
import { adminCredential, closeOdoo, demoOrder, odooOnRealTime, TriggerHarness, waitFor } from './harness';

describe.each(['18.0', '19.0'] as const)('Hybrid delivery, Odoo %s', (version) => {
	let sim: OdooSimulator;
	let odoo: OdooClient;
	const harnesses: TriggerHarness[] = [];

	async function trigger(parameters: Record<string, unknown>): Promise<TriggerHarness> {
		const harness = new TriggerHarness(parameters as never, adminCredential(sim));
		harnesses.push(harness);
		await harness.listen();
		return harness;
	}

	async function draftOrders(count: number): Promise<number[]> {
		const vals = demoOrder(sim);
		return odoo.create('sale.order', Array.from({ length: count }, () => vals));
	}

	beforeEach(async () => {
		({ sim, odoo } = await odooOnRealTime(version));
	});

	afterEach(() => closeOdoo({ sim, odoo }, harnesses));

	test('a webhook that Odoo dropped is recovered by reconciliation; what the webhook delivered is not repeated', async () => {
		const harness = await trigger({ delivery: 'hybrid', event: 'saleOrderConfirmed', options: { reconcileAfterSeconds: 0 } });
		await harness.activate();
		expect(await harness.poll()).toBeNull();
		const [delivered, dropped] = await draftOrders(2);

		await odoo.call('sale.order', 'action_confirm', [delivered]);
		await sim.flushWebhooks();
		await waitFor(() => harness.executions.length === 1, 'the webhook execution');
		sim.setFaults({ dropWebhookRate: 1 });
		await odoo.call('sale.order', 'action_confirm', [dropped]);
		sim.setFaults({ dropWebhookRate: 0 });
		await sim.flushWebhooks();
		await harness.settle();
		expect(sim.stats.webhooksDropped).toBe(1);
		expect(harness.executions.flat().map((event) => event.recordId)).toEqual([delivered]);

		const reconciled = await harness.poll();
		expect(reconciled).toHaveLength(1);
		expect(reconciled![0]).toMatchObject({ recordId: dropped, deliveredBy: 'poll', eventType: 'sale.order.confirmed' });
		expect(await harness.poll()).toBeNull();
	});

	test('reconciliation leaves the webhook its time before reporting a change', async () => {
		const harness = await trigger({ delivery: 'hybrid', event: 'saleOrderConfirmed', options: { reconcileAfterSeconds: 3600 } });
		await harness.activate();
		await harness.poll();
		const [order] = await draftOrders(1);
		sim.setFaults({ dropWebhookRate: 1 });
		await odoo.call('sale.order', 'action_confirm', [order]);
		sim.setFaults({ dropWebhookRate: 0 });
		expect(await harness.poll()).toBeNull();
	});

	test('the same change has the same eventId whether the webhook or a poll delivered it', async () => {
		const webhook = await trigger({ delivery: 'webhook', event: 'saleOrderConfirmed' });
		const polling = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed' });
		const pickingHook = await trigger({ delivery: 'webhook', event: 'custom', model: 'stock.picking', customEvent: 'updated', watchFields: 'state' });
		const pickingPoll = await trigger({ delivery: 'polling', event: 'custom', model: 'stock.picking', customEvent: 'updated', watchFields: 'state' });
		await webhook.activate();
		await pickingHook.activate();
		await polling.poll();
		await pickingPoll.poll();

		const [order] = await draftOrders(1);
		await odoo.call('sale.order', 'action_confirm', [order]);
		await sim.flushWebhooks();
		await waitFor(() => webhook.executions.length === 1 && pickingHook.executions.length === 1, 'both webhook executions');
		const [polled] = (await polling.poll())!;
		const [hooked] = webhook.executions[0];
		expect(polled.recordId).toBe(order);
		expect(polled.eventId).toBe(hooked.eventId);
		expect(polled.occurredAt).toBe(hooked.occurredAt);
		expect(polled.record).toEqual(hooked.record);

		const [pickingEvent] = pickingHook.executions[0];
		const polledPickings = (await pickingPoll.poll())!;
		expect(polledPickings.map((event) => event.eventId)).toContain(pickingEvent.eventId);
	});
});
