import Redis from 'ioredis';
import type { RedisConfig } from '../../../nodes/IdempotencyGuard/config';
import { StoreUnavailableError } from '../../../nodes/IdempotencyGuard/errors';
import { closeRedisConnections, redisConnection } from '../../../nodes/IdempotencyGuard/stores/redisConnection';
import { REDIS_KEY_PREFIX, RedisStore } from '../../../nodes/IdempotencyGuard/stores/RedisStore';
import { startRedis, type RedisServer } from '../../helpers/redis';
import { runInProcess } from './helpers';

const LONG = { leaseMs: 60_000, ttlMs: 600_000 };

function configFor(port: number, password = ''): RedisConfig {
	return { host: '127.0.0.1', port, user: '', password, database: 0, tls: false, tlsIgnoreInvalidCert: false };
}

async function storeFor(config: RedisConfig): Promise<RedisStore> {
	return new RedisStore(await redisConnection(config), config);
}

describe('RedisStore', () => {
	let redis: RedisServer;

	beforeAll(async () => {
		redis = await startRedis();
	});

	afterAll(async () => {
		await closeRedisConnections();
		await redis.stop();
	});

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

	it('rolls back the claims of a batch that fails part way, so that nothing stays marked', async () => {
		const store = await storeFor(configFor(redis.port));
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
		const config = configFor(server.port);
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
			const failure = await storeFor(configFor(server.port, password)).catch((error: Error) => error);
			expect(failure).toBeInstanceOf(StoreUnavailableError);
			expect((failure as Error).message).toMatch(/WRONGPASS|invalid password/i);
			expect((failure as Error).message).not.toContain(password);
			expect(JSON.stringify(failure)).not.toContain(password);
		} finally {
			await server.stop();
		}
	});
});
