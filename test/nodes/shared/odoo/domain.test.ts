import fc from 'fast-check';

import {
	Domain,
	FALSE_DOMAIN,
	OdooDomainError,
	TERM_OPERATORS,
	andDomains,
	formatDomain,
	normalizeDomain,
	notDomain,
	orDomains,
	parseDomain,
	validateDomain,
} from '../../../../nodes/shared/odoo';

function domainError(run: () => unknown): OdooDomainError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(OdooDomainError);
		return error as OdooDomainError;
	}
	throw new Error('expected an OdooDomainError');
}

describe('parseDomain', () => {
	it('reads JSON and Python syntax to the same domain', () => {
		const python = parseDomain("[('state', '=', 'sale'), ('date_order', '<', '2026-01-01'), ('locked', '=', False)]");
		const json = parseDomain('[["state", "=", "sale"], ["date_order", "<", "2026-01-01"], ["locked", "=", false]]');
		expect(python).toEqual([
			['state', '=', 'sale'],
			['date_order', '<', '2026-01-01'],
			['locked', '=', false],
		]);
		expect(json).toEqual(python);
	});

	it('reads operators, None, True, tuples, trailing commas, escapes and nested any', () => {
		expect(
			parseDomain(
				"['|', ('partner_id', '=?', None), '!', ('id', 'in', (1, 2, 3,)), ('order_line', 'any', [('product_id.default_code', 'ilike', 'it\\'s')]),]",
			),
		).toEqual([
			'|',
			['partner_id', '=?', null],
			'!',
			['id', 'in', [1, 2, 3]],
			['order_line', 'any', [['product_id.default_code', 'ilike', "it's"]]],
		]);
	});

	it('reads numbers and lower-cases operators', () => {
		expect(parseDomain('[("amount_total", ">=", -1.5e3), ("name", "NOT ILIKE", "x")]')).toEqual([
			['amount_total', '>=', -1500],
			['name', 'not ilike', 'x'],
		]);
	});

	it('takes blank input as every record', () => {
		expect(parseDomain('')).toEqual([]);
		expect(parseDomain('   ')).toEqual([]);
		expect(parseDomain(undefined)).toEqual([]);
		expect(parseDomain('[]')).toEqual([]);
	});

	it('accepts the true and false leaves', () => {
		expect(parseDomain('[(1, "=", 1), (0, "=", 1)]')).toEqual([
			[1, '=', 1],
			[0, '=', 1],
		]);
	});

	it('names the term with an unknown operator, by position and text', () => {
		const error = domainError(() => parseDomain("[('state', '=', 'sale'), ('state', '==', 'done')]"));
		expect(error.termIndex).toBe(1);
		expect(error.term).toBe("('state', '==', 'done')");
		expect(error.message).toContain("term 2 ('state', '==', 'done'): unknown operator '=='");
	});

	it('names a term with the wrong number of items', () => {
		const error = domainError(() => parseDomain('[["state", "=", "sale"], ["state", "sale"]]'));
		expect(error.termIndex).toBe(1);
		expect(error.message).toContain('term 2');
		expect(error.message).toContain('3 items');
		expect(error.message).toContain('not 2');
	});

	it('names an operator without enough operands', () => {
		const orError = domainError(() => parseDomain("['|', ('state', '=', 'sale')]"));
		expect(orError.termIndex).toBe(0);
		expect(orError.message).toContain("the operator '|' needs two terms after it");
		const notError = domainError(() => parseDomain("[('state', '=', 'sale'), '!']"));
		expect(notError.termIndex).toBe(1);
		expect(notError.message).toContain("'!' needs one term after it");
	});

	it('names a bad term inside an any sub-domain', () => {
		const error = domainError(() =>
			parseDomain("[('order_line', 'any', [('product_id', '=', 1), ('qty', 'bogus', 2)])]"),
		);
		expect(error.termIndex).toBe(0);
		expect(error.message).toContain('term 1 > term 2');
		expect(error.message).toContain("unknown operator 'bogus'");
	});

	it('refuses bad fields, bad values and stray strings', () => {
		expect(domainError(() => parseDomain('[["", "=", 1]]')).message).toContain('field name');
		expect(domainError(() => parseDomain([['state', '=', { a: 1 }]])).message).toContain('the value must be');
		expect(domainError(() => parseDomain([['amount', '>', Infinity]])).message).toContain('finite number');
		expect(domainError(() => parseDomain('["AND", ["a", "=", 1]]')).message).toContain("'&', '|', '!'");
		expect(domainError(() => parseDomain('{"state": "sale"}')).message).toContain("unexpected character '{'");
		expect(domainError(() => validateDomain({ state: 'sale' })).message).toContain('must be a list');
	});

	it('reports syntax errors by character position', () => {
		const error = domainError(() => parseDomain("[('state', '=' 'sale')]"));
		expect(error.message).toContain('character 16');
		expect(error.message).toContain("expected ',' or ')'");
		expect(domainError(() => parseDomain("[('state', '=', 'sale')")).message).toContain("missing ']'");
		expect(domainError(() => parseDomain("[('state', '=', datetime.now())]")).message).toContain("unknown word 'datetime'");
		expect(domainError(() => parseDomain("[('name', '=', 'open)]")).message).toContain('not closed');
		// A backslash last escapes nothing: the missing quote is just past the end (character 17 of 16).
		expect(domainError(() => parseDomain("[('name','=','x\\")).message).toBe('Invalid domain: cannot read the domain at character 17: a string is not closed');
	});

	it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
		expect(domainError(() => parseDomain('['.repeat(5000))).message).toContain('nested more than');
		const cyclic: unknown[] = [];
		cyclic.push(['order_line', 'any', cyclic]);
		expect(domainError(() => validateDomain(cyclic)).message).toContain('nested more than');
	});
});

