/**
 * Who must approve: a rule's approval compiled against the policy's groups, the strictest merge of several, and its
 * resolution for one item, where segregation of duties removes the requester (and, if asked, the requester's groups).
 */
import { formatDuration, parseDuration } from './duration';
import { type ApprovalSpec, expandIdentities, GROUP_PREFIX, type PolicyDefinition } from './schema';

export type ApprovalOrder = 'parallel' | 'sequential';

/** Every clause must be met: a rule's own quorum among its own approvers. */
export interface Clause {
	rules: string[];
	approvers: string[];
	minApprovals: number | 'all';
}

/** The approval a policy requires before an item's requester is known. */
export interface Requirement {
	clauses: Clause[];
	groups: string[];
	order: ApprovalOrder;
	escalateAfterMs: number;
	escalateTo: string[];
	excluded: string[];
	excludeRequesterGroups: boolean;
}

export interface ResolvedClause {
	rules: string[];
	approvers: string[];
	minApprovals: number;
}

export interface Exclusion {
	user: string;
	reason: 'requester' | 'excluded' | 'requester_group';
	group?: string;
}

/** The approval an item needs: the evidence of who may vote, how many must agree, and by when. */
export interface ApprovalRequirement {
	approvers: string[];
	minApprovals: number;
	clauses: ResolvedClause[];
	order: ApprovalOrder;
	groups: string[];
	escalateAfter: string;
	deadline: string;
	escalateTo: string[];
	excluded: Exclusion[];
	/** False when segregation of duties leaves a clause short of its quorum, or the requester is unknown. */
	reachable: boolean;
	problems: string[];
}

export function compileRequirement(policy: PolicyDefinition, spec: ApprovalSpec, rule: string): Requirement {
	const excluded = expandIdentities(policy.groups, spec.exclude);
	return {
		clauses: [
			{
				rules: [rule],
				approvers: expandIdentities(policy.groups, spec.approvers).filter((user) => !excluded.includes(user)),
				minApprovals: spec.minApprovals,
			},
		],
		groups: spec.approvers.filter((ref) => ref.startsWith(GROUP_PREFIX)).map((ref) => ref.slice(GROUP_PREFIX.length)),
		order: spec.order,
		// The schema normalised the delay to ISO 8601, which always parses.
		escalateAfterMs: parseDuration(spec.escalateAfter) ?? 0,
		escalateTo: expandIdentities(policy.groups, spec.escalateTo),
		excluded,
		excludeRequesterGroups: spec.excludeRequesterGroups,
	};
}

const union = (lists: string[][]) => [...new Set(lists.flat())];

/** The strictest combination: every clause kept, sequential if any is, earliest escalation, all exclusions. */
export function mergeRequirements(requirements: Requirement[]): Requirement {
	if (requirements.length === 1) return requirements[0];
	return {
		clauses: requirements.flatMap((r) => r.clauses),
		groups: union(requirements.map((r) => r.groups)),
		order: requirements.some((r) => r.order === 'sequential') ? 'sequential' : 'parallel',
		escalateAfterMs: Math.min(...requirements.map((r) => r.escalateAfterMs)),
		escalateTo: union(requirements.map((r) => r.escalateTo)),
		excluded: union(requirements.map((r) => r.excluded)),
		excludeRequesterGroups: requirements.some((r) => r.excludeRequesterGroups),
	};
}

/** Applies segregation of duties for one requester and fixes the deadline. */
export function resolveRequirement(
	requirement: Requirement,
	requester: string | null,
	membership: ReadonlyMap<string, string[]>,
	decidedAt: number,
): ApprovalRequirement {
	const exclusions = new Map<string, Exclusion>();
	for (const user of requirement.excluded) exclusions.set(user, { user, reason: 'excluded' });
	if (requester !== null) {
		if (requirement.excludeRequesterGroups) {
			for (const group of membership.get(requester) ?? []) {
				for (const [user, groups] of membership) {
					if (groups.includes(group) && !exclusions.has(user)) {
						exclusions.set(user, { user, reason: 'requester_group', group });
					}
				}
			}
		}
		exclusions.set(requester, { user: requester, reason: 'requester' });
	}
	const problems: string[] = [];
	if (requester === null) problems.push('the requester is unknown, so segregation of duties cannot be checked');
	const clauses = requirement.clauses.map((clause) => {
		const approvers = clause.approvers.filter((user) => !exclusions.has(user));
		const minApprovals = clause.minApprovals === 'all' ? Math.max(approvers.length, 1) : clause.minApprovals;
		if (approvers.length < minApprovals) {
			problems.push(
				`${clause.rules.join(', ')} needs ${minApprovals} approval(s) but only ${approvers.length} approver(s) remain after segregation of duties`,
			);
		}
		return { rules: clause.rules, approvers, minApprovals };
	});
	const listed = new Set(requirement.clauses.flatMap((c) => c.approvers));
	return {
		approvers: union(clauses.map((c) => c.approvers)),
		minApprovals: Math.max(...clauses.map((c) => c.minApprovals)),
		clauses,
		order: requirement.order,
		groups: requirement.groups,
		escalateAfter: formatDuration(requirement.escalateAfterMs),
		deadline: new Date(decidedAt + requirement.escalateAfterMs).toISOString(),
		escalateTo: requirement.escalateTo,
		excluded: [...exclusions.values()].filter((e) => listed.has(e.user) || e.reason === 'requester'),
		reachable: problems.length === 0,
		problems,
	};
}
