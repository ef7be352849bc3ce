import { DayArray } from './dayArray';
import { isoWeekday, ZonedDays } from './timeZone';

export interface WorkingCalendarSpec {
	/** ISO weekdays (1 = Monday … 7 = Sunday) that are working days. */
	workingDays: ReadonlySet<number>;
	/** Working windows of a working day, in minutes past local midnight, sorted and not overlapping. */
	windows: ReadonlyArray<{ from: number; to: number }>;
	/** Local day numbers that are not worked. */
	holidays: ReadonlySet<number>;
}

interface WorkDay {
	/** Working windows as instants: start, end, start, end… */
	bounds: number[];
	/** Working time in the day, in ms. */
	work: number;
	/** Working time from the calendar's first day to the start of this day, in ms (negative before it). */
	before: number;
}

/** Ten years: a longer wait for a lead time means a calendar with (almost) no working time. */
const MAX_SEARCH_DAYS = 3660;

/**
 * Working time in one time zone. `workingTime(t)` is a running total, so the working time between two instants is
 * one subtraction; each day's windows and total are computed once (daylight-saving days included) and kept.
 */
export class WorkingCalendar {
	private readonly days = new DayArray<WorkDay>((day, previous, next) => this.buildDay(day, previous, next));

	constructor(
		private readonly spec: WorkingCalendarSpec,
		readonly zone: ZonedDays,
	) {}

	/** Working time, in ms, from a fixed origin to instant `t`. */
	workingTime(t: number): number {
		const day = this.dayAt(t);
		let total = day.before;
		const bounds = day.bounds;
		for (let i = 0; i < bounds.length; i += 2) {
			if (t <= bounds[i]) break;
			if (t < bounds[i + 1]) return total + t - bounds[i];
			total += bounds[i + 1] - bounds[i];
		}
		return total;
	}

	/** Working time between two instants, in ms; negative when `to` is before `from`. */
	between(from: number, to: number): number {
		return this.workingTime(to) - this.workingTime(from);
	}

	/** The instant at which `amount` ms (> 0) of working time have passed since `from`. */
	addWorkingTime(from: number, amount: number): number {
		const target = this.workingTime(from) + amount;
		let dayNumber = this.zone.dayOf(from);
		for (let searched = 0; searched < MAX_SEARCH_DAYS; searched++, dayNumber++) {
			const day = this.days.get(dayNumber);
			if (day.before + day.work < target) continue;
			let remaining = target - day.before;
			for (let i = 0; i < day.bounds.length; i += 2) {
				const length = day.bounds[i + 1] - day.bounds[i];
				if (remaining <= length) return day.bounds[i] + remaining;
				remaining -= length;
			}
		}
		throw new RangeError(`it ends more than ${MAX_SEARCH_DAYS} days later in this calendar`);
	}

	private dayAt(t: number): WorkDay {
		return this.days.get(this.zone.dayOf(t));
	}

	private buildDay(dayNumber: number, previous?: WorkDay, next?: WorkDay): WorkDay {
		const bounds: number[] = [];
		let work = 0;
		if (this.spec.workingDays.has(isoWeekday(dayNumber)) && !this.spec.holidays.has(dayNumber)) {
			for (const window of this.spec.windows) {
				const from = this.zone.at(dayNumber, window.from);
				const to = this.zone.at(dayNumber, window.to);
				if (to <= from) continue;
				bounds.push(from, to);
				work += to - from;
			}
		}
		const before = previous ? previous.before + previous.work : next ? next.before - work : 0;
		return { bounds, work, before };
	}
}
