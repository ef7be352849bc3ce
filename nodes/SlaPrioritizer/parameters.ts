import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseFieldList, splitList } from '../shared/fieldPath';
import { parseDateValue } from './dates';
import { SlaPolicyError, SlaPolicyInput, Weekday } from './policy';
import { ZonedDays } from './timeZone';

interface TierParameters {
	name: string;
	match: string;
	leadTimeHours: number;
}

interface CutoffParameters {
	carriers: string;
	time: string;
	timeZone: string;
	days: Weekday[];
	transitHours: number;
}

/** `'08:00-12:00, 13:00-17:00'` → windows; a malformed window is passed on for the schema to name. */
function parseWindows(text: string): Array<{ from: string; to: string }> {
	return splitList(text).map((window) => {
		const [from = '', to = ''] = window.split('-').map((time) => time.trim());
		return { from, to };
	});
}

/**
 * The policy as the schema expects it, from the node's parameters (read once, for the first item). Validation is
 * left to the schema, so the user sees the same messages whichever way the policy is defined.
 */
export function readPolicyInput(context: IExecuteFunctions): unknown {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	if (context.getNodeParameter('policySource', 0) === 'json') {
		return withDefaultTimeZone(parsePolicyJson(context.getNodeParameter('policyJson', 0)), context.getTimezone());
	}
	const parameter = <T>(name: string, fallback: T) => context.getNodeParameter(name, 0, fallback) as T;
	const tiers = parameter<{ tier?: TierParameters[] }>('tiers', {}).tier ?? [];
	const cutoffs = parameter<{ cutoff?: CutoffParameters[] }>('cutoffs', {}).cutoff ?? [];
	const defaultTier = parameter('defaultTier', '').trim();
	const version = String(options.policyVersion ?? '').trim();
	const policy: SlaPolicyInput = {
		...(version ? { version } : {}),
		calendar: {
			timeZone: parameter('timeZone', '').trim() || context.getTimezone(),
			workingDays: parameter('workingDays', []),
			hours: parseWindows(parameter('workingHours', '')),
			holidays: splitList(parameter('holidays', '')),
		},
		tiers: tiers.map((tier) => ({
			name: tier.name,
			match: splitList(tier.match ?? ''),
			...(tier.leadTimeHours > 0 ? { leadTimeHours: tier.leadTimeHours } : {}),
		})),
		...(defaultTier ? { defaultTier } : {}),
		cutoffs: cutoffs.map((cutoff) => ({
			carriers: splitList(cutoff.carriers ?? ''),
			time: cutoff.time,
			...(cutoff.timeZone?.trim() ? { timeZone: cutoff.timeZone.trim() } : {}),
			days: cutoff.days,
			transitHours: cutoff.transitHours,
		})),
		work:
			parameter('workMode', 'fixed') === 'fixed'
				? { mode: 'fixed', minutes: parameter('workMinutes', 0) }
				: {
						mode: 'perLine',
						baseMinutes: parameter('baseMinutes', 0),
						minutesPerLine: parameter('minutesPerLine', 0),
						linesField: parameter('linesField', ''),
					},
		atRiskHours: parameter('atRiskHours', 4),
		fields: {
			promiseDate: parseFieldList(parameter('promiseDateFields', '')),
			startDate: parseFieldList(parameter('startDateFields', '')),
			...(parameter('tierMatch', 'field') === 'field' ? { tier: parseFieldList(parameter('tierFields', '')) } : {}),
			carrier: parseFieldList(parameter('carrierFields', '')),
		},
	};
	return policy;
}

function parsePolicyJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw new SlaPolicyError(`Policy (JSON) is not valid JSON: ${(error as Error).message}`, 'policyJson');
	}
}

function withDefaultTimeZone(policy: unknown, timeZone: string): unknown {
	if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return policy;
	const { calendar } = policy as { calendar?: unknown };
	if (calendar !== undefined && (typeof calendar !== 'object' || calendar === null || Array.isArray(calendar))) {
		return policy;
	}
	return { ...policy, calendar: { timeZone, ...(calendar as object | undefined) } };
}

/**
 * The "Fixed Now" option as epoch ms, or the current time. A value without an offset, as the date picker writes it,
 * is read in the workflow time zone; a date alone is the start of that day.
 */
export function readNow(context: IExecuteFunctions): number {
	const value = (context.getNodeParameter('options', 0, {}) as IDataObject).now;
	if (value === undefined || value === '') return Date.now();
	const zone = new ZonedDays(context.getTimezone(), Date.now());
	const now = parseDateValue(value, { endOfDay: (day) => zone.startOf(day), floating: (local) => zone.localTime(local) });
	if (now === undefined || Number.isNaN(now)) {
		throw new SlaPolicyError(
			`Fixed Now holds ${JSON.stringify(value)}, which is not a date and time (ISO 8601, from 1970 to 2199)`,
			'options.now',
		);
	}
	return now;
}
