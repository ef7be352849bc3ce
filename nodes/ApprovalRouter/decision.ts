/**
 * The approval record: the evidence an auditor asks for, attached to every routed item.
 *
 * It names the policy (id, version, sha256 of its canonical form), the rules that decided, each condition with its
 * threshold and the value the item had, what was missing, who must approve and by when. `summary` is one line of
 * text; `chatter` is the same as HTML, ready for Odoo's `message_post`.
 */
import { randomUUID } from 'node:crypto';

import type { CompiledCondition, ConditionEvidence } from './conditions';
import { escapeHtml } from './html';
import type { ApprovalPolicy, CompiledRule, Evaluation } from './policy';
import { type ApprovalRequirement, resolveRequirement } from './requirement';
import { type HitPolicy, normalizeIdentity, type Outcome } from './schema';
import { compilePath, describe, type Item } from './values';

export interface RuleReference {
	id: string;
	outcome: Outcome;
	description?: string;
}

export interface MissingInput {
	rule: string;
	field?: string;
	reason: string;
}

export interface ApprovalRecord {
	decisionId: string;
	decidedAt: string;
	outcome: Outcome;
	policy: { id: string; version: string; hash: string; hitPolicy: HitPolicy };
	matchedRules: RuleReference[];
	/** Every condition of the deciding rules: threshold, actual value, result. */
	basis: ConditionEvidence[];
	/** The item values the decision read. */
	inputs: Record<string, unknown>;
	missing: MissingInput[];
	reasons: string[];
	requesterField: string;
	requester: string | null;
	required: ApprovalRequirement | null;
	summary: string;
	chatter: string;
}

export interface DeciderOptions {
	/** Path of the item field that names the requester (segregation of duties). */
	requesterField: string;
	now?: () => number;
	newId?: () => string;
}

const LABEL: Record<Outcome, string> = {
	auto_approve: 'Approved automatically',
	needs_approval: 'Needs approval',
	reject: 'Rejected',
};

function requirementText(required: ApprovalRequirement): string {
	const who = required.clauses.map((c) => `${c.minApprovals} of ${c.approvers.join(', ') || 'nobody'}`).join(' and ');
	return `${who} (${required.order}), deadline ${required.deadline}`;
}

/** Date.now() moves slowly compared with decisions: format each millisecond once. */
function isoFormatter(): (ms: number) => string {
	let last = NaN;
	let text = '';
	return (ms) => {
		if (ms !== last) [last, text] = [ms, new Date(ms).toISOString()];
		return text;
	};
}

function valueText(evidence: ConditionEvidence): string {
	return evidence.values ? JSON.stringify(evidence.values) : `value ${describe(evidence.actual)}`;
}

/** Decides items against one policy; build it once per batch. */
export class Decider {
	private readonly readRequester: (item: Item) => unknown;
	private readonly readers = new Map<string, (item: Item) => unknown>();
	/** Chatter line openings per condition, escaped once. */
	private readonly lineStarts = new Map<CompiledCondition, string>();
	private readonly policyLine: string;
	private readonly iso = isoFormatter();
	private readonly now: () => number;
	private readonly newId: () => string;

	constructor(
		private readonly policy: ApprovalPolicy,
		private readonly options: DeciderOptions,
	) {
		this.readRequester = compilePath(options.requesterField);
		this.now = options.now ?? Date.now;
		this.newId = options.newId ?? randomUUID;
		for (const rule of policy.rules) {
			for (const condition of rule.conditions) {
				this.lineStarts.set(condition, `<li>${escapeHtml(`Rule ${rule.id}: ${condition.text} — `)}`);
			}
		}
		this.policyLine = `<li>${escapeHtml(
			`Policy: ${policy.id} v${policy.version} (${policy.hash.slice(0, 19)}…), hit policy ${policy.hitPolicy}`,
		)}</li>`;
	}

