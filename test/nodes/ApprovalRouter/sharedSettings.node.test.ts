/**
 * Signing key credential and vote store, through n8n's execution engine: a vote reaching another n8n process (a
 * fresh copy of the node's modules: its own random key and its own Local store) counts with the signing key
 * credential and the Redis store, and is refused without them. Short keys, queue mode without shared settings and
 * Redis being down get clear errors.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { VOTE_KEY_PREFIX } from '../../../nodes/ApprovalRouter/redisVoteStore';
import { ballotKey } from '../../../nodes/ApprovalRouter/voting';
import { redisConnection } from '../../../nodes/IdempotencyGuard/stores/redisConnection';
import { redisCredential, redisForSuite, startRedis } from '../../helpers/redis';
import { ON_HOLD } from './helpers/policies';
import { resumeWithWebhookData } from './helpers/resume';
import { type callWebhook as CallWebhook, EXECUTION, type WaitingNode } from './helpers/webhook';
import { routeThen } from './helpers/workflows';

const SIGNING_KEY = 'another-test-signing-key-with-40-chars!!';
const SIGNING = 'approvalRouterSigningKey';
const REDIS = 'odooLogisticsRedis';

interface Setup {
	signingKey?: string;
	voteStore?: 'local' | 'redis';
	redisPort?: number;
}

/** Items → Route → (Needs Approval) → Wait for Decision, both with the given credentials. */
function routeAndWait(setup: Setup) {
	const credentials: Record<string, ICredentialDataDecryptedObject> = {};
	if (setup.signingKey !== undefined) credentials[SIGNING] = { signingKey: setup.signingKey };
	if (setup.redisPort) credentials[REDIS] = redisCredential(setup.redisPort);
	const signing = setup.signingKey !== undefined ? [SIGNING] : [];
	return routeThen(
		[ON_HOLD],
		{
			name: 'Wait',
			parameters: { operation: 'waitForDecision', decisionOutputs: 'single', voteStore: setup.voteStore ?? 'local' },
			credentials: [...signing, ...(setup.redisPort ? [REDIS] : [])],
		},
		{ route: { credentials: signing }, credentials },
	);
}

/** The node's webhook as loaded in another n8n process: fresh modules, so another random key and Local store. */
function otherProcess(): { callWebhook: typeof CallWebhook; close: () => Promise<void> } {
	let loaded!: { callWebhook: typeof CallWebhook; close: () => Promise<void> };
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { callWebhook } = require('./helpers/webhook') as { callWebhook: typeof CallWebhook };
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const connections = require('../../../nodes/IdempotencyGuard/stores/redisConnection') as { closeRedisConnections: () => Promise<void> };
		loaded = { callWebhook, close: connections.closeRedisConnections };
	});
	return loaded;
}

const linksOf = (item: INodeExecutionData) =>
	(item.json.approval as { links: Array<{ approver: string; url: string }> }).links;

const post = (call: typeof CallWebhook, url: string, node: WaitingNode) =>
	call('POST', url, { token: new URL(url).searchParams.get('token'), choice: 'approve' }, node);

