import { getGlobalState, type INode, type IDataObject } from 'n8n-workflow';

import type { HarnessNode } from '../../helpers/n8n';
import { runSla } from './helpers';

const NOW = '2025-03-14T09:00:00Z';

/** Odoo transfers as search_read returns them (`false` for empty fields, many2one pairs). */
const PICKINGS = [
	{ id: 11, name: 'WH/OUT/00011', partner_id: [7, 'Azure Interior'], carrier_id: [1, 'DHL Express'], scheduled_date: '2025-03-14 16:30:00', date_deadline: false, move_ids: [1, 2] },
	{ id: 12, name: 'WH/OUT/00012', partner_id: [9, 'Deco Addict'], carrier_id: false, scheduled_date: '2025-03-13 15:00:00', date_deadline: false, move_ids: [3] },
	{ id: 13, name: 'WH/OUT/00013', partner_id: [9, 'Deco Addict'], carrier_id: false, scheduled_date: '2025-03-18 10:00:00', date_deadline: false, move_ids: [4, 5, 6] },
	{ id: 14, name: 'WH/OUT/00014', partner_id: [7, 'Azure Interior'], carrier_id: false, scheduled_date: '2025-03-14 11:00:00', date_deadline: false, move_ids: [7] },
];

/** The policy entered in the node's fields. */
const UI_POLICY = {
	promiseDateFields: 'date_deadline, scheduled_date',
	tierFields: 'partner_id',
	tiers: { tier: [{ name: 'express', match: 'Azure Interior', leadTimeHours: 8 }, { name: 'standard', match: '', leadTimeHours: 0 }] },
	defaultTier: 'standard',
	timeZone: 'UTC',
	workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
	workingHours: '08:00-12:00, 13:00-17:00',
	holidays: '2025-03-17',
	cutoffs: { cutoff: [{ carriers: 'DHL Express', time: '16:00', timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], transitHours: 0 }] },
	workMode: 'perLine',
	baseMinutes: 10,
	minutesPerLine: 5,
	linesField: 'move_ids',
	atRiskHours: 2,
	options: { now: NOW },
};

const run = (parameters: INode['parameters'], items: IDataObject[] = PICKINGS, node: Partial<HarnessNode> = {}) => runSla(items, parameters, node);

const sla = (item: { json: IDataObject }) => item.json.sla as IDataObject;

