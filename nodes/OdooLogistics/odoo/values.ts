import { InputError } from '../batch/inputError';
import { toOdooDate, toOdooDatetime } from './dates';
import { FieldInfo, ModelSchema } from './schema';

type Values = Record<string, unknown>;

const TRUE_TEXTS = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXTS = new Set(['false', '0', 'no', 'off', '']);
const MAX_LISTED_CHOICES = 12;

function shown(value: unknown): string {
	if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class FieldValue {
	constructor(
		private readonly schema: ModelSchema,
		private readonly name: string,
		private readonly field: FieldInfo,
		private readonly timeZone: string,
	) {}

	private get what(): string {
		return `The field '${this.name}' of ${this.schema.model} (${this.field.type})`;
	}

	private wrong(expected: string, value: unknown): InputError {
		return new InputError(`${this.what} expects ${expected}, not ${shown(value)}`);
	}

	convert(value: unknown): unknown {
		// Odoo writes every empty value as False.
		if (value === undefined || value === null) return false;
		switch (this.field.type) {
			case 'boolean':
				return this.boolean(value);
			case 'integer':
				return this.number(value, true);
			case 'float':
			case 'monetary':
				return this.number(value, false);
			case 'char':
			case 'text':
			case 'html':
				return this.text(value);
			case 'selection':
				return this.selection(value);
			case 'date':
				return value === '' || value === false ? false : toOdooDate(value, this.timeZone, this.what);
			case 'datetime':
				return value === '' || value === false ? false : toOdooDatetime(value, this.timeZone, this.what);
			case 'many2one':
				return this.relation(value);
			case 'one2many':
			case 'many2many':
				return this.relations(value);
			default:
				return value;
		}
	}

	private boolean(value: unknown): boolean {
		if (typeof value === 'boolean') return value;
		const text = String(value).trim().toLowerCase();
		if (TRUE_TEXTS.has(text)) return true;
		if (FALSE_TEXTS.has(text)) return false;
		throw this.wrong('true or false', value);
	}

	private number(value: unknown, whole: boolean): number | false {
		if (value === '' || value === false) return false;
		const number = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof number !== 'number' || !Number.isFinite(number) || (typeof value === 'string' && !value.trim())) {
			throw this.wrong(whole ? 'a whole number' : 'a number', value);
		}
		if (whole && !Number.isInteger(number)) throw this.wrong('a whole number', value);
		return number;
	}

	private text(value: unknown): string | false {
		if (value === false) return false;
		if (typeof value === 'string') return value;
		if (typeof value === 'number' || typeof value === 'bigint') return String(value);
		throw this.wrong('text', value);
	}

	private selection(value: unknown): string | false {
		if (value === false || value === '') return false;
		if (typeof value !== 'string' && typeof value !== 'number') throw this.wrong('one of its choices', value);
		const text = String(value);
		const choices = this.schema.selectionValues(this.name);
		if (choices && !choices.includes(text)) {
			const listed = choices.slice(0, MAX_LISTED_CHOICES).map((choice) => `'${choice}'`).join(', ');
			throw this.wrong(`one of ${listed}${choices.length > MAX_LISTED_CHOICES ? ', ...' : ''}`, value);
		}
		return text;
	}

	/** A record id; also `[id, name]` and `{ id }`, as this node outputs relations. */
	private relation(value: unknown): number | false {
		if (value === false || value === '' || value === 0) return false;
		const candidate = Array.isArray(value) ? value[0] : typeof value === 'object' ? (value as { id?: unknown }).id : value;
		const id = typeof candidate === 'string' && /^\d+$/.test(candidate.trim()) ? Number(candidate) : candidate;
		if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
			throw this.wrong(`the id of a ${this.field.relation ?? 'related'} record`, value);
		}
		return id;
	}

	/**
	 * Odoo's x2many commands as they are; a list of ids (or `{ id }`) replaces the relation with those records; a list
	 * of objects creates the lines.
	 */
	private relations(value: unknown): unknown[] {
		if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+(\s*,\s*\d+)*\s*$/.test(value))) {
			return [[6, 0, String(value).split(',').map((id) => Number(id.trim()))]];
		}
		if (!Array.isArray(value)) throw this.wrong(`a list of ${this.field.relation ?? 'record'} ids or of commands`, value);
		if (value.every((item) => Array.isArray(item))) return value;
		if (value.every((item) => typeof item === 'number' || (item && typeof item === 'object' && 'id' in item))) {
			return [[6, 0, value.map((item) => this.relation(item))]];
		}
		if (value.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
			return value.map((item) => [0, 0, item]);
		}
		throw this.wrong(`a list of ${this.field.relation ?? 'record'} ids, of new lines or of commands`, value);
	}
}

/**
 * Checks values against the model's fields and converts them to what Odoo expects: numbers from text, dates and
 * datetimes to Odoo's UTC format, relations to ids or x2many commands. An unknown field or a value of the wrong type
 * gets an error naming the field, before anything is sent.
 */
export function toOdooValues(schema: ModelSchema, values: Values, timeZone: string): Values {
	const result: Values = {};
	for (const [name, value] of Object.entries(values)) {
		const field = schema.require(name);
		result[name] = new FieldValue(schema, name, field, timeZone).convert(value);
	}
	return result;
}

/** One value for a field (domain builders, key lookups). */
export function toOdooValue(schema: ModelSchema, name: string, value: unknown, timeZone: string): unknown {
	return new FieldValue(schema, name, schema.require(name), timeZone).convert(value);
}
