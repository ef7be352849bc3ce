import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { OdooClient } from '../shared/odoo';
import { nodeError } from '../shared/n8n/errors';
import { openClient } from './connection';
import { triggerError } from './errors';
import { readCursor, startCursor, type CursorState } from './cursor';
import { deliveryProblem, type Delivery, type EventSpec } from './eventSpec';
import type { OdooEvent } from './events';
import { toOdooDatetime } from './odooTime';
import { readDelivery, readEventSpec, readOptions, streamKey, type TriggerOptions } from './parameters';
import { pollEvents, primeCursor, sampleEvents, streamOf } from './poller';
import { recentEventsFor, type RecentEvents } from './recentEvents';
import { readRedelivery, redeliver, takeUpFollowed, writeFollowed } from './redelivery';
import { triggerData } from './staticData';
import { takeTestEvents } from './testEvents';

const SAMPLE_SIZE = 3;

/**
 * Polling delivers the changes since the cursor; in Hybrid delivery the poll reconciles, emitting only what the
 * webhook did not bring; in Webhook delivery it does nothing. With re-delivery on, it first emits again the events
 * whose runs did not complete them (redelivery.ts). The events start one execution, or one each (option Executions).
 * A test run shows the latest matching records and leaves the cursor where it is.
 */
export async function pollOdoo(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const delivery = readDelivery(this);
	const manual = this.getMode() === 'manual';
	if (manual) {
		const received = takeTestEvents(streamKey(this));
		if (received) return [toItems(received)];
	} else if (delivery === 'webhook') {
		return null;
	}
	let client: OdooClient | undefined;
	try {
		client = await openClient(this);
		const spec = await readEventSpec(this, client);
		const now = new Date();
		const events = manual
			? await sampleEvents(client, spec, { database: client.database, now }, SAMPLE_SIZE)
			: await pollChanges(this, client, spec, delivery, now);
		if (!events.length) return null;
		if (manual || readOptions(this).executions === 'perPoll') return [toItems(events)];
		// One execution per event, as the webhook starts them: a failing event does not hold up the others, and in
		// queue mode the events spread over the workers.
		for (const item of toItems(events)) this.__emit([[item]]);
		return null;
	} catch (error) {
		throw triggerError(this.getNode(), error);
	} finally {
		client?.close();
	}
}

async function pollChanges(fn: IPollFunctions, client: OdooClient, spec: EventSpec, delivery: Delivery, now: Date): Promise<OdooEvent[]> {
	const problem = deliveryProblem(spec, delivery);
	if (problem) throw nodeError(fn.getNode(), `This event cannot be polled: ${problem}`);
	const options = readOptions(fn);
	const redelivery = await readRedelivery(fn);
	const database = client.database;
	const recent = delivery === 'hybrid' || redelivery ? recentEventsFor(streamKey(fn)) : undefined;
	if (!redelivery || !recent) return pollNew(fn, client, spec, delivery, now, { recent, follow: false, again: [] });
	await takeUpFollowed(fn.logger, recent, redelivery.log);
	const again = await redeliverSafely(fn, client, spec, recent, redelivery, { database, now, maxEvents: options.maxEvents });
	try {
		return await pollNew(fn, client, spec, delivery, now, { recent, follow: true, again });
	} finally {
		await writeFollowed(fn.logger, recent, redelivery.log);
	}
}

/**
 * The events emitted again (`again`), then the changes since the cursor. `recent` remembers the events emitted (Hybrid
 * delivery skips what the webhook brought), and with `follow` (re-delivery on) follows them.
 */
async function pollNew(
	fn: IPollFunctions,
	client: OdooClient,
	spec: EventSpec,
	delivery: Delivery,
	now: Date,
	{ recent, follow, again }: { recent?: RecentEvents; follow: boolean; again: OdooEvent[] },
): Promise<OdooEvent[]> {
	// Deletions leave nothing to read: only their webhook reports them.
	if (spec.kind === 'deleted') return again;
	const options = readOptions(fn);
	const database = client.database;
	const data = triggerData(fn);
	const state = readCursor(data.cursor);
	const cursor = state?.stream === streamOf(spec) ? state : await firstCursor(client, spec, options, database, now);
	const result = await pollEvents(client, spec, cursor, {
		database,
		now,
		overlapMs: options.overlapMs,
		maxEvents: Math.max(1, options.maxEvents - again.length),
		...(delivery === 'hybrid' ? { lagMs: options.reconcileAfterMs, delivered: (eventId: string) => recent!.has(eventId) } : {}),
	});
	for (const event of result.events) recent?.add(event.eventId, follow ? event.recordId : undefined, now.getTime());
	data.cursor = result.cursor;
	return [...again, ...result.events];
}

/**
 * Re-delivery must not hold up the poll: when the Guard's store or Odoo fails, it is skipped with a warning and tried
 * again at the next poll, and the changes are still reported.
 */
async function redeliverSafely(...args: [IPollFunctions, ...Parameters<typeof redeliver>]): Promise<OdooEvent[]> {
	const [fn, ...rest] = args;
	try {
		const { events, givenUp } = await redeliver(...rest);
		if (events.length) fn.logger.info(`Odoo Logistics Trigger: ${events.length} event(s) emitted again: their runs did not complete them in the Idempotency Guard`);
		if (givenUp) fn.logger.warn(`Odoo Logistics Trigger: ${givenUp} event(s) no longer followed: emitted the most times allowed, or their record changed since`);
		return events;
	} catch (error) {
		fn.logger.warn(`Odoo Logistics Trigger: re-delivery skipped this poll, it runs again at the next one: ${(error as Error).message}`);
		return [];
	}
}

/** Starts from now, or from the chosen date; starting from now, records already holding a value are not news. */
async function firstCursor(client: OdooClient, spec: EventSpec, options: TriggerOptions, database: string, now: Date): Promise<CursorState> {
	const start = startCursor(streamOf(spec), toOdooDatetime(options.startFrom ?? now));
	return options.startFrom ? start : primeCursor(client, spec, start, { database, now, overlapMs: options.overlapMs });
}

function toItems(events: OdooEvent[]): INodeExecutionData[] {
	return events.map((event) => ({ json: event as unknown as IDataObject }));
}
