/**
 * The Redis vote store against a real redis-server: compare-and-set semantics and expiry, votes from separate Node
 * processes racing on the same ballots, and a store that is down or refuses the connection.
 */
import { spawn } from 'child_process';
import Redis from 'ioredis';
import { join } from 'path';

import { closeRedisConnections } from '../../../nodes/IdempotencyGuard/stores/redisConnection';
import { deriveExecutionKey, signLink } from '../../../nodes/ApprovalRouter/links';
import { RedisVoteStore, VOTE_KEY_PREFIX } from '../../../nodes/ApprovalRouter/redisVoteStore';
import { masterKeyOf } from '../../../nodes/ApprovalRouter/signingKey';
import type { BallotEntry } from '../../../nodes/ApprovalRouter/voteStore';
import { ballotKey } from '../../../nodes/ApprovalRouter/voting';
import { type Ballot, openBallot } from '../../../nodes/ApprovalRouter/votes';
import { redisCredential, redisForSuite, startRedis } from '../../helpers/redis';
import { callWebhook, EXECUTION } from './helpers/webhook';

const SIGNING_KEY = 'test-signing-key-0123456789-abcdefghijklmnop';
const APPROVERS = ['ana@acme.test', 'ben@acme.test', 'cy@acme.test'];
const HOUR = 3_600_000;

function entryFor(decisionId: string, deadline = Date.now() + HOUR): BallotEntry {
	return {
		ballot: openBallot(
			{ decisionId, requester: 'rita@acme.test', approvers: APPROVERS, clauses: [{ approvers: APPROVERS, minApprovals: 2 }], order: 'parallel', deadline },
			Date.now(),
		),
		request: { name: `WH/OUT/${decisionId}` },
		summary: `release ${decisionId}`,
		escalateTo: [],
		layout: 'single',
	};
}

/** The approval link of `approver` for a ballot opened with `entryFor`, signed with the credential's key. */
function linkFor(decisionId: string, approver: string, deadline: number, signingKey = SIGNING_KEY): string {
	const key = deriveExecutionKey(masterKeyOf({ signingKey }), EXECUTION);
	const token = signLink(key, { executionId: EXECUTION, decisionId, approver, expiresAt: deadline });
	return `http://127.0.0.1/webhook-waiting/${EXECUTION}/approval?token=${token}`;
}

interface Answer {
	status: number;
	decided: boolean;
	logged: string[];
}

interface VoterJob {
	redis: { host: string; port: number; database: number; password?: string };
	urls: string[];
	choice: 'approve' | 'reject';
}

/**
 * Separate Node processes voting through the node's webhook on a shared Redis. Each connects and says "ready"; once all
 * are ready they are told to go at the same time. Resolves with each process's answers, in the order of its urls.
 */
function voterProcesses(jobs: VoterJob[]): Promise<Answer[][]> {
	let ready = 0;
	const children = jobs.map((job) =>
		spawn(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'voterProcess.ts'), JSON.stringify({ ...job, signingKey: SIGNING_KEY })],
			{ cwd: join(__dirname, '..', '..', '..'), stdio: ['pipe', 'pipe', 'pipe'] },
		),
	);
	return Promise.all(
		children.map(
			(child) =>
				new Promise<Answer[]>((resolve, reject) => {
					let stdout = '';
					let stderr = '';
					child.stdout.on('data', (data) => {
						const before = stdout;
						stdout += data.toString();
						if (!before.includes('ready\n') && stdout.includes('ready\n') && ++ready === children.length) {
							for (const each of children) each.stdin.write('go\n');
						}
					});
					child.stderr.on('data', (data) => (stderr += data.toString()));
					child.once('error', reject);
					child.once('exit', (code) => {
						if (code !== 0) return reject(new Error(`voter process exited with ${code}: ${stderr}`));
						resolve((JSON.parse(stdout.trim().split('\n').pop()!) as { answers: Answer[] }).answers);
					});
				}),
		),
	);
}

