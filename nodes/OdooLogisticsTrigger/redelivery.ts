import type { IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { andDomains, type OdooClient } from '../shared/odoo';
import { namespaceSchema, storeFolderSchema } from '../IdempotencyGuard/config';
import { scopeFor } from '../IdempotencyGuard/guard';
import { REDIS_CREDENTIAL, redisConfigOf } from '../IdempotencyGuard/redisCredential';
import type { IdempotencyStore } from '../IdempotencyGuard/stores/IdempotencyStore';
import { openStore } from '../IdempotencyGuard/stores/open';
import { TriggerConfigError, eventDomain, type EventSpec } from './eventSpec';
import { toEvent, type OdooEvent } from './events';
import { streamKey } from './parameters';
import { openPendingLog, type PendingLog } from './pendingLog';
import type { RecentEvents } from './recentEvents';

/**
 * Re-delivery makes the trigger deliver each event at least once to the workflow's Idempotency Guard, whatever happens
 * to the run it starts. An emitted event stays pending in this process until the Guard's record of its eventId is
 * completed. At each poll, the events emitted at least "Re-Deliver After" ago are looked up in the Guard's store (an
 * event without a key may still be waiting in a busy queue: after each such re-delivery the next waits twice as long,
 * up to 4 periods):
 * - completed: done, no longer followed;
 * - in progress with a live lease: a run is at it, checked again at the next poll;
 * - missing, released, or in progress with a lease that ran out: the run was lost before the Guard (an execution never
 *   created, a worker that died), failed and released the key, or died holding it. The record is read again and, if it
 *   still makes the same event, the event is emitted again (`deliveredBy: 'redelivery'`).
 * An event emitted "Max Re-deliveries" times, or whose record no longer makes it, is given up.
 *
 * The followed events are also written to a `PendingLog` next to the Guard's store, so that a restart of n8n, or
 * webhooks received by another process, lose none of them: each poll takes up what the log holds.
 */
export type RedeliveryStore = 'off' | 'local' | 'redis';

export interface Redelivery {
	/** Opens the Guard's store (a failure to connect is the poll's to handle). */
	store: () => Promise<IdempotencyStore>;
	/** Where this trigger's followed events outlive the process. */
	log: PendingLog;
	/** The Guard's scope of the keys: `workflow:<id>` or `namespace:<name>`. */
	scope: string;
	afterMs: number;
	maxRedeliveries: number;
}

export interface RedeliveryReport {
	events: OdooEvent[];
	/** Events given up this poll: re-delivered too often, or their record no longer makes them. */
	givenUp: number;
}

const LABELS: Record<string, string> = {
	guardNamespace: 'Guard Namespace',
	redeliverAfterSeconds: 'Re-Deliver After (Seconds)',
	maxRedeliveries: 'Max Re-Deliveries',
	guardStoreFolder: 'Guard Store Folder',
};

const optionsSchema = z.object({
	guardNamespace: namespaceSchema.default(''),
	redeliverAfterSeconds: z.number().min(1, 'must be at least 1').max(7 * 86_400, 'must be at most 7 days').default(600),
	maxRedeliveries: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
	guardStoreFolder: storeFolderSchema.default(''),
});

const READ_CHUNK = 200;

/** The re-delivery settings of the node; undefined when it is off. Bad settings throw, naming the option. */
export async function readRedelivery(fn: IPollFunctions | IWebhookFunctions): Promise<Redelivery | undefined> {
	const kind = fn.getNodeParameter('redelivery', 'off') as RedeliveryStore;
	if (kind === 'off') return undefined;
	if (kind !== 'local' && kind !== 'redis') throw new TriggerConfigError('Re-Deliver Until Completed', `'${String(kind)}' is not a choice`);
	const raw = fn.getNodeParameter('options', {}) as Record<string, unknown>;
	const parsed = optionsSchema.safeParse(Object.fromEntries(Object.keys(LABELS).filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]])));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new TriggerConfigError(LABELS[String(issue.path[0])] ?? 'Options', issue.message);
	}
	const options = parsed.data;
	const namespace = options.guardNamespace || undefined;
	const workflowId = fn.getWorkflow().id;
	if (!namespace && !workflowId) throw new TriggerConfigError('Guard Namespace', 'this workflow has no ID yet: save it, or set a namespace');
	return {
		...(await guardStore(fn, kind, options.guardStoreFolder)),
		scope: scopeFor(String(workflowId), namespace),
		afterMs: options.redeliverAfterSeconds * 1000,
		maxRedeliveries: options.maxRedeliveries,
	};
}

