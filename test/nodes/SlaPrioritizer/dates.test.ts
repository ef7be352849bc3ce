import { DateResolver, odooDates, parseDateValue } from '../../../nodes/SlaPrioritizer/dates';

const DAY = 86_400_000;
// A date alone resolves to the start of the next UTC day here; the engine passes its calendar's day boundaries.
const resolver: DateResolver = odooDates((day) => (day + 1) * DAY);

describe('parseDateValue', () => {
	it.each([
		['Odoo datetime, which is UTC', '2025-03-14 16:30:00', '2025-03-14T16:30:00.000Z'],
		['ISO 8601 with Z', '2025-03-14T16:30:00Z', '2025-03-14T16:30:00.000Z'],
		['ISO 8601 with an offset', '2025-03-14T17:30:00+01:00', '2025-03-14T16:30:00.000Z'],
		['ISO 8601 with a compact negative offset', '2025-03-14T11:30:00-0500', '2025-03-14T16:30:00.000Z'],
		['ISO 8601 with milliseconds', '2025-03-14T16:30:00.250Z', '2025-03-14T16:30:00.250Z'],
		['ISO 8601 without seconds or offset (UTC)', '2025-03-14T16:30', '2025-03-14T16:30:00.000Z'],
		['surrounding blanks', '  2025-03-14 16:30:00 ', '2025-03-14T16:30:00.000Z'],
		['a leap day', '2024-02-29 00:00:00', '2024-02-29T00:00:00.000Z'],
		['a date alone, as the end of that day', '2025-03-14', '2025-03-15T00:00:00.000Z'],
	])('reads %s', (_, value, expected) => {
		expect(new Date(parseDateValue(value, resolver) as number).toISOString()).toBe(expected);
	});

	it('reads a Date object', () => {
		expect(parseDateValue(new Date('2025-03-14T16:30:00Z'), resolver)).toBe(Date.parse('2025-03-14T16:30:00Z'));
	});

	it('places a datetime without an offset with the resolver', () => {
		const oneHourEast: DateResolver = { endOfDay: (day) => day, floating: (local) => local - 3_600_000 };
		expect(parseDateValue('2025-03-14 16:30:00', oneHourEast)).toBe(Date.parse('2025-03-14T15:30:00Z'));
		expect(parseDateValue('2025-03-14T16:30:00Z', oneHourEast)).toBe(Date.parse('2025-03-14T16:30:00Z'));
	});

	it.each([[false], [null], [undefined], [''], ['   ']])('treats %p as empty', (value) => {
		expect(parseDateValue(value, resolver)).toBeUndefined();
	});

	it.each([
		['text', 'next tuesday'],
		['an impossible month', '2025-13-01 00:00:00'],
		['an impossible day', '2025-02-30 10:00:00'],
		['February 29 of a common year', '2025-02-29'],
		['an impossible hour', '2025-03-14 24:00:00'],
		['an impossible offset', '2025-03-14T10:00:00+15:00'],
		['a year before 1970', '1969-12-31 23:59:59'],
		['a year after 2199', '2200-01-01 00:00:00'],
		['a number (seconds or milliseconds?)', 1741969800],
		['true', true],
		['an object', { date: '2025-03-14' }],
		['an invalid Date', new Date('nope')],
	])('rejects %s', (_, value) => {
		expect(parseDateValue(value, resolver)).toBeNaN();
	});
});
