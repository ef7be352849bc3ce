/**
 * The approval policy format (version 1) and its validation. The same schema checks JSON policies and policies built
 * from the node's table, and its messages are what the user sees: each names the rule it is about.
 */
import { z } from 'zod';

import { compileCondition, ConditionError, type ConditionDefinition } from './conditions';
import { formatDuration, parseDuration } from './duration';

export const HIT_POLICIES = ['FIRST', 'PRIORITY', 'COLLECT'] as const;
export const OUTCOMES = ['auto_approve', 'needs_approval', 'reject'] as const;

export type HitPolicy = (typeof HIT_POLICIES)[number];
export type Outcome = (typeof OUTCOMES)[number];

export const GROUP_PREFIX = 'group:';

/** Users are compared case-insensitively, so that "Alice@ACME.com" cannot approve what "alice@acme.com" requested. */
export function normalizeIdentity(value: string | number): string {
	return String(value).trim().toLowerCase();
}

const identity = z
	.union([z.string(), z.number().int()])
	.transform(normalizeIdentity)
	.refine((value) => value.length > 0 && value !== GROUP_PREFIX, 'must not be empty');

const duration = z.string().transform((text, ctx) => {
	const ms = parseDuration(text);
	if (ms === undefined) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `"${text}" is not a duration (use e.g. "4h", "90m", "2d" or ISO 8601 "PT4H")`,
		});
		return z.NEVER;
	}
	return formatDuration(ms);
});

const approvalSpec = z
	.object({
		approvers: z.array(identity).min(1, 'needs at least one approver'),
		minApprovals: z
			.union([
				z.number().int().min(1, 'must be at least 1 (an outcome that needs no approval is auto_approve)'),
				z.literal('all'),
			])
			.default(1),
		order: z.enum(['parallel', 'sequential']).default('parallel'),
		escalateAfter: duration,
		escalateTo: z.array(identity).default([]),
		exclude: z.array(identity).default([]),
		excludeRequesterGroups: z.boolean().default(false),
	})
	.strict();

const fieldPath = z
	.string()
	.trim()
	.regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a field path such as "amount" or "customer.credit_status"');

const scalar = z.union([z.string(), z.number().finite(), z.boolean()]);

const fieldCondition = z
	.object({
		field: fieldPath,
		op: z.string(),
		value: z.union([scalar, z.array(scalar), z.object({ field: fieldPath }).strict()]).optional(),
	})
	.strict();

/** The message for a malformed condition (unknown operator, bad threshold, syntax error), or undefined. */
function conditionProblem(value: unknown): string | undefined {
	try {
		compileCondition(value as ConditionDefinition);
		return undefined;
	} catch (error) {
		if (error instanceof ConditionError) return error.message;
		throw error;
	}
}

const condition = z
	.union([fieldCondition, z.object({ expr: z.string().min(1, 'must not be empty') }).strict()], {
		errorMap: () => ({ message: 'a condition is { "field", "op", "value" } or { "expr" }' }),
	})
	.refine(
		(value): value is ConditionDefinition => conditionProblem(value) === undefined,
		(value) => ({ message: conditionProblem(value) ?? '' }),
	);

const outcome = z.enum(OUTCOMES, {
	errorMap: () => ({ message: `must be one of ${OUTCOMES.join(', ')}` }),
});

const rule = z
	.object({
		id: z.string().trim().min(1, 'a rule needs an id'),
		description: z.string().optional(),
		priority: z.number().int().default(0),
		when: z.array(condition).default([]),
		outcome,
		approval: approvalSpec.optional(),
		reason: z.string().optional(),
	})
	.strict();

const defaultOutcome = z
	.object({ outcome, approval: approvalSpec.optional(), reason: z.string().optional() })
	.strict();

export type ApprovalSpec = z.output<typeof approvalSpec>;

