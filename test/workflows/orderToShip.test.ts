/**
 * The order-to-ship template's own checks (the checks every template gets are in templates.test.ts): the Hybrid
 * trigger and the sample event both go through the claim, every Odoo node has an error path to Release, and its
 * policies and shortage signal decide as the sticky notes say when run through the package's engines.
 */
import { Decider } from '../../nodes/ApprovalRouter/decision';
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { prioritize } from '../../nodes/SlaPrioritizer/sla';
import { SlaPolicy } from '../../nodes/SlaPrioritizer/policy';
import { guardOperation, isType, nodeNamed, readTemplate, targets } from './templates';

const wf = readTemplate('order-to-ship.json');
const byName = (name: string) => nodeNamed(wf, name);

describe('order-to-ship template: the file', () => {
	test('its fixed id (the end-to-end suite and the docs name it)', () => {
		expect(wf.id).toBe('oleOrderToShip01');
	});

	test('the trigger is Hybrid on confirmed sale orders; it and the sample event both go to the claim', () => {
		const trigger = byName('Sale order confirmed');
		expect(trigger.parameters).toMatchObject({ delivery: 'hybrid', event: 'saleOrderConfirmed' });
		expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(targets(wf, 'Sale order confirmed')).toEqual(['Claim event']);
		expect(wf.nodes[0].name).toBe('Run with a sample event');
		expect(targets(wf, 'Run with a sample event')).toEqual(['Sample event']);
		expect(targets(wf, 'Sample event')).toEqual(['Claim event']);
	});

	test('Claim, Complete and Release on the eventId; duplicates and conflicts stop at Already handled', () => {
		const guards = wf.nodes.filter((n) => isType(n, 'idempotencyGuard'));
		expect(guards.map((g) => [g.name, guardOperation(g)])).toEqual([
			['Claim event', 'checkAndClaim'],
			['Complete event', 'complete'],
			['Release event', 'release'],
		]);
		expect(byName('Claim event').parameters.keyField).toBe('eventId');
		// Re-delivery follows the same keys: the Guard's store, its default (per-workflow) scope, the eventId.
		expect(byName('Sale order confirmed').parameters.redelivery).toBe(byName('Claim event').parameters.store);
		expect((byName('Claim event').parameters.options as Record<string, unknown>).namespace ?? '').toBe(
			(byName('Sale order confirmed').parameters.options as Record<string, unknown>).guardNamespace ?? '',
		);
		expect(targets(wf, 'Claim event', 0)).toEqual(['Check readiness']);
		expect(targets(wf, 'Claim event', 1)).toEqual(['Already handled']);
		expect(targets(wf, 'Claim event', 2)).toEqual(['Already handled']);
	});

	test('every Odoo node sends its errors to Release event, which stops the execution', () => {
		for (const node of wf.nodes.filter((n) => isType(n, 'odooLogistics'))) {
			expect({ node: node.name, onError: node.onError, error: targets(wf, node.name, 1) }).toEqual({ node: node.name, onError: 'continueErrorOutput', error: ['Release event'] });
		}
		expect(targets(wf, 'Release event')).toEqual(['Stop: order not finished']);
	});
});

describe('order-to-ship template: its decisions, through the engines', () => {
	const policy = compilePolicy(JSON.parse(byName('Release policy').parameters.policyJson as string));
	const decider = new Decider(policy, { requesterField: 'requester' });
	const facts = { requester: 'Mitchell Admin', creditOverLimit: false, expeditedFreight: false, amount: 500 };

	test.each([
		['in stock, credit fine', {}, 'auto_approve', []],
		['customer over its credit limit', { creditOverLimit: true }, 'needs_approval', ['credit-hold']],
		['delivery promised within 24 h', { expeditedFreight: true }, 'needs_approval', ['expedited-freight']],
	])('Release policy: %s → %s', (_label, extra, outcome, rules) => {
		const record = decider.decide({ ...facts, ...extra });
		expect(record.outcome).toBe(outcome);
		expect(record.matchedRules.map((r) => r.id)).toEqual(rules);
		if (outcome === 'needs_approval') expect(record.required?.approvers.length).toBeGreaterThan(0);
	});

	test('Rank by SLA: Gold deliveries urgent from the start, Silver and Bronze not, a commitment date passed is urgent', () => {
		const sla = JSON.parse(byName('Rank by SLA').parameters.policyJson as string);
		const compiled = SlaPolicy.compile({ ...sla, calendar: { timeZone: 'UTC', ...sla.calendar } });
		const now = Date.parse('2026-11-24T10:00:00Z'); // a Tuesday, in working hours
		const start = '2026-11-24 09:59:00';
		const deliveries = [
			{ id: 1, scheduled_date: start, date_deadline: false },
			{ id: 2, scheduled_date: start, date_deadline: false },
			{ id: 3, scheduled_date: start, date_deadline: false },
			{ id: 4, scheduled_date: start, date_deadline: '2026-11-24 09:00:00' },
			{ id: 5, scheduled_date: start, date_deadline: '2026-12-24 09:00:00' },
		];
		const tiers = [['SLA Gold'], ['SLA Silver'], ['SLA Bronze'], ['SLA Silver'], ['SLA Gold']];
		const ranking = prioritize(deliveries, compiled, { now, tierValues: tiers });
		const byId = new Map(deliveries.map((d, index) => [d.id, ranking.assessment(index)]));
		expect([1, 2, 3, 4, 5].map((id) => [id, byId.get(id)?.tier, byId.get(id)?.odooPriority])).toEqual([
			[1, 'gold', '1'],
			[2, 'silver', '0'],
			[3, 'bronze', '0'],
			[4, 'silver', '1'],
			[5, 'gold', '0'],
		]);
	});

	test('Shortage signal: the stock.shortage event, classified by its event rule as a stock shortage', () => {
		const assignments = (byName('Shortage signal').parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
		const event = String(assignments.find((a) => a.name === 'eventType')?.value);
		expect(event).toBe('stock.shortage');
		const result = SignalClassifier.create().classify({ event, text: 'S00042: not enough stock for 5 x Wireless Scanner' });
		expect([result.category, result.matchedRule]).toEqual(['stock_shortage', 'odoo.event.stock_shortage']);
		expect(targets(wf, 'Shortage signal')).toEqual(['One signal per order']);
		expect(targets(wf, 'One signal per order')).toEqual(['Classify exception']);
	});
});
