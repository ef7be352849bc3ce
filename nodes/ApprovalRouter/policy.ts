/**
 * A validated policy compiled once into predicates, and the hit policies that turn matching rules into one outcome.
 *
 * - FIRST: the first matching rule in table order.
 * - PRIORITY: the matching rule with the strictest outcome (reject, then needs_approval, then auto_approve); among
 *   equals the highest `priority`, then table order. Table order alone never decides across outcomes.
 * - COLLECT: every matching rule, merged into the strictest requirement (see requirement.ts).
 *
 * A rule that cannot be evaluated (missing or mistyped field) and could have changed the outcome makes the item
 * undecidable: it needs approval, from every rule that might have applied (plus `onMissingData`).
 */
import { hashOf } from './canonical';
import { type CompiledCondition, compileCondition, compileConjunction } from './conditions';
import { compileRequirement, type Directory, mergeRequirements, type Requirement } from './requirement';
import { type HitPolicy, type Outcome, parsePolicy, type PolicyDefinition } from './schema';
import type { Item, Unknown } from './values';

export interface CompiledRule {
	id: string;
	/** The rule and its conditions as text: `rule "big" (a > 1 and b == "x")`. */
	label: string;
	description?: string;
	reason?: string;
	outcome: Outcome;
	priority: number;
	conditions: CompiledCondition[];
	/** false when a condition is false, else the conditions that could not be evaluated (none: the rule matches). */
	test: (item: Item) => false | Unknown[];
	requirement?: Requirement;
}

export interface Undecided {
	rule: CompiledRule;
	unknowns: Unknown[];
}

export interface Evaluation {
	outcome: Outcome;
	/** Rules that decided the outcome; empty when no rule matched and `noMatch` applies. */
	matched: CompiledRule[];
	/** Rules that could not be evaluated and might have changed the outcome. */
	undecided: Undecided[];
	requirement?: Requirement;
	defaulted: boolean;
}

const STRICTNESS: Record<Outcome, number> = { auto_approve: 0, needs_approval: 1, reject: 2 };

const strictest = (rules: CompiledRule[]): Outcome =>
	rules.reduce<Outcome>((worst, r) => (STRICTNESS[r.outcome] > STRICTNESS[worst] ? r.outcome : worst), 'auto_approve');

const MERGE_CACHE_SIZE = 1024;

/** The conditions of a rule as one conjunction; disjunctions are parenthesised so that the text reads as it works. */
function conjunctionText(conditions: CompiledCondition[]): string {
	if (conditions.length === 0) return 'always';
	if (conditions.length === 1) return conditions[0].text;
	return conditions.map((c) => (/\bor\b|\|\|/.test(c.text) ? `(${c.text})` : c.text)).join(' and ');
}

export class ApprovalPolicy {
	readonly id: string;
	readonly version: string;
	readonly hash: string;
	readonly hitPolicy: HitPolicy;
	readonly rules: CompiledRule[];
	readonly directory: Directory;
	private readonly order: CompiledRule[];
	private readonly fallback: Evaluation;
	private readonly onMissingData?: Requirement;
	/** COLLECT merges the same sets of rules over and over; their merged requirement is computed once. */
	private readonly merged = new Map<string, Requirement | undefined>();

