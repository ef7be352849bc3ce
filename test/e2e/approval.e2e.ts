/**
 * Approval Router in a real n8n: a webhook request that needs 2 of 3 approvers (the requester excluded) waits in
 * Wait for Decision; approvers vote over their signed links (GET shows the page, POST votes) and the execution
 * resumes with the decision. Parallel and sequential order, forged, duplicate and out-of-turn votes, and an expired
 * link. On n8n 1.x Wait for Decision uses the One Output layout (1.x resumes a wait on the first output only).
 * With the Approval Router Signing Key credential registered: a request whose votes are kept in Redis, signed with the
 * credential, survives a restart of n8n between two votes.
 */
import assert from 'assert';
import { redisCredential, type RedisServer, startRedis } from '../helpers/redis';
import { readWorkflow } from './fixtures';
import type { Line } from './lines';
import { type CredentialFixture, startN8n, type Execution, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import type { PackageManifest } from './pack';
import type { Suite } from './runner';
import { poll, sleep } from './proc';

const REQUESTER = 'rita@example.com';
const [ANA, BEN, CY] = ['ana@example.com', 'ben@example.com', 'cy@example.com'];

interface Link {
	approver: string;
	url: string;
	expiresAt: string;
}

interface Vote {
	approver: string;
	choice: string;
	at: string;
	comment: string;
}

interface Approval {
	links?: Link[];
	required: { approvers: string[]; order: string; excluded: Array<{ user: string; reason: string }> };
	resolution?: { status: string; votes: Vote[] | null };
}

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: { approval: Approval } }> | null> } }>>;

/** The approval record a node sent to one of its outputs. */
function approvalOf(execution: Execution, node: string, index = 0): Approval | undefined {
	return (execution.data?.resultData.runData as RunData | undefined)?.[node]?.[0]?.data?.main[index]?.[0]?.json.approval;
}

/** The fixture with its own id, path and approval settings; the One Output layout on 1.x. */
function approvalFlow(line: Line, n: number, id: string, path: string, approval: Record<string, unknown>): WorkflowFixture {
	const wf = readWorkflow('approval');
	const nodes = wf.nodes as Array<{ name: string; webhookId?: string; parameters: Record<string, unknown> }>;
	const node = (name: string) => nodes.find((n) => n.name === name)!;
	wf.id = id;
	wf.name = `E2E approval: ${path}`;
	for (const named of nodes) if (named.webhookId) named.webhookId = `${named.webhookId.slice(0, -1)}${n}`;
	node('Webhook').parameters.path = path;
	const policy = JSON.parse(node('Route').parameters.policyJson as string);
	Object.assign(policy.rules[0].approval, approval);
	node('Route').parameters.policyJson = JSON.stringify(policy, null, 2);
	if (line === '1.x') {
		node('Wait for Decision').parameters.decisionOutputs = 'single';
		wf.connections['Wait for Decision'] = { main: [[{ node: 'Decision', type: 'main', index: 0 }]] };
	}
	return wf;
}

/** Where a decision leaves Wait for Decision on this line. */
const decisionNode = (line: Line, split: 'Approved' | 'Escalated') => (line === '1.x' ? 'Decision' : split);

const PARALLEL = 'oleApprovalPar01';
const SEQUENTIAL = 'oleApprovalSeq01';
const EXPIRING = 'oleApprovalExp01';
const SHARED = 'oleApprovalRed01';

const SIGNING_KEY_CREDENTIAL_FILE = 'dist/credentials/ApprovalRouterSigningKey.credentials.js';
const SIGNING = { id: 'oleApprovalKey01', name: 'E2E approval signing key' };
const REDIS = { id: 'oleApprovalRds01', name: 'E2E approval Redis' };

