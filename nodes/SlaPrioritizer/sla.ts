import { isEmptyValue } from '../shared/fieldPath';
import { MINUTE_MS } from './dayArray';
import { DATE_FORMATS, DateResolver, odooDates, parseDateValue } from './dates';
import { NamedReader, SlaPolicy } from './policy';
import { sortIndexesByKey } from './sortIndexes';

export type SlaStatus = 'breached' | 'at_risk' | 'on_track';

/** In rank order: an item already past its due time is worse than one that is merely at risk. */
export const SLA_STATUSES: readonly SlaStatus[] = ['breached', 'at_risk', 'on_track'];

export interface SlaAssessment {
	/** 1 = work on it first. */
	rank: number;
	status: SlaStatus;
	/** Minutes behind schedule (positive) or ahead of it (negative), remaining work counted; higher is more urgent. */
	score: number;
	/** Working minutes left before the due time, minus the remaining work. */
	slackMinutes: number;
	/** Working time left ÷ remaining work; under 1 the item cannot finish in time. `null` without remaining work. */
	criticalRatio: number | null;
	/** Working minutes between now and the due time (negative once it has passed). */
	workingMinutesLeft: number;
	remainingWorkMinutes: number;
	/** ISO 8601, UTC. */
	dueAt: string;
	dueBy: 'promise' | 'cutoff';
	promiseAt: string;
	tier: string | null;
	/** The value to write to `priority` of a transfer: `'1'` (urgent) when at risk or breached. */
	odooPriority: '0' | '1';
	reasons: string[];
	/** The `now` the item was assessed at (ISO 8601, UTC). */
	assessedAt: string;
	policyVersion?: string;
}

export interface SlaItemError {
	index: number;
	/** The field at fault, as configured (`commitment_date`), or the setting (`tier expression`). */
	field: string;
	message: string;
}

export interface PrioritizeOptions {
	/** Epoch ms. Fixed in tests for deterministic results. */
	now: number;
	/** Per item, the tier value to match instead of the policy's tier fields (from an expression). */
	tierValues?: readonly unknown[];
}

const NO_TIER = -1;
const STATUS_BREACHED = 0;
const STATUS_AT_RISK = 1;
const STATUS_ON_TRACK = 2;
/** `promiseField` value when the promise was derived from the tier's lead time. */
const FROM_LEAD_TIME = -1;

/** Computed per item, column by column, so that a million items stay cheap to score and sort. */
class Columns {
	readonly promise: Float64Array;
	readonly due: Float64Array;
	readonly work: Float64Array;
	/** Working time left before the due time, minus the remaining work. */
	readonly slack: Float64Array;
	readonly lines: Float64Array;
	readonly tier: Int16Array;
	readonly tierDefaulted: Uint8Array;
	readonly cutoff: Int16Array;
	readonly carrierUnmatched: Uint8Array;
	readonly promiseField: Int8Array;
	readonly status: Uint8Array;
	readonly rank: Uint32Array;

	constructor(size: number) {
		this.promise = new Float64Array(size);
		this.due = new Float64Array(size);
		this.work = new Float64Array(size);
		this.slack = new Float64Array(size);
		this.lines = new Float64Array(size);
		this.tier = new Int16Array(size);
		this.tierDefaulted = new Uint8Array(size);
		this.cutoff = new Int16Array(size);
		this.carrierUnmatched = new Uint8Array(size);
		this.promiseField = new Int8Array(size);
		this.status = new Uint8Array(size);
		this.rank = new Uint32Array(size);
	}
}

/** Texts kept per run; beyond this many distinct values a memo stops remembering and just builds. */
const MEMO_LIMIT = 100_000;

/**
 * Builds a text once per distinct key: the same cut-off, date or number of lines recurs across many items, and a
 * large batch then allocates each text once.
 */
class TextMemo {
	private readonly texts = new Map<number, string>();

	constructor(private readonly build: (key: number) => string) {}

	get(key: number): string {
		let text = this.texts.get(key);
		if (text === undefined) {
			text = this.build(key);
			if (this.texts.size < MEMO_LIMIT) this.texts.set(key, text);
		}
		return text;
	}
}

/**
 * The outcome of a run: the items in rank order, and the items that could not be assessed (never dropped: each has
 * its error). Results are materialised per item on demand.
 */
export class SlaRanking {
	private readonly assessedAt: string;
	private readonly iso = new TextMemo((t) => new Date(t).toISOString());
	private readonly tierTexts: Array<[matched: string, defaulted: string]>;
	private readonly promiseTexts: TextMemo[];
	private readonly leadTimeTexts: TextMemo[];
	private readonly dueTexts: TextMemo[];
	private readonly workTexts: TextMemo;

