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
	/** Every approver of every clause, in order. */
	approvers: string[];
	/** The approvers the rules name, before exclusions. */
	listed: string[];
	groups: string[];
	order: ApprovalOrder;
	escalateAfterMs: number;
	/** The same as ISO 8601. */
	escalateAfter: string;
	escalateTo: string[];
	/** Users the rules' `exclude` names: they never approve under the merged requirement. */
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

/** The policy's groups, both ways. */
export interface Directory {
	members: Readonly<Record<string, string[]>>;
	groupsOf: ReadonlyMap<string, string[]>;
}

const union = (lists: string[][]) => [...new Set(lists.flat())];

export function compileRequirement(policy: PolicyDefinition, spec: ApprovalSpec, rule: string): Requirement {
	const listed = expandIdentities(policy.groups, spec.approvers);
	const excludedUsers = expandIdentities(policy.groups, spec.exclude);
	const approvers = listed.filter((user) => !excludedUsers.includes(user));
	// The schema normalised the delay to ISO 8601, which always parses.
	const escalateAfterMs = parseDuration(spec.escalateAfter) ?? 0;
	return {
		clauses: [{ rules: [rule], approvers, minApprovals: spec.minApprovals }],
		approvers,
		listed,
		groups: spec.approvers.filter((ref) => ref.startsWith(GROUP_PREFIX)).map((ref) => ref.slice(GROUP_PREFIX.length)),
		order: spec.order,
		escalateAfterMs,
		escalateAfter: spec.escalateAfter,
		escalateTo: expandIdentities(policy.groups, spec.escalateTo),
		excluded: excludedUsers,
		excludeRequesterGroups: spec.excludeRequesterGroups,
	};
}

/** The strictest combination: every clause kept, sequential if any is, earliest escalation, all exclusions. */
export function mergeRequirements(requirements: Requirement[]): Requirement {
	if (requirements.length === 1) return requirements[0];
	const excluded = union(requirements.map((r) => r.excluded));
	const clauses = requirements.flatMap((r) =>
		r.clauses.map((clause) => ({ ...clause, approvers: clause.approvers.filter((user) => !excluded.includes(user)) })),
	);
	const escalateAfterMs = Math.min(...requirements.map((r) => r.escalateAfterMs));
	return {
		clauses,
		approvers: union(clauses.map((c) => c.approvers)),
		listed: union(requirements.map((r) => r.listed)),
		groups: union(requirements.map((r) => r.groups)),
		order: requirements.some((r) => r.order === 'sequential') ? 'sequential' : 'parallel',
		escalateAfterMs,
		escalateAfter: formatDuration(escalateAfterMs),
		escalateTo: union(requirements.map((r) => r.escalateTo)),
		excluded,
		excludeRequesterGroups: requirements.some((r) => r.excludeRequesterGroups),
	};
}

/** Who segregation of duties removes for this requester: the requester, and their groups' members if asked. */
function removals(requirement: Requirement, requester: string | null, directory: Directory): Map<string, Exclusion> {
	const removed = new Map<string, Exclusion>();
	if (requester === null) return removed;
	if (requirement.excludeRequesterGroups) {
		for (const group of directory.groupsOf.get(requester) ?? []) {
			for (const user of directory.members[group]) {
				if (user !== requester && !removed.has(user)) removed.set(user, { user, reason: 'requester_group', group });
			}
		}
	}
	removed.set(requester, { user: requester, reason: 'requester' });
	return removed;
}

/** Applies segregation of duties for one requester and fixes the deadline. */
export function resolveRequirement(
	requirement: Requirement,
	requester: string | null,
	directory: Directory,
	decidedAt: number,
): ApprovalRequirement {
	const removed = removals(requirement, requester, directory);
	const problems: string[] = [];
	if (requester === null) problems.push('the requester is unknown, so segregation of duties cannot be checked');
	let minApprovals = 1;
	const clauses = requirement.clauses.map((clause) => {
		const approvers = clause.approvers.filter((user) => !removed.has(user));
		const min = clause.minApprovals === 'all' ? Math.max(approvers.length, 1) : clause.minApprovals;
		if (approvers.length < min) {
			problems.push(
				`${clause.rules.join(', ')} needs ${min} approval(s) but only ${approvers.length} approver(s) remain ` +
					'after segregation of duties',
			);
		}
		if (min > minApprovals) minApprovals = min;
		return { rules: [...clause.rules], approvers, minApprovals: min };
	});
	const excluded: Exclusion[] = [];
	for (const user of requirement.excluded) if (requirement.listed.includes(user)) excluded.push({ user, reason: 'excluded' });
	for (const exclusion of removed.values()) {
		if (exclusion.reason === 'requester' || requirement.listed.includes(exclusion.user)) excluded.push(exclusion);
	}
	return {
		approvers: requirement.approvers.filter((user) => !removed.has(user)),
		minApprovals,
		clauses,
		order: requirement.order,
		groups: [...requirement.groups],
		escalateAfter: requirement.escalateAfter,
		deadline: new Date(decidedAt + requirement.escalateAfterMs).toISOString(),
		escalateTo: [...requirement.escalateTo],
		excluded,
		reachable: problems.length === 0,
		problems,
	};
}
