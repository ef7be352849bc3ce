import { z } from 'zod';

import { compilePath, FieldReader } from '../shared/fieldPath';
import { formatPath, formatZodError, issuePath } from '../shared/validation';
import { WorkingCalendar } from './calendar';
import { CarrierCutoff } from './cutoff';
import { MINUTE_MS } from './dayArray';
import { KeyMatcher } from './keyMatcher';
import { dayNumber, isTimeZone, ZonedDays } from './timeZone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WORKWEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Field paths read from each item, with defaults that fit Odoo `sale.order` and `stock.picking` records. */
export const DEFAULT_FIELDS = {
	promiseDate: ['commitment_date', 'date_deadline', 'scheduled_date'],
	startDate: ['date_order', 'create_date'],
	tier: ['partner_id'],
	carrier: ['carrier_id'],
};

/** Matches every carrier (and items without one) that no earlier cut-off matched. */
export const ANY_CARRIER = '*';

const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

function minuteOfDay(time: string): number {
	return time === '24:00' ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const timeOfDay = z.string().regex(TIME_OF_DAY, "must be a time of day 'HH:MM' between 00:00 and 24:00");
const timeZone = z
	.string()
	.refine(isTimeZone, (name) => ({ message: `"${name}" is not an IANA time zone (for example Europe/Brussels)` }));
const date = z
	.string()
	.refine((text) => dayNumber(text) !== undefined, (text) => ({ message: `"${text}" is not a date 'YYYY-MM-DD'` }));
const weekdays = z.array(z.enum(WEEKDAYS)).min(1, 'must name at least one day');
const matchValues = z.array(z.union([z.string().trim().min(1), z.number()]));
const fieldList = z.array(z.string().trim().min(1)).min(1, 'must name at least one field').max(20);
const hours = z.number().nonnegative();

const workingWindow = z
	.object({ from: timeOfDay, to: timeOfDay })
	.strict()
	.refine((window) => minuteOfDay(window.from) < minuteOfDay(window.to), "'from' must be before 'to'");

const calendarSchema = z
	.object({
		timeZone,
		workingDays: weekdays.default(WORKWEEK),
		hours: z
			.array(workingWindow)
			.min(1, 'must hold at least one working window')
			.default([{ from: '08:00', to: '17:00' }])
			.superRefine((windows, ctx) => {
				for (let i = 1; i < windows.length; i++) {
					if (minuteOfDay(windows[i].from) < minuteOfDay(windows[i - 1].to)) {
						ctx.addIssue({
							code: z.ZodIssueCode.custom,
							path: [i],
							message: 'working windows must be in order and must not overlap',
						});
					}
				}
			}),
		holidays: z.array(date).default([]),
	})
	.strict();

const tierSchema = z
	.object({
		name: z.string().trim().min(1),
		/** Values of the tier fields (customer names or ids, tag names or ids) that select this tier. */
		match: matchValues.default([]),
		/** Working hours from the start date to the target, used when an item has no promise date. */
		leadTimeHours: z.number().positive().max(8760).optional(),
		atRiskHours: hours.optional(),
	})
	.strict();

const cutoffSchema = z
	.object({
		/** Carrier names or ids, or `*`. */
		carriers: matchValues.min(1, 'must name at least one carrier'),
		time: timeOfDay,
		/** The carrier's time zone; the calendar's when omitted. */
		timeZone: timeZone.optional(),
		days: weekdays.default(WORKWEEK),
		holidays: z.array(date).default([]),
		/** Wall-clock hours from hand-over to delivery at the promise date. */
		transitHours: hours.max(2160).default(0),
	})
	.strict();

const workSchema = z.discriminatedUnion('mode', [
	z.object({ mode: z.literal('fixed'), minutes: z.number().nonnegative() }).strict(),
	z
		.object({
			mode: z.literal('perLine'),
			baseMinutes: z.number().nonnegative().default(0),
			minutesPerLine: z.number().nonnegative(),
			/** A list of lines (`move_ids`, `order_line`) or a number of lines. */
			linesField: z.string().trim().min(1),
		})
		.strict(),
]);

const fieldsSchema = z
	.object({
		promiseDate: fieldList.default(DEFAULT_FIELDS.promiseDate),
		startDate: fieldList.default(DEFAULT_FIELDS.startDate),
		tier: fieldList.default(DEFAULT_FIELDS.tier),
		carrier: fieldList.default(DEFAULT_FIELDS.carrier),
	})
	.strict();

export const slaPolicySchema = z
	.object({
		/** Echoed into every result, so a decision can be traced to the policy that made it. */
		version: z.string().trim().min(1).optional(),
		calendar: calendarSchema,
		/** In order: when an item matches several tiers, the first wins. */
		tiers: z.array(tierSchema).max(1000).default([]),
		defaultTier: z.string().trim().min(1).optional(),
		/** In order: the first cut-off naming the item's carrier applies. */
		cutoffs: z.array(cutoffSchema).max(1000).default([]),
		work: workSchema.default({ mode: 'fixed', minutes: 0 }),
		/** Slack under this many working hours makes an item at risk. */
		atRiskHours: hours.default(4),
		fields: fieldsSchema.default({}),
	})
	.strict()
	.superRefine((policy, ctx) => {
		const names = new Set<string>();
		policy.tiers.forEach((tier, index) => {
			const key = tier.name.toLowerCase();
			if (names.has(key)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['tiers', index, 'name'], message: `tier "${tier.name}" is defined twice` });
			}
			names.add(key);
		});
		if (policy.defaultTier !== undefined && !names.has(policy.defaultTier.toLowerCase())) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['defaultTier'],
				message: `"${policy.defaultTier}" is not one of the tiers (${policy.tiers.map((tier) => tier.name).join(', ') || 'none defined'})`,
			});
		}
	});

