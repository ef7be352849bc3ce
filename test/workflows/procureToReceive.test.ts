/**
 * The procure-to-receive template's own checks (the checks every template gets are in templates.test.ts): both
 * triggers start the same flow, the supplier portal URL is a setting, supplier text is escaped in HTML, and the
 * expedite policy and the delay classification decide as the sticky notes say when run through the package's engines.
 */
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { expectExternalTextEscaped, nodeNamed, readTemplate, targets } from './templates';

const template = readTemplate('procure-to-receive.json');

describe('procure-to-receive template', () => {
	test('its fixed id; Try it now (first in the list) and the hourly schedule start the same flow', () => {
		expect(template.id).toBe('oleProcureToRcv1');
		expect(template.nodes.map((n) => n.name).slice(0, 2)).toEqual(['Try it now', 'Every hour']);
		expect(targets(template, 'Try it now')).toEqual(['Settings']);
		expect(targets(template, 'Every hour')).toEqual(['Settings']);
	});

	test('puts the supplier portal URL in Settings only', () => {
		const settings = nodeNamed(template, 'Settings');
		const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		expect(assignments.find((a) => a.name === 'supplierPortalUrl')?.value).toMatch(/^https?:\/\/.+\/supplier-portal$/);
		expect(String(nodeNamed(template, 'Ask the supplier portal').parameters.url)).toContain("$('Settings').first().json.supplierPortalUrl");
	});

	test('escapes the supplier text (vendor, reason) before putting it into HTML', () => {
		expectExternalTextEscaped(template, /\.(reason|vendor)\b(?!Html)/);
	});

	test('expedite policy: Gold customers go to a logistics manager, small orders are refused, the rest is expedited', () => {
		const policy = compilePolicy(JSON.parse(String(nodeNamed(template, 'Expedite freight?').parameters.policyJson)));
		const decide = (tier: string, amount: number) => policy.evaluate({ impact: { tier, amount } }).outcome;
		expect(decide('Gold', 210)).toBe('needs_approval');
		expect(decide('Silver', 630)).toBe('auto_approve');
		expect(decide('Bronze', 229)).toBe('reject');
		expect(decide('None', 1200)).toBe('auto_approve');
	});

	test('classifies the delays a supplier portal reports', () => {
		const classifier = SignalClassifier.create();
		expect(classifier.classify({ text: 'Supplier production delayed: the plant is behind schedule' }).category).toBe('supplier_delay');
		expect(classifier.classify({ text: 'Container held at customs awaiting documents' }).category).toBe('customs_hold');
	});
});
