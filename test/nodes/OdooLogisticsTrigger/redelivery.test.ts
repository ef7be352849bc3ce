/**
 * Re-delivery: an event stays followed until the workflow's Idempotency Guard completes its key. The Guard's records
 * are written with the Guard's own stores, on a real Redis and in a Local store file; the events come from the Odoo
 * simulator through the trigger's real webhook and poll paths.
 */
import { appendFileSync, mkdtempSync, readFileSync } from 'fs';
import Redis from 'ioredis';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { tmpdir } from 'os';
import { join } from 'path';
import type { OdooClient } from '../../../nodes/shared/odoo';
import type { IdempotencyStore } from '../../../nodes/IdempotencyGuard/stores/IdempotencyStore';
import { openStore } from '../../../nodes/IdempotencyGuard/stores/open';
import type { OdooEvent } from '../../../nodes/OdooLogisticsTrigger/events';
import { forgetLocalPendingLogs, pendingLogFile, REDIS_PENDING_PREFIX } from '../../../nodes/OdooLogisticsTrigger/pendingLog';
import { forgetRecentEvents } from '../../../nodes/OdooLogisticsTrigger/recentEvents';
import type { OdooSimulator } from '../../odoo-sim';
import { redisCredential, redisForSuite } from '../../helpers/redis';
import { adminCredential, closeOdoo, demoOrder, odooOnRealTime, TriggerHarness, waitFor } from './harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Just over the shortest "Re-Deliver After" (1 s). */
const DUE = 1100;
const POLICY = { leaseMs: 60_000, ttlMs: 3_600_000 };