describe('domain builders', () => {
	const sale: Domain = [['state', '=', 'sale']];
	const late: Domain = [
		['date', '<', '2026-01-01'],
		['priority', '=', '1'],
	];

	it('normalises implicit ANDs', () => {
		expect(normalizeDomain(late)).toEqual(['&', ['date', '<', '2026-01-01'], ['priority', '=', '1']]);
		expect(normalizeDomain(['|', ...late, ...sale])).toEqual(['&', '|', ...late, ...sale]);
	});

	it('combines with AND, OR and NOT like Odoo', () => {
		expect(andDomains(sale, late)).toEqual(['&', ...sale, '&', ...late]);
		expect(orDomains(sale, late)).toEqual(['|', ...sale, '&', ...late]);
		expect(notDomain(late)).toEqual(['!', '&', ...late]);
		expect(andDomains(sale, [])).toEqual(sale);
		expect(andDomains(sale, FALSE_DOMAIN)).toEqual(FALSE_DOMAIN);
		expect(orDomains(sale, [])).toEqual([]);
		expect(orDomains(FALSE_DOMAIN, sale)).toEqual(sale);
		expect(andDomains()).toEqual([]);
		expect(orDomains()).toEqual(FALSE_DOMAIN);
		expect(notDomain([])).toEqual(FALSE_DOMAIN);
	});

	it('formats in Python syntax as Odoo writes domains', () => {
		expect(formatDomain(['|', ['state', '=', 'sale'], ['partner_id', 'in', [1, 2]], ['active', '=', true]])).toBe(
			"['|', ('state', '=', 'sale'), ('partner_id', 'in', [1, 2]), ('active', '=', True)]",
		);
	});
});

describe('domain fuzzing', () => {
	const fieldName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}(\.[a-z_][a-z0-9_]{0,8}){0,2}$/);
	const scalar = fc.oneof(
		fc.string({ unit: 'binary', maxLength: 12 }),
		fc.integer(),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
		fc.boolean(),
		fc.constant(null),
	);
	const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }));
	const plainOperator = fc.constantFrom(...TERM_OPERATORS.filter((operator) => !operator.includes('any')));

	/** Valid domains, built as prefix expressions, with `any` sub-domains. */
	const { domain } = fc.letrec<{ domain: Domain; expression: Domain; term: Domain }>((tie) => ({
		term: fc.oneof(
			{ weight: 5, arbitrary: fc.tuple(fieldName, plainOperator, value).map((term) => [term] as Domain) },
			{
				weight: 1,
				arbitrary: fc
					.tuple(fieldName, fc.constantFrom('any', 'not any'), tie('domain'))
					.map(([field, operator, sub]) => [[field, operator, sub]] as Domain),
			},
		),
		expression: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			tie('term'),
			fc.tuple(fc.constantFrom('&' as const, '|' as const), tie('expression'), tie('expression')).map(
				([operator, left, right]) => [operator, ...left, ...right] as Domain,
			),
			tie('expression').map((inner) => ['!', ...inner] as Domain),
		),
		domain: fc.array(tie('expression'), { maxLength: 3 }).map((parts) => parts.flat() as Domain),
	}));

	it('parses any text to a domain or an OdooDomainError, nothing else', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
				try {
					parseDomain(text);
				} catch (error) {
					expect(error).toBeInstanceOf(OdooDomainError);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('parses mutated domain texts to a domain or an OdooDomainError', () => {
		const mutated = fc
			.tuple(domain, fc.nat(), fc.string({ maxLength: 3 }), fc.boolean())
			.map(([source, position, insert, python]) => {
				const text = formatDomain(source, python ? 'python' : 'json');
				const at = position % (text.length + 1);
				return text.slice(0, at) + insert + text.slice(at + 1);
			});
		fc.assert(
			fc.property(mutated, (text) => {
				try {
					parseDomain(text);
				} catch (error) {
					expect(error).toBeInstanceOf(OdooDomainError);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('validates any value to a domain or an OdooDomainError', () => {
		fc.assert(
			fc.property(fc.anything({ maxDepth: 4 }), (input) => {
				try {
					validateDomain(input);
				} catch (error) {
					expect(error).toBeInstanceOf(OdooDomainError);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('round-trips valid domains through Python and JSON text', () => {
		fc.assert(
			fc.property(domain, (source) => {
				expect(parseDomain(formatDomain(source, 'python'))).toEqual(source);
				// JSON has no negative zero.
				const json = JSON.parse(JSON.stringify(source)) as Domain;
				expect(parseDomain(formatDomain(source, 'json'))).toEqual(json);
			}),
			{ numRuns: 1000 },
		);
	});

	it('builds valid, single-expression domains with AND, OR and NOT', () => {
		fc.assert(
			fc.property(fc.array(domain, { maxLength: 4 }), (domains) => {
				for (const combined of [andDomains(...domains), orDomains(...domains), notDomain(domains[0] ?? [])]) {
					expect(validateDomain(combined)).toEqual(combined);
					expect(normalizeDomain(combined)).toEqual(combined);
				}
			}),
			{ numRuns: 500 },
		);
	});
});
