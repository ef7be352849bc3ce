/**
 * Structural comparison of a recorded Odoo answer with the simulator's: same keys (recursively), same value kinds
 * (`false` is not a string, an int is not a float), same date formats; values themselves may differ.
 */
import { PyFloat } from '../odoo-sim/pyjson';

type Kind = 'null' | 'false' | 'true' | 'int' | 'float' | 'string' | 'array' | 'object';

function kindOf(value: unknown): Kind {
	if (value === null || value === undefined) return 'null';
	if (value === false) return 'false';
	if (value === true) return 'true';
	if (value instanceof PyFloat) return 'float';
	if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
	if (typeof value === 'string') return 'string';
	if (Array.isArray(value)) return 'array';
	return 'object';
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function stringFormat(value: string): string | undefined {
	if (DATETIME.test(value)) return 'datetime';
	if (DATE.test(value)) return 'date';
	return undefined;
}

/** Objects keyed by ids (`{"1": {...}, "2": {...}}`) are maps: their keys are data, not structure. */
function isIdMap(value: Record<string, unknown>): boolean {
	const keys = Object.keys(value);
	return keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
}

/** Differences between the shape of `expected` and `actual`, as "path: what" lines (empty when they match). */
export function shapeDiff(expected: unknown, actual: unknown, path = '$'): string[] {
	const e = kindOf(expected);
	const a = kindOf(actual);
	const booleans = (k: Kind) => k === 'true' || k === 'false';
	if (e !== a && !(booleans(e) && booleans(a))) return [`${path}: expected ${e}, got ${a} (${JSON.stringify(actual)?.slice(0, 80)})`];
	if (e === 'string') {
		const format = stringFormat(expected as string);
		if (format && stringFormat(actual as string) !== format) return [`${path}: expected a ${format} string, got ${JSON.stringify(actual)}`];
		return [];
	}
	if (e === 'array') {
		const exp = expected as unknown[];
		const act = actual as unknown[];
		if (!exp.length) return [];
		if (!act.length) return [`${path}: expected a non-empty list, got []`];
		const out: string[] = [];
		act.forEach((item, i) => {
			const attempts = exp.map((candidate) => shapeDiff(candidate, item, `${path}[${i}]`));
			if (attempts.every((diff) => diff.length)) out.push(...attempts.sort((x, y) => x.length - y.length)[0]);
		});
		return out;
	}
	if (e === 'object') {
		const exp = expected as Record<string, unknown>;
		const act = actual as Record<string, unknown>;
		if (isIdMap(exp) && isIdMap(act)) {
			const sample = Object.values(exp)[0];
			return Object.entries(act).flatMap(([k, v]) => shapeDiff(sample, v, `${path}.${k}`));
		}
		const out: string[] = [];
		for (const key of Object.keys(exp)) {
			if (!(key in act)) out.push(`${path}: missing key "${key}"`);
			else out.push(...shapeDiff(exp[key], act[key], `${path}.${key}`));
		}
		for (const key of Object.keys(act)) if (!(key in exp)) out.push(`${path}: unexpected key "${key}"`);
		return out;
	}
	return [];
}

/** Keys whose values are business facts the recording shows (a state, a status, an action's model), not data. */
const SEMANTIC_KEYS = new Set([
	'state',
	'delivery_status',
	'receipt_status',
	'invoice_status',
	'request_status',
	'picking_type_code',
	'res_model',
	'type',
	'message_type',
	'trigger',
	'usage',
	'target',
	'view_mode',
]);

/** Differences of value (lines starting with "value ") at the semantic keys, wherever both answers have them. */
export function semanticDiff(expected: unknown, actual: unknown, path = '$'): string[] {
	if (Array.isArray(expected) && Array.isArray(actual)) {
		return expected.length === actual.length ? expected.flatMap((e, i) => semanticDiff(e, actual[i], `${path}[${i}]`)) : [];
	}
	if (!expected || !actual || typeof expected !== 'object' || typeof actual !== 'object') return [];
	const exp = expected as Record<string, unknown>;
	const act = actual as Record<string, unknown>;
	return Object.keys(exp).flatMap((key) => {
		if (!(key in act)) return [];
		if (SEMANTIC_KEYS.has(key) && (typeof exp[key] === 'string' || exp[key] === false) && exp[key] !== act[key]) {
			return [`value ${path}.${key}: expected ${JSON.stringify(exp[key])}, got ${JSON.stringify(act[key])}`];
		}
		return semanticDiff(exp[key], act[key], `${path}.${key}`);
	});
}

/** `fields_get` answers: every recorded attribute of every recorded field, with the same value. */
export function attributeDiff(expected: unknown, actual: unknown): string[] {
	if (!expected || !actual || typeof expected !== 'object' || typeof actual !== 'object') return [];
	const act = actual as Record<string, Record<string, unknown>>;
	return Object.entries(expected as Record<string, Record<string, unknown>>).flatMap(([field, attributes]) =>
		Object.entries(attributes)
			.filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(act[field]?.[name]))
			.map(([name, value]) => `attribute ${field}.${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(act[field]?.[name])}`),
	);
}

/** Digits replaced, so that ids, dates, amounts and sequence numbers compare equal while the text around them does not. */
export function normalizeDigits(text: string): string {
	return text.replace(/\d+/g, '0');
}
