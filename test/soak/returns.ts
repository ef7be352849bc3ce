/**
 * Returns under soak: workflows/return-to-resolution.json in queue mode (its Guards and approval votes on Redis, the
 * cluster's signing key on the Approval Router nodes), return requests POSTed by a portal that re-sends until it gets
 * a final answer, against the Odoo simulator with faults and a worker SIGKILLed part way.
 *
 *   npx ts-node --transpile-only test/soak/returns.ts [--requests 100] [--rate 5] [--budget 420] [--tarball <packed package>]
 *
 * The mix: mostly low-value returns authorised at once, some with a fraud-like reason (declined), a few worth more
 * than 250 (a returns manager approves or refuses over the signed link the workflow posts on the order), a few
 * invalid ones (more than delivered: 422); 20 % sent twice at the same moment. The portal (sendReturn) re-POSTs after
 * 409, 503, other 5xx, a timeout (90 s) or a refused connection, honouring Retry-After (at most 60 s), and stops at 200,
 * 202 or 422.
 *
 * Verdict from the simulator's final state: per accepted request exactly one return picking, at most one credit note
 * (one when the order was invoiced), one customer message; declined ones a decline message and nothing else; invalid
 * ones nothing. In Redis (the standalone run): no Guard key left in progress, every accepted request's key completed.
 * Last line: "returns soak passed" (exit 0) or "returns soak FAILED: …" (exit 1).
 *
 * The soak's lease is short so that a request whose run died with the worker is taken over by the portal's next POST
 * within a minute and a half; the approval deadline of the policy is shorter than the lease, as the template's is (a
 * request waiting for a decision is never taken over). Approvals must therefore be cast within RETURN_ESCALATE_AFTER of
 * the request: call decideWaiting every few seconds while requests are sent (it votes only on runs that wait).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { packPackage } from '../e2e/pack';
import { seconds, sleep } from '../e2e/proc';
import type { WorkflowFixture } from '../e2e/n8n-instance';
import { argValue, numberArg, printTable, runMain } from './cli';
import { forQueueMode, guardKeys, injectFaults, killWorker, startCluster, type Cluster, type WorkerKill } from './cluster';

export const RETURN_FLOW_ID = 'oleReturnToRes01';
/** The claim's lease in the soak: a run that died is taken over after this. */
export const RETURN_LEASE_SECONDS = 90;
/** How long a request waits for a returns manager: shorter than the lease. */
export const RETURN_ESCALATE_AFTER = '75s';
/** The template's Key TTL (completed keys). */
const TTL_SECONDS = 7 * 24 * 3600;
const WEBHOOK_PATH = 'return-request';

export type ReturnKind = 'auto' | 'declined' | 'approval' | 'invalid';

export interface PortalAnswer {
	status: number;
	body?: Record<string, unknown>;
	at: number;
}

export interface ReturnRequest {
	requestId: string;
	body: Record<string, unknown>;
	orderId: number;
	orderName: string;
	/** The done outgoing picking the return is made from. */
	deliveryId: number;
	/** The posted customer invoice of the order, when it is invoiced. */
	invoiceId?: number;
	kind: ReturnKind;
	/** For `approval`: what the returns manager decides. */
	decision?: 'approve' | 'reject';
	/** Sent twice at the same moment. */
	twice: boolean;
	/** Every answer the portal got, over all POSTs of every copy. */
	answers: PortalAnswer[];
	/** Each copy's final result (sendReturn). */
	sends: Array<{ status: number; attempts: number }>;
	/** The vote was recorded (decideWaiting) on this link, the newest approval note's. */
	votedLink?: string;
	/** Re-sent by the operator after its run was lost (replayUnfinished). */
	replays: number;
}

