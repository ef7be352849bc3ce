import type { BallotSpec } from '../../../../nodes/ApprovalRouter/votes';

/** The tests' clock: ballots open at T0 and are due four hours later. */
export const T0 = Date.parse('2026-11-26T09:00:00.000Z');
export const DEADLINE = T0 + 4 * 3_600_000;

/** A 2-of-3 parallel ballot (ann, bob, cid) requested by rex, with `overrides`. */
export function ballotSpec(overrides: Partial<BallotSpec> = {}): BallotSpec {
	const approvers = overrides.approvers ?? ['ann', 'bob', 'cid'];
	return {
		decisionId: 'd-1',
		requester: 'rex',
		approvers,
		clauses: [{ approvers, minApprovals: 2 }],
		order: 'parallel',
		deadline: DEADLINE,
		...overrides,
	};
}
