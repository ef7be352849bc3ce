/** An emitted event followed until its run completes it (see `redelivery.ts`). */
export interface PendingEvent {
	recordId: number;
	/** When it was emitted last (epoch ms). */
	at: number;
	/** How often it was emitted again. */
	redeliveries: number;
	/** The next check waits this many times "Re-Deliver After" (doubles while the event never reaches its Guard). */
	delayFactor: number;
}

/** The longest wait between two re-deliveries, in periods of "Re-Deliver After". */
const MAX_DELAY_FACTOR = 4;

/**
 * Event ids this n8n process emitted lately, per trigger node. Odoo may notify one change several times, and in
 * Hybrid delivery the reconciliation poll must skip what the webhook brought; both run in the process that receives
 * the webhooks (the main process, unless webhook processes are split off). Across processes and restarts, the
 * eventId lets an Idempotency Guard drop what remains.
 *
 * An event is pending from its emission until re-delivery finds its Guard key completed (or gives up): only pending
 * events are checked again. Settled ones are kept as ids, to recognise a repeated notification.
 */
export class RecentEvents {
	private readonly entries = new Map<string, PendingEvent | null>();

	constructor(private readonly capacity: number) {}

	has(eventId: string): boolean {
		return this.entries.has(eventId);
	}

	get size(): number {
		return this.entries.size;
	}

	/** Adds the id, pending when the record is given; false when it was already there. */
	add(eventId: string, recordId?: number, at = Date.now()): boolean {
		if (this.entries.has(eventId)) return false;
		this.entries.set(eventId, recordId === undefined ? null : { recordId, at, redeliveries: 0, delayFactor: 1 });
		if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
		return true;
	}

	/** Pending events due for a check at `now`, oldest first, at most `limit`. */
	due(now: number, afterMs: number, limit: number): Array<[string, PendingEvent]> {
		const due: Array<[string, PendingEvent]> = [];
		for (const [eventId, pending] of this.entries) {
			if (due.length >= limit) break;
			if (pending && pending.at + afterMs * pending.delayFactor <= now) due.push([eventId, pending]);
		}
		return due;
	}

	/** Stops following the event; its id is still recognised. */
	settle(eventId: string): void {
		if (this.entries.has(eventId)) this.entries.set(eventId, null);
	}

	/**
	 * The event was emitted again: it moves to the newest end, so eviction takes the oldest first. `unseen`: its Guard
	 * has no key for it (never claimed, or released), so it may still be waiting in a busy queue: the next check waits
	 * twice as long (up to MAX_DELAY_FACTOR periods). After a lease that ran out, the next check comes after one period.
	 */
	redelivered(eventId: string, at: number, unseen: boolean): void {
		const pending = this.entries.get(eventId);
		if (!pending) return;
		this.entries.delete(eventId);
		const delayFactor = unseen ? Math.min(MAX_DELAY_FACTOR, pending.delayFactor * 2) : 1;
		this.entries.set(eventId, { ...pending, at, redeliveries: pending.redeliveries + 1, delayFactor });
	}
}

const CAPACITY = 50_000;
const MAX_STREAMS = 1_000;
const streams = new Map<string, RecentEvents>();

/** The memory of one trigger node (`workflowId:nodeId`). */
export function recentEventsFor(streamKey: string): RecentEvents {
	let recent = streams.get(streamKey);
	if (!recent) {
		recent = new RecentEvents(CAPACITY);
		streams.set(streamKey, recent);
		if (streams.size > MAX_STREAMS) streams.delete(streams.keys().next().value as string);
	}
	return recent;
}