/** The parallel flow with its votes in Redis and signed with the signing key credential. */
function sharedFlow(line: Line): WorkflowFixture {
	const wf = approvalFlow(line, 4, SHARED, 'ole-approval-shared', { order: 'parallel' });
	const nodes = wf.nodes as Array<{ name: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>;
	const node = (name: string) => nodes.find((n) => n.name === name)!;
	node('Route').credentials = { approvalRouterSigningKey: SIGNING };
	node('Wait for Decision').credentials = { approvalRouterSigningKey: SIGNING, odooLogisticsRedis: REDIS };
	node('Wait for Decision').parameters.voteStore = 'redis';
	return wf;
}

function sharedCredentials(redis: RedisServer): CredentialFixture[] {
	return [
		{ ...SIGNING, type: 'approvalRouterSigningKey', data: { signingKey: 'e2e-approval-signing-key-0123456789abcdef' } },
		{
			...REDIS,
			type: 'odooLogisticsRedis',
			data: redisCredential(redis.port),
		},
	];
}

const hasSigningKeyCredential = (manifest: PackageManifest) => manifest.n8n.credentials?.includes(SIGNING_KEY_CREDENTIAL_FILE) ?? false;

export const approval: Suite = async (t, { line, packageTarball, manifest }) => {
	const workflows = [
		approvalFlow(line, 1, PARALLEL, 'ole-approval-parallel', { order: 'parallel' }),
		approvalFlow(line, 2, SEQUENTIAL, 'ole-approval-sequential', { order: 'sequential' }),
		approvalFlow(line, 3, EXPIRING, 'ole-approval-expiring', { escalateAfter: '10s' }),
	];
	const restartable = hasSigningKeyCredential(manifest);
	if (!restartable) console.log(`   (restart check skipped: ${SIGNING_KEY_CREDENTIAL_FILE} is not registered in package.json)`);
	const redis = restartable ? await t.check('redis-server for the shared vote store', () => startRedis()) : undefined;
	if (redis) workflows.push(sharedFlow(line));
	const credentials = redis ? sharedCredentials(redis) : [];
	const n8n = await t.check(`n8n starts with the ${workflows.length} approval workflows active`, () =>
		startN8n({ line, packageTarball, workflows, credentials }),
	);
	try {
		// Started first: its link must expire while the execution still waits, before n8n's wait tracker (every 60 s
		// from start) resumes it.
		const expiring = await t.check('expiring request (escalate after 10s) waits', () => request(n8n, EXPIRING));
		// Its own group: the votes below still run when the shared-store checks fail.
		const shared = redis && (await sharedVotesBeforeRestart(t, line, n8n));

		const started = Date.now();
		const parallel = await t.check('parallel 2 of 3: execution waits; links for the 3 approvers, none for the requester', async () => {
			const req = await request(n8n, PARALLEL);
			assert.deepEqual(req.approval.required.approvers, [ANA, BEN, CY]);
			assert.deepEqual(req.approval.required.excluded, [{ user: REQUESTER, reason: 'requester' }]);
			return req;
		});

		// Its own group: a failure here is reported and the votes below still run.
		await t.group(`${line}: approval link opened (GET)`, async () => {
			await t.check('GET on a link answers 200 with the confirmation form', async () => {
				const res = await fetch(parallel.links[ANA]);
				const html = await res.text();
				assert.equal(res.status, 200, html.replace(/[\s\S]*<main>|<\/main>[\s\S]*/g, ''));
				assert.match(res.headers.get('content-type') ?? '', /text\/html/);
				assert.match(html, /<form method="post">/);
				assert.match(html, /value="approve"/);
			});
		});

		await t.check('the GET recorded nothing: the execution still waits', () => assertWaiting(n8n, parallel.execution.id));

		await t.check('forged link (one character of the signature changed) → 403', async () => {
			const url = new URL(parallel.links[ANA]);
			const [payload, signature] = url.searchParams.get('token')!.split('.');
			const flipped = `${payload}.${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
			url.searchParams.set('token', flipped);
			const res = await vote(url.toString(), 'approve');
			assert.equal(res.status, 403, res.text);
			assert.match(res.text, /Invalid link/);
		});

		await t.check("the requester's vote (their name on an approver's signature) → 403", async () => {
			const url = new URL(parallel.links[ANA]);
			const [payload, signature] = url.searchParams.get('token')!.split('.');
			const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			const asRequester = Buffer.from(JSON.stringify({ ...claims, a: REQUESTER })).toString('base64url');
			url.searchParams.set('token', `${asRequester}.${signature}`);
			const res = await vote(url.toString(), 'approve');
			assert.equal(res.status, 403, res.text);
			assert.match(res.text, /Invalid link/);
			await assertWaiting(n8n, parallel.execution.id);
		});

		await t.check('approver A approves → 200; the execution still waits', async () => {
			const res = await vote(parallel.links[ANA], 'approve', 'fine by me');
			assert.equal(res.status, 200, res.text);
			assert.match(res.text, /Vote recorded/);
			await assertWaiting(n8n, parallel.execution.id);
		});

		await t.check('approver A again → 409 (already voted)', async () => {
			const res = await vote(parallel.links[ANA], 'reject');
			assert.equal(res.status, 409, res.text);
			assert.match(res.text, /already voted/i);
		});

		await t.check('approver B approves → 200; execution succeeds, Approved, with both votes', async () => {
			const res = await vote(parallel.links[BEN], 'approve');
			assert.equal(res.status, 200, res.text);
			const execution = await finished(n8n, PARALLEL);
			assert.equal(execution.status, 'success', execution.data?.resultData.error?.message);
			const resolution = approvalOf(execution, decisionNode(line, 'Approved'))?.resolution;
			assert.equal(resolution?.status, 'approved');
			assertVotes(resolution?.votes, [[ANA, 'fine by me'], [BEN, '']], started);
		});

		await t.check('vote on an expired link → 410', async () => {
			const expiresAt = Date.parse(expiring.approval.links![0].expiresAt);
			await sleep(expiresAt - Date.now() + 500);
			const res = await vote(expiring.links[ANA], 'approve');
			assert.equal(res.status, 410, res.text);
			assert.match(res.text, /Link expired/);
			return `${((Date.now() - expiresAt) / 1000).toFixed(1)} s after the deadline`;
		});

		const sequential = await t.check('sequential 2 of 3: execution waits', () => request(n8n, SEQUENTIAL));
		const seqStarted = Date.now();

		await t.check('sequential: B before A → 409 (not your turn)', async () => {
			const res = await vote(sequential.links[BEN], 'approve');
			assert.equal(res.status, 409, res.text);
			assert.match(res.text, /not your turn/i);
			await assertWaiting(n8n, sequential.execution.id);
		});

		await t.check('sequential: A then B approve → execution succeeds, Approved, votes in order', async () => {
			const a = await vote(sequential.links[ANA], 'approve');
			assert.equal(a.status, 200, a.text);
			await assertWaiting(n8n, sequential.execution.id);
			const b = await vote(sequential.links[BEN], 'approve');
			assert.equal(b.status, 200, b.text);
			const execution = await finished(n8n, SEQUENTIAL);
			assert.equal(execution.status, 'success', execution.data?.resultData.error?.message);
			const resolution = approvalOf(execution, decisionNode(line, 'Approved'))?.resolution;
			assert.equal(resolution?.status, 'approved');
			assertVotes(resolution?.votes, [[ANA, ''], [BEN, '']], seqStarted);
		});

		await t.check('expired request: n8n resumes it at its wait tracker, Escalated', async () => {
			const execution = await finished(n8n, EXPIRING, 100_000);
			assert.equal(execution.status, 'success', execution.data?.resultData.error?.message);
			const resolution = approvalOf(execution, decisionNode(line, 'Escalated'))?.resolution;
			assert.equal(resolution?.status, 'escalated');
			assert.equal(resolution?.votes, null);
		});

		if (shared) await sharedVotesAfterRestart(t, line, n8n, shared);
	} finally {
		await n8n.dispose();
		await redis?.stop();
	}
};

type Tester = Parameters<Suite>[0];

/** Redis vote store and signing key: the request waits and approver A votes, before n8n restarts. */
async function sharedVotesBeforeRestart(t: Tester, line: Line, n8n: N8nInstance): Promise<(Request & { started: number }) | undefined> {
	let shared: (Request & { started: number }) | undefined;
	await t.group(`${line}: approval (Redis vote store, signing key credential)`, async () => {
		const started = Date.now();
		const req = await t.check('request waits; links signed with the credential', () => request(n8n, SHARED));
		await t.check('approver A approves → 200; the vote is in Redis', async () => {
			const res = await vote(req.links[ANA], 'approve', 'before the restart');
			assert.equal(res.status, 200, res.text);
			assert.match(res.text, /Vote recorded/);
			await assertWaiting(n8n, req.execution.id);
		});
		shared = { ...req, started };
	});
	return shared;
}

/** n8n restarts; the links still verify, A's vote is still there, B's vote decides. */
async function sharedVotesAfterRestart(t: Tester, line: Line, n8n: N8nInstance, shared: Request & { started: number }): Promise<void> {
	await t.group(`${line}: approval survives an n8n restart (Redis vote store, signing key credential)`, async () => {
		await t.check('n8n restarts', async () => {
			await n8n.stop();
			await n8n.start();
			await assertWaiting(n8n, shared.execution.id);
		});
		// The restarted server may listen on another port: the same links, on its address.
		const link = (approver: string) => {
			const url = new URL(shared.links[approver]);
			return new URL(`${url.pathname}${url.search}`, n8n.baseUrl).toString();
		};
		await t.check('approver A again after the restart → 409 (already voted: the vote was kept)', async () => {
			const res = await vote(link(ANA), 'approve');
			assert.equal(res.status, 409, res.text);
			assert.match(res.text, /already voted/i);
		});
		await t.check('approver B approves after the restart → execution succeeds, Approved, with both votes', async () => {
			const res = await vote(link(BEN), 'approve');
			assert.equal(res.status, 200, res.text);
			const execution = await finished(n8n, SHARED);
			assert.equal(execution.status, 'success', execution.data?.resultData.error?.message);
			const resolution = approvalOf(execution, decisionNode(line, 'Approved'))?.resolution;
			assert.equal(resolution?.status, 'approved');
			assertVotes(resolution?.votes, [[ANA, 'before the restart'], [BEN, '']], shared.started);
		});
	});
}

interface Request {
	execution: Execution;
	approval: Approval;
	/** Each approver's link, on the instance's loopback address. */
	links: Record<string, string>;
}

/** Starts one request by the webhook and reads the links Route issued from the waiting execution. */
async function request(n8n: N8nInstance, workflowId: string): Promise<Request> {
	const post = () =>
		fetch(`${n8n.baseUrl}/webhook/${webhookPath(workflowId)}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ requester: REQUESTER, amount: 25000, summary: 'Release shipment WH/OUT/00042' }),
		});
	// n8n may still be activating workflows just after it started (seen on 1.x under load): 404 until it has.
	const res = await poll(async () => {
		const answer = await post();
		if (answer.status !== 404) return answer;
		await answer.text();
		return undefined;
	}, `an active webhook for ${workflowId}`);
	assert.equal(res.status, 200, await res.text());
	const execution = await poll(() => waitingExecution(n8n, workflowId), `a waiting execution of ${workflowId}`);
	const approval = approvalOf(execution, 'Route', 1);
	assert.ok(approval?.links, `no approval links in Route's Needs Approval output: ${JSON.stringify(execution.data?.resultData).slice(0, 1000)}`);
	assert.deepEqual(approval.links.map((l) => l.approver), approval.required.approvers);
	const links: Record<string, string> = {};
	for (const link of approval.links) {
		// `$execution.resumeUrl` plus the node's webhook path; on n8n 2.x that path rides in the signature parameter.
		const url = new URL(link.url);
		assert.match(url.pathname, new RegExp(`^/webhook-waiting/${execution.id}(/approval)?$`));
		assert.ok(url.searchParams.get('token'), link.url);
		links[link.approver] = new URL(`${url.pathname}${url.search}`, n8n.baseUrl).toString();
	}
	return { execution, approval, links };
}

