/**
 * Odoo domains under fuzzing: what the package writes in Python syntax is what Python itself reads, and every bad
 * text or structure is refused with an `OdooDomainError` that says where (character position, or term path) and what.
 */
import { spawnSync } from 'node:child_process';

import fc from 'fast-check';

import { OdooDomainError, formatDomain, parseDomain, validateDomain, type Domain } from '../../nodes/shared/odoo';
import { MAX_DEPTH } from '../../nodes/shared/odoo/domainSyntax';
import { RUNS, anyValue, fieldName, scalar, validDomain } from './arbitraries';

function domainError(run: () => unknown): OdooDomainError {
	try {
		run();
	} catch (error) {
		if (!(error instanceof OdooDomainError)) throw new Error(`expected an OdooDomainError, got ${String(error)}`);
		return error;
	}
	throw new Error('expected an OdooDomainError, and the input was accepted');
}

const SYNTAX = /^cannot read the domain at character (\d+): (.+?)(?: \(near "([\s\S]*)"\))?$/;
const STRUCTURE = /^(?:the domain|term \d+(?: > term \d+)*)(?: .+)?: .+$/s;

/** Checks what an error says: a syntax error points at a real character of `text`; a structural one names the term. */
function expectNamed(error: OdooDomainError, text?: string): void {
	expect(error.message).toBe(`Invalid domain: ${error.odooMessage}`);
	const syntax = SYNTAX.exec(error.odooMessage);
	if (syntax) {
		expect(text).toBeDefined();
		const position = Number(syntax[1]);
		expect(position).toBeGreaterThanOrEqual(1);
		expect(position).toBeLessThanOrEqual(text!.length + 1);
		if (syntax[3] !== undefined) expect(text!.slice(position - 1)).toMatch(new RegExp(`^${syntax[3].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		else expect(position).toBe(text!.length + 1);
		return;
	}
	expect(error.odooMessage).toMatch(STRUCTURE);
	if (error.odooMessage.startsWith('term ')) {
		expect(error.termIndex).toBe(Number(/^term (\d+)/.exec(error.odooMessage)![1]) - 1);
	}
}

/** Elements that are never valid in a domain, whatever surrounds them. */
const badElement = fc.oneof(
	fc.constantFrom<unknown>(null, undefined, 0, 1, true, {}, 'AND', '&&', '', '=', NaN),
	fc.string().filter((text) => !['&', '|', '!'].includes(text)),
	fc.array(scalar, { maxLength: 5 }).filter((list) => list.length !== 3),
	fc.tuple(fc.oneof(fc.constantFrom<unknown>('', '1abc', 'a..b', 'a b', 'a-b', 2, null, [], 'x.'), fc.integer({ min: 2 })), fc.constantFrom('=', 'in'), scalar),
	fc.tuple(fieldName, fc.string().filter((op) => !/^\s*(=|!=|<=|<|>|>=|=\?|=like|=ilike|like|not like|ilike|not ilike|in|not in|child_of|parent_of|any|not any|any!|not any!)\s*$/i.test(op)), scalar),
	fc.tuple(fieldName, fc.constantFrom('=', 'in'), fc.constantFrom<unknown>(NaN, Infinity, -Infinity, {}, undefined, [{}], [[NaN]])),
	fc.tuple(fieldName, fc.constantFrom('any', 'not any'), fc.constantFrom<unknown>('x', 3, null, {})),
);

const flatTerms = fc.array(
	fc.tuple(fieldName, fc.constantFrom('=', 'in', 'ilike'), scalar).map((term) => term as unknown),
	{ maxLength: 4 },
);

describe('Odoo domain fuzzing', () => {
	it("writes domains that Python's own literal_eval reads back to the same values", () => {
		const samples = fc
			.sample(validDomain, { numRuns: 300, seed: 9 })
			// UTF-8 cannot carry a lone surrogate to another process; the round trip inside JS covers those.
			.filter((domain) => JSON.stringify(domain) === JSON.stringify(JSON.parse(JSON.stringify(domain))) && isWellFormed(domain));
		const texts = samples.map((domain) => formatDomain(domain, 'python'));
		const script = [
			'import ast, json, sys',
			'out = []',
			'for line in sys.stdin.read().split("\\n\\x1e\\n"):',
			'    try:',
			'        out.append(ast.literal_eval(line))',
			'    except Exception as error:',
			'        out.append({"error": repr(error), "text": line})',
			'print(json.dumps(out))',
		].join('\n');
		const python = spawnSync('python3', ['-c', script], { input: texts.join('\n\x1e\n'), encoding: 'utf8' });
		if (python.error) throw new Error(`python3 is needed for this test: ${python.error.message}`);
		expect(python.stderr).toBe('');
		const read = JSON.parse(python.stdout) as unknown[];
		expect(read).toHaveLength(samples.length);
		read.forEach((value, index) => {
			expect(value).toEqual(samples[index]);
			// And what Python reads is what the package reads from the same text.
			expect(parseDomain(texts[index])).toEqual(samples[index]);
		});
	});

	it('names the character of a syntax error, or the term of a structural one, in any mutated domain text', () => {
		const edit = fc.oneof(
			fc.constantFrom(...'[](),\'"\\ xT0.-&'),
			fc.string({ unit: 'binary', maxLength: 3 }),
			fc.constant(''),
		);
		fc.assert(
			fc.property(validDomain, fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), edit), { minLength: 1, maxLength: 3 }), (domain, python, edits) => {
				let text = formatDomain(domain, python ? 'python' : 'json');
				for (const [position, remove, insert] of edits) {
					const at = position % (text.length + 1);
					text = text.slice(0, at) + insert + text.slice(at + remove);
				}
				let parsed: Domain;
				try {
					parsed = parseDomain(text);
				} catch (error) {
					if (!(error instanceof OdooDomainError)) throw error;
					expectNamed(error, text);
					return;
				}
				// Whatever was accepted is a valid domain, and writes back to a text that reads the same.
				expect(validateDomain(parsed)).toEqual(parsed);
				expect(parseDomain(formatDomain(parsed))).toEqual(parsed);
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('refuses any text that is not a domain with an OdooDomainError naming the place, never another error', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'[]()\'",Tru eFalsNon01.-x=&|!'), maxLength: 40 })), (text) => {
				try {
					const parsed = parseDomain(text);
					expect(validateDomain(parsed)).toEqual(parsed);
				} catch (error) {
					if (!(error instanceof OdooDomainError)) throw error;
					expectNamed(error, text);
				}
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('names the exact term at fault, top level or inside an any sub-domain', () => {
		fc.assert(
			fc.property(flatTerms, badElement, flatTerms, fc.option(fieldName, { nil: undefined }), (before, bad, after, anyField) => {
				const inner = [...before, bad, ...after];
				const domain = anyField === undefined ? inner : [['other', '=', 1], [anyField, 'any', inner]];
				const error = domainError(() => validateDomain(domain));
				expectNamed(error);
				const expected = anyField === undefined ? `term ${before.length + 1}` : `term 2 > term ${before.length + 1}`;
				expect(error.odooMessage.startsWith(`${expected} `) || error.odooMessage.startsWith(`${expected}:`)).toBe(true);
				expect(error.termIndex).toBe(anyField === undefined ? before.length : 1);
				// The same domain as JSON text gives the same answer, when the text syntax can carry it (no objects).
				if (textSafe(domain)) {
					expect(domainError(() => parseDomain(JSON.stringify(domain))).odooMessage).toBe(error.odooMessage);
				}
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('refuses values of any JavaScript type with an OdooDomainError, never a TypeError', () => {
		fc.assert(
			fc.property(fc.oneof(anyValue, fc.array(anyValue, { maxLength: 4 }), fc.array(fc.tuple(fieldName, fc.constantFrom('=', 'in', 'any'), anyValue), { maxLength: 3 })), (value) => {
				try {
					validateDomain(value);
				} catch (error) {
					if (!(error instanceof OdooDomainError)) throw error;
					expectNamed(error);
					// The message stays short, whatever the size of the value it quotes.
					expect(error.odooMessage.length).toBeLessThan(600);
				}
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('refuses deep, cyclic and huge input quickly, without overflowing the stack', () => {
		const started = Date.now();
		const deepText = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
		expect(domainError(() => parseDomain(deepText)).odooMessage).toContain(`nested more than ${MAX_DEPTH} levels deep`);
		let deep: unknown[] = [];
		for (let level = 0; level < 100_000; level++) deep = [deep];
		expect(domainError(() => validateDomain([['a', 'in', deep]])).odooMessage).toMatch(/^term 1 /);
		let deepAny: unknown = [];
		for (let level = 0; level < 1000; level++) deepAny = [['a', 'any', deepAny]];
		expect(domainError(() => validateDomain(deepAny)).odooMessage).toContain(`nested more than ${MAX_DEPTH} levels deep`);
		const cycle: unknown[] = ['x'];
		cycle.push(cycle);
		expect(domainError(() => validateDomain([['a', 'in', cycle]])).odooMessage).toMatch(/^term 1 /);
		const long = 'x'.repeat(2_000_000);
		expect(parseDomain(`[('name', '=', '${long}')]`)).toEqual([['name', '=', long]]);
		const unclosed = domainError(() => parseDomain(`[('name', '=', '${long})]`));
		expect(unclosed.odooMessage.length).toBeLessThan(200);
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

/** Values JSON text carries unchanged: strings, finite numbers (not -0), booleans, null and lists of them. */
function textSafe(value: unknown): boolean {
	if (Array.isArray(value)) return value.every(textSafe);
	return typeof value === 'string' || typeof value === 'boolean' || value === null || (Number.isFinite(value) && !Object.is(value, -0));
}

function isWellFormed(value: unknown): boolean {
	if (typeof value === 'string') return !/\p{Cs}/u.test(value);
	if (Array.isArray(value)) return value.every(isWellFormed);
	return true;
}