const policySchema = z
	.object({
		id: z.string().trim().min(1).default('approval-policy'),
		version: z
			.union([z.string().trim().min(1), z.number()], {
				errorMap: () => ({ message: 'is required: a text or a number to change whenever a rule changes' }),
			})
			.transform(String),
		description: z.string().optional(),
		hitPolicy: z.enum(HIT_POLICIES, {
			errorMap: () => ({ message: `must be one of ${HIT_POLICIES.join(', ')}` }),
		}).default('FIRST'),
		groups: z
			.record(
				z.string().transform((name) => normalizeIdentity(name)),
				z.array(identity).min(1, 'a group needs at least one member'),
			)
			.default({}),
		rules: z.array(rule).default([]),
		noMatch: defaultOutcome,
		onMissingData: approvalSpec.optional(),
	})
	.strict()
	.superRefine((policy, ctx) => {
		const seen = new Set<string>();
		policy.rules.forEach((r, index) => {
			if (seen.has(r.id)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duplicate rule id "${r.id}"`, path: ['rules', index, 'id'] });
			}
			seen.add(r.id);
			checkOutcome(policy.groups, r, ['rules', index], ctx);
		});
		checkOutcome(policy.groups, policy.noMatch, ['noMatch'], ctx);
		if (policy.onMissingData) checkApproval(policy.groups, policy.onMissingData, ['onMissingData'], ctx);
	});

export type PolicyDefinition = z.output<typeof policySchema>;
type Groups = PolicyDefinition['groups'];

function checkOutcome(
	groups: Groups,
	owner: { outcome: Outcome; approval?: ApprovalSpec },
	path: (string | number)[],
	ctx: z.RefinementCtx,
): void {
	if (owner.outcome === 'needs_approval' && !owner.approval) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'outcome needs_approval needs an "approval" with approvers, quorum and escalation',
			path: [...path, 'approval'],
		});
	} else if (owner.outcome !== 'needs_approval' && owner.approval) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `outcome ${owner.outcome} contradicts its "approval": only needs_approval is put to a vote`,
			path: [...path, 'approval'],
		});
	}
	if (owner.approval) checkApproval(groups, owner.approval, [...path, 'approval'], ctx);
}

/** Members of the users and `group:` references given (unknown groups are reported by `checkApproval`). */
export function expandIdentities(groups: Groups, references: string[]): string[] {
	const users = references.flatMap((ref) =>
		ref.startsWith(GROUP_PREFIX) ? (groups[ref.slice(GROUP_PREFIX.length)] ?? []) : [ref],
	);
	return [...new Set(users)];
}

function checkApproval(groups: Groups, approval: ApprovalSpec, path: (string | number)[], ctx: z.RefinementCtx): void {
	const lists = { approvers: approval.approvers, exclude: approval.exclude, escalateTo: approval.escalateTo };
	let unknownGroups = false;
	for (const [key, references] of Object.entries(lists)) {
		references.forEach((ref, index) => {
			const group = ref.startsWith(GROUP_PREFIX) ? ref.slice(GROUP_PREFIX.length) : undefined;
			if (group !== undefined && !(group in groups)) {
				unknownGroups = true;
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `unknown group "${group}" (define it under "groups")`,
					path: [...path, key, index],
				});
			}
		});
	}
	if (unknownGroups || approval.approvers.length === 0) return;
	const excluded = new Set(expandIdentities(groups, approval.exclude));
	const eligible = expandIdentities(groups, approval.approvers).filter((user) => !excluded.has(user));
	if (eligible.length === 0) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'no approver is left once "exclude" is applied',
			path: [...path, 'approvers'],
		});
	} else if (typeof approval.minApprovals === 'number' && approval.minApprovals > eligible.length) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message:
				`needs ${approval.minApprovals} approvals but only ${eligible.length} approver(s) ` +
				`can vote (${eligible.join(', ')})`,
			path: [...path, 'minApprovals'],
		});
	}
}

/** A policy that failed validation. `issues` holds one line per problem, each naming the rule. */
export class PolicyError extends Error {
	constructor(readonly issues: string[]) {
		super(
			`Invalid approval policy: ${issues[0]}${issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''}`,
		);
		this.name = 'PolicyError';
	}
}

function ruleLabel(raw: unknown, index: number): string {
	const rules = (raw as { rules?: unknown })?.rules;
	const id = Array.isArray(rules) ? (rules[index] as { id?: unknown } | undefined)?.id : undefined;
	// Quoted as JSON, so that an id holding a quote still reads as one name.
	return typeof id === 'string' && id.trim() ? `rule ${JSON.stringify(id.trim())} (#${index + 1})` : `rule #${index + 1}`;
}

function describePath(raw: unknown, path: (string | number)[]): string {
	const labels: string[] = [];
	let field = '';
	for (let i = 0; i < path.length; i++) {
		const key = path[i];
		if (key === 'rules' && typeof path[i + 1] === 'number') labels.push(ruleLabel(raw, path[++i] as number));
		else if (key === 'when' && typeof path[i + 1] === 'number') labels.push(`condition ${(path[++i] as number) + 1}`);
		else field += typeof key === 'number' ? `[${key}]` : `${field ? '.' : ''}${key}`;
	}
	return [...labels, ...(field ? [field] : [])].join(', ');
}

/** Validates a policy (a parsed JSON value); throws `PolicyError`. */
export function parsePolicy(raw: unknown): PolicyDefinition {
	const result = policySchema.safeParse(raw);
	if (result.success) return result.data;
	const issues = result.error.issues.map((issue) => {
		const where = describePath(raw, issue.path);
		return where ? `${where}: ${issue.message}` : issue.message;
	});
	throw new PolicyError([...new Set(issues)]);
}