	constructor(
		/** Indexes of the assessed items, most urgent first. */
		readonly order: Uint32Array,
		/** Items that could not be assessed, in input order. */
		readonly errors: SlaItemError[],
		private readonly columns: Columns,
		private readonly policy: SlaPolicy,
		now: number,
	) {
		this.assessedAt = new Date(now).toISOString();
		const zone = policy.calendar.zone;
		const local = (t: number) => `${zone.format(t)} ${zone.timeZone}`;
		const tierFields = fieldNames(policy.tierFields);
		this.tierTexts = policy.tiers.map((tier) => [
			`tier "${tier.name}" (${tierFields})`,
			`tier "${tier.name}" (default: ${tierFields} matched no tier)`,
		]);
		this.promiseTexts = policy.promiseFields.map(({ field }) => new TextMemo((t) => `promise ${local(t)} from ${field}`));
		this.leadTimeTexts = policy.tiers.map(
			(tier) =>
				new TextMemo(
					(t) => `promise ${local(t)}: start date + ${hoursText(tier.leadTimeMs ?? 0)} working hours of tier "${tier.name}"`,
				),
		);
		this.dueTexts = policy.cutoffs.map((cutoff) => {
			const transit = cutoff.spec.transitMinutes ? `, ${cutoff.spec.transitMinutes / 60} h transit` : '';
			return new TextMemo(
				(t) => `due ${cutoff.zone.format(t)} ${cutoff.zone.timeZone}: last ${cutoff.spec.label} that meets the promise${transit}`,
			);
		});
		const work = policy.work;
		this.workTexts = new TextMemo((lines) =>
			work.linesField
				? `remaining work ${minutesText(work.baseMs + lines * work.perLineMs)} min (${minutesText(work.baseMs)} min + ${lines} lines × ${minutesText(work.perLineMs)} min)`
				: `remaining work ${minutesText(work.baseMs)} min`,
		);
	}

	statusOf(index: number): SlaStatus {
		return SLA_STATUSES[this.columns.status[index]];
	}

	assessment(index: number): SlaAssessment {
		const c = this.columns;
		const status = this.statusOf(index);
		const work = c.work[index];
		const left = c.slack[index] + work;
		const tier = c.tier[index];
		const result: SlaAssessment = {
			rank: c.rank[index],
			status,
			score: Math.round(-c.slack[index] / 600) / 100,
			slackMinutes: Math.round(c.slack[index] / MINUTE_MS),
			criticalRatio: work > 0 ? Math.round((left / work) * 1000) / 1000 : null,
			workingMinutesLeft: Math.round(left / MINUTE_MS),
			remainingWorkMinutes: Math.round((work / MINUTE_MS) * 100) / 100,
			dueAt: this.iso.get(c.due[index]),
			dueBy: c.cutoff[index] >= 0 ? 'cutoff' : 'promise',
			promiseAt: this.iso.get(c.promise[index]),
			tier: tier === NO_TIER ? null : this.policy.tiers[tier].name,
			odooPriority: status === 'on_track' ? '0' : '1',
			reasons: this.reasons(index),
			assessedAt: this.assessedAt,
		};
		if (this.policy.version !== undefined) result.policyVersion = this.policy.version;
		return result;
	}

	private reasons(index: number): string[] {
		const c = this.columns;
		const reasons: string[] = [];
		const tier = c.tier[index];
		if (tier !== NO_TIER) reasons.push(this.tierTexts[tier][c.tierDefaulted[index]]);
		const promiseField = c.promiseField[index];
		reasons.push(
			promiseField === FROM_LEAD_TIME
				? this.leadTimeTexts[tier].get(c.promise[index])
				: this.promiseTexts[promiseField].get(c.promise[index]),
		);
		const cutoff = c.cutoff[index];
		if (cutoff >= 0) reasons.push(this.dueTexts[cutoff].get(c.due[index]));
		else if (c.carrierUnmatched[index]) reasons.push('due at the promise date: no cut-off is configured for its carrier');
		else reasons.push('due at the promise date');
		reasons.push(this.workTexts.get(c.lines[index]));
		reasons.push(this.statusReason(index));
		return reasons;
	}

