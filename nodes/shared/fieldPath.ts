/** Reads one field of an item; compiled once per run so that large batches do not split the path per item. */
export type FieldReader = (record: unknown) => unknown;

/** `'a, b\nc'` → `['a', 'b', 'c']`: a list written in a text parameter, by commas or lines, blanks dropped. */
export function splitList(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((value) => value.trim())
		.filter((value) => value.length > 0);
}

/** `'commitment_date, date_deadline'` → `['commitment_date', 'date_deadline']`. */
export const parseFieldList = splitList;

/**
 * A reader for a dotted path: `carrier_id`, `result.status`, `partner_id.1` (the name of an Odoo many2one pair).
 * A missing step reads as `undefined`.
 */
export function compilePath(path: string): FieldReader {
	const steps = path.split('.');
	if (steps.length === 1) {
		return (record) => (isIndexable(record) ? (record as Record<string, unknown>)[path] : undefined);
	}
	return (record) => {
		let value = record;
		for (const step of steps) {
			if (!isIndexable(value)) return undefined;
			value = (value as Record<string, unknown>)[step];
		}
		return value;
	};
}

function isIndexable(value: unknown): boolean {
	return typeof value === 'object' && value !== null;
}

/** Odoo writes `false` for an empty field; n8n items may also carry `null`, `undefined` or blank text. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || value === false || (typeof value === 'string' && value.trim() === '');
}

/**
 * A copy of an item's JSON with `result` added under `field`. `Object.assign` copies large batches several times
 * faster than an object literal with a spread and a computed key.
 */
export function withResult<T extends object>(json: T, field: string, result: object): T & Record<string, unknown> {
	const copy = Object.assign({}, json) as Record<string, unknown>;
	copy[field] = result;
	return copy as T & Record<string, unknown>;
}
