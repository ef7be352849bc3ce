import type { IDataObject, INode } from 'n8n-workflow';

import { HarnessNode, runWorkflow } from '../../helpers/n8n';
import { ExceptionClassifier } from '../../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { LOST_SHIPMENT_DECISION } from './decisions';

/** One signal of each source: the Odoo trigger, AfterShip, EasyPost, an EDI 214 and an e-mail. */
const SIGNALS: IDataObject[] = [
	{ eventId: 'e1', eventType: 'stock.move.shortage', model: 'stock.move', recordId: 7, source: 'webhook', record: { name: 'WH/OUT/00007' } },
	{ msg: { tag: 'Exception', subtag: 'Exception_013', tracking_number: '1Z999' } },
	{ result: { status: 'in_transit', status_detail: 'arrived_at_facility' } },
	{ reason_code: 'AS', shipment: 'BOL-88' },
	{ subject: 'Invoice INV/2025/0042', text: 'We were charged twice for this invoice.' },
	{ text: 'Hello, just checking in.' },
	{},
];

const TEAMS = ['warehouse', 'procurement', 'customer_service', 'finance', 'quality', 'logistics', 'no exception', 'unclassified'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'no exception', 'unclassified'];

function run(parameters: INode['parameters'], items: IDataObject[] = SIGNALS, node: Partial<HarnessNode> = {}) {
	return runWorkflow({
		items,
		nodeTypes: { exceptionClassifier: new ExceptionClassifier() },
		chain: [{ name: 'Classify', type: 'exceptionClassifier', parameters, ...node }],
	});
}

/** `{ output name: [[input index, category], …] }`, for the outputs that received items. */
async function routed(parameters: INode['parameters'], names: string[], items?: IDataObject[]) {
	const result = await run(parameters, items);
	expect(result.status).toBe('success');
	const routes: Record<string, Array<[unknown, unknown]>> = {};
	names.forEach((name, output) => {
		const out = result.output('Classify', output);
		if (out.length) {
			routes[name] = out.map((item) => [
				(item.pairedItem as { item: number }).item,
				(item.json.classification as IDataObject).category,
			]);
		}
	});
	return { routes, result };
}

describe('Exception Classifier node in an n8n execution', () => {
	it('routes each signal to its owner team, keeping unclassified and normal ones on their own outputs', async () => {
		const { routes } = await routed({ routeBy: 'ownerTeam' }, TEAMS);
		expect(routes).toEqual({
			warehouse: [[0, 'stock_shortage']],
			finance: [[4, 'invoice_dispute']],
			logistics: [
				[1, 'lost'],
				[3, 'customs_hold'],
			],
			'no exception': [[2, 'no_exception']],
			unclassified: [
				[5, 'unclassified'],
				[6, 'unclassified'],
			],
		});
	});

	it('routes by severity when asked', async () => {
		const { routes } = await routed({ routeBy: 'severity' }, SEVERITIES);
		expect(routes).toEqual({
			critical: [[1, 'lost']],
			high: [
				[0, 'stock_shortage'],
				[3, 'customs_hold'],
			],
			medium: [[4, 'invoice_dispute']],
			'no exception': [[2, 'no_exception']],
			unclassified: [
				[5, 'unclassified'],
				[6, 'unclassified'],
			],
		});
	});

	it('adds the decision to the item, keeping its data', async () => {
		const { result } = await routed({ routeBy: 'ownerTeam' }, TEAMS);
		const [empty] = result.output('Classify', 7).slice(-1);
		expect(empty.json).toEqual({
			classification: expect.objectContaining({
				category: 'unclassified',
				reason: expect.stringMatching(/^empty signal/),
				needsHuman: true,
			}),
		});
		const [lost] = result.output('Classify', 5);
		expect(lost.json.msg).toEqual(SIGNALS[1].msg);
		expect(lost.json.classification).toEqual(LOST_SHIPMENT_DECISION);
	});

	it('applies rules defined in the node, and reads configured fields', async () => {
		const parameters = {
			signalFields: { reasonCode: 'shipment' },
			rulesSource: 'ui',
			rules: {
				rule: [
					{ id: 'bol', field: 'reasonCode', match: 'pattern', value: '^BOL-\\d+$', category: 'carrier_exception', confidence: 0.5, position: 'first' },
					{ id: 'greetings', field: 'text', match: 'keywords', value: 'hello, hi', category: 'no_exception', confidence: 0.6, position: 'last' },
				],
			},
			options: { resultField: 'decision' },
		};
		const result = await run(parameters);
		const decisions = (output: number) => result.output('Classify', output).map((item) => (item.json.decision as IDataObject).matchedRule);
		expect(decisions(5)).toEqual(['aftership.subtag.Exception_013', 'bol']);
		expect(decisions(6)).toEqual(['easypost.status_detail.arrived_at_facility', 'greetings']);
	});

	it('applies rules given as JSON', async () => {
		const rules = [{ id: 'shortage-is-procurement', field: 'event', equals: ['stock.move.shortage'], category: 'supplier_delay' }];
		const { routes } = await routed({ rulesSource: 'json', rulesJson: JSON.stringify(rules) }, TEAMS, [SIGNALS[0]]);
		expect(routes).toEqual({ procurement: [[0, 'supplier_delay']] });
	});

	describe('with a malformed rule', () => {
		const parameters = { rulesSource: 'json', rulesJson: JSON.stringify([{ id: 'oops', field: 'text', pattern: '(', category: 'damage' }]) };
		const message = /^Invalid rules: Rule "oops" \(#1\): pattern is not a valid regular expression/;

		it('fails at configuration time, naming the rule', async () => {
			const result = await run(parameters);
			expect(result.status).toBe('error');
			expect(result.error('Classify')?.message).toMatch(message);
		});

		it('with "continue", puts every item on the unclassified output with the error', async () => {
			const result = await run(parameters, SIGNALS, { continueOnFail: true });
			const unclassified = result.output('Classify', TEAMS.length - 1);
			expect(unclassified.map((item) => item.pairedItem)).toEqual(SIGNALS.map((_, index) => ({ item: index })));
			expect(unclassified.every((item) => message.test(String(item.json.error)))).toBe(true);
			expect(TEAMS.slice(0, -1).every((_, output) => result.output('Classify', output).length === 0)).toBe(true);
		});
	});

	it('names rules that are not JSON', async () => {
		const result = await run({ rulesSource: 'json', rulesJson: '[{ "id": ' });
		expect(result.error('Classify')?.message).toMatch(/^The rules are not valid JSON/);
	});

	it('warns about fields it could not read', async () => {
		const result = await run({}, [{ tag: ['Exception'], text: 'parcel lost' }]);
		expect(result.output('Classify', 5)[0].json.classification).toMatchObject({
			category: 'lost',
			warnings: ['tag holds a list, not text'],
		});
	});
});
