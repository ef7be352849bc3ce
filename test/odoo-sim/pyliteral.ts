/**
 * A parser for the Python literals Odoo stores as text, such as an automation rule's
 * `filter_domain = "[('state', '=', 'sale')]"`. Tuples become arrays; the names `True`, `False`, `None` and `uid`
 * are understood (`uid` is replaced by the given user id).
 */
export function parsePyLiteral(source: string, names: Record<string, unknown> = {}): unknown {
	let pos = 0;
	const fail = (): never => {
		throw new SyntaxError(`invalid Python literal at ${pos}: ${source}`);
	};
	const ws = () => {
		while (pos < source.length && /\s/.test(source[pos])) pos++;
	};
	const value = (): unknown => {
		ws();
		const ch = source[pos];
		if (ch === '[' || ch === '(') return sequence(ch === '[' ? ']' : ')');
		if (ch === "'" || ch === '"') return string(ch);
		const num = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(pos));
		if (num) {
			pos += num[0].length;
			return Number(num[0]);
		}
		const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos));
		if (!name) return fail();
		pos += name[0].length;
		const literals: Record<string, unknown> = { True: true, False: false, None: null, ...names };
		if (!(name[0] in literals)) return fail();
		return literals[name[0]];
	};
	const sequence = (close: string): unknown[] => {
		pos++;
		const out: unknown[] = [];
		for (;;) {
			ws();
			if (source[pos] === close) {
				pos++;
				return out;
			}
			out.push(value());
			ws();
			if (source[pos] === ',') pos++;
			else if (source[pos] !== close) fail();
		}
	};
	const string = (quote: string): string => {
		pos++;
		let out = '';
		while (pos < source.length && source[pos] !== quote) {
			if (source[pos] === '\\') {
				const esc = source[pos + 1];
				out += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[esc] ?? esc;
				pos += 2;
			} else out += source[pos++];
		}
		if (source[pos] !== quote) fail();
		pos++;
		return out;
	};
	const result = value();
	ws();
	if (pos !== source.length) fail();
	return result;
}
