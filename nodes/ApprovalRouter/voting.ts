/**
 * Answers a request on an approval link: GET shows the confirmation page, POST records the vote.
 * `decided` is set exactly once per approval request: on the vote that made the decision final.
 */
import { verifyLink } from './links';
import { confirmPage, messagePage } from './pages';
import { type BallotEntry, updateBallot, type VoteStore } from './voteStore';
import { awaitedApprovers, type Ballot, castVote, expire, type Refusal, refusalFor, type VoteChoice } from './votes';

export interface VoteRequest {
	method: string;
	token: unknown;
	choice?: unknown;
	comment?: unknown;
	/** The execution the request reached; a link of another execution is refused. */
	executionId: string;
	now: number;
}

export interface VoteResponse {
	status: number;
	html: string;
	decided?: BallotEntry;
}

export interface VotingContext {
	store: VoteStore;
	/** The execution's signing key (see links.ts). */
	key: Buffer;
	/** How long a ballot is kept after its deadline, so that late clicks get a clear answer. */
	retentionMs: number;
}

export function ballotKey(executionId: string, decisionId: string): string {
	return `${executionId}:${decisionId}`;
}

const OUTCOME_TEXT = { approved: 'approved', rejected: 'rejected', escalated: 'escalated', open: 'open' } as const;

function refusalPage(refusal: Refusal, ballot: Ballot): VoteResponse {
	const pages: Record<Refusal, [number, string, string]> = {
		closed: [
			409,
			'Already decided',
			`This request has already been ${OUTCOME_TEXT[ballot.status]}. Your vote was not recorded.`,
		],
		deadline_passed: [410, 'Deadline passed', 'The deadline for this approval has passed; the request was escalated.'],
		requester: [
			403,
			'Not allowed',
			'You requested this yourself. Segregation of duties forbids approving or rejecting your own request.',
		],
		not_an_approver: [403, 'Not allowed', 'You are not an approver of this request. Your vote was not recorded.'],
		already_voted: [409, 'Already voted', 'You have already voted on this request. Each approver votes once.'],
		out_of_turn: [
			409,
			'Not your turn yet',
			'This request is approved in sequence and an earlier approver has not voted yet. Open your link again later.',
		],
	};
	const [status, title, message] = pages[refusal];
	return { status, html: messagePage(title, message) };
}

function progress(ballot: Ballot): string {
	const approvals = ballot.votes.filter((v) => v.choice === 'approve').length;
	const needed = ballot.clauses.reduce((sum, c) => Math.max(sum, c.minApprovals), 0);
	const waiting = awaitedApprovers(ballot).length;
	return `${approvals} approval(s) of ${needed} needed; ${waiting} approver(s) awaited (${ballot.order})`;
}

const invalid = (): VoteResponse => ({ status: 403, html: messagePage('Invalid link', 'This approval link is not valid.') });

const unknownRequest = (): VoteResponse => ({
	status: 404,
	html: messagePage(
		'Request not found',
		'This approval request is not open on this n8n instance. If n8n was restarted, the request is escalated at its deadline.',
	),
});

export async function handleVoteRequest(request: VoteRequest, context: VotingContext): Promise<VoteResponse> {
	if (request.method !== 'GET' && request.method !== 'POST') {
		return { status: 405, html: messagePage('Not allowed', 'Open the approval link in a browser.') };
	}
	if (typeof request.token !== 'string') return invalid();
	const check = verifyLink(context.key, request.token, request.now);
	if (!check.valid) {
		return check.reason === 'expired'
			? { status: 410, html: messagePage('Link expired', 'This approval link has expired.') }
			: invalid();
	}
	const { claims } = check;
	if (claims.executionId !== request.executionId) return invalid();
	const key = ballotKey(claims.executionId, claims.decisionId);

	if (request.method === 'GET') {
		const stored = await context.store.get(key);
		if (!stored) return unknownRequest();
		const ballot = expire(stored.value.ballot, request.now);
		const refusal = refusalFor(ballot, claims.approver, request.now);
		if (refusal) return refusalPage(refusal, ballot);
		return {
			status: 200,
			html: confirmPage({
				summary: stored.value.summary,
				approver: claims.approver,
				requester: ballot.requester,
				progress: progress(ballot),
				deadline: new Date(ballot.deadline).toISOString(),
				token: request.token,
			}),
		};
	}

	if (request.choice !== 'approve' && request.choice !== 'reject') {
		return { status: 400, html: messagePage('No choice made', 'Press Approve or Reject on the approval page.') };
	}
	const choice: VoteChoice = request.choice;
	const updated = await updateBallot(context.store, key, claims.expiresAt + context.retentionMs, (entry) => {
		const { ballot, result } = castVote(entry.ballot, {
			approver: claims.approver,
			choice,
			comment: typeof request.comment === 'string' ? request.comment : '',
			now: request.now,
		});
		return { entry: ballot === entry.ballot ? entry : { ...entry, ballot }, result };
	});
	if (!updated) return unknownRequest();
	const { entry, result } = updated;
	if (!result.accepted) return refusalPage(result.refusal, entry.ballot);
	if (!result.final) {
		return {
			status: 200,
			html: messagePage('Vote recorded', `Thank you, your vote is recorded. ${progress(entry.ballot)}.`),
		};
	}
	return {
		status: 200,
		html: messagePage('Decision recorded', `Thank you. With your vote the request is ${OUTCOME_TEXT[entry.ballot.status]}.`),
		decided: entry,
	};
}