	private statusReason(index: number): string {
		const c = this.columns;
		const slack = c.slack[index];
		const left = slack + c.work[index];
		switch (c.status[index]) {
			case STATUS_BREACHED:
				return `breached: the due time passed ${minutesText(-left)} working min ago`;
			case STATUS_AT_RISK:
				return slack < 0
					? `at risk: ${minutesText(c.work[index])} min of work left but only ${minutesText(left)} working min until due`
					: `at risk: slack of ${minutesText(slack)} working min is under the ${minutesText(this.atRiskMs(index))} min threshold`;
			default:
				return `on track: slack of ${minutesText(slack)} working min`;
		}
	}

	private atRiskMs(index: number): number {
		const tier = this.columns.tier[index];
		return tier === NO_TIER ? this.policy.atRiskMs : this.policy.tiers[tier].atRiskMs;
	}
}

/**
 * Scores every item against the policy and ranks them by slack (least first), then critical ratio, then input
 * order. An item whose data does not allow a score is reported in `errors` with the field at fault.
 */
export function prioritize(records: readonly unknown[], policy: SlaPolicy, options: PrioritizeOptions): SlaRanking {
	const size = records.length;
	const columns = new Columns(size);
	const errors: SlaItemError[] = [];
	const { now, tierValues } = options;
	if (!Number.isFinite(now)) throw new RangeError(`now must be an epoch time in milliseconds, not ${now}`);
	const calendar = policy.calendar;
	const workedUntilNow = calendar.workingTime(now);
	const dates = odooDates((day) => calendar.zone.startOf(day + 1));
	const valid = new Uint32Array(size);
	let validCount = 0;

	for (let index = 0; index < size; index++) {
		const record = records[index];
		const error =
			resolveTier(record, index, policy, tierValues, columns) ??
			resolvePromise(record, index, policy, dates, columns) ??
			resolveDue(record, index, policy, columns) ??
			resolveWork(record, index, policy, columns);
		if (error) {
			errors.push(error);
			continue;
		}
		const due = columns.due[index];
		const left = calendar.workingTime(due) - workedUntilNow;
		const slack = left - columns.work[index];
		const tier = columns.tier[index];
		const atRisk = tier === NO_TIER ? policy.atRiskMs : policy.tiers[tier].atRiskMs;
		columns.slack[index] = slack;
		columns.status[index] = due <= now ? STATUS_BREACHED : slack < atRisk ? STATUS_AT_RISK : STATUS_ON_TRACK;
		valid[validCount++] = index;
	}

	const order = rankOrder(valid.subarray(0, validCount), columns);
	for (let position = 0; position < order.length; position++) columns.rank[order[position]] = position + 1;
	return new SlaRanking(order, errors, columns, policy, now);
}

/** Indexes by slack, then critical ratio, then input order. */
function rankOrder(indexes: Uint32Array, columns: Columns): Uint32Array {
	const { slack, work } = columns;
	const order = sortIndexesByKey(indexes, slack);
	const ratio = (index: number) => {
		const w = work[index];
		const left = slack[index] + w;
		return w > 0 ? left / w : left > 0 ? Infinity : -Infinity;
	};
	for (let start = 0; start < order.length; ) {
		const key = slack[order[start]];
		let end = start + 1;
		let sameWork = true;
		for (; end < order.length && slack[order[end]] === key; end++) sameWork &&= work[order[end]] === work[order[start]];
		// Equal slack and equal work mean equal ratios: the run is already in input order.
		if (!sameWork) {
			order.subarray(start, end).sort((a, b) => {
				const ra = ratio(a);
				const rb = ratio(b);
				return ra < rb ? -1 : ra > rb ? 1 : a - b;
			});
		}
		start = end;
	}
	return order;
}

function resolveTier(
	record: unknown,
	index: number,
	policy: SlaPolicy,
	tierValues: readonly unknown[] | undefined,
	columns: Columns,
): SlaItemError | undefined {
	columns.tier[index] = NO_TIER;
	if (policy.tiers.length === 0) return undefined;
	let tier = -1;
	if (tierValues) {
		tier = policy.tierMatcher.match(tierValues[index]);
	} else {
		for (const field of policy.tierFields) {
			const found = policy.tierMatcher.match(field.read(record));
			if (found >= 0 && (tier < 0 || found < tier)) tier = found;
		}
	}
	if (tier >= 0) {
		columns.tier[index] = tier;
		return undefined;
	}
	if (policy.defaultTier >= 0) {
		columns.tier[index] = policy.defaultTier;
		columns.tierDefaulted[index] = 1;
		return undefined;
	}
	const field = tierValues ? 'tier expression' : fieldNames(policy.tierFields);
	const shown = (tierValues ? [tierValues[index]] : policy.tierFields.map((f) => f.read(record))).filter(
		(value) => !isEmptyValue(value),
	);
	const held = shown.length ? `holds ${shown.map(show).join(', ')}, which matches` : 'is empty and matches';
	return {
		index,
		field,
		message: `unknown tier: ${field} ${held} no tier (${policy.tiers.map((t) => t.name).join(', ')}) and no default tier is set`,
	};
}