	constructor(readonly definition: PolicyDefinition) {
		this.id = definition.id;
		this.version = definition.version;
		this.hash = hashOf(definition);
		this.hitPolicy = definition.hitPolicy;
		this.rules = definition.rules.map((rule) => {
			const conditions = rule.when.map(compileCondition);
			return {
				id: rule.id,
				label: `rule ${JSON.stringify(rule.id)} (${conjunctionText(conditions)})`,
				description: rule.description,
				reason: rule.reason,
				outcome: rule.outcome,
				priority: rule.priority,
				conditions,
				test: compileConjunction(conditions),
				requirement: rule.approval && compileRequirement(definition, rule.approval, rule.id),
			};
		});
		this.order =
			this.hitPolicy === 'PRIORITY'
				? this.rules
						.map((rule, index) => ({ rule, index }))
						.sort(
							(a, b) =>
								STRICTNESS[b.rule.outcome] - STRICTNESS[a.rule.outcome] ||
								b.rule.priority - a.rule.priority ||
								a.index - b.index,
						)
						.map(({ rule }) => rule)
				: this.rules;
		const { noMatch, onMissingData } = definition;
		this.fallback = {
			outcome: noMatch.outcome,
			matched: [],
			undecided: [],
			requirement: noMatch.approval && compileRequirement(definition, noMatch.approval, 'noMatch'),
			defaulted: true,
		};
		this.onMissingData = onMissingData && compileRequirement(definition, onMissingData, 'onMissingData');
		const groupsOf = new Map<string, string[]>();
		for (const [group, members] of Object.entries(definition.groups)) {
			for (const user of members) groupsOf.set(user, [...(groupsOf.get(user) ?? []), group]);
		}
		this.directory = { members: definition.groups, groupsOf };
	}

	evaluate(item: Item): Evaluation {
		return this.hitPolicy === 'COLLECT' ? this.collect(item) : this.first(item);
	}

	private first(item: Item): Evaluation {
		let undecided: Undecided[] | undefined;
		for (const rule of this.order) {
			const unknowns = rule.test(item);
			if (unknowns === false) continue;
			if (unknowns.length === 0) return undecided ? this.undecidable([rule], undecided) : this.decided([rule]);
			(undecided ??= []).push({ rule, unknowns });
		}
		return undecided ? this.undecidable([], undecided) : this.fallback;
	}

	private collect(item: Item): Evaluation {
		const matched: CompiledRule[] = [];
		let undecided: Undecided[] | undefined;
		for (const rule of this.rules) {
			const unknowns = rule.test(item);
			if (unknowns === false) continue;
			if (unknowns.length === 0) matched.push(rule);
			else (undecided ??= []).push({ rule, unknowns });
		}
		const rejecting = matched.filter((r) => r.outcome === 'reject');
		// Nothing is stricter than a reject, so rules that could not be evaluated cannot change it.
		if (rejecting.length) return this.decided(rejecting);
		if (undecided) return this.undecidable(matched, undecided);
		return matched.length ? this.decided(matched) : this.fallback;
	}

	private decided(matched: CompiledRule[]): Evaluation {
		const outcome = strictest(matched);
		return {
			outcome,
			matched,
			undecided: [],
			requirement: outcome === 'needs_approval' ? this.requirementOf(matched) : undefined,
			defaulted: false,
		};
	}

	private undecidable(matched: CompiledRule[], undecided: Undecided[]): Evaluation {
		return {
			outcome: 'needs_approval',
			matched,
			undecided,
			requirement: this.requirementOf([...matched, ...undecided.map((u) => u.rule)], this.onMissingData),
			defaulted: false,
		};
	}

	private requirementOf(rules: CompiledRule[], extra?: Requirement): Requirement | undefined {
		if (rules.length === 1 && !extra) return rules[0].requirement;
		const key = `${rules.map((r) => r.id).join('\n')}${extra ? '\n+onMissingData' : ''}`;
		if (this.merged.has(key)) return this.merged.get(key);
		const requirements = rules.flatMap((r) => (r.requirement ? [r.requirement] : []));
		if (extra) requirements.push(extra);
		const requirement = requirements.length ? mergeRequirements(requirements) : undefined;
		if (this.merged.size >= MERGE_CACHE_SIZE) this.merged.clear();
		this.merged.set(key, requirement);
		return requirement;
	}
}

/** Validates and compiles a policy; throws `PolicyError` naming the rule at fault. */
export function compilePolicy(raw: unknown): ApprovalPolicy {
	return new ApprovalPolicy(parsePolicy(raw));
}
