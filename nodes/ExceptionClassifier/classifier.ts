import { BUILT_IN_RULES, RuleDefinition, SIGNAL_FIELD_LABELS, SIGNAL_FIELDS, SignalField } from './rules';
import { Signal } from './signal';
import { CATEGORIES, Category, TAXONOMY_VERSION, UNCLASSIFIED } from './taxonomy';
import { parseUserRules, UserRule } from './userRules';

export interface Classification {
	category: string;
	label: string;
	group: Category['group'];
	severity: Category['severity'];
	/** 0 to 1; 0 when unclassified. */
	confidence: number;
	ownerTeam: Category['ownerTeam'];
	/** The recommended next step. */
	action: string;
	/** `false` when the next step is safe to automate. */
	needsHuman: boolean;
	/** Id of the rule that decided, or `null` when none did. */
	matchedRule: string | null;
	/** Why, in words: what the signal held and what the rule took it to mean. */
	reason: string;
	taxonomyVersion: string;
}

/** Rules only ever read this much of a text, so one huge e-mail cannot stall a run. */
export const MAX_TEXT_LENGTH = 20_000;

type Decision = Omit<Classification, 'reason'>;

interface CompiledRule {
	definition: RuleDefinition;
	decision: Decision;
}

/** Consecutive `equals` rules on one field become one lookup; the first rule listing a value keeps it. */
type Stage =
	| { field: SignalField; lookup: Map<string, CompiledRule> }
	| { field: SignalField; regex: RegExp; rule: CompiledRule };

type Prepared = Partial<Record<SignalField, { raw: string; key: string }>>;

const SIGNAL_DESCRIPTION = listing(SIGNAL_FIELDS.map((field) => SIGNAL_FIELD_LABELS[field]), 'or');

/** `a, b or c` */
function listing(words: readonly string[], conjunction: string): string {
	return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

function decisionFor(category: Category, confidence: number, matchedRule: string | null): Decision {
	return {
		category: category.id,
		label: category.label,
		group: category.group,
		severity: category.severity,
		confidence,
		ownerTeam: category.ownerTeam,
		action: category.action,
		needsHuman: category.needsHuman,
		matchedRule,
		taxonomyVersion: TAXONOMY_VERSION,
	};
}

function keywordPattern(keywords: readonly string[]): string {
	const escaped = keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return `(?<!\\w)(?:${escaped.join('|')})(?!\\w)`;
}

/**
 * Classifies exception signals with ordered rules: the first rule that matches decides. Built-in rules cover the
 * carrier code sets, Odoo events and English text; user rules come first (override), last (extend), or replace the
 * built-in rule with the same id.
 */
export class SignalClassifier {
	private readonly stages: Stage[] = [];
	private readonly unclassified: Decision;

	private constructor(rules: readonly RuleDefinition[]) {
		this.unclassified = decisionFor(CATEGORIES.get(UNCLASSIFIED) as Category, 0, null);
		for (const definition of rules) this.addRule(definition);
	}

	/** Validates `userRules` (throws `RuleConfigurationError` naming each rule at fault) and merges them in. */
	static create(userRules: unknown = []): SignalClassifier {
		return new SignalClassifier(mergeRules(parseUserRules(userRules)));
	}

	classify(signal: Signal): Classification {
		const prepared = prepare(signal);
		if (!prepared) return { ...this.unclassified, reason: `empty signal: no ${SIGNAL_DESCRIPTION}` };
		for (const stage of this.stages) {
			const value = prepared[stage.field];
			if (value === undefined) continue;
			if ('lookup' in stage) {
				const rule = stage.lookup.get(value.key);
				if (rule) return { ...rule.decision, reason: `${SIGNAL_FIELD_LABELS[stage.field]} "${value.raw}": ${rule.definition.label}` };
				continue;
			}
			const match = stage.regex.exec(value.raw);
			if (match) {
				const subject = stage.field === 'text' ? `text mentions "${match[0]}"` : `${SIGNAL_FIELD_LABELS[stage.field]} "${value.raw}"`;
				return { ...stage.rule.decision, reason: `${subject}: ${stage.rule.definition.label}` };
			}
		}
		const present = SIGNAL_FIELDS.filter((field) => prepared[field] !== undefined);
		return {
			...this.unclassified,
			reason: `no rule matched the ${listing(present.map((field) => SIGNAL_FIELD_LABELS[field]), 'or')}`,
		};
	}

	private addRule(definition: RuleDefinition): void {
		const rule = { definition, decision: decisionFor(CATEGORIES.get(definition.category) as Category, definition.confidence, definition.id) };
		if (definition.equals) {
			const last = this.stages[this.stages.length - 1];
			const stage = last && 'lookup' in last && last.field === definition.field ? last : undefined;
			const lookup = stage?.lookup ?? new Map<string, CompiledRule>();
			if (!stage) this.stages.push({ field: definition.field, lookup });
			for (const value of definition.equals) {
				const key = value.trim().toLowerCase();
				if (!lookup.has(key)) lookup.set(key, rule);
			}
			return;
		}
		const source = definition.keywords ? keywordPattern(definition.keywords) : (definition.pattern as string);
		this.stages.push({ field: definition.field, regex: new RegExp(source, 'i'), rule });
	}
}

/** User rules with a built-in id replace that rule; the others go first or last. */
function mergeRules(userRules: readonly UserRule[]): RuleDefinition[] {
	const replacements = new Map(userRules.map((rule) => [rule.id, rule]));
	const builtIn = BUILT_IN_RULES.map((rule) => replacements.get(rule.id) ?? rule);
	const builtInIds = new Set(BUILT_IN_RULES.map((rule) => rule.id));
	const added = userRules.filter((rule) => !builtInIds.has(rule.id));
	return [
		...added.filter((rule) => rule.position === 'first'),
		...builtIn,
		...added.filter((rule) => rule.position === 'last'),
	];
}

/** Trimmed values and lower-case lookup keys of the non-empty parts; `undefined` when every part is empty. */
function prepare(signal: Signal): Prepared | undefined {
	let prepared: Prepared | undefined;
	for (const field of SIGNAL_FIELDS) {
		const value = signal[field];
		if (typeof value !== 'string') continue;
		const raw = (value.length > MAX_TEXT_LENGTH ? value.slice(0, MAX_TEXT_LENGTH) : value).trim();
		if (raw === '') continue;
		(prepared ??= {})[field] = { raw, key: raw.toLowerCase() };
	}
	return prepared;
}