function resolvePromise(
	record: unknown,
	index: number,
	policy: SlaPolicy,
	dates: DateResolver,
	columns: Columns,
): SlaItemError | undefined {
	const fields = policy.promiseFields;
	for (let f = 0; f < fields.length; f++) {
		const value = fields[f].read(record);
		const promise = parseDateValue(value, dates);
		if (promise === undefined) continue;
		if (Number.isNaN(promise)) return notADate(index, fields[f].field, value);
		columns.promise[index] = promise;
		columns.promiseField[index] = f;
		return undefined;
	}
	const tier = columns.tier[index];
	const leadTime = tier === NO_TIER ? undefined : policy.tiers[tier].leadTimeMs;
	const missing = `no promise date: ${fieldNames(fields)} ${fields.length > 1 ? 'are' : 'is'} empty`;
	if (leadTime === undefined) {
		const hint = tier === NO_TIER ? '' : ` and tier "${policy.tiers[tier].name}" has no lead time`;
		return { index, field: fieldNames(fields), message: `${missing}${hint}` };
	}
	for (const start of policy.startFields) {
		const value = start.read(record);
		const from = parseDateValue(value, dates);
		if (from === undefined) continue;
		if (Number.isNaN(from)) return notADate(index, start.field, value);
		try {
			columns.promise[index] = policy.calendar.addWorkingTime(from, leadTime);
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
			return { index, field: start.field, message: `${start.field} + the lead time of tier "${policy.tiers[tier].name}": ${error.message}` };
		}
		columns.promiseField[index] = FROM_LEAD_TIME;
		return undefined;
	}
	return {
		index,
		field: fieldNames(policy.startFields),
		message: `${missing}, and the start date for the lead time of tier "${policy.tiers[tier].name}" (${fieldNames(policy.startFields)}) is empty too`,
	};
}

function resolveDue(record: unknown, index: number, policy: SlaPolicy, columns: Columns): SlaItemError | undefined {
	const promise = columns.promise[index];
	columns.cutoff[index] = -1;
	columns.due[index] = promise;
	if (policy.cutoffs.length === 0) return undefined;
	let cutoff = -1;
	let hasCarrier = false;
	for (const field of policy.carrierFields) {
		const value = field.read(record);
		if (isEmptyValue(value)) continue;
		hasCarrier = true;
		const found = policy.carrierMatcher.match(value);
		if (found >= 0 && (cutoff < 0 || found < cutoff)) cutoff = found;
	}
	if (cutoff < 0) cutoff = policy.anyCarrier;
	if (cutoff < 0) {
		columns.carrierUnmatched[index] = hasCarrier ? 1 : 0;
		return undefined;
	}
	const due = policy.cutoffs[cutoff].latestFor(promise);
	if (Number.isNaN(due)) {
		return {
			index,
			field: fieldNames(policy.carrierFields),
			message: `the ${policy.cutoffs[cutoff].spec.label} has no collection day in the year before the promise date`,
		};
	}
	columns.cutoff[index] = cutoff;
	columns.due[index] = due;
	return undefined;
}

function resolveWork(record: unknown, index: number, policy: SlaPolicy, columns: Columns): SlaItemError | undefined {
	const work = policy.work;
	if (!work.readLines) {
		columns.work[index] = work.baseMs;
		return undefined;
	}
	const value = work.readLines(record);
	const lines = Array.isArray(value) ? value.length : value;
	if (typeof lines !== 'number' || !Number.isFinite(lines) || lines < 0) {
		const field = work.linesField as string;
		const held = value === undefined ? 'is missing' : `holds ${show(value)}`;
		return { index, field, message: `${field} ${held}: expected a list of lines or a number of lines` };
	}
	columns.lines[index] = lines;
	columns.work[index] = work.baseMs + lines * work.perLineMs;
	return undefined;
}

function notADate(index: number, field: string, value: unknown): SlaItemError {
	return { index, field, message: `${field} holds ${show(value)}, which is not a date: expected ${DATE_FORMATS}` };
}

function fieldNames(fields: readonly NamedReader[]): string {
	return fields.map((field) => field.field).join(', ');
}

function show(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function minutesText(ms: number): string {
	return String(Math.round((ms / MINUTE_MS) * 100) / 100);
}

function hoursText(ms: number): string {
	return String(ms / (60 * MINUTE_MS));
}
