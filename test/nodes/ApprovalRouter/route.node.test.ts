import type { IDataObject } from 'n8n-workflow';

import { ApprovalRouter } from '../../../nodes/ApprovalRouter/ApprovalRouter.node';
import { deriveExecutionKey, verifyLink } from '../../../nodes/ApprovalRouter/links';
import { processRuntime } from '../../../nodes/ApprovalRouter/runtime';
import { runWorkflow, testNode } from '../../helpers/n8n';
import { FINANCE, ON_HOLD, shipmentPolicy } from './helpers/policies';
import { route as routeWith, routeNode } from './helpers/workflows';

/** Adds a binary property to each item, as a file download node would. */
const attachDocument = testNode('attachDocument', async function () {
	return [
		this.getInputData().map((item, index) => ({
			json: item.json,
			binary: { delivery_note: { data: 'JVBERi0=', mimeType: 'application/pdf', fileName: 'note.pdf' } },
			pairedItem: { item: index },
		})),
	];
});

const APPROVED = 0;
const NEEDS_APPROVAL = 1;
const REJECTED = 2;

const route = (items: IDataObject[], parameters: IDataObject = {}) => routeWith(items, { parameters: { policySource: 'json', ...parameters } });

describe('Approval Router: Route', () => {
	it('sends each item to Approved, Needs Approval or Rejected, keeping pairedItem and order', async () => {
		const result = await route([
			{ ...ON_HOLD, name: 'A', customer: { credit_status: 'ok' } },
			{ ...ON_HOLD, name: 'B' },
			{ ...ON_HOLD, name: 'C', customer: { credit_status: 'blocked' } },
			{ ...ON_HOLD, name: 'D', category: 'expedited_freight', customer: { credit_status: 'ok' } },
			{ ...ON_HOLD, name: 'E', customer: { credit_status: 'ok' }, amount: 1 },
		]);
		expect(result.status).toBe('success');
		const names = (output: number) => result.output('Route', output).map((i) => [i.json.name, i.pairedItem]);
		expect(names(APPROVED)).toEqual([
			['A', { item: 0 }],
			['E', { item: 4 }],
		]);
		expect(names(NEEDS_APPROVAL)).toEqual([
			['B', { item: 1 }],
			['D', { item: 3 }],
		]);
		expect(names(REJECTED)).toEqual([['C', { item: 2 }]]);
	});

	it('adds the approval record to every item and keeps the item data', async () => {
		const result = await route([ON_HOLD]);
		const [item] = result.output('Route', NEEDS_APPROVAL);
		expect(item.json).toMatchObject({ ...ON_HOLD, approval: { outcome: 'needs_approval', matchedRules: [{ id: 'credit-hold' }] } });
		expect(item.json.approval).toMatchObject({
			policy: { id: 'shipment-release', version: '2026.11.1', hitPolicy: 'FIRST', hash: expect.stringMatching(/^sha256:/) },
			required: { approvers: FINANCE, minApprovals: 2, reachable: true },
			seal: expect.any(String),
		});
	});

	it('gives each eligible approver a signed link to this execution, valid until the deadline', async () => {
		const result = await route([ON_HOLD]);
		const approval = result.output('Route', NEEDS_APPROVAL)[0].json.approval as {
			decisionId: string;
			required: { deadline: string };
			links: Array<{ approver: string; url: string; expiresAt: string }>;
		};
		expect(approval.links.map((l) => l.approver)).toEqual(FINANCE);
		const key = deriveExecutionKey(processRuntime.masterKey, 'harness-execution');
		for (const link of approval.links) {
			const url = new URL(link.url);
			expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1/webhook-waiting/harness-execution/approval');
			expect(link.expiresAt).toBe(approval.required.deadline);
			expect(verifyLink(key, url.searchParams.get('token') as string, Date.now())).toEqual({
				valid: true,
				claims: {
					executionId: 'harness-execution',
					decisionId: approval.decisionId,
					approver: link.approver,
					expiresAt: Date.parse(approval.required.deadline),
				},
			});
		}
	});

	it('gives no link to the requester, and none at all when asked not to', async () => {
		const ownRequest = await route([{ ...ON_HOLD, requested_by: 'cfo@acme.test' }]);
		const links = (ownRequest.output('Route', NEEDS_APPROVAL)[0].json.approval as { links: Array<{ approver: string }> }).links;
		expect(links.map((l) => l.approver)).toEqual(['controller@acme.test', 'treasury@acme.test']);
		const none = await route([ON_HOLD], { options: { includeLinks: false } });
		expect(none.output('Route', NEEDS_APPROVAL)[0].json.approval).not.toHaveProperty('links');
	});

	it('sends an item missing a field a rule needs to Needs Approval with the reason', async () => {
		const result = await route([{ amount: 50000, requested_by: 'picker@acme.test' }]);
		expect(result.output('Route', APPROVED)).toEqual([]);
		const [item] = result.output('Route', NEEDS_APPROVAL);
		expect(item.json.approval).toMatchObject({
			missing: expect.arrayContaining([{ rule: 'blocked-customer', field: 'customer.credit_status', reason: 'field "customer.credit_status" is missing' }]),
			reasons: expect.arrayContaining(['an item the policy cannot fully evaluate is never approved automatically']),
		});
	});

	it('keeps binary data', async () => {
		const result = await runWorkflow({
			items: [ON_HOLD],
			nodeTypes: { approvalRouter: new ApprovalRouter(), attachDocument },
			chain: [{ name: 'Attach', type: 'attachDocument' }, routeNode()],
		});
		expect(result.output('Route', NEEDS_APPROVAL)[0].binary?.delivery_note).toMatchObject({ fileName: 'note.pdf' });
	});

	it('fails at configuration time on a malformed policy, naming the rule', async () => {
		const policy = shipmentPolicy();
		(policy.rules[1].when[1] as { op: string }).op = 'greater';
		const result = await route([ON_HOLD], { policyJson: JSON.stringify(policy) });
		expect(result.status).toBe('error');
		expect(result.error('Route')?.message).toBe(
			'Invalid approval policy: rule "credit-hold" (#2), condition 2: unknown operator "greater" (use one of eq, ne, gt, gte, lt, lte, between, in, not_in, exists, not_exists, matches)',
		);
	});

	it('says when the policy is not JSON', async () => {
		const result = await route([ON_HOLD], { policyJson: '{ "version": 1, ' });
		expect(result.error('Route')?.message).toMatch(/^The policy is not valid JSON: /);
	});

	it('refuses an empty requester field', async () => {
		const result = await route([ON_HOLD], { requesterField: ' ' });
		expect(result.error('Route')?.message).toBe('Requester Field is empty: name the item field that holds the requester');
	});

	it('builds the same policy from the table as from JSON', async () => {
		const table = {
			policySource: 'table',
			policyId: 'shipment-release',
			policyVersion: '7',
			hitPolicy: 'COLLECT',
			groups: { group: [{ name: 'finance', members: FINANCE.join(', ') }] },
			rules: {
				rule: [
					{ id: 'blocked', conditions: "customer.credit_status == 'blocked'", outcome: 'reject' },
					{
						id: 'hold',
						conditions: "customer.credit_status == 'hold'\namount > 10000",
						outcome: 'needs_approval',
						approvers: 'group:finance',
						minApprovals: 2,
						order: 'sequential',
						escalateAfter: '4h',
					},
				],
			},
			noMatchOutcome: 'auto_approve',
		};
		const result = await route([ON_HOLD, { ...ON_HOLD, customer: { credit_status: 'blocked' } }], table);
		expect(result.output('Route', NEEDS_APPROVAL)[0].json.approval).toMatchObject({
			policy: { id: 'shipment-release', version: '7', hitPolicy: 'COLLECT' },
			basis: [
				{ condition: "customer.credit_status == 'hold'", result: true },
				{ condition: 'amount > 10000', values: { amount: 12500 }, result: true },
			],
			required: { approvers: FINANCE, minApprovals: 2, order: 'sequential', escalateAfter: 'PT4H' },
		});
		expect(result.output('Route', REJECTED)).toHaveLength(1);
	});

	it('reports a malformed table row by its rule id', async () => {
		const result = await route([ON_HOLD], {
			policySource: 'table',
			policyId: 'p',
			policyVersion: '1',
			hitPolicy: 'FIRST',
			rules: { rule: [{ id: 'hold', conditions: 'amount >', outcome: 'needs_approval', approvers: '', escalateAfter: '4h' }] },
			noMatchOutcome: 'auto_approve',
		});
		expect(result.error('Route')?.message).toContain('rule "hold" (#1), condition 1: expression "amount >" is malformed');
	});
});