	decide(item: Item): ApprovalRecord {
		const evaluation = this.policy.evaluate(item);
		const decidedAt = this.now();
		const requester = this.requester(item);
		const required = this.required(evaluation, requester, decidedAt);
		const basis: ConditionEvidence[] = [];
		let basisLines = '';
		for (const rule of evaluation.matched) {
			for (const condition of rule.conditions) {
				const evidence = condition.evidence(item, rule.id);
				basis.push(evidence);
				basisLines += `${this.lineStarts.get(condition)}${escapeHtml(valueText(evidence))}</li>`;
			}
		}
		const missing: MissingInput[] = [];
		for (const { rule, unknowns } of evaluation.undecided) {
			for (const { field, reason } of unknowns) {
				missing.push(field ? { rule: rule.id, field, reason } : { rule: rule.id, reason });
			}
		}
		const record: ApprovalRecord = {
			decisionId: this.newId(),
			decidedAt: this.iso(decidedAt),
			outcome: evaluation.outcome,
			policy: { id: this.policy.id, version: this.policy.version, hash: this.policy.hash, hitPolicy: this.policy.hitPolicy },
			matchedRules: evaluation.matched.map((rule) =>
				rule.description
					? { id: rule.id, outcome: rule.outcome, description: rule.description }
					: { id: rule.id, outcome: rule.outcome },
			),
			basis,
			inputs: this.inputs(evaluation, item),
			missing,
			reasons: this.reasons(evaluation, required, requester),
			requesterField: this.options.requesterField,
			requester,
			required,
			summary: '',
			chatter: '',
		};
		record.summary = summary(record);
		record.chatter = this.chatter(record, basisLines);
		return record;
	}

	private requester(item: Item): string | null {
		const value = this.readRequester(item);
		return typeof value === 'string' || typeof value === 'number' ? normalizeIdentity(value) || null : null;
	}

	private required(evaluation: Evaluation, requester: string | null, decidedAt: number): ApprovalRequirement | null {
		if (evaluation.outcome !== 'needs_approval' || !evaluation.requirement) return null;
		return resolveRequirement(evaluation.requirement, requester, this.policy.directory, decidedAt);
	}

	private inputs(evaluation: Evaluation, item: Item): Record<string, unknown> {
		const inputs: Record<string, unknown> = {};
		const read = (rule: CompiledRule) => {
			for (const condition of rule.conditions) {
				for (const field of condition.fields) inputs[field] ??= this.reader(field)(item) ?? null;
			}
		};
		evaluation.matched.forEach(read);
		for (const { rule } of evaluation.undecided) read(rule);
		return inputs;
	}

	private reader(field: string): (item: Item) => unknown {
		let read = this.readers.get(field);
		if (!read) this.readers.set(field, (read = compilePath(field)));
		return read;
	}

	private reasons(evaluation: Evaluation, required: ApprovalRequirement | null, requester: string | null): string[] {
		const reasons = evaluation.matched.map((rule) => (rule.reason ? `${rule.label}: ${rule.reason}` : rule.label));
		if (evaluation.defaulted) reasons.push(`no rule matched: the policy's noMatch outcome applies (${evaluation.outcome})`);
		for (const { rule, unknowns } of evaluation.undecided) {
			reasons.push(`${rule.label} could not be evaluated: ${unknowns.map((u) => u.reason).join('; ')}`);
		}
		if (evaluation.undecided.length) reasons.push('an item the policy cannot fully evaluate is never approved automatically');
		if (evaluation.outcome === 'needs_approval' && !required) {
			reasons.push('the policy names no approver for this case: add "onMissingData" to the policy');
		}
		if (required) {
			reasons.push(...required.problems);
			if (requester) reasons.push(`the requester (${requester}) may not approve their own request`);
		}
		return reasons;
	}

	private chatter(record: ApprovalRecord, basisLines: string): string {
		let items = this.policyLine + basisLines;
		const line = (text: string) => {
			items += `<li>${escapeHtml(text)}</li>`;
		};
		for (const m of record.missing) line(`Rule ${m.rule}: ${m.reason}`);
		if (record.required) {
			line(`Approvers: ${requirementText(record.required)}`);
			if (record.required.escalateTo.length) line(`Escalation to: ${record.required.escalateTo.join(', ')}`);
			record.required.problems.forEach(line);
		}
		line(`Requester: ${record.requester ?? 'unknown'}`);
		line(`Decision ${record.decisionId} at ${record.decidedAt}`);
		return `<p><strong>Approval Router: ${LABEL[record.outcome]}</strong></p><ul>${items}</ul>`;
	}
}

function summary(record: ApprovalRecord): string {
	const rules =
		record.matchedRules.map((r) => r.id).join(', ') || (record.missing.length ? 'missing data' : 'no rule matched');
	let text = `${LABEL[record.outcome]} by policy ${record.policy.id} v${record.policy.version} (${rules})`;
	if (record.missing.length) text += `; missing: ${[...new Set(record.missing.map((m) => m.field ?? m.reason))].join(', ')}`;
	if (record.required) text += `; approval: ${requirementText(record.required)}`;
	return text;
}
