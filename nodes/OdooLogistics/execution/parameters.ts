import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { Domain, OdooDomainError, parseDomain } from '../../shared/odoo';
import { InputError } from '../batch/inputError';
import { Outcomes } from '../batch/outcomes';
import type { Context } from '../batch/records';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A record id from a number, a numeric text, or a relation as the node outputs it (`{ id }` or `[id, name]`). */
export function asRecordId(value: unknown): number | undefined {
	const candidate = Array.isArray(value) ? value[0] : isObject(value) ? value.id : value;
	const id = typeof candidate === 'string' && /^\s*\d+\s*$/.test(candidate) ? Number(candidate) : candidate;
	return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** The parameters of one input item, read and checked; a bad one throws an `InputError` naming it. */
export class ItemParameters {
	private optionValues?: IDataObject;

	constructor(
		private readonly fn: IExecuteFunctions,
		readonly index: number,
	) {}

	raw<T = unknown>(name: string, fallback?: T): T {
		return this.fn.getNodeParameter(name, this.index, fallback) as T;
	}

	/** A value that must be given, of any type (a date may come as text or as a date object from an expression). */
	required(name: string, label: string): unknown {
		const value = this.raw<unknown>(name, '');
		if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
			throw new InputError(`The parameter "${label}" is empty`);
		}
		return value;
	}

	text(name: string, label: string): string {
		const value = this.raw<unknown>(name, '');
		const text = typeof value === 'number' ? String(value) : value;
		if (typeof text !== 'string') throw new InputError(`The parameter "${label}" must be text, not ${shown(value)}`);
		if (!text.trim()) throw new InputError(`The parameter "${label}" is empty`);
		return text.trim();
	}

	optionalText(name: string): string | undefined {
		const value = this.raw<unknown>(name, '');
		return value === undefined || value === null || value === '' ? undefined : String(value);
	}

	/** The model name from the Model resource locator (list or name mode). */
	model(): string {
		const value = this.fn.getNodeParameter('model', this.index, '', { extractValue: true }) as unknown;
		if (typeof value !== 'string' || !value.trim()) throw new InputError('The parameter "Model" is empty');
		return value.trim();
	}

	id(name: string, label: string): number {
		const value = this.raw<unknown>(name, '');
		const id = asRecordId(value);
		if (id === undefined) throw new InputError(`The parameter "${label}" must be a record id (a positive whole number), not ${shown(value)}`);
		return id;
	}

	optionalId(name: string, label: string): number | undefined {
		const value = this.raw<unknown>(name, '');
		return value === '' || value === undefined || value === null || value === 0 ? undefined : this.id(name, label);
	}

	/** Ids from a list, a number, or a comma-separated text. */
	ids(name: string, label: string, allowEmpty = false): number[] {
		const value = this.raw<unknown>(name, '');
		const entries: unknown[] = Array.isArray(value)
			? value
			: typeof value === 'string'
				? value.split(',').map((entry) => entry.trim()).filter(Boolean)
				: value === undefined || value === null
					? []
					: [value];
		const ids = entries.map((entry) => asRecordId(entry));
		if (ids.some((id) => id === undefined) || (!ids.length && !allowEmpty)) {
			throw new InputError(`The parameter "${label}" must be one or more record ids (such as 7 or 7, 8, 12), not ${shown(value)}`);
		}
		return [...new Set(ids as number[])];
	}

	number(name: string, label: string, { min = 0, whole = false } = {}): number {
		const value = this.raw<unknown>(name, '');
		const number = typeof value === 'string' && value.trim() ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isFinite(number) || number < min || (whole && !Number.isInteger(number))) {
			const kind = whole ? 'a whole number' : 'a number';
			throw new InputError(`The parameter "${label}" must be ${kind} of at least ${min}, not ${shown(value)}`);
		}
		return number;
	}

	object(name: string, label: string): Json {
		const value = parseJson(this.raw<unknown>(name, '{}'), label);
		if (value === undefined) return {};
		if (!isObject(value)) throw new InputError(`The parameter "${label}" must be a JSON object, such as {"name": "value"}`);
		return value;
	}

	array(name: string, label: string): unknown[] {
		const value = parseJson(this.raw<unknown>(name, '[]'), label);
		if (value === undefined) return [];
		if (!Array.isArray(value)) throw new InputError(`The parameter "${label}" must be a JSON list, such as [1, "text"]`);
		return value;
	}

	domain(name: string, label = 'Domain'): Domain {
		const value = this.raw<unknown>(name, '');
		try {
			return parseDomain(typeof value === 'string' || Array.isArray(value) || value === null ? value : String(value));
		} catch (error) {
			if (!(error instanceof OdooDomainError)) throw error;
			throw new InputError(
				`The parameter "${label}" is not a valid Odoo domain: ${error.odooMessage}`,
				'Write it as JSON ([["state", "=", "sale"]]) or as Odoo does ([("state", "=", "sale")]).',
			);
		}
	}

	/** The operation's Options collection (read once per item). */
	options(): IDataObject {
		this.optionValues ??= this.raw<IDataObject>('options', {}) ?? {};
		return this.optionValues;
	}

	/** The Context option: a JSON object sent to Odoo with each call (`lang`, `tz`, `allowed_company_ids`). */
	context(): Context | undefined {
		const options = this.options();
		if (options.context === undefined || options.context === '') return undefined;
		const value = parseJson(options.context, 'Context');
		if (value !== undefined && !isObject(value)) throw new InputError('The option "Context" must be a JSON object, such as {"lang": "fr_FR"}');
		return value;
	}

	/** The Fields option: names from the list or comma-separated; empty means the operation's default. */
	fields(): string[] {
		const value = this.options().fields;
		const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
		return list.map((name) => name.trim()).filter(Boolean);
	}
}

function parseJson(value: unknown, label: string): unknown {
	if (typeof value !== 'string') return value ?? undefined;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		throw new InputError(`The parameter "${label}" is not valid JSON: ${(error as Error).message}`);
	}
}

/**
 * Reads every item's request before anything is sent, so bad input never leaves a batch half-written: an item whose
 * parameters are wrong gets its error, and with Continue On Fail off nothing is sent at all.
 */
export async function prepare<R>(
	fn: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	outcomes: Outcomes,
	read: (parameters: ItemParameters) => R | Promise<R>,
): Promise<R[]> {
	const requests: R[] = [];
	for (let index = 0; index < items.length && !outcomes.stopped; index += 1) {
		try {
			requests.push(await read(new ItemParameters(fn, index)));
		} catch (error) {
			outcomes.fail(index, error);
		}
	}
	return outcomes.stopped ? [] : requests;
}