export type SlaPolicyInput = z.input<typeof slaPolicySchema>;
export type SlaPolicyDefinition = z.output<typeof slaPolicySchema>;

/** The policy does not fit the schema; `field` is the path of the first problem (`calendar.hours[0].from`). */
export class SlaPolicyError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'SlaPolicyError';
	}
}

export interface CompiledTier {
	name: string;
	leadTimeMs?: number;
	atRiskMs: number;
}

export interface CompiledWork {
	baseMs: number;
	perLineMs: number;
	/** Set when the work is counted per line. */
	linesField?: string;
	readLines?: FieldReader;
}

export interface NamedReader {
	field: string;
	read: FieldReader;
}

/** A validated policy, ready to score items: calendars, cut-offs, tier and carrier lookups and field readers. */
export class SlaPolicy {
	readonly version?: string;
	readonly calendar: WorkingCalendar;
	readonly tiers: CompiledTier[];
	readonly defaultTier: number;
	readonly tierMatcher: KeyMatcher;
	readonly cutoffs: CarrierCutoff[];
	readonly carrierMatcher: KeyMatcher;
	/** Index of the `*` cut-off, or -1. */
	readonly anyCarrier: number;
	readonly work: CompiledWork;
	readonly atRiskMs: number;
	readonly promiseFields: NamedReader[];
	readonly startFields: NamedReader[];
	readonly tierFields: NamedReader[];
	readonly carrierFields: NamedReader[];

	private constructor(definition: SlaPolicyDefinition) {
		const now = Date.now();
		const zones = new Map<string, ZonedDays>();
		const zone = (name: string): ZonedDays => {
			let days = zones.get(name);
			if (!days) zones.set(name, (days = new ZonedDays(name, now)));
			return days;
		};
		const { calendar } = definition;
		this.version = definition.version;
		this.calendar = new WorkingCalendar(
			{
				workingDays: isoWeekdays(calendar.workingDays),
				windows: calendar.hours.map((window) => ({ from: minuteOfDay(window.from), to: minuteOfDay(window.to) })),
				holidays: dayNumbers(calendar.holidays),
			},
			zone(calendar.timeZone),
		);
		this.atRiskMs = definition.atRiskHours * 60 * MINUTE_MS;
		this.tiers = definition.tiers.map((tier) => ({
			name: tier.name,
			leadTimeMs: tier.leadTimeHours === undefined ? undefined : tier.leadTimeHours * 60 * MINUTE_MS,
			atRiskMs: tier.atRiskHours === undefined ? this.atRiskMs : tier.atRiskHours * 60 * MINUTE_MS,
		}));
		const defaultName = definition.defaultTier?.toLowerCase();
		this.defaultTier = this.tiers.findIndex((tier) => tier.name.toLowerCase() === defaultName);
		this.tierMatcher = new KeyMatcher(definition.tiers.map((tier) => [tier.name, ...tier.match]));
		this.cutoffs = definition.cutoffs.map((cutoff) => {
			const timeZoneName = cutoff.timeZone ?? calendar.timeZone;
			const carriers = cutoff.carriers.map(String).join(', ');
			return new CarrierCutoff(
				{
					label: `${carriers} cut-off ${cutoff.time} ${timeZoneName}`,
					minute: minuteOfDay(cutoff.time),
					days: isoWeekdays(cutoff.days),
					holidays: dayNumbers(cutoff.holidays),
					transitMinutes: cutoff.transitHours * 60,
				},
				zone(timeZoneName),
			);
		});
		this.carrierMatcher = new KeyMatcher(
			definition.cutoffs.map((cutoff) => cutoff.carriers.filter((carrier) => carrier !== ANY_CARRIER)),
		);
		this.anyCarrier = definition.cutoffs.findIndex((cutoff) => cutoff.carriers.includes(ANY_CARRIER));
		const work = definition.work;
		this.work =
			work.mode === 'fixed'
				? { baseMs: work.minutes * MINUTE_MS, perLineMs: 0 }
				: {
						baseMs: work.baseMinutes * MINUTE_MS,
						perLineMs: work.minutesPerLine * MINUTE_MS,
						linesField: work.linesField,
						readLines: compilePath(work.linesField),
					};
		const readers = (fields: string[]) => fields.map((field) => ({ field, read: compilePath(field) }));
		this.promiseFields = readers(definition.fields.promiseDate);
		this.startFields = readers(definition.fields.startDate);
		this.tierFields = readers(definition.fields.tier);
		this.carrierFields = readers(definition.fields.carrier);
	}

	/** Validates `input` against the schema; throws `SlaPolicyError` naming the first field at fault. */
	static compile(input: unknown): SlaPolicy {
		const result = slaPolicySchema.safeParse(input);
		if (!result.success) {
			throw new SlaPolicyError(
				`Invalid SLA policy: ${formatZodError(result.error)}`,
				formatPath(issuePath(result.error.issues[0])),
			);
		}
		return new SlaPolicy(result.data);
	}
}

function isoWeekdays(days: Weekday[]): Set<number> {
	return new Set(days.map((day) => WEEKDAYS.indexOf(day) + 1));
}

function dayNumbers(dates: string[]): Set<number> {
	return new Set(dates.map((text) => dayNumber(text) as number));
}
