import type { IDataObject } from 'n8n-workflow';

import { SignalClassifier } from '../../../nodes/ExceptionClassifier/classifier';
import { ExceptionClassifier } from '../../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { BUILT_IN_RULES, presetEventTypes } from '../../../nodes/ExceptionClassifier/rules';
import { DEFAULT_SIGNAL_FIELDS, SignalReader } from '../../../nodes/ExceptionClassifier/signal';
import { TAXONOMY_VERSION } from '../../../nodes/ExceptionClassifier/taxonomy';
import { resolveEvent, type EventSpec } from '../../../nodes/OdooLogisticsTrigger/eventSpec';
import { toEvent, type OdooEvent } from '../../../nodes/OdooLogisticsTrigger/events';
import { PRESET_NAMES, type PresetName } from '../../../nodes/OdooLogisticsTrigger/presets';
import { runWorkflow } from '../../helpers/n8n';

/*
 * The events of every Odoo Logistics Trigger preset, built by the trigger's own envelope builder, through the
 * classifier's default signal fields: each lands in the category a logistics team files it under.
 */

/** What each preset's event means; written out here, independently of the rules. */
const EXPECTED: Record<PresetName, { category: string; rule: string }> = {
	saleOrderConfirmed: { category: 'no_exception', rule: 'odoo.event.progress' },
	deliveryReady: { category: 'no_exception', rule: 'odoo.event.progress' },
	deliveryDone: { category: 'no_exception', rule: 'odoo.event.progress' },
	deliveryLate: { category: 'warehouse_delay', rule: 'odoo.event.late_transfer' },
	receiptOverdue: { category: 'supplier_delay', rule: 'odoo.event.purchase_delay' },
	stockShortage: { category: 'stock_shortage', rule: 'odoo.event.stock_shortage' },
	returnCreated: { category: 'return_requested', rule: 'odoo.event.return' },
	helpdeskTicketCreated: { category: 'customer_issue', rule: 'odoo.event.customer_issue' },
	approvalStatusChanged: { category: 'no_exception', rule: 'odoo.event.progress' },
};

const MAJORS = [16, 17, 18, 19];
const NOW = new Date('2026-11-26T12:00:00Z');

/** A record as Odoo returns it with the fields the trigger reads for this event. */
function recordFor(spec: EventSpec, id: number): IDataObject & { id: number } {
	const record: IDataObject & { id: number } = { id };
	for (const field of spec.readFields) {
		if (spec.kind === 'valueSet' && field === spec.field) record[field] = spec.values[0] ?? 'approved';
		else if (/date/.test(field)) record[field] = '2026-11-20 08:00:00';
		else if (field.endsWith('_ids')) record[field] = [id + 100];
		else if (field.endsWith('_id')) record[field] = [id + 200, `Related ${id}`];
		else record[field] = `${field} ${id}`;
	}
	return record;
}

function envelope(preset: PresetName, major: number, id = 1): OdooEvent {
	const spec = resolveEvent({ event: preset }, major);
	return toEvent(spec, 'logi', recordFor(spec, id), 'poll', NOW);
}

const classifier = SignalClassifier.create();
const reader = new SignalReader(DEFAULT_SIGNAL_FIELDS);
const classifyEnvelope = (event: OdooEvent) => classifier.classify(reader.read(JSON.parse(JSON.stringify(event))).signal);

describe('Exception Classifier on Odoo Logistics Trigger events', () => {
	it('has an expected category for every trigger preset', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...PRESET_NAMES].sort());
	});

	const cases = PRESET_NAMES.flatMap((preset) => MAJORS.map((major) => [preset, major] as const));

	it.each(cases)('files the %s event (Odoo %i) under its category', (preset, major) => {
		const event = envelope(preset, major);
		expect(event.eventType).toMatch(/\S/);
		expect(reader.read(event).signal.event).toBe(event.eventType);
		const decision = classifyEnvelope(event);
		expect(decision.category).not.toBe('unclassified');
		expect(decision).toMatchObject({
			category: EXPECTED[preset].category,
			matchedRule: EXPECTED[preset].rule,
			taxonomyVersion: TAXONOMY_VERSION,
			reason: expect.stringContaining(`Odoo event "${event.eventType}"`),
		});
	});

	it('recognises the names the trigger emits, not others', () => {
		expect(envelope('receiptOverdue', 18).eventType).toBe('receipt.overdue');
		expect(classifier.classify({ event: 'receipt.overdue' }).category).toBe('supplier_delay');
		expect(classifier.classify({ event: 'receipt.overdue.later' }).category).toBe('unclassified');
		expect(presetEventTypes('deliveryLate')).toEqual(['delivery.late']);
	});

	it('lists each Odoo event name in one built-in rule only', () => {
		const names = BUILT_IN_RULES.filter((rule) => rule.field === 'event').flatMap((rule) => rule.equals!.map((name) => name.toLowerCase()));
		expect(names.length).toBeGreaterThan(PRESET_NAMES.length);
		expect(new Set(names).size).toBe(names.length);
	});

	it("reads a helpdesk ticket's description before filing it as a customer issue", () => {
		const ticket = envelope('helpdeskTicketCreated', 18);
		const damaged = { ...ticket, record: { ...ticket.record, description: '<p>The parcel arrived <b>damaged</b></p>' } };
		expect(classifyEnvelope(damaged)).toMatchObject({ category: 'damage', matchedRule: expect.stringMatching(/^text\./) });
		expect(classifyEnvelope(ticket)).toMatchObject({ category: 'customer_issue', ownerTeam: 'customer_service', needsHuman: true });
	});

	it('routes every preset event through the node in an n8n execution, none unclassified', async () => {
		const items = PRESET_NAMES.map((preset, index) => envelope(preset, 18, index + 1) as unknown as IDataObject);
		const result = await runWorkflow({
			items,
			nodeTypes: { exceptionClassifier: new ExceptionClassifier() },
			chain: [{ name: 'Classify', type: 'exceptionClassifier', parameters: { routeBy: 'ownerTeam' } }],
		});
		expect(result.status).toBe('success');
		const outputs = Array.from({ length: 8 }, (_, output) => result.output('Classify', output));
		expect(outputs[7]).toEqual([]);
		const byItem = new Map(
			outputs.flat().map((item) => [(item.pairedItem as { item: number }).item, (item.json.classification as IDataObject).category]),
		);
		expect(PRESET_NAMES.map((preset, index) => [preset, byItem.get(index)])).toEqual(
			PRESET_NAMES.map((preset) => [preset, EXPECTED[preset].category]),
		);
	});
});
