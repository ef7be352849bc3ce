import { z } from 'zod';

import { laterOf, shiftOdooDatetime } from './odooTime';

/**
 * The polling cursor: a position in Odoo's time (`since`, an Odoo datetime), re-read with an overlap window so that
 * records committed late (their write_date is when their transaction began) are still found, and the events already
 * emitted inside that window, so that none is emitted twice. Lives in the node's static data.
 */
export interface CursorState {
	/** The event stream this cursor follows (model, event, cursor field): another stream starts over. */
	stream: string;
	/** Nothing stamped at or before this is reported: the first activation, or the chosen start date. */
	floor: string;
	/** The highest cursor value read so far. */
	since: string;
	/** `[event id prefix, cursor value]` of emitted events that a later poll can read again. */
	seen: Array<[string, string]>;
}

export interface CursorPolicy {
	overlapMs: number;
	/**
	 * How many emitted events to remember beyond the window. Needed when the event id does not change with the cursor
	 * value (a value event without change date): the record can be read again whenever it is written.
	 */
	retainExtra: number;
	/** Hard cap of remembered events; past it the oldest are forgotten. */
	maxSeen: number;
}

const odooDatetime = z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/);

const cursorStateSchema = z.object({
	stream: z.string(),
	floor: odooDatetime,
	since: odooDatetime,
	seen: z.array(z.tuple([z.string(), z.string()])),
});

/** The stored cursor, or undefined when there is none or it is not one this version wrote. */
export function readCursor(value: unknown): CursorState | undefined {
	const parsed = cursorStateSchema.safeParse(value);
	return parsed.success ? parsed.data : undefined;
}

export function startCursor(stream: string, start: string): CursorState {
	return { stream, floor: start, since: start, seen: [] };
}

/** One poll's view of the cursor: what was seen, and how far it got. */
export class Cursor {
	private readonly seen: Map<string, string>;
	private since: string;

	constructor(
		private readonly state: CursorState,
		private readonly policy: CursorPolicy,
	) {
		this.seen = new Map(state.seen);
		this.since = state.since;
	}

	/** Records with a cursor value at or above this may hold unseen changes. */
	lowerBound(): string {
		return lowerBound(this.state.floor, this.state.since, this.policy.overlapMs);
	}

	has(eventId: string): boolean {
		return this.seen.has(seenKey(eventId));
	}

	/** Remembers an event as emitted (or seen again), at the cursor value its record was read with. */
	remember(eventId: string, cursorValue: string): void {
		const key = seenKey(eventId);
		const known = this.seen.get(key);
		this.seen.set(key, known === undefined ? cursorValue : laterOf(known, cursorValue));
	}

	advanceTo(cursorValue: string): void {
		this.since = laterOf(this.since, cursorValue);
	}

	/** The state to store: events that can no longer be read again are forgotten, within the policy's limits. */
	toState(): CursorState {
		const lower = lowerBound(this.state.floor, this.since, this.policy.overlapMs);
		const byRecency = [...this.seen].sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
		const inWindow = byRecency.filter(([, value]) => value >= lower);
		const older = byRecency.filter(([, value]) => value < lower).slice(0, this.policy.retainExtra);
		const seen = [...inWindow, ...older].slice(0, this.policy.maxSeen);
		return { stream: this.state.stream, floor: this.state.floor, since: this.since, seen };
	}
}

/** 16 hex digits tell apart the events a cursor remembers, and keep the static data small. */
function seenKey(eventId: string): string {
	return eventId.slice(0, 16);
}

function lowerBound(floor: string, since: string, overlapMs: number): string {
	return laterOf(floor, shiftOdooDatetime(since, -overlapMs));
}
