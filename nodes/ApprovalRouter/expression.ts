/**
 * The condition language of approval policies, compiled once into closures.
 *
 *   amount * quantity > 10000 and customer.credit_status in ['hold', 'blocked']
 *   not exists(customs_document) or route_changed == true
 *
 * Operators, loosest first: `or` (`||`), `and` (`&&`), `not` (`!`), comparisons (`==` `!=` `<` `<=` `>` `>=`,
 * `in`, `not in`), `+` `-`, `*` `/` `%`, unary `-`. Operands: numbers, 'text' or "text", `true`, `false`,
 * lists `[a, b]`, field paths `a.b.0.c`, `exists(path)`, parentheses.
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

export class ExpressionError extends Error {
	constructor(
		message: string,
		readonly column: number,
	) {
		super(`${message} at column ${column}`);
	}
}

type Token =
	| { kind: 'number'; value: number; at: number }
	| { kind: 'string'; value: string; at: number }
	| { kind: 'word'; value: string; at: number }
	| { kind: 'symbol'; value: string; at: number }
	| { kind: 'end'; at: number };

const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ','];
const WORD = /[A-Za-z_$][\w$]*(\.(\d+|[A-Za-z_$][\w$]*))*/y;
const NUMBER = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	while (at < source.length) {
		const char = source[at];
		if (/\s/.test(char)) {
			at++;
			continue;
		}
		if (char === "'" || char === '"') {
			let value = '';
			let end = at + 1;
			while (end < source.length && source[end] !== char) {
				if (source[end] === '\\' && end + 1 < source.length) end++;
				value += source[end++];
			}
			if (end >= source.length) throw new ExpressionError('unterminated text', at + 1);
			tokens.push({ kind: 'string', value, at });
			at = end + 1;
			continue;
		}
		NUMBER.lastIndex = at;
		const number = /\d|\./.test(char) ? NUMBER.exec(source) : null;
		if (number) {
			tokens.push({ kind: 'number', value: Number(number[0]), at });
			at += number[0].length;
			continue;
		}
		WORD.lastIndex = at;
		const word = WORD.exec(source);
		if (word) {
			tokens.push({ kind: 'word', value: word[0], at });
			at += word[0].length;
			continue;
		}
		const symbol = SYMBOLS.find((s) => source.startsWith(s, at));
		if (!symbol) throw new ExpressionError(`unexpected "${char}"`, at + 1);
		tokens.push({ kind: 'symbol', value: symbol, at });
		at += symbol.length;
	}
	tokens.push({ kind: 'end', at });
	return tokens;
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
function logical(operator: 'and' | 'or', left: Operand, right: Operand): Operand {
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

export function all(operands: Operand[]): Operand {
	return operands.reduce((left, right) => logical('and', left, right));
}

type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

const ORDER: Record<'<' | '<=' | '>' | '>=', (a: number, b: number) => boolean> = {
	'<': (a, b) => a < b,
	'<=': (a, b) => a <= b,
	'>': (a, b) => a > b,
	'>=': (a, b) => a >= b,
};

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
		if (typeof threshold !== 'string') return general;
		const negate = operator === '!=';
		const ev = (item: Item) => {
			const a = read(item);
			return typeof a === 'string' ? (a === threshold) !== negate : slow(item);
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
			if (typeof a === 'number' && typeof b === 'number') return test(a, b);
			const x = asNumber(a);
			if (x === undefined) return wrongKind('a number', a, left.field, left.text);
			const y = asNumber(b);
			if (y === undefined) return wrongKind('a number', b, right.field, right.text);
			return test(x, y);
		},
		text,
		fields,
	};
}

export function inList(negate: boolean, needle: Operand, list: Operand): Operand {
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

type Arithmetic = '+' | '-' | '*' | '/' | '%';

const ARITHMETIC: Record<Arithmetic, (a: number, b: number) => number> = {
	'+': (a, b) => a + b,
	'-': (a, b) => a - b,
	'*': (a, b) => a * b,
	'/': (a, b) => a / b,
	'%': (a, b) => a % b,
};

function arithmetic(operator: Arithmetic, left: Operand, right: Operand): Operand {
	const apply = ARITHMETIC[operator];
	const text = `${left.text} ${operator} ${right.text}`;
	return {
		ev: (item) => {
			const a = left.ev(item);
			if (a instanceof Unknown) return a;
			const b = right.ev(item);
			if (b instanceof Unknown) return b;
			const x = asNumber(a);
			if (x === undefined) return wrongKind('a number', a, left.field, left.text);
			const y = asNumber(b);
			if (y === undefined) return wrongKind('a number', b, right.field, right.text);
			const result = apply(x, y);
			return Number.isFinite(result) ? result : new Unknown(`${text} has no finite value`);
		},
		text,
		fields: fieldsOf(left, right),
	};
}

function negative(operand: Operand): Operand {
	return { ...arithmetic('-', literalOperand(0, '0'), operand), text: `-${operand.text}` };
}

function listOf(items: Operand[]): Operand {
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

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'exists', 'null']);

