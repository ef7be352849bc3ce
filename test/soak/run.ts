/**
 * Soak test: n8n in queue mode (main + 2 workers, PostgreSQL, Redis) against the Odoo simulator, with thousands of
 * events, 20 % of them delivered twice, transient Odoo errors, latency spikes, dropped webhooks and a worker SIGKILLed
 * part way. Every event's side effects must happen exactly once.
 *
 *   npx ts-node --transpile-only test/soak/run.ts [--workflow templates|order-to-ship|milestone] [--events 2000]
 *     [--rate 20] [--returns 400] [--budget 1500] [--tarball <packed package>]
 *
 * `templates` (default) runs workflows/order-to-ship.json and workflows/return-to-resolution.json together;
 * `milestone` is test/soak/fixtures/soak-order-milestone.json.
 *
 * Last line: "soak passed" (exit 0) or "soak FAILED: …" (exit 1).
 */
import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { packPackage } from '../e2e/pack';
import { seconds, sleep } from '../e2e/proc';
import { eventIdOf } from '../../nodes/OdooLogisticsTrigger/events';
import type { EventSpec } from '../../nodes/OdooLogisticsTrigger/eventSpec';
import { argValue, printTable, runMain } from './cli';
import { REDIS_CREDENTIAL_ID, forQueueMode, guardKeys, injectFaults, killWorker, startCluster, type Cluster, type WorkerKill } from './cluster';
import { RETURN_WORKFLOW, prepareReturns, returnsLoad } from './returns';
import type { WorkflowFixture } from '../e2e/n8n-instance';

const LEASE_SECONDS = 60;
const TTL_SECONDS = 24 * 3600;
const MILESTONE = 'soak-milestone';
/** The order-to-ship template's milestone messages on the order. */
const MILESTONES = ['Release on hold', 'Release rejected', 'is not in stock yet'];
const CONFIRMED: Pick<EventSpec, 'model' | 'eventType'> = { model: 'sale.order', eventType: 'sale.order.confirmed' };

export interface SoakOptions {
	events: number;
	/** Events per second. */
	rate: number;
	duplicateShare: number;
	/** The whole run (setup excluded) stops at this point and reports what it has. */
	budgetMs: number;
}

export function readFixture(name: string): WorkflowFixture {
	return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as WorkflowFixture;
}

export interface SentEvent {
	orderId: number;
	eventId: string;
	confirmedAt: number;
	replayed: boolean;
	/** The Guard's key of the event is completed (set at the end). */
	completed?: boolean;
}

/** Draft orders for the load, one line each, spread over the demo customers and products. */
export function createDraftOrders(cluster: Cluster, count: number): number[] {
	const partners = cluster.sim.env('res.partner').search([['customer_rank', '>', 0]]);
	const products = cluster.sim.env('product.product').search([['is_storable', '=', true]]);
	const orders = cluster.sim.env('sale.order');
	return Array.from({ length: count }, (_, i) =>
		orders.create({ partner_id: partners[i % partners.length], order_line: [[0, 0, { product_id: products[i % products.length], product_uom_qty: 1 + (i % 3) }]] }),
	);
}

/** Confirms one order in Odoo and returns its event as the trigger will emit it. */
export function confirmOrder(cluster: Cluster, orderId: number): { eventId: string; event: Record<string, unknown> } {
	const orders = cluster.sim.env('sale.order');
	orders.call('action_confirm', [orderId]);
	const [record] = orders.read([orderId], ['name', 'state', 'date_order', 'partner_id']);
	const eventId = eventIdOf(cluster.sim.db, CONFIRMED as EventSpec, orderId, String(record.date_order));
	const event = {
		eventId,
		eventType: CONFIRMED.eventType,
		model: CONFIRMED.model,
		recordId: orderId,
		occurredAt: `${String(record.date_order).replace(' ', 'T')}Z`,
		source: 'odoo',
		deliveredBy: 'webhook',
		record,
	};
	return { eventId, event };
}

