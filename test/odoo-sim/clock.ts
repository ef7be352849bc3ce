/**
 * The simulator's clock. Every date Odoo would take from `now()` (create_date, write_date, date_order, date_done,
 * activity states) comes from here, so tests can freeze it, set it and move it forward.
 */
export class SimClock {
	private frozenAt: number | undefined;
	private offsetMs = 0;

	now(): Date {
		return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
	}

	/** Freezes the clock at `value` (a Date or an ISO / Odoo 'YYYY-MM-DD HH:MM:SS' UTC string). */
	set(value: Date | string): void {
		this.frozenAt = toDate(value).getTime();
	}

	/** Moves the clock forward (frozen or not). */
	advance(ms: number): void {
		if (this.frozenAt !== undefined) this.frozenAt += ms;
		else this.offsetMs += ms;
	}

	/** Lets the clock run in real time again, from where it is. */
	resume(): void {
		if (this.frozenAt !== undefined) this.offsetMs = this.frozenAt - Date.now();
		this.frozenAt = undefined;
	}

	/** Odoo datetime string in UTC: 'YYYY-MM-DD HH:MM:SS'. */
	datetime(addMs = 0): string {
		return formatDatetime(new Date(this.now().getTime() + addMs));
	}

	/** Odoo date string in UTC: 'YYYY-MM-DD'. */
	date(addDays = 0): string {
		return formatDatetime(new Date(this.now().getTime() + addDays * DAY_MS)).slice(0, 10);
	}
}

export const DAY_MS = 86_400_000;

export function formatDatetime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function toDate(value: Date | string): Date {
	if (value instanceof Date) return value;
	const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) throw new Error(`invalid clock value: ${value}`);
	return date;
}

/** Adds days to an Odoo datetime or date string, keeping its format. */
export function addDays(value: string, days: number): string {
	const isDate = value.length === 10;
	const date = new Date(`${isDate ? value : value.replace(' ', 'T')}${isDate ? 'T00:00:00' : ''}Z`);
	const out = formatDatetime(new Date(date.getTime() + days * DAY_MS));
	return isDate ? out.slice(0, 10) : out;
}