class Parser {
	private index = 0;

	constructor(private readonly tokens: Token[]) {}

	parse(): Operand {
		const result = this.or();
		const next = this.peek();
		if (next.kind !== 'end') throw new ExpressionError(`unexpected ${show(next)}`, next.at + 1);
		return result;
	}

	private peek(): Token {
		return this.tokens[this.index];
	}

	private take(): Token {
		return this.tokens[this.index++];
	}

	private accept(...values: string[]): string | undefined {
		const token = this.peek();
		if ((token.kind === 'symbol' || token.kind === 'word') && values.includes(token.value)) {
			this.index++;
			return token.value;
		}
		return undefined;
	}

	private expect(value: string): void {
		const token = this.peek();
		if (!this.accept(value)) throw new ExpressionError(`expected "${value}" but found ${show(token)}`, token.at + 1);
	}

	private or(): Operand {
		let left = this.and();
		while (this.accept('or', '||')) left = logical('or', left, this.and());
		return left;
	}

	private and(): Operand {
		let left = this.not();
		while (this.accept('and', '&&')) left = logical('and', left, this.not());
		return left;
	}

	private not(): Operand {
		if (this.accept('not', '!')) return not(this.not());
		return this.comparison();
	}

	private comparison(): Operand {
		const left = this.sum();
		const operator = this.accept('==', '!=', '<=', '>=', '<', '>');
		if (operator) return compare(operator as Comparison, left, this.sum());
		if (this.accept('in')) return inList(false, left, this.sum());
		const [next, after] = [this.peek(), this.tokens[this.index + 1]];
		if (next.kind === 'word' && next.value === 'not' && after.kind === 'word' && after.value === 'in') {
			this.index += 2;
			return inList(true, left, this.sum());
		}
		return left;
	}

	private sum(): Operand {
		let left = this.product();
		for (let op = this.accept('+', '-'); op; op = this.accept('+', '-')) {
			left = arithmetic(op as Arithmetic, left, this.product());
		}
		return left;
	}

	private product(): Operand {
		let left = this.unary();
		for (let op = this.accept('*', '/', '%'); op; op = this.accept('*', '/', '%')) {
			left = arithmetic(op as Arithmetic, left, this.unary());
		}
		return left;
	}

	private unary(): Operand {
		if (this.accept('-')) return negative(this.unary());
		return this.primary();
	}

	private primary(): Operand {
		const token = this.take();
		switch (token.kind) {
			case 'number':
				return literalOperand(token.value, String(token.value));
			case 'string':
				return literalOperand(token.value, JSON.stringify(token.value));
			case 'symbol':
				if (token.value === '(') {
					const inner = this.or();
					this.expect(')');
					return { ...inner, text: `(${inner.text})` };
				}
				if (token.value === '[') return this.list();
				break;
			case 'word':
				if (token.value === 'true' || token.value === 'false') {
					return literalOperand(token.value === 'true', token.value);
				}
				if (token.value === 'exists') return this.exists();
				if (token.value === 'null') {
					throw new ExpressionError('null is not a value: test a field with exists(field)', token.at + 1);
				}
				if (!KEYWORDS.has(token.value)) return fieldOperand(token.value);
				break;
		}
		throw new ExpressionError(`unexpected ${show(token)}`, token.at + 1);
	}

	private list(): Operand {
		const items: Operand[] = [];
		if (!this.accept(']')) {
			do items.push(this.or());
			while (this.accept(','));
			this.expect(']');
		}
		return listOf(items);
	}

	private exists(): Operand {
		this.expect('(');
		const token = this.take();
		if (token.kind !== 'word' || KEYWORDS.has(token.value)) {
			throw new ExpressionError(`exists() takes a field path, found ${show(token)}`, token.at + 1);
		}
		this.expect(')');
		return existsOperand(token.value);
	}
}

function show(token: Token): string {
	if (token.kind === 'end') return 'end of expression';
	if (token.kind === 'string') return JSON.stringify(token.value);
	return `"${token.value}"`;
}

/** Compiles an expression; throws `ExpressionError` (with the column) when it is malformed. */
export function compileExpression(source: string): Operand {
	return new Parser(tokenize(source)).parse();
}