/** The template as users import it, fit for queue mode, with the soak's lease and approval deadline. */
export const RETURN_WORKFLOW = (): WorkflowFixture => {
	const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'return-to-resolution.json'), 'utf8')) as WorkflowFixture;
	const workflow = forQueueMode(template, { leaseSeconds: RETURN_LEASE_SECONDS });
	const route = (workflow.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((n) => n.name === 'Authorise the return');
	if (!route) throw new Error('return-to-resolution.json has no node "Authorise the return"');
	const policy = JSON.parse(String(route.parameters.policyJson)) as { rules: Array<{ approval?: { escalateAfter: string } }> };
	for (const rule of policy.rules) if (rule.approval) rule.approval.escalateAfter = RETURN_ESCALATE_AFTER;
	route.parameters.policyJson = JSON.stringify(policy, null, 2);
	return { ...workflow, active: true };
};

const CHEAP_PRICE = 9.9;
/** Units per order: a return is of 1 (5 for an invalid one, more than delivered). */
const ORDERED = 3;
const HIGH_PRICE = 389;
const DAMAGE = ['Two boxes arrived crushed and damaged', 'Wrong size delivered', 'Defective on arrival', 'Torn packaging, contents soiled'];
const FRAUD = ['The box was empty when it arrived', 'Package never arrived', 'Not my order, chargeback filed'];

/** The kind of the i-th request: 70 % low value, 15 % fraud-like, 10 % high value (approval), 5 % invalid. */
function kindOf(i: number): ReturnKind {
	const slot = i % 20;
	if (slot < 14) return 'auto';
	if (slot < 17) return 'declined';
	if (slot < 19) return 'approval';
	return 'invalid';
}

/**
 * Creates, synchronously in the simulator, one confirmed and delivered sale order per request (one line of 3 units of a product in stock),
 * two in three of them invoiced (posted), and returns the requests that refer to them.
 */
export function prepareReturns(cluster: Cluster, count: number): ReturnRequest[] {
	if (!Number.isInteger(count) || count < 1) throw new RangeError(`prepareReturns: count must be a whole number above 0, not ${count}`);
	const { sim } = cluster;
	const partners = sim.env('res.partner').search([['customer_rank', '>', 0], ['is_company', '=', true]]);
	// Products with stock to deliver from (the delivery must be done before it can be returned).
	const products = sim.env('product.product').searchRead([['is_storable', '=', true], ['default_code', '!=', false], ['free_qty', '>=', 100]], ['default_code', 'free_qty']);
	if (!partners.length || !products.length) throw new Error('prepareReturns: the simulator has no customer or no storable product with a code and 100 units free to use');
	const stock = new Map(products.map((p) => [p.id as number, Number(p.free_qty)]));
	const inStock = (i: number) => {
		for (let k = 0; k < products.length; k++) {
			const product = products[(i + k) % products.length];
			if (stock.get(product.id as number)! >= ORDERED) {
				stock.set(product.id as number, stock.get(product.id as number)! - ORDERED);
				return product;
			}
		}
		throw new Error(`prepareReturns: not enough stock in the simulator for ${count} delivered orders of ${ORDERED} units (ran out at order ${i + 1})`);
	};
	const run = Date.now().toString(36).toUpperCase();
	const requests: ReturnRequest[] = [];
	for (let i = 0; i < count; i++) {
		const kind = kindOf(i);
		const partner = partners[i % partners.length];
		const product = inStock(i);
		const price = kind === 'approval' ? HIGH_PRICE : CHEAP_PRICE;
		const orderId = sim.env('sale.order').create({ partner_id: partner, order_line: [[0, 0, { product_id: product.id, product_uom_qty: ORDERED, price_unit: price }]] });
		sim.env('sale.order').call('action_confirm', [orderId]);
		const [order] = sim.env('sale.order').read([orderId], ['name', 'picking_ids']);
		const deliveryId = (order.picking_ids as number[])[0];
		sim.env('stock.picking').call('button_validate', [deliveryId], { context: { skip_sms: true } });
		const [delivery] = sim.env('stock.picking').read([deliveryId], ['state']);
		if (delivery.state !== 'done') throw new Error(`prepareReturns: the delivery of ${String(order.name)} is ${String(delivery.state)}, not done`);
		let invoiceId: number | undefined;
		if (i % 3 !== 0) {
			const [line] = sim.env('sale.order.line').searchRead([['order_id', '=', orderId]], ['product_uom_qty', 'price_unit']);
			invoiceId = sim.env('account.move').create({
				move_type: 'out_invoice',
				partner_id: partner,
				invoice_origin: order.name,
				invoice_line_ids: [[0, 0, { product_id: product.id, quantity: line.product_uom_qty, price_unit: line.price_unit, sale_line_id: line.id }]],
			});
			sim.env('account.move').call('action_post', [invoiceId]);
		}
		const requestId = `RS-${run}-${String(i + 1).padStart(4, '0')}`;
		const reason = kind === 'declined' ? FRAUD[i % FRAUD.length] : kind === 'approval' ? 'The unit does not power on' : DAMAGE[i % DAMAGE.length];
		requests.push({
			requestId,
			body: {
				requestId,
				orderRef: order.name,
				productCode: product.default_code,
				quantity: kind === 'invalid' ? 5 : 1,
				reason,
				customerEmail: `returns.${i + 1}@customer.example.com`,
			},
			orderId,
			orderName: String(order.name),
			deliveryId,
			invoiceId,
			kind,
			decision: kind === 'approval' ? (i % 40 === 18 ? 'reject' : 'approve') : undefined,
			twice: (i * 7919) % 100 < 20,
			answers: [],
			sends: [],
			replays: 0,
		});
	}
	return requests;
}

