import { OdooDomainError } from './errors';

/** What a domain text can hold: JSON values, with Python tuples read as lists. */
export type Literal = string | number | boolean | null | Literal[];

/** Deeper nesting than this is refused (a domain is never that deep; it would only exhaust the stack). */
export const MAX_DEPTH = 32;

const WORDS: Record<string, Literal> = { True: true, False: false, None: null, true: true, false: false, null: null };
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0' };

/**
 * Reads a literal written in JSON (`[["state", "=", "sale"]]`) or in Python (`[('state', '=', 'sale')]`, `True`,
 * `None`, trailing commas). Python parentheses without a comma only group, as in Python.
 */
export function parseLiteral(text: string): Literal {
	return new LiteralParser(text).parse();
}

class LiteralParser {
	private position = 0;

	constructor(private readonly text: string) {}

	parse(): Literal {
		const value = this.value(0);
		this.skipSpace();
		if (this.position < this.text.length) this.fail('unexpected text after the end of the domain');
		return value;
	}

	private value(depth: number): Literal {
		this.skipSpace();
		const char = this.text[this.position];
		if (char === '[' || char === '(') return this.sequence(depth + 1);
		if (char === '"' || char === "'") return this.string(char);
		if (char !== undefined && /[-+.\d]/.test(char)) return this.number();
		if (char !== undefined && /[A-Za-z_]/.test(char)) return this.word();
		return this.fail(char === undefined ? 'the text ends too early' : `unexpected character '${char}'`);
	}

	private sequence(depth: number): Literal {
		if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
		const open = this.text[this.position];
		const close = open === '[' ? ']' : ')';
		this.position += 1;
		const items: Literal[] = [];
		let sawComma = false;
		for (;;) {
			this.skipSpace();
			if (this.text[this.position] === close) break;
			items.push(this.value(depth));
			this.skipSpace();
			const next = this.text[this.position];
			if (next === ',') {
				sawComma = true;
				this.position += 1;
			} else if (next !== close) {
				this.fail(next === undefined ? `missing '${close}'` : `expected ',' or '${close}'`);
			}
		}
		this.position += 1;
		return open === '(' && items.length === 1 && !sawComma ? items[0] : items;
	}

	private string(quote: string): string {
		let result = '';
		this.position += 1;
		for (;;) {
			const char = this.text[this.position];
			if (char === undefined) this.fail('a string is not closed');
			this.position += 1;
			if (char === quote) return result;
			if (char !== '\\') {
				result += char;
				continue;
			}
			const escaped = this.text[this.position];
			// A backslash last: the error points just past the end, where the closing quote is missing.
			if (escaped === undefined) this.fail('a string is not closed');
			this.position += 1;
			if (escaped === 'x' || escaped === 'u' || escaped === 'U') {
				const length = { x: 2, u: 4, U: 8 }[escaped];
				const hex = this.text.slice(this.position, this.position + length);
				if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail(`invalid \\${escaped} escape`);
				const codePoint = parseInt(hex, 16);
				if (codePoint > 0x10ffff) this.fail(`invalid \\${escaped} escape`);
				result += String.fromCodePoint(codePoint);
				this.position += length;
			} else {
				// Python keeps unknown escapes as they are; JSON's \/ is a slash.
				result += ESCAPES[escaped] ?? (escaped === '\n' ? '' : /['"\\/]/.test(escaped) ? escaped : `\\${escaped}`);
			}
		}
	}

	private number(): number {
		NUMBER.lastIndex = this.position;
		const match = NUMBER.exec(this.text);
		if (!match) return this.fail('invalid number');
		this.position += match[0].length;
		return Number(match[0]);
	}

	private word(): Literal {
		const match = /[A-Za-z_][A-Za-z0-9_]*/y;
		match.lastIndex = this.position;
		const word = match.exec(this.text)?.[0] ?? '';
		if (!Object.prototype.hasOwnProperty.call(WORDS, word)) {
			this.fail(`unknown word '${word}' (values are strings, numbers, True, False, None or lists)`);
		}
		this.position += word.length;
		return WORDS[word];
	}

	private skipSpace(): void {
		while (this.position < this.text.length && /\s/.test(this.text[this.position])) this.position += 1;
	}

	private fail(reason: string): never {
		const near = this.text.slice(this.position, this.position + 24);
		throw new OdooDomainError(
			`cannot read the domain at character ${this.position + 1}: ${reason}${near ? ` (near "${near}")` : ''}`,
		);
	}
}

/** A Python literal for a value: strings in single quotes, True/False/None, lists in brackets. */
export function formatPythonValue(value: Literal): string {
	if (typeof value === 'string') return pythonString(value);
	if (typeof value === 'number') return Object.is(value, -0) ? '-0.0' : String(value);
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (value === null) return 'None';
	return `[${value.map(formatPythonValue).join(', ')}]`;
}

function pythonString(value: string): string {
	// Control characters are exactly what must be escaped in a Python string literal.
	// eslint-disable-next-line no-control-regex
	const body = value.replace(/[\\'\x00-\x1f\x7f]/g, (char) => {
		if (char === '\\' || char === "'") return `\\${char}`;
		const named = Object.entries(ESCAPES).find(([, escaped]) => escaped === char && char !== '\0')?.[0];
		return named ? `\\${named}` : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
	});
	return `'${body}'`;
}
