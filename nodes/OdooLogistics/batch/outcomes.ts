import { OdooTransientError } from '../../shared/odoo';

export type Json = Record<string, unknown>;

/** Records one item changed in Odoo. */
export interface Written {
	model: string;
	ids: number[];
}

export type Outcome =
	| { status: 'done'; json: Json[]; pairedItems?: number[]; written?: Written }
	| { status: 'failed'; error: unknown; note?: string; written?: Written };

export interface Failure {
	index: number;
	error: unknown;
	note?: string;
}

const SHOWN_IDS = 30;

/**
 * What became of each input item: its output, or its error. With `stopOnError` (Continue On Fail off), the first failure
 * stops the operation from sending anything more; for a writing operation, `ledger()` then says what was written.
 */
export class Outcomes {
	private readonly outcomes: Array<Outcome | undefined>;
	private failures = 0;

	constructor(
		size: number,
		private readonly stopOnError: boolean,
	) {
		this.outcomes = new Array<Outcome | undefined>(size).fill(undefined);
	}

	get size(): number {
		return this.outcomes.length;
	}

	get stopped(): boolean {
		return this.stopOnError && this.failures > 0;
	}

	get(index: number): Outcome | undefined {
		return this.outcomes[index];
	}

	/** One or several output items for an input item; `pairedItems` when they come from several input items. */
	ok(index: number, json: Json | Json[], extra: { pairedItems?: number[]; written?: Written } = {}): void {
		this.outcomes[index] = { status: 'done', json: Array.isArray(json) ? json : [json], ...extra };
	}

	/** An item that is done, its output carried by another item (a record made from several items). */
	merged(index: number, written?: Written): void {
		this.outcomes[index] = { status: 'done', json: [], written };
	}

	/** `note` says what happened before the failure; `written` what it had already changed in Odoo. */
	fail(index: number, error: unknown, extra: { note?: string; written?: Written } = {}): void {
		if (this.outcomes[index]?.status !== 'failed') this.failures += 1;
		this.outcomes[index] = { status: 'failed', error, ...extra };
	}

	failAll(indices: readonly number[], error: unknown, extra: { note?: string; written?: Written } = {}): void {
		for (const index of indices) this.fail(index, error, extra);
	}

	/** The failure of the lowest item index. */
	firstFailure(): Failure | undefined {
		const index = this.outcomes.findIndex((outcome) => outcome?.status === 'failed');
		if (index < 0) return undefined;
		const outcome = this.outcomes[index] as Extract<Outcome, { status: 'failed' }>;
		return { index, error: outcome.error, note: outcome.note };
	}

	/** What was written in Odoo, what was not, and what may have been: for the error that stops a writing operation. */
	ledger(): string {
		const written: number[] = [];
		const unknown: number[] = [];
		const notWritten: number[] = [];
		const ids = new Map<string, Set<number>>();
		this.outcomes.forEach((outcome, index) => {
			if (outcome?.written) {
				written.push(index);
				const { model, ids: recordIds } = outcome.written;
				let set = ids.get(model);
				if (!set) ids.set(model, (set = new Set()));
				for (const id of recordIds) set.add(id);
			} else if (outcome?.status === 'failed' && isOutcomeUnknown(outcome.error)) unknown.push(index);
			else if (outcome?.status !== 'done') notWritten.push(index);
		});
		const records = [...ids].map(([model, set]) => (set.size ? `${model} ${formatIds([...set])}` : model)).join('; ');
		return [
			written.length ? `Written in Odoo: items ${formatRanges(written)} (${records}).` : 'Nothing was written in Odoo.',
			unknown.length
				? `Outcome unknown: items ${formatRanges(unknown)} (Odoo may have applied them; check in Odoo before running them again).`
				: '',
			notWritten.length && written.length ? `Not written: items ${formatRanges(notWritten)}.` : '',
		]
			.filter(Boolean)
			.join(' ');
	}
}

function isOutcomeUnknown(error: unknown): boolean {
	return error instanceof OdooTransientError && error.outcomeUnknown;
}

/** `[0, 1, 2, 5, 7, 8]` → `0-2, 5, 7-8`. */
function formatRanges(sorted: readonly number[]): string {
	const parts: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end += 1;
		parts.push(end === start ? `${sorted[start]}` : `${sorted[start]}-${sorted[end]}`);
		start = end + 1;
	}
	return parts.join(', ');
}

function formatIds(ids: readonly number[]): string {
	const shown = ids.slice(0, SHOWN_IDS).join(', ');
	return `id${ids.length > 1 ? 's' : ''} ${shown}${ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : ''}`;
}