/** n8n 2.x activates workflows in the background: waits for the trigger's automation rule in Odoo. */
export async function webhookRule(cluster: Cluster, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!cluster.sim.env('ir.actions.server').search([['state', '=', 'webhook']]).length) {
		if (Date.now() > deadline) throw new Error('the trigger created no automation rule in Odoo');
		await sleep(250);
	}
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function post(url: string, body: unknown): Promise<number> {
	try {
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

/** As a portal or carrier does: POSTs until the receiver accepts, with a growing pause; resolves to the attempts. */
async function deliver(url: string, body: unknown, maxAttempts = 8): Promise<number> {
	for (let attempt = 1; ; attempt++) {
		if ((await post(url, body)) === 200 || attempt === maxAttempts) return attempt;
		await sleep(500 * attempt);
	}
}

interface ExecutionRow {
	id: string;
	status: string;
	retryOf: string | null;
	retrySuccessId: string | null;
	stoppedAt: string | null;
}

async function executionRows(cluster: Cluster, workflowId: string): Promise<ExecutionRow[]> {
	const rows = await cluster.postgres.query(
		`SELECT id, status, coalesce("retryOf", ''), coalesce("retrySuccessId", ''), coalesce(extract(epoch from "stoppedAt")::text, '') FROM execution_entity WHERE "workflowId" = '${workflowId}'`,
	);
	return rows.map(([id, status, retryOf, retrySuccessId, stoppedAt]) => ({ id, status, retryOf: retryOf || null, retrySuccessId: retrySuccessId || null, stoppedAt: stoppedAt || null }));
}

/** Milestone messages per order, by event id. */
function milestones(cluster: Cluster): Map<number, string[]> {
	const messages = cluster.sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['body', 'ilike', MILESTONE]], ['res_id', 'body']);
	const byOrder = new Map<number, string[]>();
	for (const m of messages) {
		const eventId = new RegExp(`${MILESTONE} ([0-9a-f]+)`).exec(String(m.body))?.[1] ?? '?';
		const list = byOrder.get(m.res_id as number) ?? [];
		list.push(eventId);
		byOrder.set(m.res_id as number, list);
	}
	return byOrder;
}

/** A workflow under soak: how its second deliveries are made and how its side effects are counted in Odoo. */
export interface Journey {
	workflow: WorkflowFixture;
	/** The node on the Guard's Duplicate output. */
	duplicateNode: string;
	/** Delivers the event a second time; resolves to the number of POSTs it took. */
	deliverAgain(cluster: Cluster, event: Record<string, unknown>): Promise<number>;
	/** The operator's replay of an event left unfinished (n8n cannot retry a run that died with its worker). */
	replay?(cluster: Cluster, event: Record<string, unknown>): Promise<number>;
	/** Whether the operator retries failed and crashed executions through n8n's API (default: yes). */
	operatorRetries?: boolean;
	/** Per order, what went wrong: undefined when every side effect of its event happened exactly once. */
	check(cluster: Cluster, sent: SentEvent[]): Map<number, 'lost' | 'doubled'>;
	/** What one order left in Odoo, for the report of a lost or doubled one. */
	explain?(cluster: Cluster, orderId: number): string;
}

/** Re-delivery checks an event this long after it was emitted (the Guards' lease is LEASE_SECONDS). */
const REDELIVER_AFTER_SECONDS = 45;

/**
 * The trigger's reconciliation every minute for changes older than 10 s (the template polls every 5 minutes), and
 * re-delivery on the Guards' Redis store, as the template's queue-mode note says.
 */
