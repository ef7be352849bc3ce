import { z } from 'zod';

import { formatPath, issuePath } from '../shared/validation';
import { RuleDefinition, SIGNAL_FIELDS } from './rules';
import { CATEGORIES, CategoryId, TAXONOMY_VERSION } from './taxonomy';

export const RULE_POSITIONS = ['first', 'last'] as const;

const values = z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must hold at least one value');

export const userRuleSchema = z
	.object({
		id: z.string().trim().min(1, 'must not be empty').max(120),
		field: z.enum(SIGNAL_FIELDS),
		equals: values.optional(),
		keywords: values.optional(),
		pattern: z.string().min(1, 'must not be empty').optional(),
		category: z.string().trim().min(1, 'must not be empty'),
		confidence: z.number().min(0).max(1).default(0.9),
		/**
		 * `first`: before the built-in rules, so it overrides them; `last`: after them, so it only classifies what
		 * they leave unclassified. A rule with the id of a built-in rule replaces it in place instead.
		 */
		position: z.enum(RULE_POSITIONS).default('first'),
		label: z.string().trim().min(1).optional(),
	})
	.strict();

export type UserRuleInput = z.input<typeof userRuleSchema>;

export interface UserRule extends RuleDefinition {
	position: (typeof RULE_POSITIONS)[number];
}

/** The user rules are unusable; the message names each rule at fault (`Rule "vip" (#2): …`). */
export class RuleConfigurationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RuleConfigurationError';
	}
}

/**
 * Validates user rules (an array, or its JSON text) against the schema and the taxonomy, and compiles their
 * patterns once to check them.
 */
export function parseUserRules(input: unknown): UserRule[] {
	if (typeof input === 'string') {
		try {
			input = JSON.parse(input);
		} catch (error) {
			throw new RuleConfigurationError(`The rules are not valid JSON: ${(error as Error).message}`);
		}
	}
	if (!Array.isArray(input)) {
		throw new RuleConfigurationError('The rules must be a JSON array of rule objects');
	}
	const problems: string[] = [];
	const rules: UserRule[] = [];
	const firstIndex = new Map<string, number>();
	input.forEach((raw, index) => {
		const name = ruleName(raw, index);
		const result = userRuleSchema.safeParse(raw);
		if (!result.success) {
			for (const issue of result.error.issues) problems.push(`${name}: ${formatPath(issuePath(issue))}: ${issue.message}`);
			return;
		}
		const rule = result.data;
		const ruleProblems = checkRule(rule);
		const previous = firstIndex.get(rule.id);
		if (previous === undefined) firstIndex.set(rule.id, index);
		else ruleProblems.push(`the id is already used by rule #${previous + 1}`);
		if (ruleProblems.length) {
			for (const problem of ruleProblems) problems.push(`${name}: ${problem}`);
			return;
		}
		rules.push({
			...rule,
			category: rule.category as CategoryId,
			label: rule.label ?? `user rule "${rule.id}"`,
		});
	});
	if (problems.length) throw new RuleConfigurationError(`Invalid rules: ${problems.join('; ')}`);
	return rules;
}

function checkRule(rule: z.output<typeof userRuleSchema>): string[] {
	const problems: string[] = [];
	const matchers = [rule.equals, rule.keywords, rule.pattern].filter((matcher) => matcher !== undefined).length;
	if (matchers !== 1) problems.push('give exactly one of equals, keywords or pattern');
	if (rule.pattern !== undefined) {
		try {
			new RegExp(rule.pattern, 'i');
		} catch (error) {
			problems.push(`pattern is not a valid regular expression: ${(error as Error).message}`);
		}
	}
	if (!CATEGORIES.has(rule.category)) {
		problems.push(
			`category "${rule.category}" is not in taxonomy ${TAXONOMY_VERSION} (known: ${[...CATEGORIES.keys()].join(', ')})`,
		);
	}
	return problems;
}

/** `Rule "vip" (#2)`: the id quoted as JSON (so quotes and line breaks in it stay readable) and cut short. */
function ruleName(raw: unknown, index: number): string {
	const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
	if (typeof id !== 'string' || !id.trim()) return `Rule #${index + 1}`;
	const shown = id.trim().length > 60 ? `${id.trim().slice(0, 60)}…` : id.trim();
	return `Rule ${JSON.stringify(shown)} (#${index + 1})`;
}
