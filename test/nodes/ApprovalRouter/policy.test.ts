import fc from 'fast-check';

import { compilePolicy } from '../../../nodes/ApprovalRouter/policy';

const approval = (approvers: string[], extra: Record<string, unknown> = {}) => ({
	approvers,
	escalateAfter: '4h',
	...extra,
});

const rule = (id: string, when: unknown[], outcome: string, extra: Record<string, unknown> = {}) => ({
	id,
	when,
	outcome,
	...(outcome === 'needs_approval' ? { approval: approval([`${id}@acme.test`]) } : {}),
	...extra,
});

/** Three overlapping rules in an order that makes the hit policies disagree. */
const overlapping = (hitPolicy: string) =>
	compilePolicy({
		version: 1,
		hitPolicy,
		rules: [
			rule('trusted-customer', [{ expr: "customer.tier == 'gold'" }], 'auto_approve'),
			rule('large', [{ field: 'amount', op: 'gt', value: 10000 }], 'needs_approval'),
			rule('embargo', [{ field: 'country', op: 'in', value: ['KP', 'SY'] }], 'reject'),
		],
		noMatch: { outcome: 'auto_approve' },
	});

const goldLargeEmbargoed = { customer: { tier: 'gold' }, amount: 50000, country: 'KP' };
const goldLarge = { customer: { tier: 'gold' }, amount: 50000, country: 'DE' };
const ids = (rules: Array<{ id: string }>) => rules.map((r) => r.id);

describe('hit policies', () => {
	it('FIRST: the first matching rule in table order decides', () => {
		const policy = overlapping('FIRST');
		expect(policy.evaluate(goldLargeEmbargoed)).toMatchObject({ outcome: 'auto_approve', defaulted: false });
		expect(ids(policy.evaluate(goldLargeEmbargoed).matched)).toEqual(['trusted-customer']);
		expect(ids(policy.evaluate({ ...goldLarge, customer: { tier: 'silver' } }).matched)).toEqual(['large']);
	});

	it('PRIORITY: the strictest matching outcome decides, whatever the table order', () => {
		const policy = overlapping('PRIORITY');
		expect(policy.evaluate(goldLargeEmbargoed)).toMatchObject({ outcome: 'reject' });
		expect(ids(policy.evaluate(goldLargeEmbargoed).matched)).toEqual(['embargo']);
		expect(ids(policy.evaluate(goldLarge).matched)).toEqual(['large']);
	});

	it('PRIORITY: among rules with the same outcome the highest priority wins, then table order', () => {
		const policy = compilePolicy({
			version: 1,
			hitPolicy: 'PRIORITY',
			rules: [
				rule('low', [], 'needs_approval', { priority: 1 }),
				rule('high', [], 'needs_approval', { priority: 5 }),
				rule('high-too', [], 'needs_approval', { priority: 5 }),
			],
			noMatch: { outcome: 'auto_approve' },
		});
		expect(ids(policy.evaluate({}).matched)).toEqual(['high']);
		expect(policy.evaluate({}).requirement?.clauses[0].approvers).toEqual(['high@acme.test']);
	});

	it('COLLECT: every matching rule counts; the strictest outcome wins (reject > needs_approval > auto_approve)', () => {
		const policy = overlapping('COLLECT');
		expect(policy.evaluate(goldLargeEmbargoed)).toMatchObject({ outcome: 'reject' });
		expect(ids(policy.evaluate(goldLargeEmbargoed).matched)).toEqual(['embargo']);
		expect(policy.evaluate(goldLarge)).toMatchObject({ outcome: 'needs_approval' });
		expect(ids(policy.evaluate(goldLarge).matched)).toEqual(['trusted-customer', 'large']);
		expect(policy.evaluate({ customer: { tier: 'gold' }, amount: 5, country: 'DE' })).toMatchObject({
			outcome: 'auto_approve',
		});
	});

	it('COLLECT: merges approvals into the strictest requirement', () => {
		const policy = compilePolicy({
			version: 1,
			hitPolicy: 'COLLECT',
			groups: { finance: ['f1@acme.test', 'f2@acme.test', 'f3@acme.test'], ops: ['o1@acme.test', 'o2@acme.test'] },
			rules: [
				rule('credit', [], 'needs_approval', {
					approval: approval(['group:finance'], { minApprovals: 2, escalateAfter: '8h', escalateTo: ['cfo@acme.test'] }),
				}),
				rule('expedite', [], 'needs_approval', {
					approval: approval(['group:ops'], {
						order: 'sequential',
						escalateAfter: '90m',
						exclude: ['f3@acme.test'],
						excludeRequesterGroups: true,
					}),
				}),
				rule('fine', [], 'auto_approve'),
			],
			noMatch: { outcome: 'auto_approve' },
		});
		const { outcome, requirement } = policy.evaluate({});
		expect(outcome).toBe('needs_approval');
		expect(requirement).toMatchObject({
			approvers: ['f1@acme.test', 'f2@acme.test', 'o1@acme.test', 'o2@acme.test'],
			listed: ['f1@acme.test', 'f2@acme.test', 'f3@acme.test', 'o1@acme.test', 'o2@acme.test'],
			clauses: [
				{ rules: ['credit'], approvers: ['f1@acme.test', 'f2@acme.test'], minApprovals: 2 },
				{ rules: ['expedite'], approvers: ['o1@acme.test', 'o2@acme.test'], minApprovals: 1 },
			],
			order: 'sequential',
			escalateAfterMs: 90 * 60_000,
			escalateAfter: 'PT1H30M',
			escalateTo: ['cfo@acme.test'],
			excluded: ['f3@acme.test'],
			excludeRequesterGroups: true,
		});
	});

	it('applies noMatch when no rule matches', () => {
		expect(overlapping('FIRST').evaluate({ customer: { tier: 'silver' }, amount: 10, country: 'DE' })).toMatchObject({
			outcome: 'auto_approve',
			matched: [],
			defaulted: true,
		});
	});
});

