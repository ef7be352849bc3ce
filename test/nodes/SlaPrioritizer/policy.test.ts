import { SlaPolicy, SlaPolicyError } from '../../../nodes/SlaPrioritizer/policy';
import { SlaPrioritizer } from '../../../nodes/SlaPrioritizer/SlaPrioritizer.node';

const calendar = { timeZone: 'Europe/Brussels' };

function policyError(input: unknown): SlaPolicyError {
	try {
		SlaPolicy.compile(input);
	} catch (error) {
		if (error instanceof SlaPolicyError) return error;
		throw error;
	}
	throw new Error('the policy was accepted');
}

describe('SLA policy schema', () => {
	it.each([
		['no calendar', {}, 'calendar', 'Required'],
		['an unknown time zone', { calendar: { timeZone: 'Mars/Olympus_Mons' } }, 'calendar.timeZone', 'not an IANA time zone'],
		['a time out of range', { calendar: { ...calendar, hours: [{ from: '08:00', to: '25:00' }] } }, 'calendar.hours[0].to', "'HH:MM'"],
		['a window that ends before it starts', { calendar: { ...calendar, hours: [{ from: '17:00', to: '08:00' }] } }, 'calendar.hours[0]', "'from' must be before 'to'"],
		[
			'windows out of order',
			{ calendar: { ...calendar, hours: [{ from: '13:00', to: '17:00' }, { from: '08:00', to: '12:00' }] } },
			'calendar.hours[1]',
			'must not overlap',
		],
		['no working day', { calendar: { ...calendar, workingDays: [] } }, 'calendar.workingDays', 'at least one day'],
		['an unknown weekday', { calendar: { ...calendar, workingDays: ['monday'] } }, 'calendar.workingDays[0]', "Expected 'mon'"],
		['an impossible holiday', { calendar: { ...calendar, holidays: ['2025-02-30'] } }, 'calendar.holidays[0]', 'not a date'],
		['a misspelt setting', { calendar, atRiskHour: 2 }, 'atRiskHour', 'Unrecognized key'],
		['a tier defined twice', { calendar, tiers: [{ name: 'gold' }, { name: 'Gold' }] }, 'tiers[1].name', 'defined twice'],
		['a default tier that does not exist', { calendar, tiers: [{ name: 'gold' }], defaultTier: 'platinum' }, 'defaultTier', 'not one of the tiers (gold)'],
		['a negative lead time', { calendar, tiers: [{ name: 'gold', leadTimeHours: -1 }] }, 'tiers[0].leadTimeHours', 'greater than 0'],
		['a cut-off without carriers', { calendar, cutoffs: [{ carriers: [], time: '16:00' }] }, 'cutoffs[0].carriers', 'at least one carrier'],
		['a cut-off in an unknown zone', { calendar, cutoffs: [{ carriers: ['DHL'], time: '16:00', timeZone: 'Berlin' }] }, 'cutoffs[0].timeZone', 'not an IANA'],
		['per-line work without a lines field', { calendar, work: { mode: 'perLine', minutesPerLine: 2 } }, 'work.linesField', 'Required'],
		['an unknown work mode', { calendar, work: { mode: 'guess' } }, 'work.mode', 'Invalid discriminator'],
		['no promise date field', { calendar, fields: { promiseDate: [] } }, 'fields.promiseDate', 'at least one field'],
	])('rejects %s, naming %s', (_, input, field, message) => {
		const error = policyError(input);
		expect(error.field).toBe(field);
		expect(error.message).toContain(`${field}: `);
		expect(error.message).toContain(message);
	});

	it('fills in defaults: Monday to Friday, 08:00 to 17:00, no tiers, no cut-offs, no work, 4 h at risk', () => {
		const policy = SlaPolicy.compile({ calendar });
		expect(policy.tiers).toEqual([]);
		expect(policy.cutoffs).toEqual([]);
		expect(policy.work).toEqual({ baseMs: 0, perLineMs: 0 });
		expect(policy.atRiskMs).toBe(4 * 3_600_000);
		expect(policy.promiseFields.map((field) => field.field)).toEqual(['commitment_date', 'date_deadline', 'scheduled_date']);
		expect(policy.calendar.between(Date.parse('2025-03-10T00:00:00Z'), Date.parse('2025-03-17T00:00:00Z'))).toBe(5 * 9 * 3_600_000);
	});

	it('accepts the example policy the node offers in JSON mode', () => {
		const property = new SlaPrioritizer().description.properties.find((p) => p.name === 'policyJson');
		expect(() => SlaPolicy.compile(JSON.parse(property?.default as string))).not.toThrow();
	});
});
