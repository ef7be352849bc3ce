import { spawn } from 'child_process';
import { once } from 'events';
import Redis from 'ioredis';
import { join } from 'path';
import type { RedisConfig } from '../../../nodes/IdempotencyGuard/config';
import { StoreUnavailableError } from '../../../nodes/IdempotencyGuard/errors';
import { closeRedisConnections, redisConnection } from '../../../nodes/IdempotencyGuard/stores/redisConnection';
import { REDIS_KEY_PREFIX, RedisStore } from '../../../nodes/IdempotencyGuard/stores/RedisStore';
import { redisCredential, redisForSuite, startRedis } from '../../helpers/redis';
import { GUARD, OUTPUT, runGuard, runInProcess, statesOf } from './helpers';

const LONG = { leaseMs: 60_000, ttlMs: 600_000 };

async function storeFor(config: RedisConfig): Promise<RedisStore> {
	return new RedisStore(await redisConnection(config), config);
}

describe('RedisStore', () => {
	const redis = redisForSuite();

	it('gives exactly one New per key between two separate n8n processes sharing one Redis', async () => {
		const keys = Array.from({ length: 100 }, (_unused, index) => `evt-${index}`);
		const step = {
			items: keys.map((eventId) => ({ eventId })),
			parameters: {},
			workflowId: 'wf-two-processes',
			redis: { port: redis.port },
			executions: 10,
		};
		const reports = await Promise.all([runInProcess([step]), runInProcess([step])]);
		const newCount = new Map<string, number>();
		let duplicates = 0;
		for (const [executions] of reports) {
			for (const [fresh, duplicate] of executions) {
				for (const json of fresh) newCount.set(String(json.eventId), (newCount.get(String(json.eventId)) ?? 0) + 1);
				duplicates += duplicate.length;
			}
		}
		expect([...newCount.keys()].sort()).toEqual([...keys].sort());
		expect([...newCount.values()].every((count) => count === 1)).toBe(true);
		expect(duplicates).toBe(2 * 10 * keys.length - keys.length);
	}, 60_000);

	it('lets the retry through once the lease of a worker SIGKILLed mid-execution ends, and leaves no key without expiry', async () => {
		const keys = Array.from({ length: 20 }, (_unused, index) => `killed-${index}`);
		const items = keys.map((eventId) => ({ eventId }));
		const workflowId = 'wf-sigkill';
		const leaseSeconds = 8;
		const worker = spawn(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'claimThenHang.ts'), JSON.stringify({ items, port: redis.port, leaseSeconds, workflowId })],
			{ cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const exited = once(worker, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
		const claimed = await new Promise<string>((resolve, reject) => {
			let stdout = '';
			let stderr = '';
			worker.stdout.on('data', (data) => {
				stdout += data.toString();
				const match = /CLAIMED (\d+)/.exec(stdout);
				if (match) resolve(match[1]);
			});
			worker.stderr.on('data', (data) => (stderr += data.toString()));
			void exited.then(([code]) => reject(new Error(`the worker exited with ${code} before claiming: ${stderr}`)));
		});
		expect(claimed).toBe(String(keys.length));
		worker.kill('SIGKILL');
		expect((await exited)[1]).toBe('SIGKILL');

		// The dead worker's claims are in progress, and each expires with its TTL even if nothing else ever runs.
		const raw = new Redis(redis.port);
		try {
			const stored = keys.map((key) => `${REDIS_KEY_PREFIX}workflow:${workflowId}:${key}`);
			const ttls = await Promise.all(stored.map((key) => raw.pttl(key)));
			expect(ttls.every((ttl) => ttl > 0 && ttl <= 86_400_000)).toBe(true);
			expect(await Promise.all(stored.map((key) => raw.hget(key, 's')))).toEqual(keys.map(() => 'p'));

			// A retry within the lease is held back as a duplicate in progress.
			const early = await runGuard({ items, parameters: { options: { leaseSeconds } }, workflowId, redis: { port: redis.port } });
			expect(early.output(GUARD, OUTPUT.new)).toEqual([]);
			const states = statesOf(early.output(GUARD, OUTPUT.duplicate));
			expect(states.map((state) => [state.key, state.status])).toEqual(keys.map((key) => [key, 'in_progress']));

			// Once the lease has ended, a retry in another process gets every key as New, exactly once.
			const leaseEnd = Math.max(...states.map((state) => Date.parse(state.leaseExpiresAt as string)));
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaseEnd - Date.now()) + 250));
			const [[[fresh, duplicate]]] = await runInProcess([{ items, parameters: { options: { leaseSeconds } }, workflowId, redis: { port: redis.port } }]);
			expect(fresh.map((json) => json.eventId)).toEqual(keys);
			expect(duplicate).toEqual([]);
			expect((await Promise.all(stored.map((key) => raw.pttl(key)))).every((ttl) => ttl > 0)).toBe(true);
		} finally {
			await raw.quit();
		}
	}, 120_000);

	it('rolls back the claims of a batch that fails part way, so that nothing stays marked', async () => {
		const store = await storeFor(redisCredential(redis.port));
		const keys = Array.from({ length: 2500 }, (_unused, index) => `rollback:${index}`);
		const raw = new Redis(redis.port);
		// A value of the wrong type makes the script fail for that key, in the third pipeline of the batch.
		await raw.set(REDIS_KEY_PREFIX + keys[2100], 'not a hash');
		await expect(store.claim(keys.map((key) => ({ key })), LONG)).rejects.toThrow(StoreUnavailableError);
		const records = await store.get(keys.filter((_key, index) => index !== 2100));
		expect(records.filter((record) => record !== undefined)).toEqual([]);
		await raw.quit();
	});

	it('fails fast with a clear error when Redis is down, then reconnects once it is back', async () => {
		const server = await startRedis();
		const config = redisCredential(server.port);
		expect((await (await storeFor(config)).claim([{ key: 'x' }], LONG))[0].outcome).toBe('new');
		await server.stop();
		const down = (await storeFor(config).catch((error: Error) => error)) as Error | RedisStore;
		const failure = down instanceof RedisStore ? await down.claim([{ key: 'y' }], LONG).catch((error: Error) => error) : down;
		expect(failure).toBeInstanceOf(StoreUnavailableError);
		expect((failure as Error).message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${server.port} \\(database 0\\) is unavailable: .+No key was claimed`));

		const restarted = await startRedis({ port: server.port });
		try {
			expect((await (await storeFor(config)).claim([{ key: 'y' }], LONG))[0].outcome).toBe('new');
		} finally {
			await closeRedisConnections();
			await restarted.stop();
		}
	});

	it('never shows the password in an error', async () => {
		const server = await startRedis({ password: 'right-horse-battery-staple' });
		try {
			const password = 'wrong-password-do-not-print';
			const failure = await storeFor(redisCredential(server.port, password)).catch((error: Error) => error);
			expect(failure).toBeInstanceOf(StoreUnavailableError);
			expect((failure as Error).message).toMatch(/WRONGPASS|invalid password/i);
			expect((failure as Error).message).not.toContain(password);
			expect(JSON.stringify(failure)).not.toContain(password);
		} finally {
			await server.stop();
		}
	});
});
