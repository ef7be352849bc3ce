/**
 * The condition language of approval policies, parsed once into operands (see operands.ts).
 *
 *   amount * quantity > 10000 and customer.credit_status in ['hold', 'blocked']
 *   not exists(customs_document) or route_changed == true
 *
 * Operators, loosest first: `or` (`||`), `and` (`&&`), `not` (`!`), comparisons (`==` `!=` `<` `<=` `>` `>=`,
 * `in`, `not in`), `+` `-`, `*` `/` `%`, unary `-`. Operands: numbers, 'text' or "text", `true`, `false`,
 * lists `[a, b]`, field paths `a.b.0.c`, `exists(path)`, parentheses.
 */
import {
	type Arithmetic,
	arithmetic,
	compare,
	type Comparison,
	existsOperand,
	fieldOperand,
	inList,
	listOf,
	literalOperand,
	logical,
	negative,
	not,
	type Operand,
} from './operands';

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
