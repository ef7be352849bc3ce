/**
 * n8n in queue mode on loopback, for the soak test and the scale benchmark: PostgreSQL (n8n's database), Redis (Bull's
 * queue and the Idempotency Guard's store), the Odoo simulator, one main process (webhooks, triggers, polls) and N
 * `n8n worker` processes, all with the same encryption key and the packed package installed as users install it.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import Redis from 'ioredis';
import { startRedis, type RedisServer } from '../helpers/redis';
import type { Line } from '../e2e/lines';
import { prepareN8n, type CredentialFixture, type N8nInstance, type N8nWorker, type WorkflowFixture } from '../e2e/n8n-instance';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { postgresEnv, startPostgres, type PostgresServer } from './postgres';
import { simulatorCredential } from '../e2e/fixtures';
import { seconds, sleep } from '../e2e/proc';

/** The credential ids the workflow templates use as placeholders. */
export const ODOO_CREDENTIAL_ID = 'odooLogistics001';
export const REDIS_CREDENTIAL_ID = 'odooLogRedis0001';
/** The Approval Router signing key of the cluster: links signed on one process verify on every other. */
export const SIGNING_KEY_CREDENTIAL_ID = 'approvalSignKey01';
/** The Guard's keys in Redis: `<prefix>workflow:<workflow id>:<key>` (a hash: s = p in progress / c completed). */
export const GUARD_KEY_PREFIX = 'n8n-odoo-logistics:idem:';
/** Redis database of the Guard's store (Bull uses 0). */
const GUARD_DB = 1;

export interface ClusterOptions {
	line: Line;
	packageTarball: string;
	workflows: WorkflowFixture[];
	workers: number;
	/** Jobs each worker runs at once (n8n's default is 10). */
	concurrency?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
}

export interface Cluster {
	sim: OdooSimulator;
	redis: RedisServer;
	postgres: PostgresServer;
	n8n: N8nInstance;
	workers: N8nWorker[];
	/** A client on the Guard's Redis database. */
	guardRedis: Redis;
	/** Starts one more worker (e.g. after killing one). */
	addWorker(): Promise<N8nWorker>;
	/** Execution counts by status for a workflow, from n8n's database. */
	executionStatuses(workflowId: string): Promise<Record<string, number>>;
	/** Waiting + active jobs in Bull's queue. */
	queueDepth(): Promise<number>;
	dispose(): Promise<void>;
}

/**
 * Replaces the templates' credential placeholders and flips every Idempotency Guard to the Redis store (the Local
 * store is refused in queue mode), with the given claim lease. Approval Router nodes get the cluster's signing key
 * (Route and Wait for Decision), and Wait for Decision keeps its votes in Redis: a vote reaches whichever process
 * serves the link, and the waiting execution resumes on any worker.
 */