describe('SLA Prioritizer node in an n8n execution', () => {
	it('ranks the items on one output, keeping their data and pairing each with its input', async () => {
		const result = await run(UI_POLICY);
		expect(result.status).toBe('success');
		const output = result.output('SLA');
		expect(output.map((item) => [item.json.name, sla(item).rank, sla(item).status])).toEqual([
			['WH/OUT/00012', 1, 'breached'],
			['WH/OUT/00014', 2, 'at_risk'],
			['WH/OUT/00011', 3, 'on_track'],
			['WH/OUT/00013', 4, 'on_track'],
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }, { item: 0 }, { item: 2 }]);
		expect(output[0].json.partner_id).toEqual([9, 'Deco Addict']);
		expect(sla(output[2])).toMatchObject({
			tier: 'express',
			dueBy: 'cutoff',
			dueAt: '2025-03-14T15:00:00.000Z',
			remainingWorkMinutes: 20,
			slackMinutes: 280,
			odooPriority: '0',
		});
		// Due Tuesday 10:00, Monday being a holiday: 420 minutes on Friday and 120 on Tuesday, minus 25 of work.
		expect(sla(output[3])).toMatchObject({ slackMinutes: 515, workingMinutesLeft: 540, tier: 'standard' });
		// 120 minutes left, 15 of work: slack under the 2-hour threshold.
		expect(sla(output[1])).toMatchObject({ slackMinutes: 105, odooPriority: '1' });
	});

	it('splits the items by status on three outputs, each sorted by rank', async () => {
		const result = await run({ ...UI_POLICY, atRiskHours: 5, output: 'byStatus' });
		const names = (output: number) => result.output('SLA', output).map((item) => [item.json.name, sla(item).rank]);
		expect(names(0)).toEqual([['WH/OUT/00012', 1]]);
		expect(names(1)).toEqual([
			['WH/OUT/00014', 2],
			['WH/OUT/00011', 3],
		]);
		expect(names(2)).toEqual([['WH/OUT/00013', 4]]);
		expect(result.output('SLA', 1).map((item) => sla(item).odooPriority)).toEqual(['1', '1']);
		expect(sla(result.output('SLA', 2)[0]).odooPriority).toBe('0');
	});

	it('takes the policy as JSON, in the workflow time zone unless it names one', async () => {
		const policy = { calendar: { hours: [{ from: '00:00', to: '24:00' }], workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, work: { mode: 'fixed', minutes: 30 } };
		const result = await run({ policySource: 'json', policyJson: JSON.stringify(policy), options: { now: NOW, resultField: 'urgency' } });
		const first = result.output('SLA')[0].json.urgency as IDataObject;
		expect(first.reasons).toContain(`promise 2025-03-13 11:00 ${getGlobalState().defaultTimezone} from scheduled_date`);
		expect(first).toMatchObject({ workingMinutesLeft: -1080, slackMinutes: -1110 });
	});

	it('matches tiers with an expression evaluated for each item', async () => {
		const items = PICKINGS.map((picking, index) => ({ ...picking, customer: { level: index % 2 ? 'express' : 'standard' } }));
		const result = await run({ ...UI_POLICY, tierMatch: 'expression', tierExpression: '={{ $json.customer.level }}' }, items);
		const tiers = Object.fromEntries(result.output('SLA').map((item) => [item.json.name, sla(item).tier]));
		expect(tiers).toEqual({ 'WH/OUT/00011': 'standard', 'WH/OUT/00012': 'express', 'WH/OUT/00013': 'standard', 'WH/OUT/00014': 'express' });
	});

	it('reads a fixed now without an offset in the workflow time zone', async () => {
		const result = await run({ ...UI_POLICY, options: { now: '2025-03-14T05:00:00' } });
		expect(sla(result.output('SLA')[0]).assessedAt).toBe('2025-03-14T09:00:00.000Z');
	});

	describe('with a bad item', () => {
		const items = [PICKINGS[0], { ...PICKINGS[1], date_deadline: 'soon' }, PICKINGS[2]];

		it('stops with an error naming the item and the field', async () => {
			const result = await run(UI_POLICY, items);
			expect(result.status).toBe('error');
			const error = result.error('SLA') as Error & { description?: string; context?: IDataObject };
			expect(error.message).toMatch(/^Item 1: date_deadline holds "soon", which is not a date/);
			expect(error.description).toBe('Field: date_deadline.');
			expect(error.context?.itemIndex).toBe(1);
		});

		it('with "continue", ranks the others and puts the bad item out with its error', async () => {
			const result = await run(UI_POLICY, items, { continueOnFail: true });
			expect(result.status).toBe('success');
			const output = result.output('SLA');
			expect(output.map((item) => item.json.name ?? item.json.error)).toEqual([
				'WH/OUT/00011',
				'WH/OUT/00013',
				expect.stringMatching(/^date_deadline holds "soon"/),
			]);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 1 }]);
		});
	});

	describe('with a bad policy', () => {
		const malformed = { ...UI_POLICY, workingHours: '8h-17h' };

		it('stops with an error naming the setting', async () => {
			const result = await run(malformed);
			expect(result.status).toBe('error');
			expect(result.error('SLA')?.message).toMatch(/^Invalid SLA policy: calendar\.hours\[0\]\.from: must be a time of day 'HH:MM'/);
		});

		it('with "continue", puts every item out with the error', async () => {
			const result = await run(malformed, PICKINGS, { continueOnFail: true });
			expect(result.output('SLA').map((item) => [item.pairedItem, String(item.json.error).split(':').slice(0, 2).join(':')])).toEqual(
				PICKINGS.map((_, index) => [{ item: index }, 'Invalid SLA policy: calendar.hours[0].from']),
			);
		});

		it('names a policy that is not JSON', async () => {
			const result = await run({ policySource: 'json', policyJson: '{ "calendar": ', options: { now: NOW } });
			expect(result.error('SLA')?.message).toMatch(/^Policy \(JSON\) is not valid JSON/);
		});
	});
});
