/**
 * Shared fast-check arbitraries for the fuzz suites: valid Odoo domains, JSON values of every shape, and the strings
 * that break parsers (quotes, escapes, control characters, lone surrogates, very long runs).
 */
import fc from 'fast-check';

import { TERM_OPERATORS, type Domain } from '../../nodes/shared/odoo';

/**
 * Run counts are kept modest so that the whole fuzz suite stays well under a minute on a shared machine.
 * `FUZZ_SCALE=20 npx jest test/fuzz` runs twenty times as many cases, for a longer hunt.
 */
const SCALE = Math.max(Number(process.env.FUZZ_SCALE) || 1, 0.1);
export const RUNS = { cheap: Math.ceil(300 * SCALE), io: Math.ceil(30 * SCALE) } as const;

export const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,8}){0,2}$/);

/** Characters that parsers trip on, mixed with ordinary text. */
export const nastyString = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 24 }),
	fc.string({ unit: fc.constantFrom(...'[](){}\'"\\,.:;=!&|<>%_ \t\n\r\0\x7f\u2028\u00e9\ud83d\ude00xyz019-+eE'), maxLength: 32 }),
	fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', 'True', 'None', "'", '"', '\\', '\ud800', 'NaN', 'Infinity'),
);

export const scalar = fc.oneof(
	nastyString,
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.constant(null),
);

const plainOperator = fc.constantFrom(...TERM_OPERATORS.filter((operator) => !operator.includes('any')));

/** Valid domains built as prefix expressions (terms, `&`, `|`, `!`, `any` sub-domains, the true and false leaves). */
export const validDomain: fc.Arbitrary<Domain> = fc.letrec<{ domain: Domain; expression: Domain; term: Domain }>((tie) => ({
	term: fc.oneof(
		{ weight: 6, arbitrary: fc.tuple(fieldName, plainOperator, fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }))).map((term) => [term] as Domain) },
		{ weight: 1, arbitrary: fc.constantFrom<Domain>([[0, '=', 1]], [[1, '=', 1]]) },
		{
			weight: 1,
			arbitrary: fc
				.tuple(fieldName, fc.constantFrom('any', 'not any', 'any!', 'not any!'), tie('domain'))
				.map(([field, operator, sub]) => [[field, operator, sub]] as Domain),
		},
	),
	expression: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		tie('term'),
		fc
			.tuple(fc.constantFrom('&' as const, '|' as const), tie('expression'), tie('expression'))
			.map(([operator, left, right]) => [operator, ...left, ...right] as Domain),
		tie('expression').map((inner) => ['!', ...inner] as Domain),
	),
	domain: fc.array(tie('expression'), { maxLength: 3 }).map((parts) => parts.flat() as Domain),
})).domain;

/** Any JSON value, with keys and strings that often confuse validators. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		scalar,
		fc.array(tie('value'), { maxLength: 4 }),
		fc.dictionary(fc.oneof(nastyString, fc.constantFrom('_id', '_model', '_action', 'id', 'write_date', 'state')), tie('value'), {
			maxKeys: 5,
		}),
	),
})).value;

/** Every type a JavaScript value can have, including ones JSON cannot carry. */
export const anyValue = fc.oneof(
	jsonValue,
	fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }),
	fc.constantFrom(undefined, NaN, Infinity, -Infinity, -0, () => 1, Symbol('s')),
);

/** Replaces the value at a random path inside `base` (a JSON object or array) with `replacement`. */
export function mutateAt(base: unknown, choice: number, replacement: unknown): { value: unknown; path: Array<string | number> } {
	const paths: Array<Array<string | number>> = [];
	const walk = (node: unknown, path: Array<string | number>) => {
		paths.push(path);
		if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...path, index]));
		else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
	};
	walk(base, []);
	const path = paths[choice % paths.length];
	if (!path.length) return { value: replacement, path };
	const copy = structuredClone(base) as Record<string | number, unknown>;
	let parent = copy;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	parent[path[path.length - 1]] = replacement;
	return { value: copy, path };
}