describe('Redis vote store', () => {
	const redis = redisForSuite();
	let direct: Redis;
	let store: RedisVoteStore;

	beforeAll(async () => {
		direct = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
		await direct.connect();
		store = await RedisVoteStore.open(redisCredential(redis.port));
	});

	afterAll(() => {
		direct.disconnect();
	});

	const stored = async (decisionId: string): Promise<Ballot | undefined> =>
		(await store.get(ballotKey(EXECUTION, decisionId)))?.value.ballot;

	it('creates once, replaces only the version that was read, and expires the key at the given instant', async () => {
		const expiresAt = Date.now() + 90_000;
		expect(await store.create('cas', entryFor('a'), expiresAt)).toBe(true);
		expect(await store.create('cas', entryFor('b'), expiresAt)).toBe(false);
		expect(await store.get('cas')).toMatchObject({ version: 1, value: { summary: 'release a' } });
		expect(await store.replace('cas', entryFor('c'), 1, expiresAt + 60_000)).toBe(true);
		expect(await store.replace('cas', entryFor('stale'), 1, expiresAt)).toBe(false);
		expect(await store.replace('missing', entryFor('x'), 1, expiresAt)).toBe(false);
		expect(await store.get('cas')).toMatchObject({ version: 2, value: { summary: 'release c' } });
		expect(await store.get('missing')).toBeUndefined();
		const ttl = await direct.pttl(`${VOTE_KEY_PREFIX}cas`);
		expect(ttl).toBeGreaterThan(145_000);
		expect(ttl).toBeLessThanOrEqual(150_000);
		expect(await direct.exists(`${VOTE_KEY_PREFIX}missing`)).toBe(0);
	});

	it('a vote keeps the ballot only until 15 minutes past its deadline', async () => {
		// Wait for Decision stores the ballot until deadline + RETENTION_MS (15 min); a vote sets the same expiry.
		const deadline = Date.now() + HOUR;
		await store.create(ballotKey(EXECUTION, 'ttl'), entryFor('ttl', deadline), deadline + 15 * 60_000);
		const vote = await callWebhook(
			'POST',
			linkFor('ttl', APPROVERS[0], deadline),
			{ token: new URL(linkFor('ttl', APPROVERS[0], deadline)).searchParams.get('token'), choice: 'approve' },
			{ parameters: { voteStore: 'redis' }, credentials: { odooLogisticsRedis: redisCredential(redis.port), approvalRouterSigningKey: { signingKey: SIGNING_KEY } } },
		);
		expect(vote.response.status).toBe(200);
		const ttl = await direct.pttl(`${VOTE_KEY_PREFIX}${ballotKey(EXECUTION, 'ttl')}`);
		expect(ttl).toBeGreaterThan(HOUR + 14 * 60_000);
		expect(ttl).toBeLessThanOrEqual(HOUR + 15 * 60_000);
	});

	it('records exactly one vote per approver when two separate processes vote for the same approver at once', async () => {
		const deadline = Date.now() + HOUR;
		const ids = Array.from({ length: 40 }, (_unused, index) => `same-${index}`);
		for (const id of ids) await store.create(ballotKey(EXECUTION, id), entryFor(id, deadline), deadline + HOUR);
		const urls = ids.map((id) => linkFor(id, APPROVERS[0], deadline));
		const job: VoterJob = { redis: { host: '127.0.0.1', port: redis.port, database: 0 }, urls, choice: 'approve' };
		const [first, second] = await voterProcesses([job, job]);

		for (const [index, id] of ids.entries()) {
			const statuses = [first[index].status, second[index].status].sort();
			expect({ id, statuses }).toEqual({ id, statuses: [200, 409] });
			const ballot = await stored(id);
			expect(ballot?.votes.map((v) => v.approver)).toEqual([APPROVERS[0]]);
			expect(ballot?.status).toBe('open');
		}
		expect([...first, ...second].some((answer) => answer.decided)).toBe(false);
	}, 60_000);

	it('reaches the quorum exactly once when three processes vote for three approvers at once (2 of 3)', async () => {
		const deadline = Date.now() + HOUR;
		const ids = Array.from({ length: 40 }, (_unused, index) => `quorum-${index}`);
		for (const id of ids) await store.create(ballotKey(EXECUTION, id), entryFor(id, deadline), deadline + HOUR);
		const redisAt = { host: '127.0.0.1', port: redis.port, database: 0 };
		const answers = await voterProcesses(
			APPROVERS.map((approver) => ({ redis: redisAt, urls: ids.map((id) => linkFor(id, approver, deadline)), choice: 'approve' })),
		);

		for (const [index, id] of ids.entries()) {
			const mine = answers.map((process) => process[index]);
			// The deciding vote resumes the execution; exactly one of the three does. The third arrives after the decision.
			expect({ id, decided: mine.filter((answer) => answer.decided).length }).toEqual({ id, decided: 1 });
			expect({ id, statuses: mine.map((answer) => answer.status).sort() }).toEqual({ id, statuses: [200, 200, 409] });
			const ballot = await stored(id);
			expect(ballot?.status).toBe('approved');
			expect(ballot?.votes).toHaveLength(2);
			expect(new Set(ballot?.votes.map((v) => v.approver)).size).toBe(2);
		}
	}, 60_000);
});