const webhookPath = (workflowId: string) =>
	({
		[PARALLEL]: 'ole-approval-parallel',
		[SEQUENTIAL]: 'ole-approval-sequential',
		[EXPIRING]: 'ole-approval-expiring',
		[SHARED]: 'ole-approval-shared',
	})[workflowId];

/** POSTs the confirmation page's form: the link's token, a choice and a comment. */
async function vote(link: string, choice: 'approve' | 'reject', comment = ''): Promise<{ status: number; text: string }> {
	const token = new URL(link).searchParams.get('token') ?? '';
	const res = await fetch(link, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token, choice, comment }).toString(),
	});
	return { status: res.status, text: await res.text() };
}

/**
 * The workflow's waiting execution, with its data. The editor's list, as the public API's list leaves out waiting
 * executions on n8n 1.x; the public API for the data.
 */
async function waitingExecution(n8n: N8nInstance, workflowId: string): Promise<Execution | undefined> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await n8n.ownerRequest<{ data: { results: Array<{ id: string; status: string }> } }>(`/rest/executions?filter=${filter}`);
	const waiting = list.data.results.find((e) => e.status === 'waiting');
	return waiting && n8n.api<Execution>(`/executions/${waiting.id}?includeData=true`);
}

async function assertWaiting(n8n: N8nInstance, executionId: string): Promise<void> {
	const execution = await n8n.api<Execution>(`/executions/${executionId}`);
	assert.equal(execution.status, 'waiting');
}

async function finished(n8n: N8nInstance, workflowId: string, timeoutMs = 30_000): Promise<Execution> {
	const [execution] = await n8n.waitForExecutions(workflowId, 1, timeoutMs);
	return execution;
}

function assertVotes(votes: Vote[] | null | undefined, expected: Array<[string, string]>, since: number): void {
	assert.deepEqual(
		votes?.map((v) => [v.approver, v.choice, v.comment]),
		expected.map(([who, comment]) => [who, 'approve', comment]),
	);
	for (const v of votes!) {
		const at = Date.parse(v.at);
		assert.ok(at >= since - 1000 && at <= Date.now() + 1000, `vote time ${v.at} outside the test`);
	}
}


