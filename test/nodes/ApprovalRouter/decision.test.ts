import { Decider } from '../../../nodes/ApprovalRouter/decision';
import { compilePolicy } from '../../../nodes/ApprovalRouter/policy';
import { FINANCE, ON_HOLD, shipmentPolicy } from './helpers/policies';

const NOW = Date.parse('2026-11-26T09:00:00.000Z');

function decider(policy: Record<string, unknown> = shipmentPolicy(), requesterField = 'requested_by') {
	let id = 0;
	return new Decider(compilePolicy(policy), { requesterField, now: () => NOW, newId: () => `decision-${++id}` });
}

describe('approval record', () => {
	it('holds the evidence of a needs_approval decision', () => {
		const policy = compilePolicy(shipmentPolicy());
		const record = decider().decide(ON_HOLD);
		expect(record).toEqual({
			decisionId: 'decision-1',
			decidedAt: '2026-11-26T09:00:00.000Z',
			outcome: 'needs_approval',
			policy: { id: 'shipment-release', version: '2026.11.1', hash: policy.hash, hitPolicy: 'FIRST' },
			matchedRules: [{ id: 'credit-hold', outcome: 'needs_approval' }],
			basis: [
				{
					rule: 'credit-hold',
					condition: 'customer.credit_status == "hold"',
					field: 'customer.credit_status',
					operator: 'eq',
					threshold: 'hold',
					actual: 'hold',
					result: true,
				},
				{
					rule: 'credit-hold',
					condition: 'amount > 10000',
					field: 'amount',
					operator: 'gt',
					threshold: 10000,
					actual: 12500,
					result: true,
				},
			],
			inputs: { 'customer.credit_status': 'hold', amount: 12500 },
			missing: [],
			reasons: [
				'rule "credit-hold" (customer.credit_status == "hold" and amount > 10000)',
				'the requester (picker@acme.test) may not approve their own request',
			],
			requesterField: 'requested_by',
			requester: 'picker@acme.test',
			required: {
				approvers: FINANCE,
				minApprovals: 2,
				clauses: [{ rules: ['credit-hold'], approvers: FINANCE, minApprovals: 2 }],
				order: 'parallel',
				groups: ['finance'],
				escalateAfter: 'PT4H',
				deadline: '2026-11-26T13:00:00.000Z',
				escalateTo: ['cfo@acme.test'],
				excluded: [{ user: 'picker@acme.test', reason: 'requester' }],
				reachable: true,
				problems: [],
			},
			summary:
				'Needs approval by policy shipment-release v2026.11.1 (credit-hold); approval: 2 of controller@acme.test, cfo@acme.test, treasury@acme.test (parallel), deadline 2026-11-26T13:00:00.000Z',
			chatter: expect.stringContaining('<p><strong>Approval Router: Needs approval</strong></p><ul><li>Policy: shipment-release'),
		});
		expect(record.chatter).toContain('<li>Rule credit-hold: amount &gt; 10000 — value 12500</li>');
		expect(record.chatter).toContain('<li>Decision decision-1 at 2026-11-26T09:00:00.000Z</li>');
	});

	it('gives each decision its own id', () => {
		const d = new Decider(compilePolicy(shipmentPolicy()), { requesterField: 'requested_by' });
		const ids = new Set(Array.from({ length: 100 }, () => d.decide(ON_HOLD).decisionId));
		expect(ids.size).toBe(100);
	});

	it('records the rule and reason of a rejection, without approvers', () => {
		const record = decider().decide({ ...ON_HOLD, customer: { credit_status: 'blocked' } });
		expect(record).toMatchObject({
			outcome: 'reject',
			matchedRules: [{ id: 'blocked-customer', outcome: 'reject' }],
			reasons: ['rule "blocked-customer" (customer.credit_status == "blocked"): customer is blocked'],
			required: null,
		});
	});

	it('says when the noMatch default decided', () => {
		const record = decider().decide({ ...ON_HOLD, customer: { credit_status: 'ok' } });
		expect(record).toMatchObject({
			outcome: 'auto_approve',
			matchedRules: [],
			basis: [],
			reasons: ["no rule matched: the policy's noMatch outcome applies (auto_approve)"],
		});
		expect(record.summary).toBe('Approved automatically by policy shipment-release v2026.11.1 (no rule matched)');
	});

	it('names every missing field, with the rule that needed it and the values that were there', () => {
		const record = decider().decide({ amount: 50000, requested_by: 'picker@acme.test' });
		expect(record.outcome).toBe('needs_approval');
		expect(record.missing).toEqual([
			{ rule: 'blocked-customer', field: 'customer.credit_status', reason: 'field "customer.credit_status" is missing' },
			{ rule: 'credit-hold', field: 'customer.credit_status', reason: 'field "customer.credit_status" is missing' },
			{ rule: 'expedited-freight', field: 'category', reason: 'field "category" is missing' },
		]);
		expect(record.inputs).toEqual({ 'customer.credit_status': null, amount: 50000, category: null });
		expect(record.reasons).toContain('an item the policy cannot fully evaluate is never approved automatically');
		expect(record.summary).toContain('missing: customer.credit_status, category');
	});

	it('does not count a rule as undecided when one of its conditions is false', () => {
		const record = decider().decide({ amount: 500, category: 'standard', requested_by: 'picker@acme.test' });
		expect(record.missing.map((m) => m.rule)).toEqual(['blocked-customer']);
	});

	it('asks for onMissingData when no rule that might apply names approvers', () => {
		const record = decider({
			version: 1,
			rules: [{ id: 'small', when: [{ field: 'amount', op: 'lt', value: 100 }], outcome: 'auto_approve' }],
			noMatch: { outcome: 'reject' },
		}).decide({});
		expect(record).toMatchObject({ outcome: 'needs_approval', required: null });
		expect(record.reasons).toContain('the policy names no approver for this case: add "onMissingData" to the policy');
	});

	describe('segregation of duties', () => {
		it('never lists the requester as an approver, whatever the case of their identity', () => {
			const record = decider().decide({ ...ON_HOLD, requested_by: '  CFO@Acme.TEST ' });
			expect(record.requester).toBe('cfo@acme.test');
			expect(record.required?.approvers).toEqual(['controller@acme.test', 'treasury@acme.test']);
			expect(record.required?.excluded).toEqual([{ user: 'cfo@acme.test', reason: 'requester' }]);
			expect(record.required?.reachable).toBe(true);
		});

		it("excludes the requester's groups when the rule asks for it", () => {
			const policy = shipmentPolicy();
			const rules = policy.rules.map((r) =>
				r.id === 'expedited-freight'
					? { ...r, approval: { approvers: ['dock.lead@acme.test', 'cfo@acme.test'], excludeRequesterGroups: true, escalateAfter: '2h' } }
					: r,
			);
			const record = decider({ ...policy, rules }).decide({ ...ON_HOLD, customer: { credit_status: 'ok' }, category: 'expedited_freight' });
			expect(record.required?.approvers).toEqual(['cfo@acme.test']);
			expect(record.required?.excluded).toEqual([
				{ user: 'dock.lead@acme.test', reason: 'requester_group', group: 'warehouse' },
				{ user: 'picker@acme.test', reason: 'requester' },
			]);
		});

		it('marks the request unreachable when excluding the requester leaves the quorum short', () => {
			const record = decider().decide({ ...ON_HOLD, customer: { credit_status: 'ok' }, category: 'expedited_freight', requested_by: 'dock.lead@acme.test' });
			expect(record.required).toMatchObject({
				approvers: [],
				reachable: false,
				problems: ['expedited-freight needs 1 approval(s) but only 0 approver(s) remain after segregation of duties'],
			});
		});

		it('marks the request unreachable when the requester is unknown', () => {
			const record = decider().decide({ ...ON_HOLD, requested_by: undefined });
			expect(record.requester).toBeNull();
			expect(record.required?.reachable).toBe(false);
			expect(record.required?.problems).toEqual(['the requester is unknown, so segregation of duties cannot be checked']);
		});
	});

	it('writes a rule with several conditions as it is evaluated', () => {
		const record = decider({
			version: 1,
			rules: [
				{
					id: 'sensitive',
					when: [{ expr: "country == 'CU' or country == 'IR'" }, { field: 'amount', op: 'gt', value: 0 }],
					outcome: 'reject',
				},
			],
			noMatch: { outcome: 'auto_approve' },
		}).decide({ country: 'IR', amount: 5 });
		expect(record.reasons).toEqual([`rule "sensitive" ((country == 'CU' or country == 'IR') and amount > 0)`]);
	});

	it('escapes item values in the chatter HTML', () => {
		const record = decider().decide({ ...ON_HOLD, customer: { credit_status: 'hold' }, requested_by: '<img src=x onerror=alert(1)>' });
		expect(record.chatter).not.toContain('<img');
		expect(record.chatter).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});
});
