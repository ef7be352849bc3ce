import { Domain, DomainTerm, DomainValue, andDomains, orDomains } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import type { ItemParameters } from '../../execution/parameters';
import type { RelationFormat } from '../../odoo/format';
import type { ModelSchema } from '../../odoo/schema';
import { toOdooValue, toOdooValues } from '../../odoo/values';
import { CONDITION_OPERATORS } from './descriptions';

type Json = Record<string, unknown>;

/** The field values of an item (from the field list or the JSON), checked and converted for the model. */
export function readValues(p: ItemParameters, schema: ModelSchema, timeZone: string): Json {
	if (p.raw<string>('valuesMode', 'fields') === 'json') return toOdooValues(schema, p.object('valuesJson', 'Values (JSON)'), timeZone);
	const rows = p.raw<{ values?: Array<{ field?: string; value?: unknown }> }>('fieldValues', {}).values ?? [];
	const values: Json = {};
	for (const row of rows) {
		if (!row.field) throw new InputError('A row of "Fields" has no field name');
		values[row.field] = row.value;
	}
	return toOdooValues(schema, values, timeZone);
}

interface Condition {
	field?: string;
	operator?: string;
	value?: unknown;
}

function listOf(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value !== 'string') return [value];
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (Array.isArray(parsed)) return parsed;
		} catch {
			// Not JSON: a list separated by commas.
		}
	}
	return text.split(',').map((item) => item.trim()).filter(Boolean);
}

function term(condition: Condition, schema: ModelSchema, timeZone: string): DomainTerm {
	const { field, value } = condition;
	if (!field) throw new InputError('A condition has no field');
	schema.require(field);
	const operator = CONDITION_OPERATORS[condition.operator ?? 'equal'];
	if (!operator) throw new InputError(`Unknown condition operator '${String(condition.operator)}'`);
	switch (operator) {
		case 'set':
			return [field, '!=', false];
		case 'not set':
			return [field, '=', false];
		case 'ilike':
		case 'not ilike':
			return [field, operator, String(value ?? '')];
		case 'in':
		case 'not in':
			return [field, operator, listOf(value).map((item) => toOdooValue(schema, field, item, timeZone)) as DomainValue];
		default:
			return [field, operator, toOdooValue(schema, field, value, timeZone) as DomainValue];
	}
}

/** The item's filter: conditions (each value converted for its field) joined by AND or OR, or the written domain. */
export function readFilter(p: ItemParameters, schema: ModelSchema, timeZone: string): Domain {
	if (p.raw<string>('filterMode', 'conditions') === 'domain') return p.domain('domain');
	const conditions = p.raw<{ condition?: Condition[] }>('conditions', {}).condition ?? [];
	const terms = conditions.map((condition): Domain => [term(condition, schema, timeZone)]);
	if (!terms.length) return [];
	return p.raw<string>('match', 'all') === 'any' ? orDomains(...terms) : andDomains(...terms);
}

export function readLimit(p: ItemParameters): { limit?: number; all: boolean } {
	if (p.raw('returnAll', false)) return { all: true };
	return { limit: p.number('limit', 'Limit', { min: 1, whole: true }), all: false };
}

export function readRelationFormat(p: ItemParameters): RelationFormat {
	return p.options().relationFormat === 'raw' ? 'raw' : 'object';
}

/** The Fields option checked against the model, or the default fields that exist on it. */
export function readFields(p: ItemParameters, schema: ModelSchema, defaults?: readonly string[]): string[] {
	const asked = p.fields();
	if (asked.length) return schema.requireAll(asked);
	return defaults ? schema.existing(['id', ...defaults]) : schema.readableFields();
}

/** The longest "Only Once per Key": it is written into the record (a body, a note, a source document, a reference). */
export const MAX_ONCE_KEY_LENGTH = 200;

/**
 * The "Only Once per Key" option (see `onceKeyOption`), trimmed; undefined when the option is not set. Text or a number,
 * not empty, at most MAX_ONCE_KEY_LENGTH characters.
 */
export function readOnceKey(options: Json): string | undefined {
	if (options.onceKey === undefined) return undefined;
	const key = typeof options.onceKey === 'number' ? String(options.onceKey) : options.onceKey;
	if (typeof key !== 'string' || !key.trim()) {
		throw new InputError('The option "Only Once per Key" is empty', 'Give a key that names this event, such as {{ $json.eventId }}, or remove the option.');
	}
	const trimmed = key.trim();
	if (trimmed.length > MAX_ONCE_KEY_LENGTH) {
		throw new InputError(
			`The option "Only Once per Key" is too long (${trimmed.length} characters, at most ${MAX_ONCE_KEY_LENGTH})`,
			'Use a shorter key that names this event, such as its id.',
		);
	}
	return trimmed;
}
