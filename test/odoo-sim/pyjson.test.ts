import fc from 'fast-check';
import { dumps, loads, PyFloat, pyFloatRepr, pyRepr } from './pyjson';

describe('Python-compatible JSON', () => {
	test.each([
		[1, '1.0'],
		[0.1, '0.1'],
		[1e-5, '1e-05'],
		[1.5e16, '1.5e+16'],
		[123456789012345680, '1.2345678901234568e+17'],
		[0.0001, '0.0001'],
		[1e16, '1e+16'],
		[-0, '-0.0'],
		[100, '100.0'],
		[1e22, '1e+22'],
		[5e-324, '5e-324'],
		[0.1 + 0.2, '0.30000000000000004'],
	])('repr(%p) is %s', (value, repr) => {
		expect(pyFloatRepr(value)).toBe(repr);
	});

	test('dumps uses ", " and ": ", sorts keys on request and escapes like ensure_ascii', () => {
		const value = { b: 1, a: 'é\u2028\x7f\x01', c: [new PyFloat(1), 2.5] };
		expect(dumps(value, { sortKeys: true })).toBe('{"a": "\\u00e9\\u2028\\u007f\\u0001", "b": 1, "c": [1.0, 2.5]}');
		expect(dumps(value, { ensureAscii: false })).toBe('{"b": 1, "a": "é\u2028\x7f\\u0001", "c": [1.0, 2.5]}');
		expect(dumps({ a: [1], b: {}, c: [] }, { indent: 4, sortKeys: true })).toBe('{\n    "a": [\n        1\n    ],\n    "b": {},\n    "c": []\n}');
	});

	test.each([
		['{"domain": [,}', 'Expecting value: line 1 column 13 (char 12)'],
		['', 'Expecting value: line 1 column 1 (char 0)'],
		['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
		['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
		['{"a": 1} x', 'Extra data: line 1 column 10 (char 9)'],
		['{a: 1}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
		['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
		['{\n  "a": ?}', 'Expecting value: line 2 column 8 (char 9)'],
		['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
	])('loads(%j) fails like Python: %s', (doc, message) => {
		expect(() => loads(doc)).toThrow(message);
	});

	test('loads tells floats from ints on request', () => {
		expect(loads('[1, 1.0, 2e3]', { typedFloats: true })).toEqual([1, new PyFloat(1), new PyFloat(2000)]);
	});

	test('repr of Python literals: quotes, tuples, booleans', () => {
		expect(pyRepr(['name', 'likes', "it's"], true)).toBe(`('name', 'likes', "it's")`);
		expect(pyRepr([5], true)).toBe('(5,)');
		expect(pyRepr([false, null, 1.5])).toBe('[False, None, 1.5]');
	});

	test('property: dumps then loads gives the value back, and ensure_ascii output is ASCII', () => {
		const noNegativeZero = (v: unknown): unknown =>
			Object.is(v, -0) ? 0 : Array.isArray(v) ? v.map(noNegativeZero) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, noNegativeZero(x)])) : v;
		fc.assert(
			fc.property(fc.jsonValue(), (raw) => {
				const value = noNegativeZero(raw);
				const text = dumps(value);
				expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
				expect(loads(text)).toEqual(value);
			}),
		);
	});

	test('property: a float repr reads back as the same double', () => {
		fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(Number(pyFloatRepr(x)), x)));
	});
});