describe('thresholds at their exact boundaries', () => {
	const outcomeFor = (condition: Record<string, unknown>, amount: unknown) =>
		compilePolicy({ version: 1, rules: [rule('r', [condition], 'reject')], noMatch: { outcome: 'auto_approve' } }).evaluate({
			amount,
		}).outcome;

	it.each([
		['gt', 10000, 10000, 'auto_approve'],
		['gt', 10000, 10000.01, 'reject'],
		['gte', 10000, 10000, 'reject'],
		['gte', 10000, 9999.99, 'auto_approve'],
		['lt', 100, 100, 'auto_approve'],
		['lt', 100, 99.99, 'reject'],
		['lte', 100, 100, 'reject'],
		['lte', 100, 100.01, 'auto_approve'],
		['eq', 10000, '10000.00', 'reject'],
		['ne', 10000, 10000, 'auto_approve'],
	])('amount %s %d with amount %j: %s', (op, value, amount, expected) => {
		expect(outcomeFor({ field: 'amount', op, value }, amount)).toBe(expected);
	});

	it.each([
		[999.99, 'auto_approve'],
		[1000, 'reject'],
		[5000, 'reject'],
		[5000.01, 'auto_approve'],
	])('between [1000, 5000] includes both ends: amount %d gives %s', (amount, expected) => {
		expect(outcomeFor({ field: 'amount', op: 'between', value: [1000, 5000] }, amount)).toBe(expected);
	});

	it('matches any number exactly like the comparison it names', () => {
		const gt = compilePolicy({
			version: 1,
			rules: [rule('r', [{ field: 'amount', op: 'gt', value: 10000 }], 'reject')],
			noMatch: { outcome: 'auto_approve' },
		});
		fc.assert(
			fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (amount) => {
				expect(gt.evaluate({ amount }).outcome).toBe(amount > 10000 ? 'reject' : 'auto_approve');
			}),
		);
	});
});

