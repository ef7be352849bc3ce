/**
 * How rule conditions read and compare item values.
 *
 * A comparison never guesses: a field that is absent (`undefined`/`null`) or holds a value of the wrong kind makes the
 * comparison unknown instead of false. Odoo sends `false` for an empty field, so `false` compared with a number or a
 * text is unknown too. An unknown condition can never approve an item.
 */

/** Why a value could not be evaluated. `field` is the item field involved, when there is one. */
export class Unknown {
	constructor(
		readonly reason: string,
		readonly field?: string,
	) {}
}

export type Item = Record<string, unknown>;

/** Reads a dotted path (`customer.credit_status`, `lines.0.qty`); `undefined` when any step is missing. */
export function compilePath(path: string): (item: Item) => unknown {
	const steps = path.split('.');
	if (steps.length === 1) {
		const key = steps[0];
		return (item) => item[key];
	}
	if (steps.length === 2) {
		const [outer, inner] = steps;
		return (item) => {
			const value = item[outer];
			return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[inner] : undefined;
		};
	}
	return (item) => {
		let value: unknown = item;
		for (const step of steps) {
			if (value === null || typeof value !== 'object') return undefined;
			value = (value as Record<string, unknown>)[step];
		}
		return value;
	};
}

const NUMERIC_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite number, or text that spells one; `undefined` otherwise. */
export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
	return undefined;
}

export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object' && value !== null) return 'an object';
	return String(value);
}

/** `Unknown` for a missing or wrongly typed operand, naming the field it came from. */
export function missing(field: string | undefined, text: string): Unknown {
	return new Unknown(field ? `field "${field}" is missing` : `${text} has no value`, field);
}

export function wrongKind(expected: string, value: unknown, field: string | undefined, text: string): Unknown {
	const subject = field ? `field "${field}"` : text;
	return new Unknown(`${subject} is ${describe(value)}, not ${expected}`, field);
}

/**
 * Equality with the typing rules above: numbers with numbers (numeric text counts), text with text, booleans with
 * booleans. `undefined` when the two cannot be compared.
 */
export function equals(left: unknown, right: unknown): boolean | undefined {
	if (typeof left === 'number' || typeof right === 'number') {
		const a = asNumber(left);
		const b = asNumber(right);
		return a === undefined || b === undefined ? undefined : a === b;
	}
	if (typeof left === 'string' && typeof right === 'string') return left === right;
	if (typeof left === 'boolean' && typeof right === 'boolean') return left === right;
	return undefined;
}
