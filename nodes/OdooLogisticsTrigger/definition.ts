import type { Domain } from '../shared/odoo';

/**
 * What the trigger watches, independent of how it learns about it:
 * - `created`: a record is created;
 * - `updated`: a record is saved (created or written), optionally only when one of `watch` changes;
 * - `valueSet`: `field` takes one of `values` (any value when empty);
 * - `deleted`: a record is deleted (Odoo notifies it; polling cannot see it);
 * - `due`: the date `dueDate` passes while the record matches the domain (polling only: time passing writes nothing).
 */
export type EventDefinition =
	| (CommonDefinition & { kind: 'created' })
	| (CommonDefinition & { kind: 'updated'; watch: string[] })
	| (CommonDefinition & ValueSetDefinition)
	| (CommonDefinition & { kind: 'deleted' })
	| (CommonDefinition & DueDefinition);

export type EventKind = EventDefinition['kind'];

interface CommonDefinition {
	model: string;
	/** `sale.order.confirmed`: names the event in the output and in its id. */
	eventType: string;
	/** Records outside this domain never produce the event. */
	domain: Domain;
	/** Fields of the record put in the event. */
	fields: string[];
}

interface ValueSetDefinition {
	kind: 'valueSet';
	field: string;
	values: string[];
	/** A datetime Odoo sets in the same write as the value (`date_order` on confirmation): it tells re-entries apart. */
	changeDate?: string;
	/** One event per record, whichever of `values` it reaches and however often. */
	once?: boolean;
}

interface DueDefinition {
	kind: 'due';
	dueDate: string;
	/** When the record becomes eligible (created, confirmed): a record can be due from its start. */
	entryDate: string;
}