/** How long the portal waits for an answer: in a busy queue the webhook answers when a worker has run the request. */
const POST_TIMEOUT_MS = 90_000;

export interface SendOptions {
	/** POSTs at most (default 80). */
	maxAttempts?: number;
	/** Gives up after this long (default 900 s: more than the lease plus a busy queue's wait). */
	deadlineMs?: number;
}

/**
 * As a customer portal does: POSTs the request, and POSTs it again after 409, 503 (any 5xx), a timeout (90 s) or a
 * refused connection, after the Retry-After it was given (at most 60 s; without one 1 s, doubling up to 30 s). Stops at 200, 202 or 422, any
 * other answer (reported as is), or after `maxAttempts` POSTs or `deadlineMs` (reported with the last status; 0 for no
 * answer).
 */
export async function sendReturn(cluster: Cluster, request: ReturnRequest, opts: SendOptions = {}): Promise<{ status: number; attempts: number }> {
	const maxAttempts = opts.maxAttempts ?? 80;
	const deadline = Date.now() + (opts.deadlineMs ?? 900_000);
	const url = `${cluster.n8n.baseUrl}/webhook/${WEBHOOK_PATH}`;
	for (let attempt = 1; ; attempt++) {
		let status = 0;
		let retryAfter = NaN;
		let body: Record<string, unknown> | undefined;
		try {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body), signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
			const text = await res.text();
			status = res.status;
			retryAfter = Number(res.headers.get('retry-after'));
			try {
				body = JSON.parse(text) as Record<string, unknown>;
			} catch {
				body = { text: text.slice(0, 200) };
			}
		} catch (error) {
			// Timeout, or the connection refused or reset.
			status = 0;
			const cause = (error as { cause?: { code?: string } }).cause;
			body = { error: cause?.code ?? (error as Error).name };
		}
		request.answers.push({ status, body, at: Date.now() });
		const again = status === 0 || status === 409 || status >= 500;
		if (!again || attempt >= maxAttempts || Date.now() >= deadline) {
			const result = { status, attempts: attempt };
			request.sends.push(result);
			return result;
		}
		// Retry-After as given (at most a minute); without one, a pause growing with the attempts, as a portal backs off.
		await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(60_000, retryAfter * 1000) : Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5)));
	}
}

/** The newest approval note of a request on its order (a run that took over a dead one posts its own). */
function approvalLink(cluster: Cluster, request: ReturnRequest): URL | undefined {
	const notes = cluster.sim
		.env('mail.message')
		.searchRead([['model', '=', 'sale.order'], ['res_id', '=', request.orderId], ['body', 'ilike', `${request.requestId}</b> needs approval`]], ['body'])
		.sort((a, b) => (b.id as number) - (a.id as number));
	const href = notes.length ? /href="([^"]+)"/.exec(String(notes[0].body))?.[1] : undefined;
	return href ? new URL(href.replace(/&amp;/g, '&')) : undefined;
}