describe('Redis vote store unavailable', () => {
	const PASSWORD = 'redis-secret-password-4711';

	afterEach(async () => {
		await closeRedisConnections();
	});

	it('answers 503 and records nothing when Redis refuses the connection, without showing the password', async () => {
		const redis = await startRedis({ password: PASSWORD });
		try {
			const good = await RedisVoteStore.open(redisCredential(redis.port, PASSWORD));
			const deadline = Date.now() + HOUR;
			await good.create(ballotKey(EXECUTION, 'refused'), entryFor('refused', deadline), deadline + HOUR);
			const url = linkFor('refused', APPROVERS[1], deadline);
			const wrong = 'wrong-password-0815';
			const vote = await callWebhook(
				'POST',
				url,
				{ token: new URL(url).searchParams.get('token'), choice: 'approve' },
				{ parameters: { voteStore: 'redis' }, credentials: { odooLogisticsRedis: redisCredential(redis.port, wrong), approvalRouterSigningKey: { signingKey: SIGNING_KEY } } },
			);
			expect(vote.response.status).toBe(503);
			expect(vote.response.html).toContain('Your vote could not be recorded');
			expect(vote.result).toEqual({ noWebhookResponse: true });
			expect(vote.logged).toHaveLength(1);
			expect(vote.logged[0]).toMatch(
				new RegExp(`^Approval Router could not record a vote: Redis at 127\\.0\\.0\\.1:${redis.port} \\(database 0\\) is unavailable: .+\\. No vote was recorded\\.$`),
			);
			expect(vote.logged[0]).not.toContain('No key was claimed');
			expect(vote.logged[0]).not.toContain(wrong);
			expect(vote.logged[0]).not.toContain(PASSWORD);
			const ballot = (await good.get(ballotKey(EXECUTION, 'refused')))?.value.ballot;
			expect(ballot?.votes).toEqual([]);
		} finally {
			await closeRedisConnections();
			await redis.stop();
		}
	});

	it('answers 503 when Redis is down, and the vote counts once Redis is back', async () => {
		const redis = await startRedis();
		const node = {
			parameters: { voteStore: 'redis' },
			credentials: { odooLogisticsRedis: redisCredential(redis.port), approvalRouterSigningKey: { signingKey: SIGNING_KEY } },
		};
		const deadline = Date.now() + HOUR;
		const url = linkFor('down', APPROVERS[2], deadline);
		const body = { token: new URL(url).searchParams.get('token'), choice: 'approve' };
		await redis.stop();
		const down = await callWebhook('POST', url, body, node);
		expect(down.response.status).toBe(503);
		expect(down.logged[0]).toMatch(
			new RegExp(`Redis at 127\\.0\\.0\\.1:${redis.port} \\(database 0\\) is unavailable: .*ECONNREFUSED.*\\. No vote was recorded\\.$`),
		);
		expect(down.logged[0]).not.toContain('No key was claimed');

		const again = await startRedis({ port: redis.port });
		try {
			const store = await RedisVoteStore.open(redisCredential(redis.port));
			await store.create(ballotKey(EXECUTION, 'down'), entryFor('down', deadline), deadline + HOUR);
			const vote = await callWebhook('POST', url, body, node);
			expect(vote.response.status).toBe(200);
			expect((await store.get(ballotKey(EXECUTION, 'down')))?.value.ballot.votes.map((v) => v.approver)).toEqual([APPROVERS[2]]);
		} finally {
			await closeRedisConnections();
			await again.stop();
		}
	});
});
