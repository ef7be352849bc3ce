import fc from 'fast-check';

import { SlaPolicy, SlaPolicyInput } from '../../../nodes/SlaPrioritizer/policy';
import { prioritize, SlaAssessment, SlaRanking } from '../../../nodes/SlaPrioritizer/sla';

// Friday 14 March 2025, 09:00 UTC. The calendar works 08:00-12:00 and 13:00-17:00 UTC, Monday to Friday.
const NOW = Date.parse('2025-03-14T09:00:00Z');
const CALENDAR = {
	timeZone: 'UTC',
	hours: [
		{ from: '08:00', to: '12:00' },
		{ from: '13:00', to: '17:00' },
	],
};

function rank(items: unknown[], policy: SlaPolicyInput, options: { now?: number; tierValues?: unknown[] } = {}): SlaRanking {
	return prioritize(items, SlaPolicy.compile(policy), { now: options.now ?? NOW, tierValues: options.tierValues });
}

function assessments(ranking: SlaRanking): SlaAssessment[] {
	return Array.from(ranking.order, (index) => ranking.assessment(index));
}

describe('prioritize', () => {
	describe('slack, critical ratio and status', () => {
		const policy: SlaPolicyInput = { calendar: CALENDAR, work: { mode: 'fixed', minutes: 60 } };
		const items = [
			{ name: 'on track', scheduled_date: '2025-03-14 16:00:00' },
			{ name: 'at risk', scheduled_date: '2025-03-14 12:00:00' },
			{ name: 'cannot finish', scheduled_date: '2025-03-14 09:30:00' },
			{ name: 'breached', scheduled_date: '2025-03-13 17:00:00' },
		];
		const ranking = rank(items, policy);

		it('counts working time left, slack and critical ratio', () => {
			expect(items.map((_, index) => ranking.assessment(index))).toMatchObject([
				{ workingMinutesLeft: 360, slackMinutes: 300, criticalRatio: 6, status: 'on_track', odooPriority: '0' },
				{ workingMinutesLeft: 180, slackMinutes: 120, criticalRatio: 3, status: 'at_risk', odooPriority: '1' },
				{ workingMinutesLeft: 30, slackMinutes: -30, criticalRatio: 0.5, status: 'at_risk', odooPriority: '1' },
				{ workingMinutesLeft: -60, slackMinutes: -120, criticalRatio: -1, status: 'breached', odooPriority: '1' },
			]);
		});

		it('ranks by least slack first, with a score that grows with urgency', () => {
			expect(assessments(ranking).map((a) => [a.rank, items[ranking.order[a.rank - 1]].name, a.score])).toEqual([
				[1, 'breached', 120],
				[2, 'cannot finish', 30],
				[3, 'at risk', -120],
				[4, 'on track', -300],
			]);
		});

		it('explains each result in words', () => {
			expect(ranking.assessment(2).reasons).toEqual([
				'promise 2025-03-14 09:30 UTC from scheduled_date',
				'due at the promise date',
				'remaining work 60 min',
				'at risk: 60 min of work left but only 30 working min until due',
			]);
			expect(ranking.assessment(3).reasons.at(-1)).toBe('breached: the due time passed 60 working min ago');
			expect(ranking.assessment(1).reasons.at(-1)).toBe('at risk: slack of 120 working min is under the 240 min threshold');
			expect(ranking.assessment(0).reasons.at(-1)).toBe('on track: slack of 300 working min');
		});

		it('is deterministic for a fixed now, and follows the clock otherwise', () => {
			expect(assessments(rank(items, policy))).toEqual(assessments(ranking));
			const later = rank(items, policy, { now: Date.parse('2025-03-14T11:00:00Z') });
			expect(later.assessment(0)).toMatchObject({ workingMinutesLeft: 240, status: 'at_risk', assessedAt: '2025-03-14T11:00:00.000Z' });
		});

		it('marks an item breached once its due time has passed, even outside working hours', () => {
			const evening = rank([{ scheduled_date: '2025-03-14 18:00:00' }], { calendar: CALENDAR }, { now: Date.parse('2025-03-14T19:00:00Z') });
			expect(evening.assessment(0)).toMatchObject({ status: 'breached', workingMinutesLeft: 0, slackMinutes: 0 });
		});
	});

	describe('ties', () => {
		it('break on the critical ratio, then on the input order', () => {
			const policy: SlaPolicyInput = {
				calendar: CALENDAR,
				work: { mode: 'perLine', minutesPerLine: 60, linesField: 'lines' },
			};
			// Slack 120 for all: 120 left and no work; 180 left and 60 of work (ratio 3); the same twice more.
			const items = [
				{ id: 'a', scheduled_date: '2025-03-14 11:00:00', lines: 0 },
				{ id: 'b', scheduled_date: '2025-03-14 12:00:00', lines: 1 },
				{ id: 'c', scheduled_date: '2025-03-14 11:00:00', lines: 0 },
				{ id: 'd', scheduled_date: '2025-03-14 12:00:00', lines: 1 },
			];
			const ranking = rank(items, policy);
			expect(Array.from(ranking.order, (index) => items[index].id)).toEqual(['b', 'd', 'a', 'c']);
			expect(ranking.assessment(0).criticalRatio).toBeNull();
		});
	});

	describe('service tiers', () => {
		const tiers: SlaPolicyInput = {
			calendar: CALENDAR,
			tiers: [
				{ name: 'express', match: ['Azure Interior', '42'], leadTimeHours: 8, atRiskHours: 1 },
				{ name: 'vip', match: [5] },
				{ name: 'standard', leadTimeHours: 24 },
			],
			defaultTier: 'standard',
		};
		const promise = { scheduled_date: '2025-03-14 12:00:00' };

		it.each([
			['an Odoo many2one, by name and case-insensitively', { partner_id: [7, 'AZURE interior '] }, 'express'],
			['an Odoo many2one, by id', { partner_id: [42, 'Someone'] }, 'express'],
			['a name alone', { partner_id: 'Azure Interior' }, 'express'],
			['an object with a display name', { partner_id: { id: 3, display_name: 'Azure Interior' } }, 'express'],
			['nothing it knows, as the default tier', { partner_id: [8, 'Deco Addict'] }, 'standard'],
			['an empty field, as the default tier', { partner_id: false }, 'standard'],
		])('match %s', (_, fields, tier) => {
			expect(rank([{ ...promise, ...fields }], tiers).assessment(0).tier).toBe(tier);
		});

		it('match tags, the earliest tier of the policy winning', () => {
			const byTags = { ...tiers, fields: { tier: ['tag_ids'] } };
			expect(rank([{ ...promise, tag_ids: [5, 42] }], byTags).assessment(0).tier).toBe('express');
			expect(rank([{ ...promise, tag_ids: [1, 5] }], byTags).assessment(0).tier).toBe('vip');
		});

		it('match the values of an expression instead of fields', () => {
			const ranking = rank([promise, promise], tiers, { tierValues: ['vip', 'Azure Interior'] });
			expect([ranking.assessment(0).tier, ranking.assessment(1).tier]).toEqual(['vip', 'express']);
		});

		it("apply the tier's at-risk threshold", () => {
			// 180 working minutes left: at risk under the default 4 h, on track under express's 1 h.
			expect(rank([{ ...promise, partner_id: 'Deco' }], tiers).assessment(0).status).toBe('at_risk');
			expect(rank([{ ...promise, partner_id: 'Azure Interior' }], tiers).assessment(0).status).toBe('on_track');
		});

		it('report an unknown tier, naming the field and its value, when there is no default', () => {
			const { defaultTier: _, ...strict } = tiers;
			const ranking = rank([{ ...promise, partner_id: [8, 'Deco Addict'] }, { ...promise, partner_id: 'Azure Interior' }], strict);
			expect(ranking.errors).toEqual([
				{
					index: 0,
					field: 'partner_id',
					message: 'unknown tier: partner_id holds [8,"Deco Addict"], which matches no tier (express, vip, standard) and no default tier is set',
				},
			]);
			expect(Array.from(ranking.order)).toEqual([1]);
			const byExpression = rank([promise], strict, { tierValues: ['platinum'] });
			expect(byExpression.errors[0]).toMatchObject({ field: 'tier expression', message: expect.stringContaining('"platinum"') });
		});
	});

	describe('promise date', () => {
		const policy: SlaPolicyInput = {
			calendar: CALENDAR,
			tiers: [{ name: 'express', match: ['Azure Interior'], leadTimeHours: 8 }, { name: 'economy' }],
			defaultTier: 'economy',
		};

		it('is the first promise field that is set', () => {
			const ranking = rank([{ commitment_date: false, date_deadline: '2025-03-14 15:00:00', scheduled_date: '2025-03-20 10:00:00' }], policy);
			expect(ranking.assessment(0)).toMatchObject({ promiseAt: '2025-03-14T15:00:00.000Z' });
			expect(ranking.assessment(0).reasons[1]).toBe('promise 2025-03-14 15:00 UTC from date_deadline');
		});

		it("falls back on the start date plus the tier's lead time, in working hours", () => {
			// Thursday 15:00 + 8 working hours: 2 h on Thursday, then Friday 08:00-12:00 and 13:00-15:00.
			const ranking = rank([{ partner_id: 'Azure Interior', commitment_date: false, date_order: '2025-03-13 15:00:00' }], policy);
			expect(ranking.assessment(0).promiseAt).toBe('2025-03-14T15:00:00.000Z');
			expect(ranking.assessment(0).reasons[1]).toBe('promise 2025-03-14 15:00 UTC: start date + 8 working hours of tier "express"');
		});

		it('reports a date that cannot be read, naming the field, rather than falling back', () => {
			const ranking = rank([{ commitment_date: 'next Tuesday', scheduled_date: '2025-03-14 15:00:00' }], policy);
			expect(ranking.errors).toEqual([
				{ index: 0, field: 'commitment_date', message: expect.stringMatching(/^commitment_date holds "next Tuesday", which is not a date: expected 'YYYY-MM-DD HH:MM:SS'/) },
			]);
		});

		it('reports a missing date, naming the fields', () => {
			const ranking = rank([{ partner_id: 'Deco' }, { partner_id: 'Azure Interior', date_order: false }], policy);
			expect(ranking.errors).toEqual([
				{
					index: 0,
					field: 'commitment_date, date_deadline, scheduled_date',
					message: 'no promise date: commitment_date, date_deadline, scheduled_date are empty and tier "economy" has no lead time',
				},
				{
					index: 1,
					field: 'date_order, create_date',
					message: expect.stringContaining('the start date for the lead time of tier "express" (date_order, create_date) is empty too'),
				},
			]);
		});

		it('reports a lead time that the calendar cannot reach within ten years, naming the start field', () => {
			const ranking = rank([{ date_order: '2025-03-14 10:00:00' }], {
				calendar: { ...CALENDAR, hours: [{ from: '09:00', to: '10:00' }] },
				tiers: [{ name: 'slow', leadTimeHours: 8000 }],
				defaultTier: 'slow',
			});
			expect(ranking.errors).toEqual([
				{
					index: 0,
					field: 'date_order',
					message: 'date_order + the lead time of tier "slow": it ends more than 3660 days later in this calendar',
				},
			]);
		});

		it('reads a date alone as the end of that day in the calendar time zone', () => {
			const brussels = rank([{ date_deadline: '2025-03-14' }], { calendar: { timeZone: 'Europe/Brussels' } });
			expect(brussels.assessment(0).promiseAt).toBe('2025-03-14T23:00:00.000Z');
		});
	});

	describe('carrier cut-offs', () => {
		const policy: SlaPolicyInput = {
			calendar: CALENDAR,
			cutoffs: [
				{ carriers: ['DHL Express', 3], time: '16:00', timeZone: 'Europe/Berlin' },
				{ carriers: ['UPS'], time: '15:30', timeZone: 'Europe/London', transitHours: 24 },
			],
		};
		const promise = { commitment_date: '2025-03-14 16:30:00' };

		it('make the item due at the last cut-off that still meets the promise', () => {
			const ranking = rank([{ ...promise, carrier_id: [3, 'DHL Express'] }], policy);
			expect(ranking.assessment(0)).toMatchObject({ dueAt: '2025-03-14T15:00:00.000Z', dueBy: 'cutoff', workingMinutesLeft: 300 });
			expect(ranking.assessment(0).reasons[1]).toBe(
				'due 2025-03-14 16:00 Europe/Berlin: last DHL Express, 3 cut-off 16:00 Europe/Berlin that meets the promise',
			);
		});

		it('leave the transit time before the promise', () => {
			const ranking = rank([{ commitment_date: '2025-03-18 10:00:00', carrier_id: 'UPS' }], policy);
			expect(ranking.assessment(0).dueAt).toBe('2025-03-14T15:30:00.000Z');
		});

		it('leave the promise as the due time for a carrier without a cut-off, and say so', () => {
			const ranking = rank([{ ...promise, carrier_id: [9, 'Bpost'] }, promise], policy);
			expect(ranking.assessment(0)).toMatchObject({ dueBy: 'promise', reasons: expect.arrayContaining(['due at the promise date: no cut-off is configured for its carrier']) });
			expect(ranking.assessment(1).reasons).toContain('due at the promise date');
		});

		it('apply a * cut-off to every other item, with or without a carrier', () => {
			const withDefault = { ...policy, cutoffs: [...(policy.cutoffs ?? []), { carriers: ['*'], time: '14:00' }] };
			const ranking = rank([{ ...promise, carrier_id: [9, 'Bpost'] }, promise, { ...promise, carrier_id: 'DHL Express' }], withDefault);
			expect([0, 1, 2].map((index) => ranking.assessment(index).dueAt)).toEqual([
				'2025-03-14T14:00:00.000Z',
				'2025-03-14T14:00:00.000Z',
				'2025-03-14T15:00:00.000Z',
			]);
		});
	});

	describe('remaining work', () => {
		const perLine: SlaPolicyInput = {
			calendar: CALENDAR,
			work: { mode: 'perLine', baseMinutes: 10, minutesPerLine: 5, linesField: 'move_ids' },
		};
		const promise = { scheduled_date: '2025-03-14 16:00:00' };

		it('counts a base time plus a time per line, from a list of lines or a number', () => {
			const ranking = rank([{ ...promise, move_ids: [11, 12, 13] }, { ...promise, move_ids: 2 }], perLine);
			expect(ranking.assessment(0)).toMatchObject({ remainingWorkMinutes: 25, slackMinutes: 335 });
			expect(ranking.assessment(0).reasons).toContain('remaining work 25 min (10 min + 3 lines × 5 min)');
			expect(ranking.assessment(1).remainingWorkMinutes).toBe(20);
		});

		it('reports a lines field that is missing or not a list, naming it', () => {
			const ranking = rank([promise, { ...promise, move_ids: 'three' }], perLine);
			expect(ranking.errors).toEqual([
				{ index: 0, field: 'move_ids', message: 'move_ids is missing: expected a list of lines or a number of lines' },
				{ index: 1, field: 'move_ids', message: 'move_ids holds "three": expected a list of lines or a number of lines' },
			]);
		});
	});

	it('echoes the policy version and reads nested fields', () => {
		const ranking = rank([{ record: { scheduled_date: '2025-03-14 16:00:00' } }], {
			version: '2025-03',
			calendar: CALENDAR,
			fields: { promiseDate: ['record.scheduled_date'] },
		});
		expect(ranking.assessment(0)).toMatchObject({ policyVersion: '2025-03', promiseAt: '2025-03-14T16:00:00.000Z' });
	});

	describe('invariants', () => {
		const policy = SlaPolicy.compile({
			calendar: { timeZone: 'Europe/Brussels', holidays: ['2025-03-17'] },
			tiers: [{ name: 'gold', match: ['Gold'], leadTimeHours: 8 }],
			cutoffs: [{ carriers: ['DHL'], time: '16:00', timeZone: 'Europe/Berlin' }],
			work: { mode: 'perLine', baseMinutes: 5, minutesPerLine: 7, linesField: 'lines' },
		});
		const item = fc.record({
			scheduled_date: fc.oneof(
				fc.integer({ min: NOW - 10 * 86_400_000, max: NOW + 20 * 86_400_000 }).map((t) => new Date(t).toISOString().slice(0, 19).replace('T', ' ')),
				fc.constantFrom(false, 'soon', '2025-02-30 10:00:00'),
			),
			date_order: fc.constantFrom(false, '2025-03-12 10:00:00'),
			partner_id: fc.constantFrom('Gold', 'Silver', false),
			carrier_id: fc.constantFrom([1, 'DHL'], false, 'Bpost'),
			lines: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(undefined)),
		});

		it('accounts for every item exactly once: ranked with ranks 1..n in slack order, or reported with its error', () => {
			fc.assert(
				fc.property(fc.array(item, { maxLength: 60 }), (items) => {
					const ranking = prioritize(items, policy, { now: NOW });
					const seen = [...ranking.order, ...ranking.errors.map((error) => error.index)].sort((a, b) => a - b);
					expect(seen).toEqual(items.map((_, index) => index));
					const ranked = assessments(ranking);
					expect(ranked.map((a) => a.rank)).toEqual(ranked.map((_, position) => position + 1));
					for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
					for (const error of ranking.errors) expect(error.message).toContain(error.field.split(', ')[0]);
				}),
			);
		});

		it('gives each item the same assessment whatever the order of the batch', () => {
			fc.assert(
				fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), fc.integer(), (items, seed) => {
					const shuffled = items.map((value, index) => ({ value, index, key: Math.sin(seed + index) })).sort((a, b) => a.key - b.key);
					const original = prioritize(items, policy, { now: NOW });
					const reordered = prioritize(shuffled.map((entry) => entry.value), policy, { now: NOW });
					shuffled.forEach((entry, position) => {
						if (original.order.includes(entry.index)) {
							const { rank: _a, ...expected } = original.assessment(entry.index);
							const { rank: _b, ...actual } = reordered.assessment(position);
							expect(actual).toEqual(expected);
						}
					});
				}),
				{ numRuns: 50 },
			);
		});
	});
});