/**
 * Casts the returns manager's vote, over the signed link the workflow posted on the order, for every approval request
 * whose newest approval note was not voted on yet. A run not waiting yet answers 409: it is voted on at the next call. Returns how
 * many votes were recorded by this call.
 */
export async function decideWaiting(cluster: Cluster, requests: ReturnRequest[]): Promise<number> {
	let cast = 0;
	for (const request of requests.filter((r) => r.kind === 'approval')) {
		const link = approvalLink(cluster, request);
		if (!link || link.toString() === request.votedLink) continue;
		try {
			const res = await fetch(new URL(`${link.pathname}${link.search}`, cluster.n8n.baseUrl), {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', choice: request.decision!, comment: `soak: ${request.decision}` }).toString(),
				signal: AbortSignal.timeout(30_000),
			});
			await res.arrayBuffer();
			if (res.status === 200) {
				request.votedLink = link.toString();
				cast += 1;
			}
		} catch {
			// n8n busy or restarting: the next call votes.
		}
	}
	return cast;
}

const isAccepted = (a: PortalAnswer) => a.status === 200 || a.status === 202;

/** What each request should have left in Odoo. */
function expected(request: ReturnRequest): { returns: number; credits: number; received: number; declinedMessages: number } {
	const returned = request.kind === 'auto' || (request.kind === 'approval' && request.decision === 'approve');
	const declined = request.kind === 'declined' || (request.kind === 'approval' && request.decision === 'reject');
	return { returns: returned ? 1 : 0, credits: returned && request.invoiceId ? 1 : 0, received: returned ? 1 : 0, declinedMessages: declined ? 1 : 0 };
}

/**
 * From the simulator's final state: per request its returns (pickings returning its delivery), credit notes (reversing
 * its invoice) and customer messages. Doubled: more than one of any. Lost: a request the portal got accepted (200/202)
 * without all its effects, or a valid request the portal gave up on. Plus the table rows.
 */