describe('missing data', () => {
	const policy = (hitPolicy: string, extra: Record<string, unknown> = {}) =>
		compilePolicy({
			version: 1,
			hitPolicy,
			rules: [
				rule('credit-hold', [{ field: 'customer.credit_status', op: 'eq', value: 'hold' }], 'needs_approval'),
				rule('small', [{ field: 'amount', op: 'lte', value: 100 }], 'auto_approve'),
				rule('embargo', [{ field: 'country', op: 'eq', value: 'KP' }], 'reject'),
			],
			noMatch: { outcome: 'auto_approve' },
			...extra,
		});

	it.each(['FIRST', 'PRIORITY', 'COLLECT'])('%s: a missing field a rule needs sends the item to approval, never auto-approval', (hitPolicy) => {
		const evaluation = policy(hitPolicy).evaluate({ amount: 50, country: 'DE' });
		expect(evaluation.outcome).toBe('needs_approval');
		expect(evaluation.undecided.map((u) => [u.rule.id, u.unknowns.map((x) => x.reason)])).toEqual([
			['credit-hold', ['field "customer.credit_status" is missing']],
		]);
		expect(evaluation.requirement?.clauses[0].approvers).toEqual(['credit-hold@acme.test']);
	});

	it('FIRST: a missing field in a rule after the deciding one does not matter', () => {
		const evaluation = policy('FIRST').evaluate({ customer: { credit_status: 'hold' } });
		expect(evaluation).toMatchObject({ outcome: 'needs_approval', undecided: [] });
	});

	it('COLLECT: nothing overrides a definite reject', () => {
		const evaluation = policy('COLLECT').evaluate({ country: 'KP' });
		expect(evaluation.outcome).toBe('reject');
		expect(evaluation.undecided).toEqual([]);
	});

	it('a false condition settles a rule even when another of its fields is missing', () => {
		const strict = compilePolicy({
			version: 1,
			rules: [
				rule(
					'hold-and-large',
					[
						{ field: 'customer.credit_status', op: 'eq', value: 'hold' },
						{ field: 'amount', op: 'gt', value: 10000 },
					],
					'reject',
				),
			],
			noMatch: { outcome: 'auto_approve' },
		});
		expect(strict.evaluate({ customer: { credit_status: 'ok' } })).toMatchObject({ outcome: 'auto_approve', undecided: [] });
		expect(strict.evaluate({ customer: { credit_status: 'hold' } })).toMatchObject({ outcome: 'needs_approval' });
	});

	it('adds the onMissingData approvers when the policy defines them', () => {
		const evaluation = policy('FIRST', {
			onMissingData: { approvers: ['data.steward@acme.test'], escalateAfter: '1h' },
		}).evaluate({ amount: 50 });
		expect(evaluation.requirement?.clauses.map((c) => c.rules)).toEqual([['credit-hold'], ['onMissingData']]);
		expect(evaluation.requirement?.escalateAfterMs).toBe(3_600_000);
	});

	it('never auto-approves an item with a missing field, whatever the hit policy and data', () => {
		const policies = ['FIRST', 'PRIORITY', 'COLLECT'].map((h) => policy(h));
		const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
		fc.assert(
			fc.property(
				maybe(fc.constantFrom('hold', 'ok', false)),
				maybe(fc.integer({ min: 0, max: 200 })),
				maybe(fc.constantFrom('KP', 'DE')),
				(status, amount, country) => {
					const item = { customer: { credit_status: status }, amount, country };
					for (const p of policies) {
						const evaluation = p.evaluate(item);
						if (evaluation.undecided.length) expect(evaluation.outcome).toBe('needs_approval');
						if (evaluation.outcome === 'auto_approve') expect(status).toBe('ok');
					}
				},
			),
		);
	});
});
