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

/** What changed among the followed events since the last `takeChanges`: to write to the `PendingLog`. */
export interface PendingChanges {
	set: Array<[string, PendingEvent]>;
	removed: string[];
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
 * events are checked again. Settled ones are kept as ids, to recognise a repeated notification. With re-delivery on,
 * the pending events are also written to a `PendingLog`, which outlives the process.
 */
export class RecentEvents {
	private readonly entries = new Map<string, PendingEvent | null>();
	/** Event ids whose following started, changed or ended since the last `takeChanges`. */
	private readonly changed = new Set<string>();

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
		if (recordId !== undefined) this.changed.add(eventId);
		this.evictOverCapacity();
		return true;
	}

	/**
	 * Takes up the events another process, or this one before a restart, wrote as followed (see `PendingLog`). An event
	 * this process knows already keeps its state here; one it stopped following is marked to be removed from the log.
	 */
	restore(entries: ReadonlyArray<[string, PendingEvent]>): void {
		for (const [eventId, pending] of entries) {
			if (!this.entries.has(eventId)) {
				this.entries.set(eventId, { ...pending });
				this.evictOverCapacity();
			} else if (this.entries.get(eventId) === null) {
				this.changed.add(eventId);
			}
		}
	}

	/** The changes since the last call, to write to the log; a change taken is not given again. */
	takeChanges(): PendingChanges {
		const changes: PendingChanges = { set: [], removed: [] };
		for (const eventId of this.changed) {
			const pending = this.entries.get(eventId);
			if (pending) changes.set.push([eventId, { ...pending }]);
			else changes.removed.push(eventId);
		}
		this.changed.clear();
		return changes;
	}

	/** Changes that could not be written: the next `takeChanges` gives them again. */
	keepChanges(changes: PendingChanges): void {
		for (const [eventId] of changes.set) this.changed.add(eventId);
		for (const eventId of changes.removed) this.changed.add(eventId);
	}

	private evictOverCapacity(): void {
		while (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value as string;
			if (this.entries.get(oldest)) this.changed.add(oldest);
			this.entries.delete(oldest);
		}
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
		if (!this.entries.has(eventId)) return;
		if (this.entries.get(eventId)) this.changed.add(eventId);
		this.entries.set(eventId, null);
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
		this.changed.add(eventId);
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

/** Forgets every trigger's memory, as a restart of the process does. */
export function forgetRecentEvents(): void {
	streams.clear();
}