export function withShortReconciliation(workflow: WorkflowFixture): WorkflowFixture {
	for (const node of workflow.nodes as Array<{ type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>) {
		if (!node.type.endsWith('.odooLogisticsTrigger')) continue;
		node.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
		node.parameters.redelivery = 'redis';
		node.parameters.options = { ...(node.parameters.options as object), reconcileAfterSeconds: 10, redeliverAfterSeconds: REDELIVER_AFTER_SECONDS };
		node.credentials = { ...node.credentials, odooLogisticsRedis: { id: REDIS_CREDENTIAL_ID, name: 'Redis (soak)' } };
	}
	return workflow;
}

/** test/soak/fixtures/soak-order-milestone.json: one milestone message per confirmed order, events also replayed by a portal. */
export const milestoneJourney = (): Journey => ({
	workflow: withShortReconciliation(forQueueMode(readFixture('soak-order-milestone'), { leaseSeconds: LEASE_SECONDS })),
	duplicateNode: 'Dropped duplicate',
	deliverAgain: (cluster, event) => deliver(`${cluster.n8n.baseUrl}/webhook/soak-event-replay`, event),
	replay: (cluster, event) => deliver(`${cluster.n8n.baseUrl}/webhook/soak-event-replay`, event),
	check(cluster, sent) {
		const done = milestones(cluster);
		const verdict = new Map<number, 'lost' | 'doubled'>();
		for (const e of sent) {
			const posted = done.get(e.orderId) ?? [];
			if (posted.some((id) => id !== e.eventId) || posted.length > 1) verdict.set(e.orderId, 'doubled');
			else if (posted.length === 0) verdict.set(e.orderId, 'lost');
		}
		return verdict;
	},
});

/**
 * workflows/order-to-ship.json as users import it, every Guard on Redis with a short lease. Second deliveries: Odoo
 * notifying the same change again. Side effects per order: at most one message per milestone, one activity per
 * purpose, one RFQ per vendor, no delivery move reserved beyond its demand; lost when the Guard's key of the event is not
 * completed.
 */
export const orderToShipJourney = (): Journey => ({
	workflow: withShortReconciliation({
		...forQueueMode(JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'order-to-ship.json'), 'utf8')) as WorkflowFixture, { leaseSeconds: LEASE_SECONDS }),
		active: true,
	}),
	duplicateNode: 'Already handled',
	// A failed run releases its claim, and one that died keeps it until its lease ends: the trigger's re-delivery brings
	// both events again. No operator is needed, and none acts.
	operatorRetries: false,
	explain(cluster, orderId) {
		const count = (model: string, domain: unknown[]) => cluster.sim.env(model).search(domain as never).length;
		const [order] = cluster.sim.env('sale.order').read([orderId], ['name', 'state']);
		const pickings = cluster.sim.env('stock.picking').searchRead([['sale_id', '=', orderId]], ['name', 'state', 'move_ids']);
		const moves = cluster.sim.env('stock.move').read(pickings.flatMap((p) => p.move_ids as number[]), ['product_uom_qty', 'quantity']);
		const messages = cluster.sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['res_id', '=', orderId]], ['body']);
		const kinds = MILESTONES.map((k) => `${k}: ${messages.filter((m) => String(m.body).includes(k)).length}`);
		return `${String(order.name)} (${String(order.state)}): ${kinds.join(', ')}; activities ${count('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', orderId]])}; RFQs ${count('purchase.order', [['origin', '=', order.name]])}; deliveries ${pickings.map((p) => `${String(p.name)} ${String(p.state)}`).join(', ')}; moves reserved/demand ${moves.map((m) => `${m.quantity}/${m.product_uom_qty}`).join(', ')}`;
	},
	async deliverAgain(cluster, event) {
		const [action] = cluster.sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url', 'name']);
		const record = event.record as Record<string, unknown>;
		const payload = { _action: `${String(action.name)}(#${String(action.id)})`, _id: event.recordId, _model: event.model, id: event.recordId, state: record.state, date_order: record.date_order };
		return deliver(String(action.webhook_url), payload);
	},
	check(cluster, sent) {
		const ids = sent.map((e) => e.orderId);
		const names = new Map(cluster.sim.env('sale.order').read(ids, ['name']).map((o) => [o.id as number, String(o.name)]));
		const count = (rows: Array<Record<string, unknown>>, key: (row: Record<string, unknown>) => string) =>
			rows.reduce((acc, row) => acc.set(key(row), (acc.get(key(row)) ?? 0) + 1), new Map<string, number>());
		// One message per milestone (on hold, rejected, short of stock) and one activity per purpose, per order. A run
		// that failed part way leaves what it did; its re-delivered run may take another branch (the customer's credit
		// changed meanwhile): each milestone still happens at most once.
		const milestoneOf = (body: string) => MILESTONES.find((m) => body.includes(m)) ?? '';
		const messages = count(
			cluster.sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['res_id', 'in', ids], '|', '|', ['body', 'ilike', MILESTONES[0]], ['body', 'ilike', MILESTONES[1]], ['body', 'ilike', MILESTONES[2]]], ['res_id', 'body']),
			(m) => `${String(m.res_id)}|${milestoneOf(String(m.body))}`,
		);
		const activities = count(cluster.sim.env('mail.activity').searchRead([['res_model', '=', 'sale.order'], ['res_id', 'in', ids]], ['res_id', 'summary']), (a) => `${String(a.res_id)}|${String(a.summary)}`);
		const most = (counts: Map<string, number>) => {
			const perOrder = new Map<string, number>();
			for (const [key, n] of counts) perOrder.set(key.split('|')[0], Math.max(perOrder.get(key.split('|')[0]) ?? 0, n));
			return perOrder;
		};
		const messagesPerOrder = most(messages);
		const activitiesPerOrder = most(activities);
		const rfqs = count(cluster.sim.env('purchase.order').searchRead([['origin', 'in', [...names.values()]]], ['origin', 'partner_id']), (po) => `${String(po.origin)}|${String((po.partner_id as [number, string])[0])}`);
		const rfqsPerOrder = most(rfqs);
		// Each delivery reserved once: a move never holds more than its demand, however often it was reserved.
		const pickings = cluster.sim.env('stock.picking').searchRead([['sale_id', 'in', ids]], ['sale_id', 'move_ids']);
		const moves = new Map(cluster.sim.env('stock.move').read(pickings.flatMap((p) => p.move_ids as number[]), ['product_uom_qty', 'quantity']).map((m) => [m.id as number, m]));
		const overReserved = new Set(
			pickings
				.filter((p) => (p.move_ids as number[]).some((id) => Number(moves.get(id)!.quantity) > Number(moves.get(id)!.product_uom_qty) + 1e-9))
				.map((p) => (p.sale_id as [number, string])[0]),
		);
		const verdict = new Map<number, 'lost' | 'doubled'>();
		for (const e of sent) {
			const id = String(e.orderId);
			if ((messagesPerOrder.get(id) ?? 0) > 1 || (activitiesPerOrder.get(id) ?? 0) > 1 || (rfqsPerOrder.get(names.get(e.orderId)!) ?? 0) > 1 || overReserved.has(e.orderId)) verdict.set(e.orderId, 'doubled');
			else if (!e.completed) verdict.set(e.orderId, 'lost');
		}
		return verdict;
	},
});

