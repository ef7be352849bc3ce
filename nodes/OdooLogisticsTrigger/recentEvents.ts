/** An emitted event followed until its run completes it (see `redelivery.ts`). */
export interface PendingEvent {
	recordId: number;
	/** When it was emitted last (epoch ms). */
	at: number;
	/** How often it was emitted again. */
	redeliveries: number;
}

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
		this.entries.set(eventId, recordId === undefined ? null : { recordId, at, redeliveries: 0 });
		if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
		return true;
	}

	/**
	 * Pending events due for a check at `now`, oldest first, at most `limit`: emitted `afterMs` ago or more, twice as
	 * long after each re-delivery (an event still waiting in a busy queue is not piled up there again and again).
	 */
	due(now: number, afterMs: number, limit: number): Array<[string, PendingEvent]> {
		const due: Array<[string, PendingEvent]> = [];
		for (const [eventId, pending] of this.entries) {
			if (due.length >= limit) break;
			if (pending && pending.at + afterMs * 2 ** Math.min(pending.redeliveries, 10) <= now) due.push([eventId, pending]);
		}
		return due;
	}

	/** Stops following the event; its id is still recognised. */
	settle(eventId: string): void {
		if (this.entries.has(eventId)) this.entries.set(eventId, null);
	}

	/** The event was emitted again: it moves to the newest end, so eviction takes the oldest first. */
	redelivered(eventId: string, at: number): void {
		const pending = this.entries.get(eventId);
		if (!pending) return;
		this.entries.delete(eventId);
		this.entries.set(eventId, { ...pending, at, redeliveries: pending.redeliveries + 1 });
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
