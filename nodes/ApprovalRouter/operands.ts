/**
 * The building blocks conditions compile to: closures that read, compare and combine item values.
 *
 * Logic is three-valued: a comparison on a missing or wrongly typed field is unknown (see values.ts);
 * `false and unknown` is false, `true or unknown` is true, anything else involving unknown stays unknown.
 */
import { asNumber, compilePath, equals, type Item, missing, Unknown, wrongKind } from './values';

export interface Operand {
	/** The value, or `Unknown` when it cannot be evaluated. */
	ev(item: Item): unknown;
	text: string;
	/** Set when the operand reads one field directly. */
	field?: string;
	/** The raw reader of that field (no missing-value check), for the fast paths of comparisons. */
	read?: (item: Item) => unknown;
	/** Set when the operand is a literal. */
	constant?: { value: unknown };
	/** Every field the operand reads. */
	fields: string[];
}

export function literalOperand(value: unknown, text: string): Operand {
	return { ev: () => value, text, constant: { value }, fields: [] };
}

export function fieldOperand(path: string): Operand {
	const read = compilePath(path);
	return {
		ev: (item) => {
			const value = read(item);
			return value === undefined || value === null ? missing(path, path) : value;
		},
		text: path,
		field: path,
		read,
		fields: [path],
	};
}

export function existsOperand(path: string): Operand {
	const read = compilePath(path);
	return {
		ev: (item) => {
			const value = read(item);
			return value !== undefined && value !== null;
		},
		text: `exists(${path})`,
		fields: [path],
	};
}

function fieldsOf(...operands: Operand[]): string[] {
	return [...new Set(operands.flatMap((o) => o.fields))];
}

function asBoolean(value: unknown, operand: Operand): boolean | Unknown {
	if (value instanceof Unknown || typeof value === 'boolean') return value;
	return wrongKind('true or false', value, operand.field, operand.text);
}

export function not(operand: Operand): Operand {
	return {
		ev: (item) => {
			const value = asBoolean(operand.ev(item), operand);
			return value instanceof Unknown ? value : !value;
		},
		text: `not ${operand.text}`,
		fields: operand.fields,
	};
}

/** Kleene conjunction/disjunction: `decisive` is the value that settles the result (false for and, true for or). */
export function logical(operator: 'and' | 'or', left: Operand, right: Operand): Operand {
	const decisive = operator === 'or';
	return {
		ev: (item) => {
			const a = asBoolean(left.ev(item), left);
			if (a === decisive) return decisive;
			const b = asBoolean(right.ev(item), right);
			if (b === decisive) return decisive;
			if (a instanceof Unknown) return a;
			if (b instanceof Unknown) return b;
			return !decisive;
		},
		text: `${left.text} ${operator} ${right.text}`,
		fields: fieldsOf(left, right),
	};
}

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

const ORDER: Record<'<' | '<=' | '>' | '>=', (a: number, b: number) => boolean> = {
	'<': (a, b) => a < b,
	'<=': (a, b) => a <= b,
	'>': (a, b) => a > b,
	'>=': (a, b) => a >= b,
};

/**
 * `apply` to the two values as numbers (numeric text counts), or why one of them is not a number. Comparisons and
 * arithmetic evaluate their two operands inline (a shared evaluator taking a callback is measurably slower).
 */
function numerically<T>(apply: (x: number, y: number) => T, left: Operand, a: unknown, right: Operand, b: unknown): T | Unknown {
	const x = asNumber(a);
	if (x === undefined) return wrongKind('a number', a, left.field, left.text);
	const y = asNumber(b);
	if (y === undefined) return wrongKind('a number', b, right.field, right.text);
	return apply(x, y);
}

function mismatch(left: Operand, a: unknown, right: Operand, b: unknown): Unknown {
	return left.field || !right.field
		? wrongKind(`comparable with ${right.text}`, a, left.field, left.text)
		: wrongKind(`comparable with ${left.text}`, b, right.field, right.text);
}

export function compare(operator: Comparison, left: Operand, right: Operand): Operand {
	const general = generalComparison(operator, left, right);
	const threshold = right.constant?.value;
	const read = left.read;
	if (!read || threshold === undefined) return general;
	// Fast paths for the common `field <op> literal`: the general path still handles every other case.
	const slow = general.ev;
	if (operator === '==' || operator === '!=') {
		const negate = operator === '!=';
		const kind = typeof threshold;
		const ev = (item: Item) => {
			const a = read(item);
			return typeof a === kind ? (a === threshold) !== negate : slow(item);
		};
		return { ...general, ev };
	}
	if (typeof threshold !== 'number') return general;
	const test = ORDER[operator];
	const ev = (item: Item) => {
		const a = read(item);
		return typeof a === 'number' ? test(a, threshold) : slow(item);
	};
	return { ...general, ev };
}