/** Another template loaded during the same window (it runs under the same faults and the same worker kill). */
export type SideLoad = (loadStart: number, deadline: number) => Promise<{ table: Array<[string, string]>; problems: string[] }>;

export async function soak(
	cluster: Cluster,
	journey: Journey,
	opts: SoakOptions,
	side?: SideLoad,
): Promise<{ passed: boolean; table: Array<[string, string]>; problems: string[] }> {
	const { sim, n8n } = cluster;
	const workflowId = journey.workflow.id;
	const started = Date.now();
	const deadline = started + opts.budgetMs;
	await webhookRule(cluster);
	const drafts = createDraftOrders(cluster, opts.events);
	console.log(`${drafts.length} draft orders in Odoo; load: ${opts.rate} events/s, ${Math.round(opts.duplicateShare * 100)} % delivered twice`);

	injectFaults(cluster);
	const sideResult = side?.(Date.now(), deadline);

	const sent: SentEvent[] = [];
	const replays: Array<Promise<number>> = [];
	const events = new Map<string, Record<string, unknown>>();
	const replayedAt = new Map<string, number>();
	let operatorReplays = 0;
	let killing: Promise<WorkerKill> | undefined;
	const killAfter = Math.floor(drafts.length * 0.4);
	const tick = 100;
	const perTick = Math.max(1, Math.round((opts.rate * tick) / 1000));
	for (let i = 0; i < drafts.length; i += perTick) {
		const t0 = Date.now();
		for (const orderId of drafts.slice(i, i + perTick)) {
			const { eventId, event } = confirmOrder(cluster, orderId);
			events.set(eventId, event);
			// Deterministic 20 %: the same event again, as a portal or carrier re-POSTs it, at the same moment.
			const replayed = (orderId * 7919) % 100 < opts.duplicateShare * 100;
			if (replayed) replays.push(journey.deliverAgain(cluster, event));
			sent.push({ orderId, eventId, confirmedAt: Date.now(), replayed });
		}
		if (!killing && sent.length >= killAfter) {
			// SIGKILL the first worker while it runs executions (its log says started, not yet finished), and restart it.
			killing = killWorker(cluster, () => `after ${sent.length} events`, started);
		}
		await sleep(Math.max(0, tick - (Date.now() - t0)));
	}
	const loadEnd = Date.now();
	const kill = await killing;
	const killedAt = kill?.at ?? 0;
	const killedRunning = kill?.running ?? 0;
	const replayAttempts = await Promise.all(replays);
	const rePosts = replayAttempts.reduce((a, b) => a + b - 1, 0);
	console.log(`load sent in ${seconds(started)} s: ${sent.length} events, ${replays.length} replays (${rePosts} re-POSTs after no answer)`);

	// Drain: let the queue empty, the reconciliation poll pick up what the webhooks missed, and retry what failed.
	const retried = new Map<string, number>();
	let retryRequests = 0;
	for (;;) {
		await sleep(5000);
		const rows = await executionRows(cluster, workflowId);
		const open = rows.filter((r) => ['new', 'running', 'waiting'].includes(r.status)).length;
		const depth = await cluster.queueDepth();
		// Re-drive, as an operator would: retry the failed and crashed executions through n8n's API.
		// n8n retries an original execution (a failed retry is retried through its original again).
		const toRetry = rows.filter(
			(r) =>
				journey.operatorRetries !== false &&
				!r.retryOf &&
				(r.status === 'error' || r.status === 'crashed') &&
				!r.retrySuccessId &&
				(retried.get(r.id) ?? 0) < 3 &&
				!rows.some((x) => x.retryOf === r.id && ['new', 'running', 'success', 'waiting'].includes(x.status)) &&
				// Once the claim's lease ran out: a run that died with its worker (n8n 2.x fails the job as "stalled",
				// or marks it crashed) starts over and must be able to claim again.
				Date.now() - (r.stoppedAt ? Number(r.stoppedAt) * 1000 : killedAt) > LEASE_SECONDS * 1000,
		);
		// n8n answers a retry when the retried execution ends: send them all, wait 20 s at most.
		await Promise.allSettled(
			toRetry.map(async (r) => {
				retried.set(r.id, (retried.get(r.id) ?? 0) + 1);
				retryRequests += 1;
				const res = await fetch(`${n8n.baseUrl}/api/v1/executions/${r.id}/retry`, {
					method: 'POST',
					headers: { 'X-N8N-API-KEY': n8n.apiKey, 'content-type': 'application/json' },
					body: JSON.stringify({ loadWorkflow: false }),
					signal: AbortSignal.timeout(20_000),
				});
				if (res.status >= 400) console.log(`retry ${r.id}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
			}),
		);
		const keys = await guardKeys(cluster.guardRedis, workflowId, TTL_SECONDS);
		const unfinished = sent.filter((e) => keys.get(e.eventId)?.status !== 'c');
		const missing = unfinished.length;
		// A run killed with its worker cannot be retried by n8n (its retry "finishes" at once with an error, and n8n
		// then refuses another): the operator replays the events claimed but unfinished once nothing runs and the
		// lease of their claim is over, at most once per lease period per event.
		if (journey.replay && open === 0 && depth === 0 && killedAt && Date.now() - killedAt > LEASE_SECONDS * 1000) {
			// Only claimed ones: an event never delivered must come from the trigger's reconciliation.
			const due = unfinished.filter((e) => keys.get(e.eventId)?.status === 'p' && Date.now() - (replayedAt.get(e.eventId) ?? 0) > LEASE_SECONDS * 1000);
			await Promise.all(
				due.map((e) => {
					replayedAt.set(e.eventId, Date.now());
					operatorReplays += 1;
					return journey.replay!(cluster, events.get(e.eventId)!);
				}),
			);
		}
		const statuses = rows.reduce<Record<string, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
		console.log(`${seconds(started)} s: queue ${depth}, executions ${JSON.stringify(statuses)}, retried ${toRetry.length} (${retryRequests} total), events not completed ${missing}`);
		if (missing === 0 && open === 0 && depth === 0 && toRetry.length === 0) break;
		if (Date.now() > deadline) break;
	}
	const drained = Date.now();
	const sideOutcome = await sideResult;

	// Verdict, from the final state of Odoo, Redis and n8n's database.
	const problems: string[] = [];
	const keys = await guardKeys(cluster.guardRedis, workflowId, TTL_SECONDS);
	for (const e of sent) e.completed = keys.get(e.eventId)?.status === 'c';
	const verdict = journey.check(cluster, sent);
	const lostEvents = sent.filter((e) => verdict.get(e.orderId) === 'lost');
	const lost = lostEvents.length;
	const doubled = sent.filter((e) => verdict.get(e.orderId) === 'doubled').length;
	if (lost) {
		const sample = lostEvents.slice(0, 5).map((e) => `order ${e.orderId} event ${e.eventId}${e.replayed ? ' (delivered twice)' : ''}`);
		problems.push(`${lost} events lost, e.g. ${sample.join(', ')}`);
	}
	if (doubled) problems.push(`${doubled} events with a side effect done more than once`);
	for (const e of sent.filter((x) => verdict.has(x.orderId)).slice(0, 8)) {
		console.log(`${verdict.get(e.orderId)}: order ${e.orderId} event ${e.eventId}, guard key ${keys.get(e.eventId)?.status ?? 'absent'}${journey.explain ? `: ${journey.explain(cluster, e.orderId)}` : ''}`);
	}
	const inProgress = [...keys.values()].filter((k) => k.status !== 'c').length;
	const notCompleted = sent.filter((e) => keys.get(e.eventId)?.status !== 'c').length;
	if (inProgress) problems.push(`${inProgress} guard keys still in progress`);
	if (notCompleted) problems.push(`${notCompleted} events whose guard key is not completed`);

	const rows = await executionRows(cluster, workflowId);
	const statuses = rows.reduce<Record<string, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
	const unresolved = rows.filter((r) => !r.retryOf && (r.status === 'error' || r.status === 'crashed') && !r.retrySuccessId).length;
	for (const r of rows.filter((x) => x.status === 'error' || x.status === 'crashed').slice(0, 4)) {
		const e = await n8n
			.api<{ data?: { resultData?: { error?: { message?: string }; lastNodeExecuted?: string } } }>(`/executions/${r.id}?includeData=true`)
			.catch(() => undefined);
		console.log(`execution ${r.id} ${r.status}${r.retryOf ? ` (retry of ${r.retryOf})` : ''}: ${e?.data?.resultData?.lastNodeExecuted ?? '-'}: ${e?.data?.resultData?.error?.message ?? '-'}`);
	}
	const open = rows.filter((r) => ['new', 'running', 'waiting'].includes(r.status)).length;
	if (open) problems.push(`${open} executions still new or running`);
	const duplicateRuns = Number(
		(
			await cluster.postgres.query(
				`SELECT count(*) FROM execution_data d JOIN execution_entity e ON e.id = d."executionId" WHERE e."workflowId" = '${workflowId}' AND d.data LIKE '%"${journey.duplicateNode}":%'`,
			)
		)[0][0],
	);

	const latencies = sent
		.map((e) => (keys.get(e.eventId)?.completedAt ?? NaN) - e.confirmedAt)
		.filter((ms) => Number.isFinite(ms))
		.sort((a, b) => a - b);

	const table: Array<[string, string]> = [
		['events sent (orders confirmed in Odoo)', String(sent.length)],
		['  delivered twice (re-POSTed at once)', `${replays.length} (${((100 * replays.length) / sent.length).toFixed(1)} %), plus ${rePosts} re-POSTs of unanswered ones`],
		['  load window', `${((loadEnd - started) / 1000).toFixed(1)} s`],
		['Odoo webhooks', `${sim.stats.webhooksSent} sent, ${sim.stats.webhooksDropped} dropped (fault), ${sim.stats.webhooksFailed} failed (timeout/4xx)`],
		['faults injected', `${sim.stats.faultsInjected} Odoo errors (503/concurrency) of ${sim.stats.calls.length} calls, ${sim.stats.webhooksDropped} webhooks dropped, 1 worker SIGKILLed with ${killedRunning} executions in flight`],
		['executions', `${rows.length}: ${Object.entries(statuses).map(([s, n]) => `${n} ${s}`).join(', ')}`],
		['  re-driven after failure/crash', `${retryRequests} n8n retries, ${operatorReplays} events replayed; unresolved failures ${unresolved}`],
		['  executions that dropped a duplicate', String(duplicateRuns)],
		['guard keys', `${keys.size} (${keys.size - inProgress} completed, ${inProgress} in progress)`],
		['lost', String(lost)],
		['doubled', String(doubled)],
		['event-to-completion latency', `p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s (n=${latencies.length})`],
		['drain after load', `${((drained - loadEnd) / 1000).toFixed(1)} s`],
	];
	if (sideOutcome) {
		table.push(...sideOutcome.table);
		problems.push(...sideOutcome.problems);
	}
	return { passed: problems.length === 0, table, problems };
}

async function main(): Promise<void> {
	const started = Date.now();
	const opts: SoakOptions = {
		events: Number(argValue('events') ?? 2000),
		rate: Number(argValue('rate') ?? 20),
		duplicateShare: 0.2,
		budgetMs: Number(argValue('budget') ?? 1500) * 1000,
	};
	const tarball = argValue('tarball') ?? (await packPackage()).tarball;
	const which = argValue('workflow') ?? 'templates';
	if (!['templates', 'order-to-ship', 'milestone'].includes(which)) throw new Error(`--workflow must be templates, order-to-ship or milestone, not "${which}"`);
	const journey = which === 'milestone' ? milestoneJourney() : orderToShipJourney();
	const returns = which === 'templates' ? Number(argValue('returns') ?? 400) : 0;
	const workflows = returns ? [journey.workflow, RETURN_WORKFLOW()] : [journey.workflow];
	const cluster = await startCluster({ line: '2.x', packageTarball: tarball, workflows, workers: 2 });
	console.log(`queue mode up in ${seconds(started)} s: main ${cluster.n8n.baseUrl}, workers ${cluster.workers.map((w) => w.pid).join(', ')}, PostgreSQL :${cluster.postgres.port}, Redis :${cluster.redis.port}`);
	let result;
	try {
		const requests = returns ? prepareReturns(cluster, returns) : [];
		if (returns) console.log(`${requests.length} return requests prepared (delivered orders, two in three invoiced)`);
		result = await soak(cluster, journey, opts, returns ? (loadStart, deadline) => returnsLoad(cluster, requests, loadStart, deadline, (opts.events / opts.rate) * 1000) : undefined);
	} finally {
		await cluster.dispose();
	}
	printTable(result.table);
	console.log(`total ${seconds(started)} s`);
	assert.ok(result.passed, result.problems.join('; '));
}

if (require.main === module) runMain('soak', main);
