import { fromOdooDatetime } from './dates';
import { ModelSchema } from './schema';

/** How many2one values come out: `{ id, name }`, or Odoo's own `[id, name]` pair. */
export type RelationFormat = 'object' | 'raw';

type Json = Record<string, unknown>;

function relation(value: unknown, format: RelationFormat): unknown {
	if (format === 'raw' || !Array.isArray(value) || value.length !== 2) return value;
	return { id: value[0], name: value[1] };
}

/**
 * A record as the node outputs it: many2one as `{ id, name }` (or raw), datetimes as ISO 8601 in UTC, and Odoo's `false`
 * for an empty value as `null` (booleans keep `false`).
 */
export function formatRecord(record: Json, schema: ModelSchema, format: RelationFormat): Json {
	const result: Json = {};
	for (const [name, value] of Object.entries(record)) {
		const type = schema.field(name)?.type;
		if (value === false && type !== 'boolean' && type !== undefined) result[name] = null;
		else if (type === 'many2one') result[name] = relation(value, format);
		else if (type === 'datetime') result[name] = fromOdooDatetime(value);
		else result[name] = value;
	}
	return result;
}

/** The id of a many2one value as Odoo returns it (`[id, name]`, or a bare id). */
export function relationId(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

export function idList(value: unknown): number[] {
	return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}
