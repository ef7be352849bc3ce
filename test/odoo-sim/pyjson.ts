/**
 * Python-compatible JSON and repr helpers.
 *
 * Odoo serialises with Python's `json` module, which differs from `JSON.stringify` in ways clients can observe:
 * floats keep a fraction (`954.0`), the default separators carry spaces (`", "`, `": "`), `ensure_ascii` escapes every
 * non-ASCII character, and decode errors have their own wording. Values the simulator means as Python floats are wrapped
 * in {@link PyFloat} so that the fraction survives serialisation.
 */

export class PyFloat {
	constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
	return new PyFloat(value);
}

/** `repr(float)` in Python 3: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return 'Infinity';
	if (value === -Infinity) return '-Infinity';
	if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
	const [mantissa, expPart] = value.toExponential().split('e');
	const exponent = Number(expPart);
	const negative = mantissa.startsWith('-');
	const digits = mantissa.replace('-', '').replace('.', '');
	const sign = negative ? '-' : '';
	if (exponent < -4 || exponent >= 16) {
		const frac = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
		const expSign = exponent < 0 ? '-' : '+';
		return `${sign}${frac}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
	}
	if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
	const intLen = exponent + 1;
	if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
	return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

export interface DumpOptions {
	sortKeys?: boolean;
	ensureAscii?: boolean;
	indent?: number;
}

function encodeString(value: string, ensureAscii: boolean): string {
	let out = '"';
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		const code = value.charCodeAt(i);
		if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += '\\t';
		else if (ch === '\b') out += '\\b';
		else if (ch === '\f') out += '\\f';
		else if (code < 0x20 || (ensureAscii && code > 0x7e)) {
			out += `\\u${code.toString(16).padStart(4, '0')}`;
		} else out += ch;
	}
	return `${out}"`;
}

/** `json.dumps(value, sort_keys=?, ensure_ascii=?, indent=?, default=str)`. */
export function dumps(value: unknown, options: DumpOptions = {}): string {
	const ensureAscii = options.ensureAscii ?? true;
	const indent = options.indent;
	const itemSep = indent === undefined ? ', ' : ',';
	const encode = (v: unknown, level: number): string => {
		if (v === null || v === undefined) return 'null';
		if (v === true) return 'true';
		if (v === false) return 'false';
		if (v instanceof PyFloat) return pyFloatRepr(v.value);
		if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
		if (typeof v === 'string') return encodeString(v, ensureAscii);
		const newline = indent === undefined ? '' : `\n${' '.repeat(indent * (level + 1))}`;
		const closing = indent === undefined ? '' : `\n${' '.repeat(indent * level)}`;
		if (Array.isArray(v)) {
			if (v.length === 0) return '[]';
			return `[${v.map((item) => newline + encode(item, level + 1)).join(itemSep)}${closing}]`;
		}
		if (typeof v === 'object') {
			let keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
			if (keys.length === 0) return '{}';
			if (options.sortKeys) keys = [...keys].sort();
			const parts = keys.map(
				(k) => `${newline}${encodeString(k, ensureAscii)}: ${encode((v as Record<string, unknown>)[k], level + 1)}`,
			);
			return `{${parts.join(itemSep)}${closing}}`;
		}
		return encodeString(String(v), ensureAscii);
	};
	return encode(value, 0);
}

/** Python's `repr()` for the JSON-like values the simulator puts in messages (lists print as lists, tuples as tuples). */
export function pyRepr(value: unknown, asTuple = false): string {
	if (value === null || value === undefined) return 'None';
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (value instanceof PyFloat) return pyFloatRepr(value.value);
	if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
	if (typeof value === 'string') {
		const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
		const body = value
			.replace(/\\/g, '\\\\')
			.replace(/\n/g, '\\n')
			.replace(/\r/g, '\\r')
			.replace(/\t/g, '\\t')
			.split(quote)
			.join(`\\${quote}`);
		return quote + body + quote;
	}
	if (Array.isArray(value)) {
		const items = value.map((v) => pyRepr(v));
		if (asTuple) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
		return `[${items.join(', ')}]`;
	}
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
		return `{${entries.join(', ')}}`;
	}
	return String(value);
}

export class PyJsonDecodeError extends Error {
	constructor(
		readonly msg: string,
		readonly doc: string,
		readonly pos: number,
	) {
		const lineno = doc.slice(0, pos).split('\n').length;
		const lastNewline = doc.lastIndexOf('\n', pos - 1);
		const colno = pos - lastNewline;
		super(`${msg}: line ${lineno} column ${colno} (char ${pos})`);
	}
}

