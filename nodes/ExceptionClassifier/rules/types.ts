import type { CategoryId } from '../taxonomy';

/** The parts of a signal that rules look at; `signal.ts` reads them from items. */
export const SIGNAL_FIELDS = ['event', 'tag', 'subtag', 'status', 'statusDetail', 'reasonCode', 'text'] as const;
export type SignalField = (typeof SIGNAL_FIELDS)[number];

export const SIGNAL_FIELD_LABELS: Record<SignalField, string> = {
	event: 'Odoo event',
	tag: 'AfterShip tag',
	subtag: 'AfterShip subtag',
	status: 'EasyPost status',
	statusDetail: 'EasyPost status detail',
	reasonCode: 'X12 1651 reason code',
	text: 'text',
};

/**
 * One rule: when `field` of a signal equals one of `equals` (trimmed, case-insensitive), contains one of `keywords`
 * (whole words, case-insensitive) or matches `pattern` (case-insensitive regular expression), the signal belongs to
 * `category`. Exactly one of the three is set.
 */
export interface RuleDefinition {
	id: string;
	field: SignalField;
	equals?: readonly string[];
	keywords?: readonly string[];
	pattern?: string;
	category: CategoryId;
	/** 0 to 1: how sure a match makes the category. */
	confidence: number;
	/** What a match means, as shown in the reason of a decision. */
	label: string;
}

/** `[code, category, confidence, meaning]`: one row of a carrier's code table. */
export type CodeRow = readonly [code: string, category: CategoryId, confidence: number, meaning: string];

/** One rule per row of a code table, with ids such as `aftership.subtag.Exception_013`. */
export function codeRules(idPrefix: string, field: SignalField, rows: readonly CodeRow[]): RuleDefinition[] {
	return rows.map(([code, category, confidence, label]) => ({
		id: `${idPrefix}.${code}`,
		field,
		equals: [code],
		category,
		confidence,
		label,
	}));
}