describe('Re-delivery until the Idempotency Guard completes the event', () => {
	const redis = redisForSuite();
	let sim: OdooSimulator;
	let odoo: OdooClient;
	let guard: IdempotencyStore;
	const harnesses: TriggerHarness[] = [];

	async function trigger(parameters: Record<string, unknown>, credentials?: Record<string, ICredentialDataDecryptedObject>): Promise<TriggerHarness> {
		const harness = new TriggerHarness(parameters as never, adminCredential(sim), credentials ?? { odooLogisticsRedis: { ...redisCredential(redis.port) } });
		harnesses.push(harness);
		await harness.listen();
		return harness;
	}

	/** Hybrid with a reconciliation that never reports (one hour): what comes again comes from re-delivery. */
	const hybrid = (options: Record<string, unknown> = {}) =>
		trigger({ delivery: 'hybrid', event: 'saleOrderConfirmed', redelivery: 'redis', options: { reconcileAfterSeconds: 3600, redeliverAfterSeconds: 1, ...options } });

	async function confirmedByWebhook(harness: TriggerHarness): Promise<OdooEvent> {
		const [order] = await odoo.create('sale.order', [demoOrder(sim)]);
		const before = harness.executions.length;
		await odoo.call('sale.order', 'action_confirm', [order]);
		await sim.flushWebhooks();
		await waitFor(() => harness.executions.length === before + 1, 'the webhook execution');
		return harness.executions[before][0];
	}

	/** A hybrid trigger (see `hybrid`), activated, and the event of a sale order it was sent by webhook. */
	async function followedEvent(options: Record<string, unknown> = {}): Promise<{ harness: TriggerHarness; event: OdooEvent }> {
		const harness = await hybrid(options);
		await harness.activate();
		return { harness, event: await confirmedByWebhook(harness) };
	}

	const keyOf = (harness: TriggerHarness, event: OdooEvent) => `workflow:${harness.workflow.id}:${event.eventId}`;
	const streamOf = (harness: TriggerHarness) => `${harness.workflow.id}:${harness.node.id}:production`;

	/** What n8n forgets when its process restarts: the trigger's memory of the events it emitted. */
	function restartN8n(): void {
		forgetRecentEvents();
		forgetLocalPendingLogs();
	}

	/** The events a Local log file holds as followed, replayed as the trigger reads it. */
	function followedInFile(file: string): Map<string, number> {
		const followed = new Map<string, number>();
		for (const line of readFileSync(file, 'utf8').split('\n')) {
			if (!line) continue;
			const row = JSON.parse(line) as [string, number?];
			if (row.length === 1) followed.delete(row[0]);
			else followed.set(row[0], row[1]!);
		}
		return followed;
	}

	beforeEach(async () => {
		({ sim, odoo } = await odooOnRealTime('18.0'));
		guard = await openStore({ kind: 'redis', redis: redisCredential(redis.port) });
	});

	afterEach(() => closeOdoo({ sim, odoo }, harnesses));

	test('an event whose run never reached the Guard is emitted again with its eventId, once per period', async () => {
		const { harness, event } = await followedEvent();
		expect(await harness.poll()).toBeNull();

		await sleep(DUE);
		const again = await harness.poll();
		expect(again).toHaveLength(1);
		expect(again![0]).toMatchObject({ eventId: event.eventId, recordId: event.recordId, deliveredBy: 'redelivery', eventType: 'sale.order.confirmed' });
		expect(again![0].record).toEqual(event.record);
		expect(await harness.poll()).toBeNull();
	});

	test('a completed key ends the following: the event is not emitted again, even once the key is gone', async () => {
		const { harness, event } = await followedEvent();
		await guard.claim([{ key: keyOf(harness, event) }], POLICY);
		await guard.complete([{ key: keyOf(harness, event), result: '"done"' }], POLICY.ttlMs);
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();

		await guard.release([keyOf(harness, event)], { force: true });
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
	});

	test('a run holding a live lease is left alone; once its lease ran out, the event comes again', async () => {
		const { harness, event } = await followedEvent();
		await guard.claim([{ key: keyOf(harness, event) }], { ...POLICY, leaseMs: 2500 });
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();

		const [record] = await guard.get([keyOf(harness, event)]);
		await sleep(Math.max(0, record!.leaseExpiresAt - Date.now()) + 50);
		const again = await harness.poll();
		expect(again?.map((e) => e.eventId)).toEqual([event.eventId]);
	});

	test('a key released by a failure branch brings the event again', async () => {
		const { harness, event } = await followedEvent();
		await guard.claim([{ key: keyOf(harness, event) }], POLICY);
		await guard.release([keyOf(harness, event)], { force: false });
		await sleep(DUE);
		expect((await harness.poll())?.map((e) => e.eventId)).toEqual([event.eventId]);
	});

	test('an event whose Guard never saw it waits twice as long before each new re-delivery (it may sit in a busy queue)', async () => {
		const { harness, event } = await followedEvent();
		await sleep(DUE);
		expect((await harness.poll())?.map((e) => e.eventId)).toEqual([event.eventId]);
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
		await sleep(DUE);
		expect((await harness.poll())?.map((e) => e.eventId)).toEqual([event.eventId]);
	});

	test('an event whose runs die holding the claim comes back one period after each lease ends, without doubling', async () => {
		const { harness, event } = await followedEvent();
		for (let round = 0; round < 2; round++) {
			// A run claims it and dies: the lease (1 s) runs out.
			await guard.claim([{ key: keyOf(harness, event) }], { ...POLICY, leaseMs: 1000 });
			await sleep(DUE);
			expect((await harness.poll())?.map((e) => e.eventId)).toEqual([event.eventId]);
		}
	});

	test('an event is emitted again at most Max Re-Deliveries times', async () => {
		const { harness, event } = await followedEvent({ maxRedeliveries: 1 });
		const emitted: string[] = [];
		for (let poll = 0; poll < 4; poll++) {
			await sleep(DUE);
			emitted.push(...((await harness.poll()) ?? []).map((e) => e.eventId));
		}
		expect(emitted).toEqual([event.eventId]);
	});

	test('an event its record no longer makes (the order was cancelled) is given up', async () => {
		const { harness, event } = await followedEvent();
		await odoo.call('sale.order', 'action_cancel', [event.recordId], { context: { disable_cancel_warning: true } });
		expect(sim.env('sale.order').read([event.recordId], ['state'])[0].state).toBe('cancel');
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
	});

	test('a Guard namespace is looked up under that namespace', async () => {
		const { harness, event } = await followedEvent({ guardNamespace: 'orders' });
		// Completed under the workflow's scope only: the namespace's key is missing, so the event comes again.
		await guard.claim([{ key: keyOf(harness, event) }], POLICY);
		await guard.complete([{ key: keyOf(harness, event) }], POLICY.ttlMs);
		await sleep(DUE);
		expect((await harness.poll())?.map((e) => e.eventId)).toEqual([event.eventId]);
		await guard.claim([{ key: `namespace:orders:${event.eventId}` }], POLICY);
		await guard.complete([{ key: `namespace:orders:${event.eventId}` }], POLICY.ttlMs);
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
	});

	describe('the followed events outlive the process', () => {
		let client: Redis;
		beforeEach(() => {
			client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
		});
		afterEach(() => client.quit());

		test('Redis: a webhook event written before its run starts is re-delivered after a restart (or by the poll of another process), and removed once completed', async () => {
			const { harness, event } = await followedEvent();
			const hash = REDIS_PENDING_PREFIX + streamOf(harness);
			expect(JSON.parse((await client.hget(hash, event.eventId))!)).toEqual([event.recordId, expect.any(Number), 0, 1]);
			// A trigger deleted meanwhile leaves its hash for 30 days at most.
			expect(await client.pttl(hash)).toBeGreaterThan(29 * 86_400_000);

			restartN8n();
			await sleep(DUE);
			const again = await harness.poll();
			expect(again?.map((e) => [e.eventId, e.recordId, e.deliveredBy])).toEqual([[event.eventId, event.recordId, 'redelivery']]);
			expect(JSON.parse((await client.hget(hash, event.eventId))!)).toEqual([event.recordId, expect.any(Number), 1, 2]);

			await guard.claim([{ key: keyOf(harness, event) }], POLICY);
			await guard.complete([{ key: keyOf(harness, event) }], POLICY.ttlMs);
			restartN8n();
			await sleep(2 * DUE);
			expect(await harness.poll()).toBeNull();
			expect(await client.exists(hash)).toBe(0);
		});

		test('Local: an event emitted by a poll is re-delivered after a restart; a torn last line is skipped', async () => {
			const folder = mkdtempSync(join(tmpdir(), 'redelivery-log-'));
			const harness = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed', redelivery: 'local', options: { redeliverAfterSeconds: 1, guardStoreFolder: folder } }, {});
			expect(await harness.poll()).toBeNull();
			const [order] = await odoo.create('sale.order', [demoOrder(sim)]);
			await odoo.call('sale.order', 'action_confirm', [order]);
			const [first] = (await harness.poll())!;
			const file = pendingLogFile(folder, streamOf(harness));
			expect(followedInFile(file)).toEqual(new Map([[first.eventId, order]]));

			appendFileSync(file, '["cut short by a cra');
			restartN8n();
			await sleep(DUE);
			expect((await harness.poll())?.map((e) => [e.eventId, e.deliveredBy])).toEqual([[first.eventId, 'redelivery']]);

			const local = await openStore({ kind: 'local', folder });
			await local.claim([{ key: keyOf(harness, first) }], POLICY);
			await local.complete([{ key: keyOf(harness, first) }], POLICY.ttlMs);
			await sleep(2 * DUE);
			expect(await harness.poll()).toBeNull();
			restartN8n();
			expect(await harness.poll()).toBeNull();
			expect(followedInFile(file).size).toBe(0);
		});
	});

	test('with Redis unreachable the poll still reports what the webhook missed, and re-delivers nothing', async () => {
		const harness = await trigger(
			{ delivery: 'hybrid', event: 'saleOrderConfirmed', redelivery: 'redis', options: { reconcileAfterSeconds: 0, redeliverAfterSeconds: 1 } },
			{ odooLogisticsRedis: { ...redisCredential(1) } },
		);
		await harness.activate();
		expect(await harness.poll()).toBeNull();
		const delivered = await confirmedByWebhook(harness);
		const partner = sim.env('res.partner').search([['name', '=', 'Acme Retail Group']])[0];
		const [dropped] = await odoo.create('sale.order', [{ partner_id: partner }]);
		sim.setFaults({ dropWebhookRate: 1 });
		await odoo.call('sale.order', 'action_confirm', [dropped]);
		sim.setFaults({ dropWebhookRate: 0 });
		await sleep(DUE);
		const polled = await harness.poll();
		expect(polled?.map((e) => [e.recordId, e.deliveredBy])).toEqual([[dropped, 'poll']]);
		expect(polled?.map((e) => e.recordId)).not.toContain(delivered.recordId);
	});

	test('Polling delivery with the Local store: followed from the poll that emitted it until the Guard completes it', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'redelivery-local-'));
		const harness = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed', redelivery: 'local', options: { redeliverAfterSeconds: 1, guardStoreFolder: folder } }, {});
		expect(await harness.poll()).toBeNull();
		const partner = sim.env('res.partner').search([['name', '=', 'Acme Retail Group']])[0];
		const [order] = await odoo.create('sale.order', [{ partner_id: partner }]);
		await odoo.call('sale.order', 'action_confirm', [order]);
		const [first] = (await harness.poll())!;
		expect(first).toMatchObject({ recordId: order, deliveredBy: 'poll' });

		await sleep(DUE);
		expect((await harness.poll())?.map((e) => [e.eventId, e.deliveredBy])).toEqual([[first.eventId, 'redelivery']]);

		const local = await openStore({ kind: 'local', folder });
		const key = keyOf(harness, first);
		await local.claim([{ key }], POLICY);
		await local.complete([{ key }], POLICY.ttlMs);
		await sleep(DUE);
		expect(await harness.poll()).toBeNull();
	});

	test.each([
		[{ guardNamespace: 'bad namespace!' }, /Guard Namespace: may hold only letters, digits/],
		[{ redeliverAfterSeconds: 0 }, /Re-Deliver After \(Seconds\): must be at least 1/],
		[{ maxRedeliveries: 2.5 }, /Max Re-Deliveries: must be a whole number/],
		[{ guardStoreFolder: 'relative/folder' }, /Guard Store Folder: must be an absolute path/],
	])('bad option %j: the poll fails naming it, and emits nothing', async (options, message) => {
		const harness = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed', redelivery: 'local', options }, {});
		await expect(harness.poll()).rejects.toThrow(message);
	});

	test('the Local store in queue mode is refused: the Guard runs on the workers there', async () => {
		const harness = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed', redelivery: 'local' }, {});
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			await expect(harness.poll()).rejects.toThrow(/queue mode.*Use the Redis Guard Store/);
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
	});

	test('the Redis store without its credential is refused', async () => {
		const harness = await trigger({ delivery: 'polling', event: 'saleOrderConfirmed', redelivery: 'redis' }, {});
		await expect(harness.poll()).rejects.toThrow(/credential/i);
	});
});