const NUMBER_RE = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;
const WS_RE = /[ \t\n\r]*/y;

export interface LoadOptions {
	/** Decode numbers written with a fraction or exponent as {@link PyFloat} (to tell `1.0` from `1`). */
	typedFloats?: boolean;
}

/** `json.loads` with Python's error messages (`Expecting value: line 1 column 13 (char 12)`). */
export function loads(doc: string, options: LoadOptions = {}): unknown {
	const skip = (pos: number): number => {
		WS_RE.lastIndex = pos;
		WS_RE.exec(doc);
		return WS_RE.lastIndex;
	};
	const parseString = (start: number): [string, number] => {
		let out = '';
		let pos = start;
		for (;;) {
			if (pos >= doc.length) throw new PyJsonDecodeError('Unterminated string starting at', doc, start - 1);
			const ch = doc[pos];
			if (ch === '"') return [out, pos + 1];
			if (ch === '\\') {
				const esc = doc[pos + 1];
				const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
				if (esc === undefined) throw new PyJsonDecodeError('Unterminated string starting at', doc, start - 1);
				if (esc in simple) {
					out += simple[esc];
					pos += 2;
				} else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(doc.slice(pos + 2, pos + 6))) {
					out += String.fromCharCode(parseInt(doc.slice(pos + 2, pos + 6), 16));
					pos += 6;
				} else {
					throw new PyJsonDecodeError(esc === 'u' ? 'Invalid \\uXXXX escape' : 'Invalid \\escape', doc, pos);
				}
			} else if (ch.charCodeAt(0) < 0x20) {
				throw new PyJsonDecodeError('Invalid control character at', doc, pos);
			} else {
				out += ch;
				pos += 1;
			}
		}
	};
	const parseValue = (pos: number): [unknown, number] => {
		const ch = doc[pos];
		if (ch === '"') return parseString(pos + 1);
		if (ch === '{') return parseObject(pos + 1);
		if (ch === '[') return parseArray(pos + 1);
		if (doc.startsWith('null', pos)) return [null, pos + 4];
		if (doc.startsWith('true', pos)) return [true, pos + 4];
		if (doc.startsWith('false', pos)) return [false, pos + 5];
		if (doc.startsWith('NaN', pos)) return [NaN, pos + 3];
		if (doc.startsWith('Infinity', pos)) return [Infinity, pos + 8];
		if (doc.startsWith('-Infinity', pos)) return [-Infinity, pos + 9];
		NUMBER_RE.lastIndex = pos;
		const m = NUMBER_RE.exec(doc);
		if (m) {
			const isFloat = m[2] !== undefined || m[3] !== undefined;
			const num = Number(m[0]);
			return [isFloat && options.typedFloats ? new PyFloat(num) : num, pos + m[0].length];
		}
		throw new PyJsonDecodeError('Expecting value', doc, pos);
	};
	const parseArray = (start: number): [unknown[], number] => {
		const out: unknown[] = [];
		let pos = skip(start);
		if (doc[pos] === ']') return [out, pos + 1];
		for (;;) {
			const [value, end] = parseValue(pos);
			out.push(value);
			pos = skip(end);
			if (doc[pos] === ']') return [out, pos + 1];
			if (doc[pos] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", doc, pos);
			pos = skip(pos + 1);
		}
	};
	const parseObject = (start: number): [Record<string, unknown>, number] => {
		const out: Record<string, unknown> = {};
		let pos = skip(start);
		if (doc[pos] === '}') return [out, pos + 1];
		for (;;) {
			if (doc[pos] !== '"') {
				throw new PyJsonDecodeError('Expecting property name enclosed in double quotes', doc, pos);
			}
			const [key, afterKey] = parseString(pos + 1);
			pos = skip(afterKey);
			if (doc[pos] !== ':') throw new PyJsonDecodeError("Expecting ':' delimiter", doc, pos);
			const [value, end] = parseValue(skip(pos + 1));
			out[key] = value;
			pos = skip(end);
			if (doc[pos] === '}') return [out, pos + 1];
			if (doc[pos] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", doc, pos);
			pos = skip(pos + 1);
		}
	};
	const [value, end] = parseValue(skip(0));
	const rest = skip(end);
	if (rest !== doc.length) throw new PyJsonDecodeError('Extra data', doc, rest);
	return value;
}

/** Replaces {@link PyFloat} wrappers by plain numbers (for callers that do not care about the int/float distinction). */
export function plain<T>(value: T): T {
	if (value instanceof PyFloat) return value.value as unknown as T;
	if (Array.isArray(value)) return value.map((v) => plain(v)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = plain(v);
		return out as T;
	}
	return value;
}
