/**
 * The vote tally of one approval request, as a pure state machine.
 *
 * - Each approver votes at most once; the requester never votes (segregation of duties), whatever the list says.
 * - Approved when every clause has its quorum among its own approvers (N of M; several clauses after a COLLECT merge).
 * - Rejected as soon as one approver rejects.
 * - Sequential order: the next approver is the first in order who has not voted and can still help a clause that
 *   lacks approvals; nobody else may vote yet.
 * - From the deadline on, no vote is accepted and an open request is escalated.
 */

export type VoteChoice = 'approve' | 'reject';
export type BallotStatus = 'open' | 'approved' | 'rejected' | 'escalated';

export interface BallotClause {
	approvers: string[];
	minApprovals: number;
}

export interface BallotSpec {
	decisionId: string;
	requester: string | null;
	/** Eligible approvers, in their order (relevant when `order` is sequential). */
	approvers: string[];
	clauses: BallotClause[];
	order: 'parallel' | 'sequential';
	/** Epoch milliseconds. */
	deadline: number;
}

export interface Vote {
	approver: string;
	choice: VoteChoice;
	at: string;
	comment: string;
}

export interface Ballot extends BallotSpec {
	status: BallotStatus;
	votes: Vote[];
	closedAt?: string;
	closeReason?: string;
}

export type Refusal = 'closed' | 'deadline_passed' | 'requester' | 'not_an_approver' | 'already_voted' | 'out_of_turn';

export type VoteResult = { accepted: true; final: boolean } | { accepted: false; refusal: Refusal };

export const MAX_COMMENT_LENGTH = 2000;

export function isFinal(ballot: Ballot): boolean {
	return ballot.status !== 'open';
}

function approvalsIn(ballot: Ballot, clause: BallotClause): number {
	return ballot.votes.filter((v) => v.choice === 'approve' && clause.approvers.includes(v.approver)).length;
}

function unmetClauses(ballot: Ballot): BallotClause[] {
	return ballot.clauses.filter((clause) => approvalsIn(ballot, clause) < clause.minApprovals);
}

/** Approvers whose vote is awaited now: everyone who can still help in parallel, one person in sequence. */
export function awaitedApprovers(ballot: Ballot): string[] {
	if (isFinal(ballot)) return [];
	const unmet = unmetClauses(ballot);
	const waiting = ballot.approvers.filter(
		(user) => !ballot.votes.some((v) => v.approver === user) && unmet.some((c) => c.approvers.includes(user)),
	);
	return ballot.order === 'sequential' ? waiting.slice(0, 1) : waiting;
}

/** Why a clause can never reach its quorum, if one cannot. */
function unreachableReason(spec: BallotSpec): string | undefined {
	for (const clause of spec.clauses) {
		const voters = clause.approvers.filter((user) => user !== spec.requester && spec.approvers.includes(user));
		if (voters.length < clause.minApprovals) {
			return `${clause.minApprovals} approval(s) needed but only ${voters.length} eligible approver(s)`;
		}
	}
	return spec.clauses.length === 0 ? 'no approver is required' : undefined;
}

function close(ballot: Ballot, status: BallotStatus, now: number, reason: string): Ballot {
	return { ...ballot, status, closedAt: new Date(now).toISOString(), closeReason: reason };
}

/** Opens voting; `problems` (from the approval record) escalate the request at once, as does an unreachable quorum. */
export function openBallot(spec: BallotSpec, now: number, problems: string[] = []): Ballot {
	const ballot: Ballot = { ...spec, status: 'open', votes: [] };
	const unreachable = problems.length ? problems.join('; ') : unreachableReason(spec);
	if (unreachable) return close(ballot, 'escalated', now, unreachable);
	return now >= spec.deadline ? close(ballot, 'escalated', now, 'the deadline had passed when voting opened') : ballot;
}

/** Escalates an open ballot whose deadline has passed; otherwise returns it unchanged. */
export function expire(ballot: Ballot, now: number): Ballot {
	return ballot.status === 'open' && now >= ballot.deadline
		? close(ballot, 'escalated', now, 'no final decision before the deadline')
		: ballot;
}

/** Whether `approver` may vote now; `undefined` when they may. Escalation at the deadline is left to `castVote`. */
export function refusalFor(ballot: Ballot, approver: string, now: number): Refusal | undefined {
	if (isFinal(ballot)) return 'closed';
	if (now >= ballot.deadline) return 'deadline_passed';
	if (approver === ballot.requester) return 'requester';
	if (!ballot.approvers.includes(approver)) return 'not_an_approver';
	if (ballot.votes.some((v) => v.approver === approver)) return 'already_voted';
	if (!awaitedApprovers(ballot).includes(approver)) return 'out_of_turn';
	return undefined;
}

export interface VoteInput {
	approver: string;
	choice: VoteChoice;
	comment?: string;
	now: number;
}

/** Records one vote. The returned ballot is the new state (unchanged on refusal, except escalation at the deadline). */
export function castVote(ballot: Ballot, input: VoteInput): { ballot: Ballot; result: VoteResult } {
	const refusal = refusalFor(ballot, input.approver, input.now);
	if (refusal) return { ballot: expire(ballot, input.now), result: { accepted: false, refusal } };
	const vote: Vote = {
		approver: input.approver,
		choice: input.choice,
		at: new Date(input.now).toISOString(),
		comment: cleanComment(input.comment ?? ''),
	};
	let next: Ballot = { ...ballot, votes: [...ballot.votes, vote] };
	if (vote.choice === 'reject') next = close(next, 'rejected', input.now, `rejected by ${vote.approver}`);
	else if (unmetClauses(next).length === 0) next = close(next, 'approved', input.now, 'quorum reached');
	return { ballot: next, result: { accepted: true, final: isFinal(next) } };
}

function cleanComment(comment: string): string {
	// Control characters would corrupt the audit trail or the chatter message; newlines and tabs are kept.
	// eslint-disable-next-line no-control-regex
	return comment.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, MAX_COMMENT_LENGTH);
}