export function checkReturns(cluster: Cluster, requests: ReturnRequest[]): { verdict: Map<string, 'lost' | 'doubled'>; rows: Array<[string, string]> } {
	const { sim } = cluster;
	const count = (rows: Array<Record<string, unknown>>, key: string) => rows.reduce((acc, row) => acc.set(row[key] as number, (acc.get(row[key] as number) ?? 0) + 1), new Map<number, number>());
	const returns = count(sim.env('stock.picking').searchRead([['return_id', 'in', requests.map((r) => r.deliveryId)]], ['return_id']).map((p) => ({ d: (p.return_id as [number, string])[0] })), 'd');
	const invoiceIds = requests.flatMap((r) => (r.invoiceId ? [r.invoiceId] : []));
	const credits = count(sim.env('account.move').searchRead([['reversed_entry_id', 'in', invoiceIds]], ['reversed_entry_id', 'state']).map((m) => ({ i: (m.reversed_entry_id as [number, string])[0] })), 'i');
	const messages = sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['res_id', 'in', requests.map((r) => r.orderId)]], ['body']);
	const verdict = new Map<string, 'lost' | 'doubled'>();
	const totals = { returns: 0, credits: 0, received: 0, declined: 0, needsAttention: 0, unanswered: 0 };
	for (const request of requests) {
		const want = expected(request);
		const got = {
			returns: returns.get(request.deliveryId) ?? 0,
			credits: request.invoiceId ? (credits.get(request.invoiceId) ?? 0) : 0,
			received: messages.filter((m) => String(m.body).includes(`We received your return ${request.requestId} `)).length,
			declinedMessages: messages.filter((m) => String(m.body).includes(`We cannot accept your return ${request.requestId} `)).length,
		};
		totals.returns += got.returns;
		totals.credits += got.credits;
		totals.received += got.received;
		totals.declined += got.declinedMessages;
		if (request.answers.some((a) => a.status === 202 && a.body?.status === 'needs attention')) totals.needsAttention += 1;
		const accepted = request.answers.some(isAccepted);
		const final = request.sends.map((s) => s.status);
		const gaveUp = request.kind !== 'invalid' && !final.some((s) => s === 200 || s === 202);
		if (gaveUp) totals.unanswered += 1;
		if (got.returns > 1 || got.credits > 1 || got.received > 1 || got.declinedMessages > 1) verdict.set(request.requestId, 'doubled');
		else if (
			(accepted || gaveUp) &&
			(got.returns < want.returns || got.credits < want.credits || got.received < want.received || got.declinedMessages < want.declinedMessages)
		)
			verdict.set(request.requestId, 'lost');
		else if (request.kind === 'invalid' && (got.returns || got.credits || got.received || got.declinedMessages)) verdict.set(request.requestId, 'doubled');
	}
	const byKind = (kind: ReturnKind) => requests.filter((r) => r.kind === kind).length;
	const posts = requests.flatMap((r) => r.answers);
	const byStatus = posts.reduce<Record<string, number>>((acc, a) => ((acc[a.status === 0 ? 'no answer' : String(a.status)] = (acc[a.status === 0 ? 'no answer' : String(a.status)] ?? 0) + 1), acc), {});
	const finals = requests.flatMap((r) => r.sends).reduce<Record<string, number>>((acc, s) => ((acc[String(s.status)] = (acc[String(s.status)] ?? 0) + 1), acc), {});
	const copies = requests.flatMap((r) => r.sends);
	const rePosts = copies.reduce((n, s) => n + s.attempts - 1, 0);
	const approvals = requests.filter((r) => r.kind === 'approval');
	const wanted = requests.map(expected).reduce((acc, e) => ({ returns: acc.returns + e.returns, credits: acc.credits + e.credits }), { returns: 0, credits: 0 });
	const rows: Array<[string, string]> = [
		['return requests', `${requests.length}: ${byKind('auto')} low value, ${byKind('declined')} fraud-like, ${byKind('approval')} high value (approval), ${byKind('invalid')} invalid`],
		['  sent twice at once', `${requests.filter((r) => r.twice).length} (${((100 * requests.filter((r) => r.twice).length) / requests.length).toFixed(1)} %)`],
		['portal POSTs', `${posts.length} (${rePosts} re-POSTs): ${Object.entries(byStatus).sort().map(([s, n]) => `${n} × ${s}`).join(', ')}`],
		['  final answer per copy', Object.entries(finals).sort().map(([s, n]) => `${n} × ${s}`).join(', ')],
		['  gave up (no 200/202 for a valid request)', String(totals.unanswered)],
		['approvals', `${approvals.filter((r) => r.votedLink).length} of ${approvals.length} decided over the signed link (${approvals.filter((r) => r.decision === 'reject').length} refused)`],
		['returns in Odoo', `${totals.returns} (expected ${wanted.returns})`],
		['credit notes', `${totals.credits} (expected ${wanted.credits})`],
		['customer messages', `${totals.received} received, ${totals.declined} declined`],
		['answered 202 needs attention', String(totals.needsAttention)],
		['lost', String([...verdict.values()].filter((v) => v === 'lost').length)],
		['doubled', String([...verdict.values()].filter((v) => v === 'doubled').length)],
	];
	return { verdict, rows };
}

/** The Guard keys of the requests in Redis: how many completed, in progress, missing for an accepted request. */
export async function returnKeys(cluster: Cluster, requests: ReturnRequest[]): Promise<{ completed: number; inProgress: string[]; notCompleted: string[] }> {
	const keys = await guardKeys(cluster.guardRedis, RETURN_FLOW_ID, TTL_SECONDS);
	const mine = requests.map((r) => r.requestId);
	const inProgress = mine.filter((id) => keys.get(id)?.status === 'p');
	const notCompleted = requests.filter((r) => r.kind !== 'invalid' && r.answers.some(isAccepted) && keys.get(r.requestId)?.status !== 'c').map((r) => r.requestId);
	return { completed: mine.filter((id) => keys.get(id)?.status === 'c').length, inProgress, notCompleted };
}

