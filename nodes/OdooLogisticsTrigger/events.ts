import type { OdooRecord } from '../shared/odoo';
import { sha256Hex } from './digest';
import type { EventSpec } from './eventSpec';
import { isOdooDatetime, odooToIso } from './odooTime';

/** `redelivery`: emitted again because the run it started did not complete it (see redelivery.ts). */
export type DeliveredBy = 'webhook' | 'poll' | 'redelivery';

/** One change of one record, as the trigger emits it. */
export interface OdooEvent {
	/** The same for the same change whether a webhook or a poll delivered it: deduplicate on it downstream. */
	eventId: string;
	eventType: string;
	model: string;
	recordId: number;
	/** ISO 8601, UTC. */
	occurredAt: string;
	source: 'odoo';
	deliveredBy: DeliveredBy;
	record: Record<string, unknown>;
}

interface Change {
	/** What tells this change of the record apart from its other changes of the same event type. */
	marker: string;
	/** Odoo datetime of the change, when the record carries one. */
	at: string | undefined;
}

/**
 * The marker is read from the committed record, identically by the webhook path (after reading the record back) and
 * by the poll: the creation, the write_date of an update, the date Odoo sets with a value (or the value itself), the
 * due date. Odoo's datetimes have whole seconds, so changes of one record within one second are one event.
 */
function changeOf(spec: EventSpec, record: OdooRecord): Change {
	switch (spec.kind) {
		case 'created':
			return { marker: '', at: datetime(record.create_date) };
		case 'updated':
			return { marker: String(record.write_date), at: datetime(record.write_date) };
		case 'deleted':
			return { marker: '', at: undefined };
		case 'due':
			return { marker: String(record[spec.dueDate]), at: datetime(record[spec.dueDate]) };
		case 'valueSet': {
			const changedAt = spec.changeDate ? datetime(record[spec.changeDate]) : undefined;
			if (changedAt) return { marker: changedAt, at: changedAt };
			return { marker: spec.once ? '' : valueKey(record[spec.field]), at: datetime(record.write_date) };
		}
	}
}

export function eventIdOf(database: string, spec: EventSpec, recordId: number, marker: string): string {
	const identity = JSON.stringify([database, spec.model, recordId, spec.eventType, marker]);
	return sha256Hex(identity, 32);
}

/** The event for a record as Odoo returned it; `now` dates a deletion (which leaves no date behind). */
export function toEvent(spec: EventSpec, database: string, record: OdooRecord, deliveredBy: DeliveredBy, now: Date): OdooEvent {
	const { marker, at } = changeOf(spec, record);
	return {
		eventId: eventIdOf(database, spec, record.id, marker),
		eventType: spec.eventType,
		model: spec.model,
		recordId: record.id,
		occurredAt: at ? odooToIso(at) : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
		source: 'odoo',
		deliveredBy,
		record,
	};
}

function datetime(value: unknown): string | undefined {
	return isOdooDatetime(value) || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) ? value : undefined;
}

/** A many2one reads as `[id, name]`: its id identifies the value. */
function valueKey(value: unknown): string {
	return Array.isArray(value) ? String(value[0]) : String(value);
}
