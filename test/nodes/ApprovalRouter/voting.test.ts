import { randomBytes } from 'node:crypto';

import { deriveExecutionKey, signLink } from '../../../nodes/ApprovalRouter/links';
import { InProcessVoteStore, type VoteStore } from '../../../nodes/ApprovalRouter/voteStore';
import { ballotKey, handleVoteRequest, type VotingContext } from '../../../nodes/ApprovalRouter/voting';
import { type BallotSpec, openBallot } from '../../../nodes/ApprovalRouter/votes';
import { DEADLINE, T0, ballotSpec } from './helpers/ballots';

const EXECUTION = 'exec-42';

async function setup(overrides: Partial<BallotSpec> = {}) {
	const key = deriveExecutionKey(randomBytes(32), EXECUTION);
	const store: VoteStore = new InProcessVoteStore(() => T0);
	const spec = ballotSpec(overrides);
	await store.create(
		ballotKey(EXECUTION, 'd-1'),
		{
			ballot: openBallot(spec, T0),
			request: { name: 'WH/OUT/00042' },
			summary: 'Release WH/OUT/00042 <b>on credit hold</b>',
			escalateTo: ['cfo'],
			layout: 'split',
		},
		DEADLINE + 86_400_000,
	);
	const context: VotingContext = { store, key, retentionMs: 86_400_000 };
	const token = (approver: string, extra: Partial<{ executionId: string; decisionId: string; expiresAt: number }> = {}) =>
		signLink(key, { executionId: EXECUTION, decisionId: 'd-1', approver, expiresAt: DEADLINE, ...extra });
	const get = (approver: string, now = T0 + 1_000) =>
		handleVoteRequest({ method: 'GET', token: token(approver), executionId: EXECUTION, now }, context);
	const post = (approver: string, choice = 'approve', now = T0 + 1_000, comment?: string) =>
		handleVoteRequest({ method: 'POST', token: token(approver), choice, comment, executionId: EXECUTION, now }, context);
	const ballot = async () => (await store.get(ballotKey(EXECUTION, 'd-1')))?.value.ballot;
	return { context, token, get, post, ballot };
}

