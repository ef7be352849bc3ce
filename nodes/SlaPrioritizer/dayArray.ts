/** Days are counted from 1970-01-01 in a time zone's own calendar (its local dates), not in UTC. */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Dates of items lie in 1970-2199 (see `dates.ts`); the margins leave room for lead times and cut-off searches. */
const FIRST_DAY = Date.UTC(1960, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2230, 0, 1) / DAY_MS;

/**
 * Per-day values built on first use and kept, growing outward from the first day asked for. Each new day is built
 * with its neighbour toward that first day, so running totals (cumulative working time) need no second pass.
 */
export class DayArray<T> {
	private origin = 0;
	/** `after[i]` is day `origin + i`; `before[i]` is day `origin - 1 - i`. */
	private readonly after: T[] = [];
	private readonly before: T[] = [];

	constructor(private readonly build: (day: number, previous?: T, next?: T) => T) {}

	get(day: number): T {
		const offset = day - this.origin;
		if (offset >= 0) {
			if (offset < this.after.length) return this.after[offset];
		} else if (-offset - 1 < this.before.length) {
			return this.before[-offset - 1];
		}
		return this.grow(day);
	}

	private grow(day: number): T {
		if (!(day >= FIRST_DAY && day <= LAST_DAY)) {
			throw new RangeError('the date is outside the supported calendar (1960 to 2229)');
		}
		if (this.after.length === 0) {
			this.origin = day;
			this.after.push(this.build(day));
		}
		while (day >= this.origin + this.after.length) {
			const previous = this.after[this.after.length - 1];
			this.after.push(this.build(this.origin + this.after.length, previous));
		}
		while (day < this.origin - this.before.length) {
			const next = this.before.length ? this.before[this.before.length - 1] : this.after[0];
			this.before.push(this.build(this.origin - this.before.length - 1, undefined, next));
		}
		return this.get(day);
	}
}
