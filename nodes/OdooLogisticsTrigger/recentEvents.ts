/**
 * Event ids this n8n process emitted lately, per trigger node. Odoo may notify one change several times, and in
 * Hybrid delivery the reconciliation poll must skip what the webhook brought; both run in the process that receives
 * the webhooks (the main process, unless webhook processes are split off). Across processes and restarts, the
 * eventId lets an Idempotency Guard drop what remains.
 */
export class RecentEvents {
	private readonly ids = new Set<string>();

	constructor(private readonly capacity: number) {}

	has(eventId: string): boolean {
		return this.ids.has(eventId);
	}

	/** Adds the id; false when it was already there. */
	add(eventId: string): boolean {
		if (this.ids.has(eventId)) return false;
		this.ids.add(eventId);
		if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
		return true;
	}
}

const CAPACITY = 20_000;
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
