/** Odoo writes datetimes as `YYYY-MM-DD HH:MM:SS` in UTC, without a zone; they sort as text. */
const ODOO_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export function isOdooDatetime(value: unknown): value is string {
	return typeof value === 'string' && ODOO_DATETIME.test(value);
}

export function toOdooDatetime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function fromOdooDatetime(value: string): Date {
	return new Date(odooToIso(value));
}

/** `2026-11-26 18:41:51` → `2026-11-26T18:41:51Z`; a date alone becomes midnight UTC. */
export function odooToIso(value: string): string {
	return value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}Z`;
}

export function shiftOdooDatetime(value: string, ms: number): string {
	return toOdooDatetime(new Date(fromOdooDatetime(value).getTime() + ms));
}

export function laterOf(a: string, b: string): string {
	return a >= b ? a : b;
}
