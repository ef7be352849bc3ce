import { isEmptyValue } from '../shared/fieldPath';
import { DAY_MS } from './dayArray';

const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

export const DATE_FORMATS =
	"'YYYY-MM-DD HH:MM:SS' (UTC, as Odoo writes datetimes), ISO 8601 with or without an offset (UTC when " +
	`there is none) or 'YYYY-MM-DD' (the end of that day in the calendar's time zone), from ${MIN_YEAR} to ${MAX_YEAR}`;

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** How to place dates that do not name their time zone. */
export interface DateResolver {
	/** A date without a time (a local day number) → an instant. */
	endOfDay(day: number): number;
	/** A date and time without an offset, written as if it were UTC epoch ms → an instant. */
	floating(local: number): number;
}

const utc = (local: number) => local;

/** Odoo's convention: datetimes without an offset are UTC. */
export function odooDates(endOfDay: (day: number) => number): DateResolver {
	return { endOfDay, floating: utc };
}

/**
 * An instant (epoch ms) from a field of an item: `undefined` when the field is empty (`false`, `null`, blank),
 * `NaN` when it holds something that is not a date.
 */
export function parseDateValue(value: unknown, resolver: DateResolver): number | undefined {
	if (typeof value === 'string') {
		const exact = parseOdooDatetime(value, resolver);
		if (exact !== undefined) return exact;
		const text = value.trim();
		return text === '' ? undefined : (parseOdooDatetime(text, resolver) ?? parseIsoDate(text, resolver));
	}
	if (value instanceof Date) return checkYear(value.getUTCFullYear()) ? value.getTime() : NaN;
	return isEmptyValue(value) ? undefined : NaN;
}

/** The common case, `YYYY-MM-DD HH:MM:SS` (or with `T`/`Z`), without a regular expression. */
function parseOdooDatetime(text: string, resolver: DateResolver): number | undefined {
	const length = text.length;
	const zulu = length === 20 && (text.charCodeAt(19) | 32) === 122;
	if (length !== 19 && !zulu) return undefined;
	const separator = text.charCodeAt(10);
	if (
		text.charCodeAt(4) !== 45 ||
		text.charCodeAt(7) !== 45 ||
		(separator !== 32 && separator !== 84 && separator !== 116) ||
		text.charCodeAt(13) !== 58 ||
		text.charCodeAt(16) !== 58
	) {
		return undefined;
	}
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	const second = digits(text, 17, 2);
	if (!validParts(year, month, day, hour, minute, second)) return NaN;
	const local = Date.UTC(year, month - 1, day, hour, minute, second);
	return zulu ? local : resolver.floating(local);
}

function parseIsoDate(text: string, resolver: DateResolver): number {
	const match = ISO_DATE.exec(text);
	if (!match) return NaN;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (match[4] === undefined) {
		return validParts(year, month, day, 0, 0, 0) ? resolver.endOfDay(Date.UTC(year, month - 1, day) / DAY_MS) : NaN;
	}
	const hour = Number(match[4]);
	const minute = Number(match[5]);
	const second = match[6] === undefined ? 0 : Number(match[6]);
	if (!validParts(year, month, day, hour, minute, second)) return NaN;
	const millis = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
	const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	return match[8] === undefined ? resolver.floating(local) : local - parseOffset(match[8]);
}

/** `Z`, `+02:00`, `-0530`, `+02` → the offset east of UTC, in ms; `NaN` for an impossible offset. */
function parseOffset(text: string): number {
	if (text.toUpperCase() === 'Z') return 0;
	const sign = text[0] === '-' ? -1 : 1;
	const body = text.slice(1).replace(':', '');
	const hours = Number(body.slice(0, 2));
	const minutes = body.length > 2 ? Number(body.slice(2)) : 0;
	if (hours > 14 || minutes > 59) return NaN;
	return sign * (hours * 60 + minutes) * 60_000;
}

function digits(text: string, from: number, count: number): number {
	let value = 0;
	for (let i = from; i < from + count; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return NaN;
		value = value * 10 + digit;
	}
	return value;
}

function validParts(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
	return (
		checkYear(year) &&
		month >= 1 &&
		month <= 12 &&
		day >= 1 &&
		day <= daysInMonth(year, month) &&
		hour <= 23 &&
		minute <= 59 &&
		second <= 59
	);
}

function checkYear(year: number): boolean {
	return year >= MIN_YEAR && year <= MAX_YEAR;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}
