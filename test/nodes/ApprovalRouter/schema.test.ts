import { compilePolicy } from '../../../nodes/ApprovalRouter/policy';
import { parsePolicy, PolicyError } from '../../../nodes/ApprovalRouter/schema';
import { shipmentPolicy } from './helpers/policies';

function issuesOf(raw: unknown): string[] {
	try {
		parsePolicy(raw);
	} catch (error) {
		if (error instanceof PolicyError) return error.issues;
		throw error;
	}
	throw new Error('the policy was accepted');
}

const policyWith = (rule: Record<string, unknown>) => ({ version: 1, rules: [rule], noMatch: { outcome: 'auto_approve' } });

describe('policy validation', () => {
	it('accepts the documented format and fills the defaults', () => {
		const policy = parsePolicy(shipmentPolicy());
		expect(policy.hitPolicy).toBe('FIRST');
		expect(policy.rules[1].approval).toEqual({
			approvers: ['group:finance'],
			minApprovals: 2,
			order: 'parallel',
			escalateAfter: 'PT4H',
			escalateTo: ['cfo@acme.test'],
			exclude: [],
			excludeRequesterGroups: false,
		});
	});

	it('refuses an unknown operator, naming the rule and the condition', () => {
		expect(issuesOf(policyWith({ id: 'big-order', when: [{ field: 'amount', op: 'greater', value: 1 }], outcome: 'reject' }))).toEqual([
			'rule "big-order" (#1), condition 1: unknown operator "greater" (use one of eq, ne, gt, gte, lt, lte, between, in, not_in, exists, not_exists, matches)',
		]);
	});

	it('quotes a rule id as JSON, so that an id holding a quote still reads as one name', () => {
		expect(issuesOf(policyWith({ id: 'say "hi"', outcome: 'maybe' }))).toEqual([
			'rule "say \\"hi\\"" (#1), outcome: must be one of auto_approve, needs_approval, reject',
		]);
	});

	it('refuses a contradictory quorum: zero approvals, or an approval on an outcome that is not put to a vote', () => {
		const approval = { approvers: ['a@acme.test'], minApprovals: 0, escalateAfter: '1h' };
		expect(issuesOf(policyWith({ id: 'zero', outcome: 'needs_approval', approval }))).toEqual([
			'rule "zero" (#1), approval.minApprovals: must be at least 1 (an outcome that needs no approval is auto_approve)',
		]);
		expect(issuesOf(policyWith({ id: 'auto', outcome: 'auto_approve', approval: { ...approval, minApprovals: 1 } }))).toEqual([
			'rule "auto" (#1), approval: outcome auto_approve contradicts its "approval": only needs_approval is put to a vote',
		]);
	});

	it('refuses N > M, counting group members and exclusions', () => {
		const raw = {
			version: 1,
			groups: { finance: ['a@acme.test', 'b@acme.test'] },
			rules: [
				{
					id: 'two-of-finance-minus-one',
					outcome: 'needs_approval',
					approval: { approvers: ['group:finance'], exclude: ['b@acme.test'], minApprovals: 2, escalateAfter: '1h' },
				},
			],
			noMatch: { outcome: 'reject' },
		};
		expect(issuesOf(raw)).toEqual([
			'rule "two-of-finance-minus-one" (#1), approval.minApprovals: needs 2 approvals but only 1 approver(s) can vote (a@acme.test)',
		]);
	});

	it('refuses a needs_approval outcome with an empty approver list or without an approval', () => {
		expect(issuesOf(policyWith({ id: 'nobody', outcome: 'needs_approval', approval: { approvers: [], escalateAfter: '1h' } }))).toEqual([
			'rule "nobody" (#1), approval.approvers: needs at least one approver',
		]);
		expect(issuesOf(policyWith({ id: 'bare', outcome: 'needs_approval' }))).toEqual([
			'rule "bare" (#1), approval: outcome needs_approval needs an "approval" with approvers, quorum and escalation',
		]);
		expect(
			issuesOf({ version: 1, rules: [], noMatch: { outcome: 'needs_approval', approval: { approvers: [], escalateAfter: '1h' } } }),
		).toEqual(['noMatch.approval.approvers: needs at least one approver']);
	});

	it.each([
		[{ field: 'amount', op: 'between', value: [500, 100] }, '"between" range is empty: min 500 is above max 100'],
		[{ field: 'amount', op: 'between', value: [1] }, '"between" needs [min, max]'],
		[{ field: 'status', op: 'in', value: [] }, '"in" needs a non-empty list'],
		[{ field: 'status', op: 'in', value: ['a', 1] }, '"in" list mixes string and number values'],
		[{ field: 'ref', op: 'matches', value: '([' }, '"matches" has an invalid regular expression'],
		[{ field: 'ref', op: 'exists', value: 1 }, '"exists" takes no value'],
		[{ field: 'amount', op: 'gt' }, 'needs a value'],
		[{ expr: 'amount >' }, 'expression "amount >" is malformed: unexpected end of expression at column 9'],
		[{ field: 'a..b', op: 'eq', value: 1 }, 'must be a field path'],
	])('refuses the condition %j', (condition, message) => {
		const [issue] = issuesOf(policyWith({ id: 'r', when: [condition], outcome: 'reject' }));
		expect(issue).toMatch(/^rule "r" \(#1\), condition 1/);
		expect(issue).toContain(message);
	});

	it('refuses unknown groups, duplicate rule ids, bad durations and unknown keys', () => {
		const raw = {
			version: 1,
			hitPolicy: 'UNIQUE',
			rules: [
				{ id: 'a', outcome: 'needs_approval', approval: { approvers: ['group:legal'], escalateAfter: 'soon' } },
				{ id: 'a', outcome: 'reject', minApprovals: 2 },
			],
			noMatch: { outcome: 'auto_approve' },
		};
		expect(issuesOf(raw)).toEqual([
			'hitPolicy: must be one of FIRST, PRIORITY, COLLECT',
			'rule "a" (#1), approval.escalateAfter: "soon" is not a duration (use e.g. "4h", "90m", "2d" or ISO 8601 "PT4H")',
			"rule \"a\" (#2): Unrecognized key(s) in object: 'minApprovals'",
		]);
		expect(
			issuesOf({
				version: 1,
				rules: [
					{ id: 'a', outcome: 'needs_approval', approval: { approvers: ['group:legal'], escalateAfter: '1h' } },
					{ id: 'a', outcome: 'reject' },
				],
				noMatch: { outcome: 'auto_approve' },
			}),
		).toEqual([
			'rule "a" (#1), approval.approvers[0]: unknown group "legal" (define it under "groups")',
			'rule "a" (#2), id: duplicate rule id "a"',
		]);
	});

	it('requires a version and a noMatch outcome', () => {
		expect(issuesOf({ rules: [] })).toEqual([
			'version: is required: a text or a number to change whenever a rule changes',
			'noMatch: Required',
		]);
	});

	it('summarises the problems in the error message', () => {
		expect(() => parsePolicy({ rules: [] })).toThrow(
			'Invalid approval policy: version: is required: a text or a number to change whenever a rule changes (and 1 more problem(s))',
		);
	});
});

describe('policy hash', () => {
	const reverseKeys = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(reverseKeys)
			: value && typeof value === 'object'
				? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
				: value;

	it('does not depend on key order, formatting or spelled-out defaults', () => {
		const a = compilePolicy(shipmentPolicy());
		const b = compilePolicy(JSON.parse(JSON.stringify(reverseKeys(shipmentPolicy()), null, 4)));
		const c = compilePolicy(shipmentPolicy({ groups: { ...shipmentPolicy().groups }, rules: shipmentPolicy().rules.map((r) => ({ priority: 0, ...r })) }));
		expect(a.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(b.hash).toBe(a.hash);
		expect(c.hash).toBe(a.hash);
	});

	it('changes with any threshold', () => {
		const policy = shipmentPolicy();
		const changed = JSON.parse(JSON.stringify(policy));
		changed.rules[1].when[1].value = 10001;
		expect(compilePolicy(changed).hash).not.toBe(compilePolicy(policy).hash);
	});
});