async function guardStore(
	fn: IPollFunctions | IWebhookFunctions,
	kind: 'local' | 'redis',
	folder: string,
): Promise<Pick<Redelivery, 'store' | 'log'>> {
	if (kind === 'redis') {
		const redis = redisConfigOf(await fn.getCredentials(REDIS_CREDENTIAL));
		return { store: () => openStore({ kind: 'redis', redis }), log: openPendingLog({ kind: 'redis', redis }, streamKey(fn)) };
	}
	if (process.env.EXECUTIONS_MODE === 'queue') {
		throw new TriggerConfigError(
			'Re-Deliver Until Completed',
			'the Local store keeps keys inside one n8n process, but n8n runs in queue mode, where the Guard runs on the workers. Use the Redis Guard Store, as the Guard does',
		);
	}
	return { store: () => openStore({ kind: 'local', folder }), log: openPendingLog({ kind: 'local', folder }, streamKey(fn)) };
}

/** The pending events due for a check: emitted again when their run did not complete them. */
export async function redeliver(
	client: OdooClient,
	spec: EventSpec,
	recent: RecentEvents,
	redelivery: Redelivery,
	settings: { database: string; now: Date; maxEvents: number },
): Promise<RedeliveryReport> {
	const now = settings.now.getTime();
	const due = recent.due(now, redelivery.afterMs, settings.maxEvents);
	if (due.length === 0) return { events: [], givenUp: 0 };
	const records = await (await redelivery.store()).get(due.map(([eventId]) => `${redelivery.scope}:${eventId}`));
	const reread = new Map<string, number>();
	const unseen = new Set<string>();
	let givenUp = 0;
	due.forEach(([eventId, pending], index) => {
		const record = records[index];
		if (record?.status === 'completed') return recent.settle(eventId);
		if (record?.status === 'in_progress' && record.leaseExpiresAt > now) return;
		if (pending.redeliveries >= redelivery.maxRedeliveries) {
			givenUp += 1;
			return recent.settle(eventId);
		}
		if (!record) unseen.add(eventId);
		reread.set(eventId, pending.recordId);
	});
	const events: OdooEvent[] = [];
	const ids = [...new Set(reread.values())];
	for (let start = 0; start < ids.length; start += READ_CHUNK) {
		const chunk = ids.slice(start, start + READ_CHUNK);
		const rows = await client.searchRead(spec.model, andDomains(eventDomain(spec), [['id', 'in', chunk]]), { fields: spec.readFields });
		for (const row of rows) {
			const event = toEvent(spec, settings.database, row, 'redelivery', settings.now);
			if (!reread.delete(event.eventId)) continue;
			recent.redelivered(event.eventId, now, unseen.has(event.eventId));
			events.push(event);
		}
	}
	// What is left no longer comes out of its record (changed again, cancelled, deleted): that event is over.
	for (const eventId of reread.keys()) {
		givenUp += 1;
		recent.settle(eventId);
	}
	return { events, givenUp };
}

type Logger = Pick<IPollFunctions['logger'], 'warn'>;

/** Takes up the events the log holds as followed. A log that can't be read is skipped with a warning. */
export async function takeUpFollowed(logger: Logger, recent: RecentEvents, log: PendingLog): Promise<void> {
	try {
		recent.restore(await log.load());
	} catch (error) {
		logger.warn(`Odoo Logistics Trigger: could not read the events followed for re-delivery, read again at the next poll: ${(error as Error).message}`);
	}
}

/** Writes what changed among the followed events. What can't be written is written with the next changes. */
export async function writeFollowed(logger: Logger, recent: RecentEvents, log: PendingLog): Promise<void> {
	const changes = recent.takeChanges();
	try {
		await log.write(changes);
	} catch (error) {
		recent.keepChanges(changes);
		logger.warn(`Odoo Logistics Trigger: could not write the events followed for re-delivery, written with the next change: ${(error as Error).message}`);
	}
}
