import {
	type BallotEntry,
	InProcessVoteStore,
	StoreConflictError,
	updateBallot,
	type VoteStore,
} from '../../../nodes/ApprovalRouter/voteStore';
import { openBallot } from '../../../nodes/ApprovalRouter/votes';

const entry = (summary: string): BallotEntry => ({
	ballot: openBallot(
		{ decisionId: 'd', requester: null, approvers: ['a'], clauses: [{ approvers: ['a'], minApprovals: 1 }], order: 'parallel', deadline: 10_000 },
		0,
	),
	request: {},
	summary,
	escalateTo: [],
	layout: 'split',
});

describe('in-process vote store', () => {
	it('creates once, then replaces only the version that was read', async () => {
		const store = new InProcessVoteStore(() => 0);
		expect(await store.create('k', entry('first'), 1_000)).toBe(true);
		expect(await store.create('k', entry('second'), 1_000)).toBe(false);
		const read = await store.get('k');
		expect(read).toMatchObject({ version: 1, value: { summary: 'first' } });
		expect(await store.replace('k', entry('third'), 1, 1_000)).toBe(true);
		expect(await store.replace('k', entry('stale'), 1, 1_000)).toBe(false);
		expect(await store.get('k')).toMatchObject({ version: 2, value: { summary: 'third' } });
	});

	it('forgets entries once they expire', async () => {
		let now = 0;
		const store = new InProcessVoteStore(() => now);
		await store.create('k', entry('x'), 1_000);
		now = 999;
		expect(await store.get('k')).toBeDefined();
		now = 1_000;
		expect(await store.get('k')).toBeUndefined();
		expect(await store.create('k', entry('y'), 2_000)).toBe(true);
	});
});

describe('updateBallot', () => {
	it('retries when another writer got in first, then gives up with a clear error', async () => {
		const inner = new InProcessVoteStore(() => 0);
		await inner.create('k', entry('x'), 1_000);
		let attempts = 0;
		const contended: VoteStore = {
			get: (key) => inner.get(key),
			create: (key, value, expiresAt) => inner.create(key, value, expiresAt),
			replace: async () => {
				attempts++;
				return false;
			},
		};
		await expect(updateBallot(contended, 'k', 1_000, (e) => ({ entry: { ...e, summary: 'y' }, result: 1 }))).rejects.toThrow(
			StoreConflictError,
		);
		expect(attempts).toBe(5);
	});

	it('returns undefined for an unknown key and skips the write when nothing changed', async () => {
		const store = new InProcessVoteStore(() => 0);
		expect(await updateBallot(store, 'missing', 1_000, (e) => ({ entry: e, result: 0 }))).toBeUndefined();
		await store.create('k', entry('x'), 1_000);
		await updateBallot(store, 'k', 1_000, (e) => ({ entry: e, result: 0 }));
		expect((await store.get('k'))?.version).toBe(1);
	});
});
