import { valueError } from '../errors';
import { pyRepr } from '../pyjson';
import type { OdooSimVersion } from '../version';
import type { FieldDef } from './model';

type Opts = Partial<FieldDef>;
type Selection = ReadonlyArray<readonly [string, string]>;

/** Field declaration builders: `char('Reference', { required: true })`. */
export const char = (string: string, o: Opts = {}): FieldDef => ({ type: 'char', string, ...o });
export const text = (string: string, o: Opts = {}): FieldDef => ({ type: 'text', string, ...o });
export const html = (string: string, o: Opts = {}): FieldDef => ({ type: 'html', string, ...o });
export const integer = (string: string, o: Opts = {}): FieldDef => ({ type: 'integer', string, ...o });
export const float = (string: string, o: Opts = {}): FieldDef => ({ type: 'float', string, ...o });
export const monetary = (string: string, o: Opts = {}): FieldDef => ({ type: 'monetary', string, digits: 2, ...o });
export const boolean = (string: string, o: Opts = {}): FieldDef => ({ type: 'boolean', string, ...o });
export const date = (string: string, o: Opts = {}): FieldDef => ({ type: 'date', string, ...o });
export const datetime = (string: string, o: Opts = {}): FieldDef => ({ type: 'datetime', string, ...o });
export const binary = (string: string, o: Opts = {}): FieldDef => ({ type: 'binary', string, ...o });
export const selection = (values: Selection, string: string, o: Opts = {}): FieldDef => ({
	type: 'selection',
	string,
	selection: values,
	...o,
});
export const many2one = (relation: string, string: string, o: Opts = {}): FieldDef => ({
	type: 'many2one',
	string,
	relation,
	...o,
});
export const one2many = (relation: string, inverse: string, string: string, o: Opts = {}): FieldDef => ({
	type: 'one2many',
	string,
	relation,
	inverse,
	...o,
});
export const many2many = (relation: string, string: string, o: Opts = {}): FieldDef => ({
	type: 'many2many',
	string,
	relation,
	...o,
});
export const reference = (modelField: string, string: string, o: Opts = {}): FieldDef => ({
	type: 'many2one_reference',
	string,
	modelField,
	...o,
});

/**
 * Options for a field a later version renamed (`product_uom_id` for `product_uom` from 19.0): the new name reads and
 * writes the stored one.
 */
export const renamedFrom = (stored: string, since: OdooSimVersion): Opts => ({
	since,
	compute: (rec) => rec.get(stored),
	setter: (rec, value) => rec.write({ [stored]: value }),
});

export const isRelational = (field: FieldDef): boolean =>
	field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
export const isX2many = (field: FieldDef): boolean => field.type === 'one2many' || field.type === 'many2many';
export const isNumeric = (field: FieldDef): boolean =>
	field.type === 'integer' || field.type === 'float' || field.type === 'monetary';

/** The value an unset field has in the cache (and on the wire): `false`, `0`, `0.0` or `[]`. */
export function emptyValue(field: FieldDef): unknown {
	if (isX2many(field)) return [];
	if (isNumeric(field)) return 0;
	return false;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/;

function toDate(value: string): string {
	const head = value.slice(0, 10);
	if (!DATE_RE.test(head) || Number.isNaN(Date.parse(head))) {
		throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d'`);
	}
	return head;
}

function toDatetime(value: string): string {
	if (DATE_RE.test(value)) return `${toDate(value)} 00:00:00`;
	const m = DATETIME_RE.exec(value);
	if (!m || Number.isNaN(Date.parse(`${m[1]}T${m[2]}Z`))) {
		throw valueError(`time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
	}
	return `${m[1]} ${m[2]}`;
}

function roundTo(value: number, digits: number | undefined): number {
	if (digits === undefined) return value;
	const factor = 10 ** digits;
	return Math.round((value + Number.EPSILON) * factor) / factor;
}

/** Rounds an amount to the currency's precision (the simulator's currencies all have two decimals). */
export const roundCurrency = (value: number): number => roundTo(value, 2);

/**
 * Converts a value written by a client into the cache format for a non-relational field, with Odoo's validation
 * errors (`Wrong value for sale.order.state: 'bogus'`, `invalid literal for int() ...`).
 */
export function convertScalar(model: string, name: string, field: FieldDef, value: unknown): unknown {
	const empty = value === false || value === null || value === undefined;
	switch (field.type) {
		case 'char':
		case 'text':
		case 'html':
		case 'binary':
			if (empty) return false;
			return typeof value === 'string' ? value : pyRepr(value);
		case 'integer': {
			if (empty) return 0;
			if (typeof value === 'boolean') return value ? 1 : 0;
			const n = typeof value === 'number' ? Math.trunc(value) : Number(value);
			if (typeof value === 'string' && !/^\s*[-+]?\d+\s*$/.test(value)) {
				throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
			}
			if (!Number.isFinite(n)) throw valueError(`int() argument must be a string or a number, not ${typeof value}`);
			return n;
		}
		case 'float':
		case 'monetary': {
			if (empty) return 0;
			const n = typeof value === 'boolean' ? Number(value) : Number(value);
			if (typeof value === 'object' || Number.isNaN(n)) throw valueError(`could not convert string to float: ${pyRepr(value)}`);
			return roundTo(n, field.digits);
		}
		case 'boolean':
			return Boolean(value) && !(Array.isArray(value) && value.length === 0);
		case 'date':
			if (empty) return false;
			if (typeof value !== 'string') throw valueError(`${pyRepr(value)} (field ${model}.${name}) must be string or date, not ${typeof value}.`);
			return toDate(value);
		case 'datetime':
			if (empty) return false;
			if (typeof value !== 'string') throw valueError(`${pyRepr(value)} (field ${model}.${name}) must be string or datetime, not ${typeof value}.`);
			return toDatetime(value);
		case 'selection':
			if (empty) return false;
			if (!field.selection?.some(([key]) => key === value)) {
				throw valueError(`Wrong value for ${model}.${name}: ${pyRepr(value)}`);
			}
			return value;
		case 'many2one_reference':
			if (empty) return 0;
			if (typeof value !== 'number') throw valueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
			return value;
		default:
			return empty ? false : value;
	}
}

const ALL_ATTRIBUTES = [
	'groupable',
	'help',
	'name',
	'readonly',
	'relation',
	'relation_field',
	'required',
	'searchable',
	'selection',
	'sortable',
	'store',
	'string',
	'type',
] as const;

/** One entry of `fields_get`: attributes in alphabetical order, inapplicable ones left out (as Odoo does). */
export function describeField(name: string, field: FieldDef, attributes?: string[]): Record<string, unknown> {
	const stored = !field.compute && field.type !== 'one2many';
	const values: Record<string, unknown> = {
		groupable: stored && field.type !== 'many2many' && field.type !== 'text' && field.type !== 'html',
		help: field.help,
		name,
		readonly: field.readonly ?? Boolean(field.compute && !field.setter),
		relation: field.relation,
		relation_field: field.type === 'one2many' ? field.inverse : undefined,
		required: Boolean(field.required),
		searchable: true,
		selection: field.selection?.map(([k, v]) => [k, v]),
		sortable: stored && field.type !== 'many2many',
		store: stored,
		string: field.string,
		type: field.type,
	};
	const out: Record<string, unknown> = {};
	for (const attr of ALL_ATTRIBUTES) {
		if (attributes && !attributes.includes(attr)) continue;
		if (values[attr] !== undefined) out[attr] = values[attr];
	}
	return out;
}
