/**
 * The return-to-resolution template's own checks (the checks every template gets are in templates.test.ts): the
 * webhook and the sample request start the same flow, the sample is a return of the demo's delivered and invoiced
 * order, customer text is escaped in HTML, and the return policy and the reason classification decide as the sticky
 * notes say when run through the package's engines.
 */
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { expectExternalTextEscaped, nodeNamed, readTemplate, targets } from './templates';

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
});