describe('approval link requests', () => {
	it('GET shows a confirmation page and records nothing', async () => {
		const { get, ballot } = await setup();
		const page = await get('ann');
		expect(page.status).toBe(200);
		expect(page.decided).toBeUndefined();
		expect(page.html).toContain('<form method="post">');
		expect(page.html).toContain('name="choice" value="approve"');
		expect(page.html).toContain('<dd>ann</dd>');
		expect(page.html).toContain('Release WH/OUT/00042 &lt;b&gt;on credit hold&lt;/b&gt;');
		expect(page.html).not.toContain('<b>on credit hold');
		expect((await ballot())?.votes).toEqual([]);
		await get('ann');
		expect((await ballot())?.votes).toEqual([]);
	});

	it('2 of 3 in parallel: the second approval decides, exactly once, with every vote', async () => {
		const { post } = await setup();
		const first = await post('bob', 'approve', T0 + 1_000, 'fine');
		expect(first.status).toBe(200);
		expect(first.decided).toBeUndefined();
		expect(first.html).toContain('your vote is recorded. 1 approval(s) of 2 needed; 2 approver(s) awaited (parallel)');
		const second = await post('ann', 'approve', T0 + 2_000);
		expect(second.status).toBe(200);
		expect(second.html).toContain('With your vote the request is approved');
		expect(second.decided?.ballot).toMatchObject({
			status: 'approved',
			votes: [
				{ approver: 'bob', choice: 'approve', at: '2026-11-26T09:00:01.000Z', comment: 'fine' },
				{ approver: 'ann', choice: 'approve', at: '2026-11-26T09:00:02.000Z', comment: '' },
			],
		});
		expect(second.decided?.request).toEqual({ name: 'WH/OUT/00042' });
		const late = await post('cid');
		expect(late.status).toBe(409);
		expect(late.decided).toBeUndefined();
		expect(late.html).toContain('already been approved');
	});

	it('2 of 3 in sequence: refuses an approver out of turn, then accepts them in turn', async () => {
		const { post } = await setup({ order: 'sequential' });
		const early = await post('bob');
		expect(early.status).toBe(409);
		expect(early.html).toContain('an earlier approver has not voted yet');
		expect((await post('ann')).decided).toBeUndefined();
		expect((await post('bob')).decided?.ballot.status).toBe('approved');
	});

	it('a rejection decides at once', async () => {
		const { post } = await setup();
		const response = await post('cid', 'reject', T0 + 5_000, 'over the limit');
		expect(response.decided?.ballot).toMatchObject({ status: 'rejected', votes: [{ approver: 'cid', comment: 'over the limit' }] });
	});

	it('refuses a duplicate vote', async () => {
		const { post, ballot } = await setup();
		await post('ann');
		const again = await post('ann', 'reject');
		expect(again.status).toBe(409);
		expect(again.html).toContain('You have already voted');
		expect((await ballot())?.votes.map((v) => v.choice)).toEqual(['approve']);
	});

	it('refuses the requester with a clear page, even holding a validly signed link', async () => {
		const { get, post } = await setup();
		for (const response of [await get('rex'), await post('rex')]) {
			expect(response.status).toBe(403);
			expect(response.html).toContain('Segregation of duties forbids approving or rejecting your own request');
		}
	});

	it('refuses someone who is not on the list', async () => {
		const { post } = await setup();
		const response = await post('mallory');
		expect(response.status).toBe(403);
		expect(response.html).toContain('You are not an approver of this request');
	});

	it('refuses a forged signature, a link of another execution or decision, and an expired link', async () => {
		const { context, token } = await setup();
		const request = (t: unknown, now = T0) => handleVoteRequest({ method: 'POST', token: t, choice: 'approve', executionId: EXECUTION, now }, context);
		const [payload, signature] = token('ann').split('.');
		const forged = `${Buffer.from(JSON.stringify({ e: EXECUTION, d: 'd-1', a: 'bob', x: DEADLINE })).toString('base64url')}.${signature}`;
		expect((await request(forged)).status).toBe(403);
		expect((await request(`${payload}.${signature.slice(0, -2)}AA`)).status).toBe(403);
		expect((await request(undefined)).status).toBe(403);
		expect((await request(token('ann', { executionId: 'exec-41' }))).status).toBe(403);
		expect((await request(token('ann', { decisionId: 'd-2' }))).status).toBe(404);
		const expired = await request(token('ann', { expiresAt: T0 + 10 }), T0 + 10);
		expect(expired.status).toBe(410);
		expect(expired.html).toContain('This approval link has expired');
	});

	it('refuses votes from the deadline on and escalates the request', async () => {
		const { context, token, ballot } = await setup();
		const late = await handleVoteRequest(
			{ method: 'POST', token: token('ann', { expiresAt: DEADLINE + 60_000 }), choice: 'approve', executionId: EXECUTION, now: DEADLINE },
			context,
		);
		expect(late.status).toBe(410);
		expect(late.decided).toBeUndefined();
		expect(await ballot()).toMatchObject({ status: 'escalated', votes: [] });
	});

	it('two final votes at the same instant decide once', async () => {
		const { post } = await setup();
		await post('ann');
		const responses = await Promise.all([post('bob'), post('cid')]);
		expect(responses.filter((r) => r.decided)).toHaveLength(1);
		expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
	});

	it('asks for a choice and refuses other methods', async () => {
		const { context, token } = await setup();
		const base = { token: token('ann'), executionId: EXECUTION, now: T0 };
		expect((await handleVoteRequest({ ...base, method: 'POST', choice: 'maybe' }, context)).status).toBe(400);
		expect((await handleVoteRequest({ ...base, method: 'PUT', choice: 'approve' }, context)).status).toBe(405);
	});

	it('says so when the request is not open here, e.g. after a restart', async () => {
		const { token } = await setup();
		const empty: VotingContext = { store: new InProcessVoteStore(), key: deriveExecutionKey(randomBytes(32), EXECUTION), retentionMs: 0 };
		const response = await handleVoteRequest({ method: 'GET', token: token('ann'), executionId: EXECUTION, now: T0 }, empty);
		expect(response.status).toBe(403);
		const sameKey = { ...empty, key: (await setup()).context.key };
		const signed = signLink(sameKey.key, { executionId: EXECUTION, decisionId: 'd-1', approver: 'ann', expiresAt: DEADLINE });
		expect((await handleVoteRequest({ method: 'GET', token: signed, executionId: EXECUTION, now: T0 }, sameKey)).status).toBe(404);
	});
});