/**
 * The operator's re-drive, as in run.ts: a request the portal got accepted (200/202) whose Guard key is not completed
 * while nothing runs lost its run after answering (a worker died after the 202 and before the run was saved as
 * waiting, or the step after the decision failed and released the key; the portal does not send a 202 again). Once its
 * claim's lease is over it is POSTed again (at most once per lease period): the new run takes the claim over. Returns
 * how many were re-sent. Call it only when no execution runs or waits and the queue is empty.
 */
export async function replayUnfinished(cluster: Cluster, requests: ReturnRequest[]): Promise<number> {
	const keys = await guardKeys(cluster.guardRedis, RETURN_FLOW_ID, TTL_SECONDS);
	const now = Date.now();
	const due = requests.filter((r) => {
		if (r.kind === 'invalid' || !r.answers.some(isAccepted) || keys.get(r.requestId)?.status === 'c') return false;
		const last = Math.max(...r.answers.map((a) => a.at));
		return now - last > RETURN_LEASE_SECONDS * 1000;
	});
	await Promise.all(
		due.map((r) => {
			r.replays += 1;
			return sendReturn(cluster, r);
		}),
	);
	return due.length;
}

/** n8n registers the production webhook once the workflow is active (in the background on 2.x). */
async function webhookReady(cluster: Cluster, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// A GET on a POST webhook answers 404 "... not registered for GET requests. Did you mean to make a POST request?"
		const res = await fetch(`${cluster.n8n.baseUrl}/webhook/${WEBHOOK_PATH}`).catch(() => undefined);
		const text = res ? await res.text() : '';
		if (/POST/.test(text)) return;
		if (Date.now() > deadline) throw new Error(`the webhook ${WEBHOOK_PATH} is not registered after ${timeoutMs} ms: ${text.slice(0, 200)}`);
		await sleep(500);
	}
}

export interface ReturnsDrive {
	/** Votes the returns manager cast. */
	decisions: number;
	/** Operator re-sends of accepted requests whose run was lost (replayUnfinished). */
	replayed: number;
	/** The worker SIGKILLed during the sends, when `killAfter` asked for it. */
	kill?: WorkerKill;
	/** Executions still open when the deadline ended the drain. */
	problems: string[];
}

/**
 * The returns load, for both runs: the portal sends request i at `loadStart` + i × `spacingMs` (a request `twice`
 * twice at the same moment) and re-sends until a final answer (sendReturn), while a returns manager votes every 2 s on
 * the ones that wait (decideWaiting). With `killAfter`, a worker is SIGKILLed and restarted (killWorker) once that many
 * requests are sent. Then the drain: once no execution is open and the queue is empty, the operator re-sends what lost
 * its run after answering (replayUnfinished), until every accepted request's Guard key is completed and none is in
 * progress, or `deadline`. The manager votes until the drain ends.
 */