export function forQueueMode(workflow: WorkflowFixture, opts: { leaseSeconds?: number } = {}): WorkflowFixture {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFixture;
	const redis = { id: REDIS_CREDENTIAL_ID, name: 'Redis (soak)' };
	const signingKey = { id: SIGNING_KEY_CREDENTIAL_ID, name: 'Approval signing key (soak)' };
	for (const node of copy.nodes as Array<{ type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>) {
		if (node.type.endsWith('.approvalRouter')) {
			const operation = node.parameters.operation ?? 'route';
			if (operation === 'waitForDecision') {
				node.parameters.voteStore = 'redis';
				node.credentials = { ...node.credentials, odooLogisticsRedis: redis, approvalRouterSigningKey: signingKey };
			} else if (operation === 'route') {
				node.credentials = { ...node.credentials, approvalRouterSigningKey: signingKey };
			}
			continue;
		}
		if (!node.type.endsWith('.idempotencyGuard')) continue;
		node.parameters.store = 'redis';
		node.credentials = { odooLogisticsRedis: redis };
		if (opts.leaseSeconds && (node.parameters.operation ?? 'checkAndClaim') === 'checkAndClaim') {
			node.parameters.options = { ...(node.parameters.options as object), leaseSeconds: opts.leaseSeconds };
		}
	}
	return copy;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
	const stack: Array<() => Promise<unknown>> = [];
	const dispose = async () => {
		for (const undo of stack.reverse()) await undo().catch(() => undefined);
	};
	try {
		const [redis, postgres, sim] = await Promise.all([startRedis(), startPostgres(), startOdooSimulator({ version: '19.0', seed: 'demo' })]);
		stack.push(() => redis.stop(), () => postgres.stop(), () => sim.close());
		const guardRedis = new Redis({ host: '127.0.0.1', port: redis.port, db: GUARD_DB, lazyConnect: true, maxRetriesPerRequest: 2 });
		await guardRedis.connect();
		stack.push(async () => guardRedis.disconnect());
		// An interrupted run must not leave its redis-server behind (the helper stops it only when awaited).
		const redisPid = Number(/process_id:(\d+)/.exec(await guardRedis.info('server'))?.[1]);
		const killRedis = () => {
			try {
				if (redisPid) process.kill(redisPid, 'SIGKILL');
			} catch {
				// gone
			}
		};
		process.on('exit', killRedis);
		stack.push(async () => process.off('exit', killRedis));

		const credentials: CredentialFixture[] = [
			simulatorCredential(sim, { id: ODOO_CREDENTIAL_ID, name: 'Odoo (soak)' }),
			{ id: REDIS_CREDENTIAL_ID, name: 'Redis (soak)', type: 'odooLogisticsRedis', data: { host: '127.0.0.1', port: redis.port, database: GUARD_DB, user: '', password: '', tls: false } },
			{ id: SIGNING_KEY_CREDENTIAL_ID, name: 'Approval signing key (soak)', type: 'approvalRouterSigningKey', data: { signingKey: randomBytes(48).toString('base64') } },
		];
		const env = {
			...postgresEnv(postgres),
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// A worker that dies loses its jobs' locks; find them in seconds rather than minutes.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			// The main process marks executions of dead workers as crashed every minute (default 3 hours).
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
			// n8n's default pool (2 connections) starves the main process at a few dozen webhooks a second: requests
			// fail with "Database is not ready" and executions the triggers emitted are never created.
			DB_POSTGRESDB_POOL_SIZE: '10',
			EXECUTIONS_DATA_PRUNE: 'false',
			N8N_WORKFLOW_AUTODEACTIVATION_ENABLED: 'false',
			...opts.env,
		};
		const n8n = await prepareN8n({ line: opts.line, packageTarball: opts.packageTarball, credentials, workflows: opts.workflows, env });
		stack.push(() => n8n.dispose());
		const workers: N8nWorker[] = [];
		const addWorker = async () => {
			const worker = await n8n.startWorker({ concurrency: opts.concurrency });
			workers.push(worker);
			return worker;
		};
		// Workers first: the main process starts taking events as soon as it is up.
		await Promise.all(Array.from({ length: opts.workers }, () => addWorker()));
		await n8n.start();

		return {
			sim,
			redis,
			postgres,
			n8n,
			workers,
			guardRedis,
			addWorker,
			async executionStatuses(workflowId: string) {
				const rows = await postgres.query(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' GROUP BY status`);
				return Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
			},
			async queueDepth() {
				const bull = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
				try {
					await bull.connect();
					const [waiting, active, delayed] = await Promise.all([bull.llen('bull:jobs:wait'), bull.llen('bull:jobs:active'), bull.zcard('bull:jobs:delayed')]);
					return waiting + active + delayed;
				} finally {
					bull.disconnect();
				}
			},
			dispose,
		};
	} catch (error) {
		await dispose();
		throw error;
	}
}

/** The Guard's keys of one workflow, by status, with the completion time of the completed ones (from their TTL). */
export async function guardKeys(redis: Redis, workflowId: string, ttlSeconds: number): Promise<Map<string, { status: string; completedAt?: number }>> {
	const prefix = `${GUARD_KEY_PREFIX}workflow:${workflowId}:`;
	const keys: string[] = [];
	let cursor = '0';
	do {
		const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
		cursor = next;
		keys.push(...batch);
	} while (cursor !== '0');
	const [seconds, micros] = await redis.time();
	const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
	const pipeline = redis.pipeline();
	for (const key of keys) pipeline.hget(key, 's').pttl(key);
	const replies = (await pipeline.exec()) ?? [];
	const result = new Map<string, { status: string; completedAt?: number }>();
	keys.forEach((key, i) => {
		const status = String(replies[2 * i][1]);
		const pttl = Number(replies[2 * i + 1][1]);
		result.set(key.slice(prefix.length), status === 'c' ? { status, completedAt: now + pttl - ttlSeconds * 1000 } : { status });
	});
	return result;
}

/** Executions a worker has started and not finished, from its log. */
export function inFlight(logFile: string): number {
	const log = readFileSync(logFile, 'utf8');
	return (log.match(/Worker started execution/g) ?? []).length - (log.match(/Worker finished execution/g) ?? []).length;
}

export interface WorkerKill {
	/** When the SIGKILL was sent. */
	at: number;
	/** Executions the worker had in flight then. */
	running: number;
}

/**
 * The soak's crash: SIGKILLs the cluster's first worker while it runs executions (waits up to 20 s for 2 in flight, by
 * its log), then starts a new worker 2 s after it died. `after` says in the log what the load had sent (e.g. "after 800
 * events"), `since` when the load started. Resolves once the new worker is up.
 */
export async function killWorker(cluster: Cluster, after: () => string, since: number): Promise<WorkerKill> {
	const victim = cluster.workers[0];
	const until = Date.now() + 20_000;
	let running = inFlight(victim.logFile);
	while (running < 2 && Date.now() < until) {
		await sleep(50);
		running = inFlight(victim.logFile);
	}
	victim.signal('SIGKILL');
	const at = Date.now();
	console.log(`SIGKILL worker pid ${victim.pid} with ${running} executions in flight, ${after()} (${seconds(since)} s)`);
	await victim.exited;
	await sleep(2000);
	const worker = await cluster.addWorker();
	console.log(`worker restarted, pid ${worker.pid} (${seconds(since)} s)`);
	return { at, running };
}

/**
 * The soak's faults, from now on (the simulator's counters start again): 5 % of Odoo calls answer HTTP 503 or a
 * serialization failure, 3 % get an 800 ms latency spike, 10 % of Odoo's webhooks are dropped.
 */
export function injectFaults(cluster: Cluster): void {
	cluster.sim.stats.reset();
	cluster.sim.setFaults({ errorRate: 0.05, errorKinds: ['http503', 'concurrency'], latencySpikeRate: 0.03, latencySpikeMs: 800, dropWebhookRate: 0.1, seed: 9 });
}
