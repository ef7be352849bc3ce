import { andDomains, orDomains, type Domain, type OdooClient, type OdooRecord } from '../shared/odoo';
import { Cursor, type CursorPolicy, type CursorState } from './cursor';
import { eventDomain, type EventSpec } from './eventSpec';
import { toEvent, type OdooEvent } from './events';
import { laterOf, toOdooDatetime } from './odooTime';

const PAGE_SIZE = 200;
/** Value events without change date: how many emitted events are remembered beyond the window. */
const VALUE_MEMORY = 2_000;
const MAX_SEEN = 20_000;

export interface PollSettings {
	database: string;
	overlapMs: number;
	/** Events per poll at most; the rest comes with the next polls. */
	maxEvents: number;
	pageSize?: number;
	now: Date;
	/** Changes younger than this are left to the webhook (Hybrid). */
	lagMs?: number;
	/** Events that were delivered otherwise (by the webhook, in Hybrid). */
	delivered?: (eventId: string) => boolean;
}

export interface PollResult {
	events: OdooEvent[];
	cursor: CursorState;
}

/** The datetime field the poll pages through. */
function cursorField(spec: EventSpec): string {
	switch (spec.kind) {
		case 'created':
			return 'create_date';
		case 'valueSet':
			return spec.changeDate ?? 'write_date';
		case 'due':
			return spec.dueDate;
		default:
			return 'write_date';
	}
}

/** Identifies what a stored cursor counts: when the event or its cursor field changes, polling starts over. */
export function streamOf(spec: EventSpec): string {
	return [spec.model, spec.eventType, spec.kind, cursorField(spec)].join('|');
}

/** Whether a value event is read by write_date, so that a record is read again at every write. */
function rereadsRecords(spec: EventSpec): boolean {
	return spec.kind === 'valueSet' && !spec.changeDate;
}

function cursorPolicy(spec: EventSpec, overlapMs: number): CursorPolicy {
	return { overlapMs, retainExtra: rereadsRecords(spec) ? VALUE_MEMORY : 0, maxSeen: MAX_SEEN };
}

/**
 * Reads the records changed since the cursor, oldest first, page by page on (cursor field, id) so that records
 * written during the poll can neither shift a page nor be skipped, and returns the events not emitted before.
 */
export async function pollEvents(client: OdooClient, spec: EventSpec, state: CursorState, settings: PollSettings): Promise<PollResult> {
	const field = cursorField(spec);
	const pageSize = settings.pageSize ?? PAGE_SIZE;
	const cursor = new Cursor(state, cursorPolicy(spec, settings.overlapMs));
	const lower = cursor.lowerBound();
	const upper = upperBound(spec, settings);
	const events: OdooEvent[] = [];
	if (upper !== undefined && upper < lower) return { events, cursor: cursor.toState() };

	const base = andDomains(eventDomain(spec), windowDomain(spec, field, lower, upper));
	let after: { value: unknown; id: number } | undefined;
	let capped = false;
	while (!capped) {
		const domain = after ? andDomains(base, afterDomain(field, after.value, after.id)) : base;
		const rows = await client.searchRead(spec.model, domain, { fields: spec.readFields, order: `${field} asc, id asc`, limit: pageSize });
		for (const row of rows) {
			const event = toEvent(spec, settings.database, row, 'poll', settings.now);
			if (!cursor.has(event.eventId) && !settings.delivered?.(event.eventId)) events.push(event);
			const value = cursorValue(spec, row);
			cursor.remember(event.eventId, value);
			if (spec.kind !== 'due') cursor.advanceTo(value);
			after = { value: row[field], id: row.id };
			if (events.length >= settings.maxEvents) {
				capped = true;
				break;
			}
		}
		if (rows.length < pageSize) break;
	}
	// A due event is about time passing: once every record due until `upper` was read, the cursor is there.
	if (spec.kind === 'due' && !capped && upper !== undefined) cursor.advanceTo(upper);
	return { events, cursor: cursor.toState() };
}

/**
 * Remembers the records that already hold the value when polling starts: a value event read by write_date would
 * otherwise report them at their next write, although they reached the value before.
 */
export async function primeCursor(client: OdooClient, spec: EventSpec, state: CursorState, settings: Pick<PollSettings, 'database' | 'now' | 'overlapMs'>): Promise<CursorState> {
	if (spec.kind !== 'valueSet' || spec.changeDate) return state;
	const rows = await client.searchRead(spec.model, eventDomain(spec), {
		fields: ['write_date', spec.field],
		order: 'write_date desc, id desc',
		limit: VALUE_MEMORY,
	});
	const cursor = new Cursor(state, cursorPolicy(spec, settings.overlapMs));
	for (const row of rows) cursor.remember(toEvent(spec, settings.database, row, 'poll', settings.now).eventId, cursorValue(spec, row));
	return cursor.toState();
}

/** The latest matching records as events, for a test run: no cursor is read or moved. */
export async function sampleEvents(client: OdooClient, spec: EventSpec, settings: Pick<PollSettings, 'database' | 'now'>, limit: number): Promise<OdooEvent[]> {
	const field = cursorField(spec);
	const due: Domain = spec.kind === 'due' ? [[spec.dueDate, '<=', toOdooDatetime(settings.now)]] : [];
	const rows = await client.searchRead(spec.model, andDomains(eventDomain(spec), due), {
		fields: spec.readFields,
		order: `${field} desc, id desc`,
		limit,
	});
	return rows.map((row) => toEvent(spec, settings.database, row, 'poll', settings.now));
}

function upperBound(spec: EventSpec, settings: PollSettings): string | undefined {
	if (spec.kind === 'due') return toOdooDatetime(settings.now);
	return settings.lagMs ? toOdooDatetime(new Date(settings.now.getTime() - settings.lagMs)) : undefined;
}

/** Bounds are inclusive: records sharing the second of the cursor are read again and recognised as seen. */
function windowDomain(spec: EventSpec, field: string, lower: string, upper: string | undefined): Domain {
	if (spec.kind === 'due') {
		return andDomains([[field, '<=', upper ?? lower]], orDomains([[field, '>=', lower]], [[spec.entryDate, '>=', lower]]));
	}
	return upper === undefined ? [[field, '>=', lower]] : [[field, '>=', lower], [field, '<=', upper]];
}

function afterDomain(field: string, value: unknown, id: number): Domain {
	return orDomains([[field, '>', value as string]], [[field, '=', value as string], ['id', '>', id]]);
}

/** The position of a record on the cursor; a due record can also come into the window by its entry date. */
function cursorValue(spec: EventSpec, row: OdooRecord): string {
	const value = String(row[cursorField(spec)]);
	if (spec.kind !== 'due') return value;
	const entry = row[spec.entryDate];
	return typeof entry === 'string' ? laterOf(value, entry) : value;
}
