/**
 * The return-to-resolution template's own checks (the checks every template gets are in templates.test.ts): the
 * webhook and the sample request start the same flow, the sample is a return of the demo's delivered and invoiced
 * order, customer text is escaped in HTML, and the return policy and the reason classification decide as the sticky
 * notes say when run through the package's engines. The webhook answers with the outcome: every way out of a run
 * passes a Respond to Webhook node (before the wait for a decision, before each Stop and Error), with the status code
 * of the contract, and a repeat of a finished request gets the answer stored with its key. Every write is safe to
 * repeat, so every failure releases the claim and answers 503 (the resend finds what was written). The claim's lease
 * outlasts the longest wait for a decision.
 */
import { parseDuration } from '../../nodes/ApprovalRouter/duration';
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { expectExternalTextEscaped, nodeNamed, readTemplate, STICKY_NOTE, targets, type TemplateNode } from './templates';

const template = readTemplate('return-to-resolution.json');

describe('return-to-resolution template', () => {
	test('its fixed id; the sample request (first in the list) and the webhook start the same flow', () => {
		expect(template.id).toBe('oleReturnToRes01');
		expect(template.nodes[0].name).toBe('Try it with a sample request');
		expect(targets(template, 'Try it with a sample request')).toEqual(['Sample request']);
		expect(targets(template, 'Sample request')).toEqual(['Read the request']);
		expect(nodeNamed(template, 'Return request').parameters).toMatchObject({ httpMethod: 'POST', path: 'return-request' });
		expect(targets(template, 'Return request')).toEqual(['Read the request']);
	});

	test("the sample request returns 2 gloves of the demo's delivered, invoiced order S00006", () => {
		const [body] = (nodeNamed(template, 'Sample request').parameters.assignments as { assignments: Array<{ value: string }> }).assignments;
		expect(body.value).toMatch(/"orderRef": "S00006"/);
		expect(body.value).toMatch(/"productCode": "GLV-NIT"/);
		expect(body.value).toMatch(/"quantity": 2\b/);
	});

	test('escapes the text of the request (reason, request id, e-mail) before putting it into HTML', () => {
		expectExternalTextEscaped(template, /\.(reason|requestId|customerEmail)\b(?!Html)/);
	});

	test('return policy: low value authorised, above 250 a returns manager decides, fraud-like reasons refused whatever the value', () => {
		const policy = compilePolicy(JSON.parse(String(nodeNamed(template, 'Authorise the return').parameters.policyJson)));
		const decide = (reason: string, returnValue: number) => policy.evaluate({ reasonLower: reason.toLowerCase(), returnValue, customerEmail: 'buyer@example.com' }).outcome;
		expect(decide('Two boxes arrived crushed', 19.8)).toBe('auto_approve');
		expect(decide('The printer does not power on', 389)).toBe('needs_approval');
		expect(decide('The box was empty when it arrived', 9.9)).toBe('reject');
		expect(decide('Package never arrived', 1000)).toBe('reject');
		expect(decide('Chargeback filed with my bank', 50)).toBe('reject');
	});

	test('classifies the reasons of the sample and the journeys', () => {
		const classifier = SignalClassifier.create();
		expect(classifier.classify({ text: 'Two boxes arrived crushed and damaged' }).category).toBe('damage');
		expect(classifier.classify({ text: 'I would like to return it, wrong size' }).category).toBe('return_requested');
	});

	const RESPOND = 'n8n-nodes-base.respondToWebhook';
	const responders = template.nodes.filter((n) => n.type === RESPOND);
	const options = (node: TemplateNode) => node.parameters.options as { responseCode: number | string; responseHeaders?: { entries: Array<{ name: string; value: string }> } };
	const sources = (name: string) => Object.entries(template.connections).filter(([, { main }]) => main.some((list) => list?.some((c) => c.node === name))).map(([from]) => from);
	/** `={{ expression }}` evaluated with `$json` and `$(node).item.json` / `$(node).isExecuted` from `nodes`. */
	const evaluate = (value: unknown, json: Record<string, unknown>, nodes: Record<string, Record<string, unknown>> = {}): unknown => {
		const expression = String(value).replace(/^=\{\{\s*|\s*\}\}$/g, '');
		const $ = (name: string) => ({ isExecuted: name in nodes, item: { json: nodes[name] ?? {} } });
		return new Function('$json', '$', `return (${expression});`)(json, $);
	};

	test('the webhook answers from Respond to Webhook nodes, with the status code of each outcome', () => {
		expect(nodeNamed(template, 'Return request').parameters.responseMode).toBe('responseNode');
		const codes = Object.fromEntries(responders.map((n) => [n.name, options(n).responseCode]));
		expect(codes).toEqual({
			'Answer: in progress': 409,
			'Already handled': expect.stringMatching(/^=\{\{/),
			'Answer: other content': 422,
			'Answer: awaiting approval': 202,
			'Answer: declined': 200,
			'Answer: done': 200,
			'Answer: invalid request': 422,
			'Answer: not processed': 503,
		});
		const retryAfter = Object.fromEntries(responders.filter((n) => options(n).responseHeaders).map((n) => [n.name, options(n).responseHeaders!.entries]));
		expect(retryAfter).toEqual({ 'Answer: in progress': [{ name: 'Retry-After', value: '30' }], 'Answer: not processed': [{ name: 'Retry-After', value: '10' }] });
		for (const node of responders) expect({ node: node.name, respondWith: node.parameters.respondWith }).toEqual({ node: node.name, respondWith: 'json' });
	});

	test('every way out answers first: the wait for a decision and each Stop and Error come after a Respond to Webhook node, and every other end is one', () => {
		expect(sources('Wait for the decision')).toEqual(['Answer: awaiting approval']);
		expect(targets(template, 'Ask a returns manager')).toEqual(['Answer: awaiting approval']);
		for (const stop of template.nodes.filter((n) => n.type === 'n8n-nodes-base.stopAndError')) {
			expect({ stop: stop.name, after: sources(stop.name).map((s) => nodeNamed(template, s).type) }).toEqual({ stop: stop.name, after: sources(stop.name).map(() => RESPOND) });
		}
		const ends = template.nodes.filter((n) => n.type !== STICKY_NOTE && !(template.connections[n.name]?.main ?? []).some((list) => list?.length));
		expect(ends.filter((n) => n.type !== RESPOND && n.type !== 'n8n-nodes-base.stopAndError').map((n) => n.name)).toEqual([]);
		expect(targets(template, 'Once per request', 1)).toEqual(['Still in progress?']);
		expect(targets(template, 'Still in progress?', 0)).toEqual(['Answer: in progress']);
		expect(targets(template, 'Still in progress?', 1)).toEqual(['Already handled']);
		expect(targets(template, 'Once per request', 2)).toEqual(['Answer: other content']);
		expect(targets(template, 'Done')).toEqual(['Answer: done']);
		expect(targets(template, 'Declined')).toEqual(['Answer: declined']);
		expect(targets(template, 'Release the request')).toEqual(['Invalid request?']);
		expect(targets(template, 'Invalid request?', 0)).toEqual(['Answer: invalid request']);
		expect(targets(template, 'Invalid request?', 1)).toEqual(['Answer: not processed']);
	});

	test('the answer a repeat gets is the one the first run gave: results stored with the key, read back by Already handled', () => {
		const resolution = { returnName: 'WH/IN/00007', returnId: 7, creditNote: 'RINV/2026/00002', creditAmount: 19.8 };
		const done = evaluate(nodeNamed(template, 'Done').parameters.resultReference, {}, { Resolution: resolution }) as Record<string, unknown>;
		expect(done).toEqual({ status: 'done', result: { return: 'WH/IN/00007', returnId: 7, creditNote: 'RINV/2026/00002', creditAmount: 19.8 } });
		expect(evaluate(nodeNamed(template, 'Done').parameters.resultReference, {}, { Resolution: { ...resolution, creditNote: '' } })).toMatchObject({ result: { creditNote: null, creditAmount: null } });
		const declined = evaluate(nodeNamed(template, 'Declined').parameters.resultReference, {}) as Record<string, unknown>;
		expect(declined.status).toBe('declined');
		const stored = nodeNamed(template, 'Already handled');
		const read = { 'Read the request': { requestId: 'RR-1' } };
		const answer = (result: unknown) => {
			const json = { requestId: 'RR-1', _idempotency: { status: 'completed', result } };
			return { code: evaluate(options(stored).responseCode, json), body: evaluate(stored.parameters.responseBody, json) };
		};
		// The first answer and the stored one are the same.
		for (const [node, result] of [['Answer: done', done], ['Answer: declined', declined]] as const) {
			const first = { code: options(nodeNamed(template, node)).responseCode, body: evaluate(nodeNamed(template, node).parameters.responseBody, { _idempotency: { status: 'completed', result } }, read) };
			expect({ node, ...answer(result) }).toEqual({ node, ...first });
		}
		// Keys completed by earlier versions of the template: "needs attention" (kept 7 days), and a text result.
		expect(answer({ status: 'needs attention', result: { return: 'WH/IN/00009', returnId: 9 } })).toEqual({
			code: 202,
			body: { requestId: 'RR-1', status: 'needs attention', result: { return: 'WH/IN/00009', returnId: 9 } },
		});
		expect(answer('return:12,credit:RINV/2026/00001')).toEqual({ code: 200, body: { requestId: 'RR-1', status: 'done', result: 'return:12,credit:RINV/2026/00001' } });
		expect(answer('declined')).toMatchObject({ code: 200, body: { status: 'declined' } });
		expect(answer('incomplete:return:12')).toMatchObject({ code: 202, body: { status: 'needs attention' } });
		expect(evaluate(nodeNamed(template, 'Still in progress?').parameters.conditions && (nodeNamed(template, 'Still in progress?').parameters.conditions as { conditions: Array<{ leftValue: string }> }).conditions[0].leftValue, { _idempotency: { status: 'in_progress' } })).toBe(true);
	});

	test('an invalid request is answered 422 with its problem, a failed step 503 (the claim is released either way)', () => {
		const invalid = (nodeNamed(template, 'Invalid request?').parameters.conditions as { conditions: Array<{ leftValue: string }> }).conditions[0].leftValue;
		expect(evaluate(invalid, {}, { 'Check the request': { problem: '50 to return, but 8 delivered' } })).toBe(true);
		expect(evaluate(invalid, {}, { 'Check the request': { problem: '' } })).toBe(false);
		expect(evaluate(invalid, {}, {})).toBe(false);
		const body = evaluate(nodeNamed(template, 'Answer: invalid request').parameters.responseBody, {}, { 'Read the request': { requestId: 'RR-D1' }, 'Check the request': { problem: '50 to return, but 8 delivered' } });
		expect(body).toEqual({ requestId: 'RR-D1', error: '50 to return, but 8 delivered' });
	});

	test('every Odoo step is safe to repeat and retries (Retry On Fail): reads, receiving the return, writes with Only Once per Key made of the request id', () => {
		const retried = template.nodes.filter((n) => (n as TemplateNode & { retryOnFail?: boolean }).retryOnFail).map((n) => n.name).sort();
		const odooSteps = template.nodes.filter((n) => n.type === 'n8n-nodes-odoo-logistics.odooLogistics').map((n) => n.name).sort();
		expect(retried).toEqual(odooSteps);
		expect(retried).toEqual([
			'Ask a returns manager',
			'Create the return',
			'Credit note',
			'Decline the return',
			'Find the delivery',
			'Find the invoice',
			'Find the order line',
			'Notify the customer',
			'Quality check',
			'Receive the return',
		]);
		for (const name of ['Create the return', 'Credit note', 'Quality check', 'Notify the customer', 'Decline the return']) {
			const key = (nodeNamed(template, name).parameters.options as { onceKey?: string }).onceKey;
			expect({ name, key }).toEqual({ name, key: expect.stringContaining("$('Check the request').item.json.requestId") });
		}
		const keys = template.nodes.map((n) => (n.parameters.options as { onceKey?: string } | undefined)?.onceKey).filter(Boolean);
		expect(new Set(keys).size).toBe(keys.length);
		for (const name of retried) {
			const node = nodeNamed(template, name);
			const options = node.parameters.options as { onceKey?: string } | undefined;
			const safe = node.parameters.method === 'search_read' || (node.parameters.resource === 'return' && node.parameters.operation === 'validate') || !!options?.onceKey;
			expect({ name, safe }).toEqual({ name, safe: true });
		}
	});

	test('a failure after the return exists releases the claim and answers 503, as one before it: the resend finishes the request', () => {
		for (const step of ['Receive the return', 'Quality check', 'Find the invoice', 'Credit note', 'Notify the customer', 'Create the return', 'Find the delivery']) {
			expect({ step, onError: targets(template, step, 1) }).toEqual({ step, onError: ['Release the request'] });
		}
		const failed = (nodeNamed(template, 'Invalid request?').parameters.conditions as { conditions: Array<{ leftValue: string }> }).conditions[0].leftValue;
		expect(evaluate(failed, {}, { 'Check the request': { problem: '' }, 'Create the return': { id: 9 } })).toBe(false);
		expect(template.nodes.filter((n) => n.type === 'n8n-nodes-odoo-logistics.idempotencyGuard').map((n) => n.name).sort()).toEqual([
			'Declined',
			'Done',
			'Once per request',
			'Release the request',
		]);
	});

	test('a request waiting for a decision keeps its claim: the lease is longer than the longest escalation of the policy', () => {
		const policy = JSON.parse(String(nodeNamed(template, 'Authorise the return').parameters.policyJson)) as { rules: Array<{ approval?: { escalateAfter: string } }> };
		const longest = Math.max(...policy.rules.map((r) => (r.approval ? parseDuration(r.approval.escalateAfter)! : 0)));
		expect(longest).toBe(24 * 3600_000);
		const lease = Number((nodeNamed(template, 'Once per request').parameters.options as { leaseSeconds: number }).leaseSeconds) * 1000;
		expect(lease).toBeGreaterThan(longest);
		// Answers are kept as long as the claim could be: every Guard that completes the key keeps it as long.
		const ttl = (name: string) => (nodeNamed(template, name).parameters.options as { ttlSeconds?: number }).ttlSeconds;
		expect(['Once per request', 'Done', 'Declined'].map(ttl)).toEqual([604800, 604800, 604800]);
		// A run that takes over a dead one (its lease ran out) posts its own approval links.
		expect((nodeNamed(template, 'Ask a returns manager').parameters.options as { onceKey: string }).onceKey).toContain('$execution.id');
	});
});

