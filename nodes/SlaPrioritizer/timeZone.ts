import { DAY_MS, DayArray, MINUTE_MS } from './dayArray';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** An IANA time zone name known to this Node.js (`Europe/Brussels`, `UTC`). */
export function isTimeZone(name: string): boolean {
	try {
		formatterFor(name);
		return true;
	} catch {
		return false;
	}
}

/** Local wall-clock time minus UTC, in milliseconds, at instant `t`. */
function offsetAt(formatter: Intl.DateTimeFormat, t: number): number {
	const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
	for (const part of formatter.formatToParts(t)) {
		if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
	}
	const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour % 24, fields.minute, fields.second);
	return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day number; 1970-01-01 was a Thursday. */
export function isoWeekday(day: number): number {
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** `YYYY-MM-DD` → local day number, or `undefined` if it is not a real date. */
export function dayNumber(date: string): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const time = Date.UTC(year, month - 1, day);
	const check = new Date(time);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	return time / DAY_MS;
}

/**
 * The local days of one time zone: when each starts, and the instant of a wall-clock time on a given day, with
 * daylight-saving changes handled as the `compatible` rule of Temporal does (a time skipped by a change moves
 * forward, a repeated time takes its first occurrence).
 */
export class ZonedDays {
	private readonly formatter: Intl.DateTimeFormat;
	private readonly usualOffset: number;
	private readonly starts = new DayArray<number>((day, previous, next) => this.findStart(day, previous, next));

	constructor(
		readonly timeZone: string,
		around: number,
	) {
		this.formatter = formatterFor(timeZone);
		this.usualOffset = offsetAt(this.formatter, around);
	}

	startOf(day: number): number {
		return this.starts.get(day);
	}

	/** The local day that contains instant `t`. */
	dayOf(t: number): number {
		let day = Math.floor((t + this.usualOffset) / DAY_MS);
		while (t < this.starts.get(day)) day--;
		while (t >= this.starts.get(day + 1)) day++;
		return day;
	}

	/** The instant of `minute` (0 to 1440) past local midnight on `day`. */
	at(day: number, minute: number): number {
		const start = this.starts.get(day);
		if (minute === 1440) return this.starts.get(day + 1);
		if (this.starts.get(day + 1) - start === DAY_MS) return start + minute * MINUTE_MS;
		return this.localToInstant(day * DAY_MS + minute * MINUTE_MS);
	}

	/** The instant of a wall-clock time of this zone, written as if it were UTC epoch ms. */
	localTime(local: number): number {
		const day = Math.floor(local / DAY_MS);
		return this.at(day, (local - day * DAY_MS) / MINUTE_MS);
	}

	/** `YYYY-MM-DD HH:MM` in this time zone. */
	format(t: number): string {
		const day = this.dayOf(t);
		const start = this.starts.get(day);
		const steady = this.starts.get(day + 1) - start === DAY_MS;
		const iso = new Date(t + (steady ? day * DAY_MS - start : offsetAt(this.formatter, t))).toISOString();
		return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
	}

	private findStart(day: number, previous?: number, next?: number): number {
		const local = day * DAY_MS;
		const hint =
			previous !== undefined
				? local - DAY_MS - previous
				: next !== undefined
					? local + DAY_MS - next
					: this.usualOffset;
		const guess = local - hint;
		return offsetAt(this.formatter, guess) === hint ? guess : this.localToInstant(local);
	}

	/** `local` is a wall-clock time written as if it were UTC milliseconds. */
	private localToInstant(local: number): number {
		const before = offsetAt(this.formatter, local - DAY_MS);
		const after = offsetAt(this.formatter, local + DAY_MS);
		const early = local - before;
		const late = local - after;
		const earlyValid = offsetAt(this.formatter, early) === before;
		const lateValid = offsetAt(this.formatter, late) === after;
		if (earlyValid && lateValid) return Math.min(early, late);
		if (lateValid) return late;
		return early;
	}
}
