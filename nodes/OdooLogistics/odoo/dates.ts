import { InputError } from '../batch/inputError';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ODOO_DATETIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** Luxon's DateTime (what n8n expressions such as `$now` give), without importing it. */
interface DateTimeLike {
	toISO(): string | null;
	toISODate(): string | null;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	const candidate = value as Partial<DateTimeLike> | null;
	return typeof candidate === 'object' && candidate !== null && typeof candidate.toISO === 'function' && typeof candidate.toISODate === 'function';
}

/** A UTC instant as Odoo stores datetimes: `YYYY-MM-DD HH:MM:SS`. */
function odooFormat(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds to add to UTC to get the wall time in `timeZone` at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a wall time in `timeZone` (the second pass settles days when the offset changes). */
function fromWallTime(fields: number[], timeZone: string): Date {
	const [year, month, day, hour, minute, second] = fields;
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const first = asUtc - zoneOffset(asUtc, timeZone);
	return new Date(asUtc - zoneOffset(first, timeZone));
}

function isRealDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function invalid(what: string, value: unknown, expected: string): InputError {
	const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'object' ? JSON.stringify(value) : String(value);
	return new InputError(`${what} must be ${expected}, not ${shown}`);
}

/**
 * A datetime for Odoo (UTC, `YYYY-MM-DD HH:MM:SS`). ISO 8601 with `Z` or an offset is exact; a date or a time without
 * a zone is read in `timeZone` (the workflow's time zone, as n8n's date pickers mean it).
 */
export function toOdooDatetime(value: unknown, timeZone: string, what: string): string {
	const expected = 'a date and time such as 2026-12-01T09:30:00Z';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw invalid(what, 'Invalid Date', expected);
		return odooFormat(value);
	}
	if (isDateTimeLike(value)) return toOdooDatetime(value.toISO(), timeZone, what);
	if (typeof value !== 'string') throw invalid(what, value, expected);
	const text = value.trim();
	if (WITH_ZONE.test(text)) {
		const date = new Date(text.replace(' ', 'T'));
		if (Number.isNaN(date.getTime())) throw invalid(what, value, expected);
		return odooFormat(date);
	}
	const match = WALL_TIME.exec(text) ?? DATE.exec(text);
	if (!match) throw invalid(what, value, expected);
	const fields = match.slice(1).map((part) => Number(part ?? 0));
	while (fields.length < 6) fields.push(0);
	if (!isRealDate(fields[0], fields[1], fields[2]) || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
		throw invalid(what, value, expected);
	}
	return odooFormat(fromWallTime(fields, timeZone));
}

/** A date for Odoo (`YYYY-MM-DD`): the calendar date as written, or the date in `timeZone` of an instant. */
export function toOdooDate(value: unknown, timeZone: string, what: string): string {
	const expected = 'a date such as 2026-12-01';
	if (isDateTimeLike(value)) return toOdooDate(value.toISODate(), timeZone, what);
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw invalid(what, 'Invalid Date', expected);
		return new Date(value.getTime() + zoneOffset(value.getTime(), timeZone)).toISOString().slice(0, 10);
	}
	if (typeof value !== 'string') throw invalid(what, value, expected);
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
	if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) throw invalid(what, value, expected);
	return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Odoo's UTC datetime as ISO 8601 (`2026-11-26T10:00:00Z`); anything else is returned unchanged. */
export function fromOdooDatetime(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const match = ODOO_DATETIME.exec(value);
	return match ? `${match[1]}T${match[2]}Z` : value;
}
