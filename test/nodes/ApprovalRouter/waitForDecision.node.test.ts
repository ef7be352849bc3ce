import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { ApprovalRouter } from '../../../nodes/ApprovalRouter/ApprovalRouter.node';
import { runWorkflow } from '../../helpers/n8n';
import { FINANCE, ON_HOLD, shipmentPolicy } from './helpers/policies';
import { routeThen } from './helpers/workflows';
import { resumeAtDeadline, resumeWithWebhookData } from './helpers/resume';
import { callWebhook, EXECUTION } from './helpers/webhook';

interface Approval {
	decisionId: string;
	required: { deadline: string; escalateTo: string[] };
	links: Array<{ approver: string; url: string }>;
	resolution?: IDataObject;
}

/** Items → Route → (Needs Approval) → Wait for Decision. */
function routeAndWait(items: IDataObject[], wait: IDataObject = {}, policy: IDataObject = shipmentPolicy()) {
	return routeThen(items, { name: 'Wait', parameters: { operation: 'waitForDecision', decisionOutputs: 'split', ...wait } }, { route: { policy } });
}

function approvalOf(item: INodeExecutionData): Approval {
	return item.json.approval as unknown as Approval;
}

const linkOf = (approval: Approval, approver: string) => {
	const link = approval.links.find((l) => l.approver === approver);
	if (!link) throw new Error(`no link for ${approver}`);
	return link.url;
};

const vote = (approval: Approval, approver: string, choice: 'approve' | 'reject', comment = '') => {
	const url = linkOf(approval, approver);
	return callWebhook('POST', url, { token: new URL(url).searchParams.get('token'), choice, comment });
};

