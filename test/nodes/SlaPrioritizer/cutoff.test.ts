import { CarrierCutoff } from '../../../nodes/SlaPrioritizer/cutoff';
import { dayNumber, ZonedDays } from '../../../nodes/SlaPrioritizer/timeZone';

const at = (iso: string) => Date.parse(iso);

function cutoff(timeZone: string, time: string, options: { days?: number[]; holidays?: string[]; transitHours?: number } = {}) {
	return new CarrierCutoff(
		{
			label: `test cut-off ${time}`,
			minute: Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)),
			days: new Set(options.days ?? [1, 2, 3, 4, 5]),
			holidays: new Set((options.holidays ?? []).map((date) => dayNumber(date) as number)),
			transitMinutes: (options.transitHours ?? 0) * 60,
		},
		new ZonedDays(timeZone, at('2025-01-01T00:00:00Z')),
	);
}

describe('CarrierCutoff', () => {
	// 16:00 in Berlin is 15:00Z in winter, 14:00Z in summer.
	const dhl = cutoff('Europe/Berlin', '16:00');

	it.each([
		['a promise after the cut-off of that day', '2025-03-14T17:00:00Z', '2025-03-14T15:00:00Z'],
		['a promise exactly at the cut-off', '2025-03-14T15:00:00Z', '2025-03-14T15:00:00Z'],
		['a promise before the cut-off: the day before', '2025-03-14T14:59:00Z', '2025-03-13T15:00:00Z'],
		['a promise on Sunday: Friday', '2025-03-16T12:00:00Z', '2025-03-14T15:00:00Z'],
		['summer time in the carrier zone', '2025-07-01T18:00:00Z', '2025-07-01T14:00:00Z'],
	])('takes the last cut-off meeting %s', (_, promise, expected) => {
		expect(new Date(dhl.latestFor(at(promise))).toISOString()).toBe(new Date(at(expected)).toISOString());
	});

	it('leaves the transit time before the promise', () => {
		// Delivered Tuesday 10:00Z with 24 h of transit: hand over by Monday 10:00Z, so Friday's cut-off.
		const ups = cutoff('Europe/London', '15:30', { transitHours: 24 });
		expect(new Date(ups.latestFor(at('2025-03-18T10:00:00Z'))).toISOString()).toBe('2025-03-14T15:30:00.000Z');
	});

	it('skips the days the carrier does not collect', () => {
		const holiday = cutoff('Europe/Berlin', '16:00', { holidays: ['2025-03-14'] });
		expect(new Date(holiday.latestFor(at('2025-03-14T17:00:00Z'))).toISOString()).toBe('2025-03-13T15:00:00.000Z');
		const weekly = cutoff('America/Chicago', '12:00', { days: [3] });
		// Wednesdays only; 12:00 in Chicago is 17:00Z (CDT from 9 March).
		expect(new Date(weekly.latestFor(at('2025-03-18T00:00:00Z'))).toISOString()).toBe('2025-03-12T17:00:00.000Z');
	});

	it('reports a carrier that never collects before the promise', () => {
		// Mondays only, and every Monday from November 2024 on is a holiday.
		const mondays = Array.from({ length: 70 }, (_, week) => new Date(Date.UTC(2024, 10, 4 + week * 7)).toISOString().slice(0, 10));
		const never = cutoff('UTC', '12:00', { days: [1], holidays: mondays });
		expect(never.latestFor(at('2025-12-31T00:00:00Z'))).toBeNaN();
	});
});