export async function driveReturns(
	cluster: Cluster,
	requests: ReturnRequest[],
	opts: { loadStart: number; deadline: number; spacingMs: number; killAfter?: number },
): Promise<ReturnsDrive> {
	const { loadStart, deadline } = opts;
	let driving = true;
	let decisions = 0;
	const manager = (async () => {
		while (driving && Date.now() < deadline) {
			decisions += await decideWaiting(cluster, requests);
			await sleep(2000);
		}
	})();
	const sends: Array<Promise<unknown>> = [];
	let killing: Promise<WorkerKill> | undefined;
	for (const [i, request] of requests.entries()) {
		await sleep(loadStart + i * opts.spacingMs - Date.now());
		sends.push(sendReturn(cluster, request));
		if (request.twice) sends.push(sendReturn(cluster, request));
		if (!killing && opts.killAfter !== undefined && i + 1 >= opts.killAfter) killing = killWorker(cluster, () => `after ${i + 1} requests`, loadStart);
	}
	const kill = await killing;
	await Promise.all(sends);
	console.log(`returns: ${requests.length} requests answered (${seconds(loadStart)} s)`);

	let replayed = 0;
	const problems: string[] = [];
	for (;;) {
		const statuses = await cluster.executionStatuses(RETURN_FLOW_ID);
		const open = (statuses.new ?? 0) + (statuses.running ?? 0) + (statuses.waiting ?? 0);
		const depth = await cluster.queueDepth();
		const keys = open === 0 && depth === 0 ? await returnKeys(cluster, requests) : undefined;
		console.log(`returns ${seconds(loadStart)} s: queue ${depth}, executions ${JSON.stringify(statuses)}${keys ? `, accepted but not completed ${keys.notCompleted.length}` : ''}`);
		if (keys && keys.notCompleted.length === 0 && keys.inProgress.length === 0) break;
		if (Date.now() > deadline) {
			// The queue is the cluster's: its jobs may be another workflow's.
			if (open) problems.push(`returns: ${open} executions still open (${depth} jobs queued) at the end of the budget`);
			break;
		}
		if (keys) {
			const n = await replayUnfinished(cluster, requests);
			if (n) console.log(`returns: operator re-sent ${n} accepted requests whose run was lost`);
			replayed += n;
		}
		await sleep(5000);
	}
	driving = false;
	await manager;
	return { decisions, replayed, kill, problems };
}

export interface ReturnsVerdict {
	check: ReturnType<typeof checkReturns>;
	keys: Awaited<ReturnType<typeof returnKeys>>;
	/** Execution counts by status. */
	statuses: Record<string, number>;
	/** Requests lost or doubled, Guard keys left in progress, accepted requests whose key is not completed. */
	problems: string[];
}

/** The final verdict (checkReturns, returnKeys); logs the portal's answers of the first requests lost or doubled. */
export async function returnsVerdict(cluster: Cluster, requests: ReturnRequest[]): Promise<ReturnsVerdict> {
	const check = checkReturns(cluster, requests);
	const keys = await returnKeys(cluster, requests);
	const statuses = await cluster.executionStatuses(RETURN_FLOW_ID);
	const problems: string[] = [];
	const lost = [...check.verdict].filter(([, v]) => v === 'lost').map(([id]) => id);
	const doubled = [...check.verdict].filter(([, v]) => v === 'doubled').map(([id]) => id);
	if (lost.length) problems.push(`${lost.length} return requests lost, e.g. ${lost.slice(0, 5).join(', ')}`);
	if (doubled.length) problems.push(`${doubled.length} return requests with an effect done more than once, e.g. ${doubled.slice(0, 5).join(', ')}`);
	if (keys.inProgress.length) problems.push(`${keys.inProgress.length} return guard keys still in progress, e.g. ${keys.inProgress.slice(0, 5).join(', ')}`);
	if (keys.notCompleted.length) problems.push(`${keys.notCompleted.length} accepted return requests whose guard key is not completed, e.g. ${keys.notCompleted.slice(0, 5).join(', ')}`);
	for (const id of [...lost, ...doubled].slice(0, 5)) {
		const r = requests.find((x) => x.requestId === id)!;
		const t0 = r.answers[0]?.at ?? 0;
		const answers = r.answers.map((a) => `${a.status}${a.body?.status ? ` ${String(a.body.status)}` : a.body?.error ? ` ${String(a.body.error).slice(0, 60)}` : ''} @${((a.at - t0) / 1000).toFixed(0)}s`);
		const returnsMade = cluster.sim.env('stock.picking').search([['return_id', '=', r.deliveryId]]).length;
		const creditsMade = r.invoiceId ? cluster.sim.env('account.move').search([['reversed_entry_id', '=', r.invoiceId]]).length : 0;
		console.log(`${id} (${r.kind}${r.twice ? ', sent twice' : ''}${r.invoiceId ? ', invoiced' : ''}): ${returnsMade} returns, ${creditsMade} credit notes; ${answers.length} answers: ${answers.slice(0, 12).join(', ')}${answers.length > 12 ? ` … ${answers.slice(-3).join(', ')}` : ''}`);
	}
	return { check, keys, statuses, problems };
}

