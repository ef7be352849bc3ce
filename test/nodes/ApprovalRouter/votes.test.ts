import fc from 'fast-check';

import {
	awaitedApprovers,
	type Ballot,
	type BallotSpec,
	castVote,
	expire,
	openBallot,
	type VoteChoice,
} from '../../../nodes/ApprovalRouter/votes';
import { DEADLINE, T0, ballotSpec } from './helpers/ballots';

const spec = ballotSpec;

/** A ballot open at T0 with two clauses of one approval each: one of `either`, and `then`. */
function twoClauses(either: string[], then: string, overrides: Partial<BallotSpec> = {}): Ballot {
	const clauses = [
		{ approvers: either, minApprovals: 1 },
		{ approvers: [then], minApprovals: 1 },
	];
	return openBallot(spec({ approvers: [...either, then], clauses, ...overrides }), T0);
}

function vote(ballot: Ballot, approver: string, choice: VoteChoice = 'approve', now = T0 + 60_000, comment?: string) {
	return castVote(ballot, { approver, choice, now, comment });
}

describe('vote tally', () => {
	it('2 of 3 in parallel: any two approvals decide, in any order', () => {
		let ballot = openBallot(spec(), T0);
		const first = vote(ballot, 'cid');
		expect(first.result).toEqual({ accepted: true, final: false });
		ballot = first.ballot;
		expect(awaitedApprovers(ballot)).toEqual(['ann', 'bob']);
		const second = vote(ballot, 'ann', 'approve', T0 + 120_000, 'ok for release');
		expect(second.result).toEqual({ accepted: true, final: true });
		expect(second.ballot).toMatchObject({
			status: 'approved',
			closedAt: '2026-11-26T09:02:00.000Z',
			closeReason: 'quorum reached',
			votes: [
				{ approver: 'cid', choice: 'approve', at: '2026-11-26T09:01:00.000Z', comment: '' },
				{ approver: 'ann', choice: 'approve', at: '2026-11-26T09:02:00.000Z', comment: 'ok for release' },
			],
		});
		expect(vote(second.ballot, 'bob').result).toEqual({ accepted: false, refusal: 'closed' });
	});

	it('2 of 3 in sequence: only the next approver in order may vote', () => {
		let ballot = openBallot(spec({ order: 'sequential' }), T0);
		expect(awaitedApprovers(ballot)).toEqual(['ann']);
		expect(vote(ballot, 'bob').result).toEqual({ accepted: false, refusal: 'out_of_turn' });
		ballot = vote(ballot, 'ann').ballot;
		expect(vote(ballot, 'cid').result).toEqual({ accepted: false, refusal: 'out_of_turn' });
		const second = vote(ballot, 'bob');
		expect(second.result).toEqual({ accepted: true, final: true });
		expect(second.ballot.status).toBe('approved');
	});

	it('in sequence, skips approvers whose clause is already met', () => {
		const ballot = twoClauses(['ann', 'bob'], 'dan', { order: 'sequential' });
		const afterAnn = vote(ballot, 'ann').ballot;
		expect(awaitedApprovers(afterAnn)).toEqual(['dan']);
		expect(vote(afterAnn, 'bob').result).toEqual({ accepted: false, refusal: 'out_of_turn' });
		expect(vote(afterAnn, 'dan').ballot.status).toBe('approved');
	});

	it('needs every clause of a merged requirement: a quorum from one rule does not approve for another', () => {
		let ballot = twoClauses(['f1', 'f2'], 'o1');
		ballot = vote(ballot, 'f1').ballot;
		ballot = vote(ballot, 'f2').ballot;
		expect(ballot.status).toBe('open');
		expect(awaitedApprovers(ballot)).toEqual(['o1']);
		expect(vote(ballot, 'o1').ballot.status).toBe('approved');
	});

	it('one rejection decides at once', () => {
		const ballot = vote(openBallot(spec(), T0), 'ann').ballot;
		const rejected = vote(ballot, 'bob', 'reject', T0 + 90_000, 'customer still over limit');
		expect(rejected.result).toEqual({ accepted: true, final: true });
		expect(rejected.ballot).toMatchObject({ status: 'rejected', closeReason: 'rejected by bob' });
	});

	it('refuses the requester even when the list names them (segregation of duties)', () => {
		const ballot = openBallot(spec({ approvers: ['ann', 'rex', 'bob'] }), T0);
		expect(vote(ballot, 'rex').result).toEqual({ accepted: false, refusal: 'requester' });
		expect(vote(ballot, 'rex', 'reject').result).toEqual({ accepted: false, refusal: 'requester' });
	});

	it('refuses people who are not on the list', () => {
		expect(vote(openBallot(spec(), T0), 'mallory').result).toEqual({ accepted: false, refusal: 'not_an_approver' });
	});

	it('records each approver once', () => {
		const ballot = vote(openBallot(spec({ clauses: [{ approvers: ['ann', 'bob', 'cid'], minApprovals: 3 }] }), T0), 'ann').ballot;
		const again = vote(ballot, 'ann', 'reject');
		expect(again.result).toEqual({ accepted: false, refusal: 'already_voted' });
		expect(again.ballot).toBe(ballot);
	});

	it('accepts no vote from the deadline on and escalates', () => {
		const ballot = vote(openBallot(spec(), T0), 'ann').ballot;
		expect(vote(ballot, 'bob', 'approve', DEADLINE - 1).ballot.status).toBe('approved');
		const late = vote(ballot, 'bob', 'approve', DEADLINE);
		expect(late.result).toEqual({ accepted: false, refusal: 'deadline_passed' });
		expect(late.ballot).toMatchObject({
			status: 'escalated',
			closeReason: 'no final decision before the deadline',
			votes: [{ approver: 'ann' }],
		});
	});

	it('expire() escalates an open ballot at its deadline and leaves decided ones alone', () => {
		const open = openBallot(spec(), T0);
		expect(expire(open, DEADLINE - 1)).toBe(open);
		expect(expire(open, DEADLINE).status).toBe('escalated');
		const rejected = vote(open, 'ann', 'reject').ballot;
		expect(expire(rejected, DEADLINE + 1)).toBe(rejected);
	});

	it('escalates at once when the quorum cannot be reached or the record reports a problem', () => {
		expect(openBallot(spec({ approvers: ['ann'] , clauses: [{ approvers: ['ann'], minApprovals: 2 }] }), T0)).toMatchObject({
			status: 'escalated',
			closeReason: '2 approval(s) needed but only 1 eligible approver(s)',
		});
		expect(openBallot(spec(), T0, ['the requester is unknown'])).toMatchObject({
			status: 'escalated',
			closeReason: 'the requester is unknown',
		});
		expect(openBallot(spec(), DEADLINE).status).toBe('escalated');
	});

	it('keeps comments short and free of control characters', () => {
		const ballot = vote(openBallot(spec(), T0), 'ann', 'approve', T0, `  fine\u0000\u0007 by me\n${'x'.repeat(3000)}`).ballot;
		expect(ballot.votes[0].comment).toMatch(/^fine by me\nx+$/);
		expect(ballot.votes[0].comment).toHaveLength(2000);
	});

	it('never approves without every quorum, never counts anyone twice, never lets the requester vote', () => {
		const people = ['ann', 'bob', 'cid', 'dan', 'rex', 'eve'];
		fc.assert(
			fc.property(
				fc.array(fc.record({ who: fc.constantFrom(...people), choice: fc.constantFrom<VoteChoice>('approve', 'reject'), after: fc.nat(5 * 3_600_000) })),
				fc.constantFrom<'parallel' | 'sequential'>('parallel', 'sequential'),
				fc.integer({ min: 1, max: 3 }),
				(votes, order, min) => {
					let ballot = openBallot(spec({ approvers: ['ann', 'bob', 'cid', 'dan'], clauses: [{ approvers: ['ann', 'bob', 'cid', 'dan'], minApprovals: min }], order }), T0);
					const sorted = [...votes].sort((a, b) => a.after - b.after);
					for (const v of sorted) ballot = vote(ballot, v.who, v.choice, T0 + v.after).ballot;
					const voters = ballot.votes.map((v) => v.approver);
					expect(new Set(voters).size).toBe(voters.length);
					expect(voters).not.toContain('rex');
					expect(voters).not.toContain('eve');
					if (ballot.status === 'approved') {
						expect(ballot.votes.filter((v) => v.choice === 'approve').length).toBeGreaterThanOrEqual(min);
						expect(ballot.votes.every((v) => v.choice === 'approve')).toBe(true);
					}
					if (ballot.votes.some((v) => v.choice === 'reject')) expect(ballot.status).toBe('rejected');
					if (order === 'sequential') expect(voters).toEqual(['ann', 'bob', 'cid', 'dan'].slice(0, voters.length));
				},
			),
		);
	});
});