function generalComparison(operator: Comparison, left: Operand, right: Operand): Operand {
	const text = `${left.text} ${operator} ${right.text}`;
	const fields = fieldsOf(left, right);
	if (operator === '==' || operator === '!=') {
		const negate = operator === '!=';
		return {
			ev: (item) => {
				const a = left.ev(item);
				if (a instanceof Unknown) return a;
				const b = right.ev(item);
				if (b instanceof Unknown) return b;
				const same = equals(a, b);
				return same === undefined ? mismatch(left, a, right, b) : same !== negate;
			},
			text,
			fields,
		};
	}
	const test = ORDER[operator];
	return {
		ev: (item) => {
			const a = left.ev(item);
			if (a instanceof Unknown) return a;
			const b = right.ev(item);
			if (b instanceof Unknown) return b;
			return typeof a === 'number' && typeof b === 'number' ? test(a, b) : numerically(test, left, a, right, b);
		},
		text,
		fields,
	};
}

export function inList(negate: boolean, needle: Operand, list: Operand): Operand {
	const general = generalInList(negate, needle, list);
	const entries = list.constant?.value;
	const read = needle.read;
	if (!read || !Array.isArray(entries) || entries.length === 0) return general;
	const kind = typeof entries[0];
	if (!entries.every((entry) => typeof entry === kind)) return general;
	// Fast path for `field in [literals]` of one kind: a set lookup.
	const members = new Set<unknown>(entries);
	const slow = general.ev;
	const ev = (item: Item) => {
		const value = read(item);
		return typeof value === kind ? members.has(value) !== negate : slow(item);
	};
	return { ...general, ev };
}

function generalInList(negate: boolean, needle: Operand, list: Operand): Operand {
	return {
		ev: (item) => {
			const value = needle.ev(item);
			if (value instanceof Unknown) return value;
			const entries = list.ev(item);
			if (entries instanceof Unknown) return entries;
			if (!Array.isArray(entries)) return wrongKind('a list', entries, list.field, list.text);
			let undecided: Unknown | undefined;
			for (const entry of entries) {
				const same = equals(value, entry);
				if (same) return !negate;
				if (same === undefined) undecided ??= mismatch(needle, value, list, entry);
			}
			return undecided ?? negate;
		},
		text: `${needle.text} ${negate ? 'not in' : 'in'} ${list.text}`,
		fields: fieldsOf(needle, list),
	};
}

export function matches(subject: Operand, pattern: RegExp): Operand {
	return {
		ev: (item) => {
			const value = subject.ev(item);
			if (value instanceof Unknown) return value;
			if (typeof value !== 'string') return wrongKind('text', value, subject.field, subject.text);
			return pattern.test(value);
		},
		text: `${subject.text} matches /${pattern.source}/`,
		fields: subject.fields,
	};
}

export type Arithmetic = '+' | '-' | '*' | '/' | '%';

const ARITHMETIC: Record<Arithmetic, (a: number, b: number) => number> = {
	'+': (a, b) => a + b,
	'-': (a, b) => a - b,
	'*': (a, b) => a * b,
	'/': (a, b) => a / b,
	'%': (a, b) => a % b,
};

export function arithmetic(operator: Arithmetic, left: Operand, right: Operand): Operand {
	const apply = ARITHMETIC[operator];
	const text = `${left.text} ${operator} ${right.text}`;
	const finite = (x: number, y: number) => {
		const result = apply(x, y);
		return Number.isFinite(result) ? result : new Unknown(`${text} has no finite value`);
	};
	return {
		ev: (item) => {
			const a = left.ev(item);
			if (a instanceof Unknown) return a;
			const b = right.ev(item);
			if (b instanceof Unknown) return b;
			return numerically(finite, left, a, right, b);
		},
		text,
		fields: fieldsOf(left, right),
	};
}

export function negative(operand: Operand): Operand {
	return { ...arithmetic('-', literalOperand(0, '0'), operand), text: `-${operand.text}` };
}

export function listOf(items: Operand[]): Operand {
	const text = `[${items.map((i) => i.text).join(', ')}]`;
	if (items.every((i) => i.fields.length === 0)) {
		const values = items.map((i) => i.ev({}));
		return literalOperand(values, text);
	}
	return {
		ev: (item) => {
			const values: unknown[] = [];
			for (const entry of items) {
				const value = entry.ev(item);
				if (value instanceof Unknown) return value;
				values.push(value);
			}
			return values;
		},
		text,
		fields: fieldsOf(...items),
	};
}