/** The report's rows on the drive: votes, operator re-sends, executions, Guard keys. */
function driveRows(drive: ReturnsDrive, verdict: ReturnsVerdict, requests: ReturnRequest[]): Array<[string, string]> {
	return [
		['votes cast by the returns manager', String(drive.decisions)],
		['operator re-sends (run lost after its answer)', `${drive.replayed} (${requests.filter((r) => r.replays).length} requests)`],
		['executions', Object.entries(verdict.statuses).map(([s, n]) => `${n} ${s}`).join(', ')],
		['guard keys', `${verdict.keys.completed} completed, ${verdict.keys.inProgress.length} in progress`],
	];
}

/**
 * workflows/return-to-resolution.json as run.ts's side load: the requests spread over the orders' load window
 * (`windowMs`), under the orders' faults and worker kill (run.ts makes both). Its rows for run.ts's table, and its problems.
 */
export async function returnsLoad(
	cluster: Cluster,
	requests: ReturnRequest[],
	loadStart: number,
	deadline: number,
	windowMs: number,
): Promise<{ table: Array<[string, string]>; problems: string[] }> {
	const drive = await driveReturns(cluster, requests, { loadStart, deadline, spacingMs: windowMs / requests.length });
	const verdict = await returnsVerdict(cluster, requests);
	return {
		problems: [...drive.problems, ...verdict.problems],
		table: [['**return to resolution**', ''], ...[...verdict.check.rows, ...driveRows(drive, verdict, requests)].map(([k, v]): [string, string] => [`  ${k}`, v])],
	};
}

async function main(): Promise<void> {
	const started = Date.now();
	const count = Math.round(numberArg('requests', 100, 1, 2000));
	const rate = numberArg('rate', 5, 0.1, 100);
	const budgetMs = numberArg('budget', 420, 30, 3600) * 1000;
	const tarball = argValue('tarball') ?? (await packPackage()).tarball;
	const cluster = await startCluster({ line: '2.x', packageTarball: tarball, workflows: [RETURN_WORKFLOW()], workers: 2 });
	const problems: string[] = [];
	let rows: Array<[string, string]> = [];
	try {
		console.log(`queue mode up in ${seconds(started)} s: main ${cluster.n8n.baseUrl}, workers ${cluster.workers.map((w) => w.pid).join(', ')}`);
		await webhookReady(cluster);
		const requests = prepareReturns(cluster, count);
		console.log(`${requests.length} delivered orders and their return requests (${seconds(started)} s)`);
		injectFaults(cluster);
		const loadStart = Date.now();
		const drive = await driveReturns(cluster, requests, { loadStart, deadline: loadStart + budgetMs, spacingMs: 1000 / rate, killAfter: Math.floor(requests.length * 0.4) });
		const verdict = await returnsVerdict(cluster, requests);
		problems.push(...drive.problems, ...verdict.problems);
		// Every write of the template is safe to repeat: a failure releases the claim (503) instead of parking the request.
		const attention = verdict.check.rows.find(([measure]) => measure === 'answered 202 needs attention')?.[1];
		if (attention !== '0') problems.push(`${attention} requests answered 202 needs attention: the template releases the claim after a failure`);
		const { stats } = cluster.sim;
		rows = [
			...verdict.check.rows.slice(0, -2),
			['faults injected', `${stats.faultsInjected} Odoo errors (503/concurrency) of ${stats.calls.length} calls, 1 worker SIGKILLed with ${drive.kill?.running ?? 0} executions in flight`],
			...driveRows(drive, verdict, requests),
			...verdict.check.rows.slice(-2),
			['load + drain', `${((Date.now() - loadStart) / 1000).toFixed(1)} s`],
		];
	} finally {
		await cluster.dispose();
	}
	printTable(rows);
	console.log(`total ${seconds(started)} s`);
	if (problems.length) throw new Error(problems.join('; '));
}

if (require.main === module) runMain('returns soak', main);
