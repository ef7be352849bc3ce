import fc from 'fast-check';

import { WorkingCalendar } from '../../../nodes/SlaPrioritizer/calendar';
import { dayNumber, ZonedDays } from '../../../nodes/SlaPrioritizer/timeZone';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const WORKWEEK = new Set([1, 2, 3, 4, 5]);
const EVERY_DAY = new Set([1, 2, 3, 4, 5, 6, 7]);

function calendar(
	timeZone: string,
	options: { days?: Set<number>; windows?: Array<[string, string]>; holidays?: string[] } = {},
): WorkingCalendar {
	const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
	return new WorkingCalendar(
		{
			workingDays: options.days ?? WORKWEEK,
			windows: (options.windows ?? [['08:00', '12:00'], ['13:00', '17:00']]).map(([from, to]) => ({
				from: minutes(from),
				to: minutes(to),
			})),
			holidays: new Set((options.holidays ?? []).map((date) => dayNumber(date) as number)),
		},
		new ZonedDays(timeZone, Date.parse('2025-01-01T00:00:00Z')),
	);
}

const at = (iso: string) => Date.parse(iso);

describe('WorkingCalendar', () => {
	// Europe/Brussels is UTC+1 in winter: 08:00 local is 07:00Z.
	const brussels = calendar('Europe/Brussels', { holidays: ['2025-03-17'] });

	it.each([
		['inside one window', '2025-03-14T08:00:00Z', '2025-03-14T10:00:00Z', 120],
		['across the lunch break', '2025-03-14T10:00:00Z', '2025-03-14T13:00:00Z', 120],
		['from before opening to after closing', '2025-03-14T05:00:00Z', '2025-03-14T18:00:00Z', 480],
		['over a weekend and a holiday (Monday 17 March)', '2025-03-14T15:00:00Z', '2025-03-18T08:00:00Z', 60 + 60],
		['within the night', '2025-03-14T20:00:00Z', '2025-03-15T06:00:00Z', 0],
		['backwards, as a negative amount', '2025-03-14T10:00:00Z', '2025-03-14T08:00:00Z', -120],
	])('counts working minutes %s', (_, from, to, minutes) => {
		expect(brussels.between(at(from), at(to)) / MINUTE).toBe(minutes);
	});

	it('adds working time across lunch, nights, weekends and holidays', () => {
		expect(brussels.addWorkingTime(at('2025-03-14T10:30:00Z'), 60 * MINUTE)).toBe(at('2025-03-14T12:30:00Z'));
		// Friday 15:00 local + 3 h: 2 h on Friday, Monday is a holiday, 1 h on Tuesday.
		expect(brussels.addWorkingTime(at('2025-03-14T14:00:00Z'), 3 * HOUR)).toBe(at('2025-03-18T08:00:00Z'));
		// Reaching the target at the end of a window stays on that window's end.
		expect(brussels.addWorkingTime(at('2025-03-14T07:00:00Z'), 4 * HOUR)).toBe(at('2025-03-14T11:00:00Z'));
		// From the night, counting starts at the next opening.
		expect(brussels.addWorkingTime(at('2025-03-14T22:00:00Z'), 30 * MINUTE)).toBe(at('2025-03-18T07:30:00Z'));
	});

	it('counts the short and the long day of daylight saving time', () => {
		const allDay = calendar('Europe/Brussels', { days: EVERY_DAY, windows: [['00:00', '24:00']] });
		// 30 March 2025: 02:00 → 03:00 local; 26 October 2025: 03:00 → 02:00 local.
		expect(allDay.between(at('2025-03-29T11:00:00Z'), at('2025-03-30T10:00:00Z')) / HOUR).toBe(23);
		expect(allDay.between(at('2025-10-25T10:00:00Z'), at('2025-10-26T11:00:00Z')) / HOUR).toBe(25);
	});

	it('drops the hour skipped by daylight saving time from a window that spans it', () => {
		const night = calendar('Europe/Brussels', { days: EVERY_DAY, windows: [['01:00', '04:00']] });
		// 01:00 local is 00:00Z; 04:00 local after the change is 02:00Z.
		expect(night.between(at('2025-03-30T00:00:00Z'), at('2025-03-30T03:00:00Z')) / HOUR).toBe(2);
	});

	it('keeps offsets that are not whole hours (India, +05:30)', () => {
		const kolkata = calendar('Asia/Kolkata', { windows: [['09:00', '18:00']] });
		// 09:00 IST is 03:30Z.
		expect(kolkata.between(at('2025-03-14T03:00:00Z'), at('2025-03-14T04:00:00Z')) / MINUTE).toBe(30);
	});

	describe('agrees with counting minute by minute in local time', () => {
		const zones = ['Europe/Brussels', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
		const formatters = new Map(
			zones.map((zone) => [
				zone,
				new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' }),
			]),
		);
		const WEEKDAY = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 } as Record<string, number>;

		// Monday to Saturday, 00:30-03:30 (where daylight saving changes happen) and 13:00-17:30.
		const windows: Array<[string, string]> = [['00:30', '03:30'], ['13:00', '17:30']];
		const inWindow = (minute: number) => (minute >= 30 && minute < 210) || (minute >= 780 && minute < 1050);

		function bruteForce(zone: string, from: number, to: number): number {
			const formatter = formatters.get(zone) as Intl.DateTimeFormat;
			let minutes = 0;
			for (let t = from; t < to; t += MINUTE) {
				const parts = Object.fromEntries(formatter.formatToParts(t).map((part) => [part.type, part.value]));
				if (WEEKDAY[parts.weekday] <= 6 && inWindow(Number(parts.hour) * 60 + Number(parts.minute))) minutes++;
			}
			return minutes;
		}

		it.each(zones)('%s, around its daylight-saving changes', (zone) => {
			const subject = calendar(zone, { days: new Set([1, 2, 3, 4, 5, 6]), windows });
			const starts = [at('2025-03-07T00:00:00Z'), at('2025-03-27T00:00:00Z'), at('2025-04-03T00:00:00Z'), at('2025-10-24T00:00:00Z'), at('2025-10-31T00:00:00Z')];
			fc.assert(
				fc.property(
					fc.constantFrom(...starts),
					fc.integer({ min: 0, max: 3 * 24 * 60 }),
					fc.integer({ min: 0, max: 3 * 24 * 60 }),
					(start, a, b) => {
						const from = start + Math.min(a, b) * MINUTE;
						const to = start + Math.max(a, b) * MINUTE;
						expect(subject.between(from, to) / MINUTE).toBe(bruteForce(zone, from, to));
					},
				),
				{ numRuns: 40 },
			);
		});
	});

	it('adding working time and measuring it back are inverse', () => {
		const subject = calendar('America/New_York', { holidays: ['2025-07-04'] });
		const origin = at('2025-01-01T00:00:00Z');
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 }), fc.integer({ min: 1, max: 200 * 60 }), (start, amount) => {
				const from = origin + start * MINUTE;
				const end = subject.addWorkingTime(from, amount * MINUTE);
				expect(end).toBeGreaterThan(from);
				expect(subject.between(from, end)).toBe(amount * MINUTE);
				// The result is the first instant with that much work done.
				expect(subject.between(from, end - MINUTE)).toBeLessThan(amount * MINUTE);
			}),
			{ numRuns: 300 },
		);
	});
});