describe('Approval Router: Wait for Decision', () => {
	afterEach(() => jest.restoreAllMocks());

	it('puts the execution to wait until the deadline, and prepares the escalation n8n emits then', async () => {
		const waiting = await routeAndWait([ON_HOLD]);
		expect(waiting.status).toBe('waiting');
		const approval = approvalOf(waiting.output('Route', 1)[0]);
		expect(waiting.run.waitTill?.toISOString()).toBe(approval.required.deadline);
		expect([0, 1, 2].map((i) => waiting.output('Wait', i))).toEqual([[], [], []]);
		const stack = waiting.run.data.executionData?.nodeExecutionStack[0];
		expect(stack?.node.name).toBe('Wait');
		expect(stack?.metadata).toMatchObject({ forwardAllOutputs: true });
		const [approved, rejected, escalated] = stack?.data.main ?? [];
		expect([approved, rejected]).toEqual([[], []]);
		expect(escalated?.[0].pairedItem).toEqual({ item: 0 });
		expect(escalated?.[0].json.approval).toMatchObject({
			decisionId: approval.decisionId,
			resolution: {
				status: 'escalated',
				resolvedAt: approval.required.deadline,
				reason: 'no final decision before the deadline',
				votes: null,
				escalateTo: ['cfo@acme.test'],
			},
		});
	});

	it('escalates through n8n when the deadline passes (One Output layout)', async () => {
		const waiting = await routeAndWait([ON_HOLD], { decisionOutputs: 'single' });
		const resumed = await resumeAtDeadline(waiting);
		expect(resumed.run.status).toBe('success');
		const [item] = resumed.output('Wait', 0);
		expect(item.json).toMatchObject({ name: 'WH/OUT/00042', approval: { resolution: { status: 'escalated', votes: null } } });
		expect((item.json.approval as IDataObject).resolution).toMatchObject({
			summary: 'Escalated: no final decision before the deadline; votes cast before the deadline are not included; escalate to cfo@acme.test',
		});
	});

	it('2 of 3 in parallel over the approval links: shows a page on GET, records on POST, resumes on the deciding vote', async () => {
		const waiting = await routeAndWait([ON_HOLD]);
		const approval = approvalOf(waiting.output('Route', 1)[0]);
		expect(approval.links.map((l) => l.approver)).toEqual(FINANCE);

		const page = await callWebhook('GET', linkOf(approval, 'treasury@acme.test'));
		expect(page.response.status).toBe(200);
		expect(page.response.headers['Content-Type']).toBe('text/html; charset=utf-8');
		expect(page.response.headers['Cache-Control']).toBe('no-store');
		expect(page.response.html).toContain('<dd>treasury@acme.test</dd>');
		expect(page.result).toEqual({ noWebhookResponse: true });

		const first = await vote(approval, 'treasury@acme.test', 'approve', 'checked the exposure');
		expect(first.response.html).toContain('your vote is recorded');
		expect(first.result).toEqual({ noWebhookResponse: true });

		const duplicate = await vote(approval, 'treasury@acme.test', 'approve');
		expect(duplicate.response.status).toBe(409);
		expect(duplicate.result).toEqual({ noWebhookResponse: true });

		const second = await vote(approval, 'controller@acme.test', 'approve');
		expect(second.response.status).toBe(200);
		const outputs = second.result.workflowData as INodeExecutionData[][];
		expect(outputs.map((o) => o.length)).toEqual([1, 0, 0]);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[0][0].json.approval).toMatchObject({
			decisionId: approval.decisionId,
			resolution: {
				status: 'approved',
				reason: 'quorum reached',
				votes: [
					{ approver: 'treasury@acme.test', choice: 'approve', comment: 'checked the exposure', at: expect.any(String) },
					{ approver: 'controller@acme.test', choice: 'approve', comment: '', at: expect.any(String) },
				],
			},
		});

		const resumed = await resumeWithWebhookData(waiting, outputs);
		expect(resumed.run.status).toBe('success');
		expect(resumed.output('Wait', 0)[0].json).toMatchObject({ name: 'WH/OUT/00042', approval: { resolution: { status: 'approved' } } });

		const afterwards = await vote(approval, 'cfo@acme.test', 'approve');
		expect(afterwards.response.status).toBe(409);
		expect(afterwards.result.workflowData).toBeUndefined();
	});

	it('2 of 3 in sequence: refuses the third approver before the first, resumes on the second approval', async () => {
		const policy = shipmentPolicy();
		const rules = policy.rules.map((r) =>
			r.id === 'credit-hold' ? { ...r, approval: { ...r.approval, order: 'sequential' } } : r,
		);
		const waiting = await routeAndWait([ON_HOLD], { decisionOutputs: 'single' }, { ...policy, rules });
		const approval = approvalOf(waiting.output('Route', 1)[0]);
		const early = await vote(approval, 'treasury@acme.test', 'approve');
		expect(early.response.status).toBe(409);
		expect(early.response.html).toContain('an earlier approver has not voted yet');
		expect((await vote(approval, 'controller@acme.test', 'approve')).result.workflowData).toBeUndefined();
		const deciding = await vote(approval, 'cfo@acme.test', 'approve');
		const resumed = await resumeWithWebhookData(waiting, deciding.result.workflowData as INodeExecutionData[][]);
		expect((resumed.output('Wait', 0)[0].json.approval as Approval).resolution).toMatchObject({
			status: 'approved',
			votes: [{ approver: 'controller@acme.test' }, { approver: 'cfo@acme.test' }],
		});
	});

	it('a rejection resumes at once on the Rejected output (and on the one output of the One Output layout)', async () => {
		const split = await routeAndWait([ON_HOLD]);
		const rejected = await vote(approvalOf(split.output('Route', 1)[0]), 'cfo@acme.test', 'reject', 'over limit');
		expect((rejected.result.workflowData as INodeExecutionData[][]).map((o) => o.length)).toEqual([0, 1, 0]);

		const single = await routeAndWait([ON_HOLD], { decisionOutputs: 'single' });
		const decision = await vote(approvalOf(single.output('Route', 1)[0]), 'cfo@acme.test', 'reject', 'over limit');
		const resumed = await resumeWithWebhookData(single, decision.result.workflowData as INodeExecutionData[][]);
		expect((resumed.output('Wait', 0)[0].json.approval as Approval).resolution).toMatchObject({
			status: 'rejected',
			reason: 'rejected by cfo@acme.test',
			votes: [{ approver: 'cfo@acme.test', choice: 'reject', comment: 'over limit' }],
		});
	});

	it('by default puts every decision on one output, which n8n 1.x also continues after a wait', async () => {
		const waiting = await routeAndWait([ON_HOLD], { decisionOutputs: undefined });
		const decision = await vote(approvalOf(waiting.output('Route', 1)[0]), 'cfo@acme.test', 'reject', 'over limit');
		expect((decision.result.workflowData as INodeExecutionData[][]).map((o) => o.length)).toEqual([1]);
	});

	it('refuses a forged signature, an expired link and a link of another execution, without resuming', async () => {
		const waiting = await routeAndWait([ON_HOLD]);
		const approval = approvalOf(waiting.output('Route', 1)[0]);
		const url = new URL(linkOf(approval, 'cfo@acme.test'));
		const [payload, signature] = (url.searchParams.get('token') as string).split('.');
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
		const forgedPayload = Buffer.from(JSON.stringify({ ...claims, a: 'intruder@evil.test' })).toString('base64url');

		const forged = await callWebhook('POST', url.toString(), { token: `${forgedPayload}.${signature}`, choice: 'approve' });
		expect(forged.response.status).toBe(403);
		expect(forged.response.html).toContain('This approval link is not valid');
		expect(forged.result).toEqual({ noWebhookResponse: true });

		const elsewhere = await callWebhook('POST', url.toString(), { token: url.searchParams.get('token'), choice: 'approve' }, { executionId: 'other-execution' });
		expect(elsewhere.response.status).toBe(403);

		jest.spyOn(Date, 'now').mockReturnValue(Date.parse(approval.required.deadline));
		const expired = await vote(approval, 'cfo@acme.test', 'approve');
		expect(expired.response.status).toBe(410);
		expect(expired.result).toEqual({ noWebhookResponse: true });
	});

	it('answers with an error page instead of failing when something breaks, so n8n does not resume', async () => {
		const waiting = await routeAndWait([ON_HOLD]);
		const url = linkOf(approvalOf(waiting.output('Route', 1)[0]), 'cfo@acme.test');
		const broken = {
			getRequestObject: () => ({ method: 'POST' }),
			getResponseObject: () => ({ status: () => undefined, setHeader: () => undefined, end: jest.fn() }),
			getBodyData: () => {
				throw new Error('body parser exploded');
			},
			getQueryData: () => Object.fromEntries(new URL(url).searchParams),
			getExecutionId: () => EXECUTION,
			getNode: () => ({ name: 'Wait', credentials: {} }),
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
			logger: { error: jest.fn() },
		} as unknown as IWebhookFunctions;
		await expect(new ApprovalRouter().webhook.call(broken)).resolves.toEqual({ noWebhookResponse: true });
		expect(broken.logger.error).toHaveBeenCalledWith('Approval Router could not record a vote: body parser exploded');
	});

	it('escalates at once, without waiting, when segregation of duties leaves too few approvers', async () => {
		const result = await routeAndWait([{ ...ON_HOLD, customer: { credit_status: 'ok' }, category: 'expedited_freight', requested_by: 'dock.lead@acme.test' }]);
		expect(result.status).toBe('success');
		const [item] = result.output('Wait', 2);
		expect((item.json.approval as Approval).resolution).toMatchObject({
			status: 'escalated',
			reason: 'expedited-freight needs 1 approval(s) but only 0 approver(s) remain after segregation of duties',
			votes: [],
		});
	});

	it('escalates at once a request for which the policy names no approver', async () => {
		const policy = {
			version: 1,
			rules: [{ id: 'small', when: [{ field: 'amount', op: 'lt', value: 100 }], outcome: 'auto_approve' }],
			noMatch: { outcome: 'reject' },
		};
		const result = await routeAndWait([{ requested_by: 'picker@acme.test' }], {}, policy);
		expect(result.status).toBe('success');
		expect((result.output('Wait', 2)[0].json.approval as Approval).resolution).toMatchObject({
			status: 'escalated',
			reason: 'the policy names no approver for this request',
		});
	});

	it('refuses to put a record that is not Needs Approval to the vote', async () => {
		const result = await runWorkflow({
			items: [{ ...ON_HOLD, customer: { credit_status: 'ok' } }],
			nodeTypes: { approvalRouter: new ApprovalRouter() },
			chain: [
				{ name: 'Route', type: 'approvalRouter', parameters: { policyJson: JSON.stringify(shipmentPolicy()), requesterField: 'requested_by' } },
				{ name: 'Wait', type: 'approvalRouter', parameters: { operation: 'waitForDecision', decisionOutputs: 'split' } },
			],
		});
		expect(result.error('Wait')?.message).toBe(
			"The approval record's outcome is auto_approve: only Needs Approval items are put to a vote",
		);
	});

	it('puts one request per execution to the vote and says what to do with more', async () => {
		const result = await routeAndWait([ON_HOLD, { ...ON_HOLD, name: 'WH/OUT/00043' }]);
		expect(result.status).toBe('error');
		expect(result.error('Wait')?.message).toBe(
			'Wait for Decision puts one approval request to the vote per execution, but it received 2 items',
		);
	});

	it('refuses a record that was changed after Route sealed it', async () => {
		const result = await routeAndWait([ON_HOLD], {
			approvalRecord: "={{ Object.assign({}, $json.approval, { required: Object.assign({}, $json.approval.required, { clauses: [{ rules: ['x'], approvers: ['intruder@evil.test'], minApprovals: 1 }] }) }) }}",
		});
		expect(result.error('Wait')?.message).toBe(
			'The approval record was not issued by an Approval Router Route node in this execution, or it was changed since, or Route and Wait for Decision use different Approval Router Signing Key credentials',
		);
	});

	it('refuses an item without an approval record, naming the field', async () => {
		const result = await routeAndWait([ON_HOLD], { approvalRecord: '={{ { outcome: "needs_approval" } }}' });
		expect(result.error('Wait')?.message).toBe('The approval record is not one Route produced: approval.decisionId: Required');
	});
});
