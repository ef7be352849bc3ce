import type { OdooEvent } from './events';

/**
 * In a test run that listened for a webhook, n8n runs a polling-capable trigger by calling `poll()` instead of
 * passing on what `webhook()` returned. The webhook leaves its events here, in this process, for that `poll()`.
 */
const TTL_MS = 120_000;
const waiting = new Map<string, { events: OdooEvent[]; at: number }>();

export function leaveTestEvents(streamKey: string, events: OdooEvent[], now = Date.now()): void {
	waiting.set(streamKey, { events, at: now });
}

export function takeTestEvents(streamKey: string, now = Date.now()): OdooEvent[] | undefined {
	const entry = waiting.get(streamKey);
	waiting.delete(streamKey);
	return entry && now - entry.at <= TTL_MS ? entry.events : undefined;
}