describe('Approval Router: shared signing key and vote store', () => {
	const redis = redisForSuite();

	afterEach(() => {
		delete process.env.EXECUTIONS_MODE;
	});

	it('counts votes that reach other n8n processes when the signing key and the votes are shared', async () => {
		const waiting = await routeAndWait({ signingKey: SIGNING_KEY, voteStore: 'redis', redisPort: redis.port });
		expect(waiting.status).toBe('waiting');
		const links = linksOf(waiting.output('Route', 1)[0]);
		// The ballot is in Redis until 15 minutes after its deadline (the policy escalates after 4 h).
		const decisionId = (waiting.output('Route', 1)[0].json.approval as { decisionId: string }).decisionId;
		const client = await redisConnection(redisCredential(redis.port));
		const ttl = await client.pttl(`${VOTE_KEY_PREFIX}${ballotKey(EXECUTION, decisionId)}`);
		expect(ttl).toBeGreaterThan(4 * 3_600_000 + 14 * 60_000);
		expect(ttl).toBeLessThanOrEqual(4 * 3_600_000 + 15 * 60_000);
		const node: WaitingNode = {
			parameters: { voteStore: 'redis' },
			credentials: { [SIGNING]: { signingKey: SIGNING_KEY }, [REDIS]: redisCredential(redis.port) },
		};
		const [first, second] = [otherProcess(), otherProcess()];
		try {
			const one = await post(first.callWebhook, links[0].url, node);
			expect(one.response.status).toBe(200);
			expect(one.response.html).toContain('your vote is recorded');
			const again = await post(second.callWebhook, links[0].url, node);
			expect(again.response.status).toBe(409);
			const two = await post(second.callWebhook, links[1].url, node);
			expect(two.response.status).toBe(200);
			expect(two.result.workflowData).toBeDefined();
			const resumed = await resumeWithWebhookData(waiting, two.result.workflowData as INodeExecutionData[][]);
			expect(resumed.output('Wait', 0)[0].json.approval).toMatchObject({
				resolution: { status: 'approved', votes: [{ approver: links[0].approver }, { approver: links[1].approver }] },
			});
		} finally {
			await first.close();
			await second.close();
		}
	});

	it('refuses links in another process without a signing key credential (a random key per process)', async () => {
		const waiting = await routeAndWait({ voteStore: 'redis', redisPort: redis.port });
		const links = linksOf(waiting.output('Route', 1)[0]);
		const other = otherProcess();
		try {
			const vote = await post(other.callWebhook, links[0].url, { parameters: { voteStore: 'redis' }, credentials: { [REDIS]: redisCredential(redis.port) } });
			expect(vote.response.status).toBe(403);
			expect(vote.response.html).toContain('This approval link is not valid.');
		} finally {
			await other.close();
		}
	});

	it('refuses a signing key shorter than 32 characters, without showing it', async () => {
		const short = 'k'.repeat(31);
		const result = await routeAndWait({ signingKey: short });
		expect(result.status).toBe('error');
		const message = result.error('Route')?.message;
		expect(message).toBe(
			'The Signing Key of the Approval Router Signing Key credential is 31 characters long; it needs at least 32 (e.g. the output of "openssl rand -base64 48")',
		);
		expect(message).not.toContain(short);
	});

	it('in queue mode, asks for a signing key credential and for the Redis vote store', async () => {
		process.env.EXECUTIONS_MODE = 'queue';
		const unsigned = await routeAndWait({ voteStore: 'redis', redisPort: redis.port });
		expect(unsigned.error('Route')).toBeUndefined();
		expect(unsigned.error('Wait')?.message).toBe(
			'n8n runs in queue mode, where an approval link reaches a different process than the worker that issued it: set the same Approval Router Signing Key credential on Route and Wait for Decision',
		);
		const local = await routeAndWait({ signingKey: SIGNING_KEY, voteStore: 'local' });
		expect(local.output('Route', 1)).toHaveLength(1);
		expect(local.error('Wait')?.message).toBe(
			'The Local vote store keeps votes inside one n8n process, but n8n runs in queue mode, where a vote can reach another process. Use the Redis vote store',
		);
		const shared = await routeAndWait({ signingKey: SIGNING_KEY, voteStore: 'redis', redisPort: redis.port });
		expect(shared.status).toBe('waiting');
		// A vote reaching a process without the credential is answered, not lost silently: nothing is recorded.
		const other = otherProcess();
		try {
			const url = linksOf(shared.output('Route', 1)[0])[0].url;
			const vote = await post(other.callWebhook, url, { parameters: { voteStore: 'redis' }, credentials: { [REDIS]: redisCredential(redis.port) } });
			expect(vote.response.status).toBe(503);
			expect(vote.logged).toEqual([expect.stringMatching(/^Approval Router could not record a vote: n8n runs in queue mode, /)]);
		} finally {
			await other.close();
		}
	});

	it('fails Wait for Decision clearly when Redis is down, without waiting', async () => {
		const down = await startRedis();
		await down.stop();
		const result = await routeAndWait({ signingKey: SIGNING_KEY, voteStore: 'redis', redisPort: down.port });
		expect(result.status).toBe('error');
		expect(result.error('Wait')?.message).toMatch(
			new RegExp(`^Redis at 127\\.0\\.0\\.1:${down.port} \\(database 0\\) is unavailable: .*ECONNREFUSED.*\\. The approval request was not put to a vote\\.$`),
		);
	});
});
