import type Redis from 'ioredis';
import type { ChainableCommander, Result } from 'ioredis';
import type { RedisConfig } from '../config';
import type { IdempotencyRecord, IdempotencyStatus } from '../record';
import type {
	ClaimPolicy,
	ClaimRequest,
	ClaimResult,
	CompleteRequest,
	CompleteResult,
	IdempotencyStore,
	ReleaseResult,
} from './IdempotencyStore';
import { defineScripts, redisFailure } from './redisConnection';

export const REDIS_KEY_PREFIX = 'n8n-odoo-logistics:idem:';
/** Commands sent per round trip. */
const BATCH_SIZE = 1000;

/*
 * One hash per key: s = status (p in progress, c completed), f = fingerprint, l = lease end (ms), r = result JSON.
 * Times come from the Redis server clock, so workers with skewed clocks agree on lease and expiry.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const CLAIM = `${NOW}local cur = redis.call('HMGET', KEYS[1], 's', 'f', 'l', 'r')
if cur[1] then
	local lease = tonumber(cur[3]) or 0
	if cur[1] == 'c' or lease > now then
		local expires = now + math.max(redis.call('PTTL', KEYS[1]), 0)
		local outcome = 'duplicate'
		if ARGV[1] ~= '' and cur[2] and cur[2] ~= '' and cur[2] ~= ARGV[1] then outcome = 'conflict' end
		return {outcome, cur[1], cur[2] or '', lease, cur[4] or '', expires}
	end
end
local lease = now + tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 's', 'p', 'f', ARGV[1], 'l', string.format('%.0f', lease))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'new', 'p', ARGV[1], lease, '', now + tonumber(ARGV[3])}`;

const COMPLETE = `${NOW}local cur = redis.call('HMGET', KEYS[1], 's', 'f', 'r')
if not cur[1] then return {'absent'} end
if cur[1] == 'c' then return {'c', cur[2] or '', cur[3] or '', now + math.max(redis.call('PTTL', KEYS[1]), 0)} end
redis.call('HSET', KEYS[1], 's', 'c', 'l', '0', 'r', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'p', cur[2] or '', ARGV[1], now + tonumber(ARGV[2])}`;

const RELEASE = `local s = redis.call('HGET', KEYS[1], 's')
if not s then return {'absent', 0} end
if s == 'c' and ARGV[1] ~= '1' then return {s, 0} end
redis.call('DEL', KEYS[1])
return {s, 1}`;

const GET = `${NOW}local cur = redis.call('HMGET', KEYS[1], 's', 'f', 'l', 'r')
if not cur[1] then return {} end
return {cur[1], cur[2] or '', tonumber(cur[3]) or 0, cur[4] or '', now + math.max(redis.call('PTTL', KEYS[1]), 0)}`;

type ClaimReply = [ClaimResult['outcome'], string, string, number, string, number];
type CompleteReply = ['absent'] | [previous: string, fingerprint: string, result: string, expires: number];
type ReleaseReply = [string, number];
type GetReply = [] | [string, string, number, string, number];

declare module 'ioredis' {
	interface RedisCommander<Context> {
		idempotencyClaim(key: string, fingerprint: string, leaseMs: number, ttlMs: number): Result<ClaimReply, Context>;
		idempotencyComplete(key: string, result: string, ttlMs: number): Result<CompleteReply, Context>;
		idempotencyRelease(key: string, force: string): Result<ReleaseReply, Context>;
		idempotencyGet(key: string): Result<GetReply, Context>;
	}
}

const SCRIPTS = { idempotencyClaim: CLAIM, idempotencyComplete: COMPLETE, idempotencyRelease: RELEASE, idempotencyGet: GET };

function statusOf(code: string): IdempotencyStatus {
	return code === 'c' ? 'completed' : 'in_progress';
}

function toRecord(key: string, status: string, fingerprint: string, lease: number, result: string, expires: number): IdempotencyRecord {
	const record: IdempotencyRecord = { key, status: statusOf(status), leaseExpiresAt: Number(lease), expiresAt: Number(expires) };
	if (fingerprint) record.fingerprint = fingerprint;
	if (result) record.result = result;
	return record;
}

/** Replies of one pipeline, in order; a failed command is kept as an Error so that the caller can see what ran. */
async function execute<T>(client: Redis, count: number, queue: (pipeline: ChainableCommander, index: number) => void): Promise<Array<T | Error>> {
	const pipeline = client.pipeline();
	for (let index = 0; index < count; index++) queue(pipeline, index);
	const replies = (await pipeline.exec()) ?? [];
	return replies.map(([error, reply]) => error ?? (reply as T));
}

/**
 * The idempotency store for queue mode: keys live in Redis, shared by every worker. Each operation is a Lua script,
 * atomic per key; a batch is sent as pipelines of up to 1,000 scripts, one round trip each.
 */
export class RedisStore implements IdempotencyStore {
	constructor(
		private readonly client: Redis,
		private readonly config: RedisConfig,
	) {
		defineScripts(client, SCRIPTS);
	}

	async claim(requests: readonly ClaimRequest[], policy: ClaimPolicy): Promise<ClaimResult[]> {
		const results: ClaimResult[] = [];
		for (let start = 0; start < requests.length; start += BATCH_SIZE) {
			const chunk = requests.slice(start, start + BATCH_SIZE);
			let replies: Array<ClaimReply | Error>;
			try {
				replies = await execute<ClaimReply>(this.client, chunk.length, (pipeline, index) =>
					pipeline.idempotencyClaim(REDIS_KEY_PREFIX + chunk[index].key, chunk[index].fingerprint ?? '', policy.leaseMs, policy.ttlMs),
				);
			} catch (error) {
				await this.rollBack(results);
				throw redisFailure(this.config, 'No key was claimed.', error);
			}
			const failure = replies.find((reply): reply is Error => reply instanceof Error);
			chunk.forEach((request, index) => {
				const reply = replies[index];
				if (reply instanceof Error) return;
				const [outcome, status, fingerprint, lease, result, expires] = reply;
				results.push({ outcome, record: toRecord(request.key, status, fingerprint, lease, result, expires) });
			});
			if (failure) {
				await this.rollBack(results);
				throw redisFailure(this.config, 'No key was claimed.', failure);
			}
		}
		return results;
	}

	async complete(requests: readonly CompleteRequest[], ttlMs: number): Promise<CompleteResult[]> {
		const replies = await this.run<CompleteReply>(requests.length, 'Some keys may be completed, none was lost.', (pipeline, index) =>
			pipeline.idempotencyComplete(REDIS_KEY_PREFIX + requests[index].key, requests[index].result ?? '', ttlMs),
		);
		return replies.map((reply, index) => {
			if (reply.length === 1) return { previous: 'absent' };
			const [previous, fingerprint, result, expires] = reply;
			return { previous: statusOf(previous), record: toRecord(requests[index].key, 'c', fingerprint, 0, result, expires) };
		});
	}

	async release(keys: readonly string[], options: { force: boolean }): Promise<ReleaseResult[]> {
		const replies = await this.run<ReleaseReply>(keys.length, 'Some keys may not be released; their lease still expires.', (pipeline, index) =>
			pipeline.idempotencyRelease(REDIS_KEY_PREFIX + keys[index], options.force ? '1' : '0'),
		);
		return replies.map(([previous, released]) => ({
			previous: previous === 'absent' ? 'absent' : statusOf(previous),
			released: released === 1,
		}));
	}

	async get(keys: readonly string[]): Promise<Array<IdempotencyRecord | undefined>> {
		const replies = await this.run<GetReply>(keys.length, 'Nothing was changed.', (pipeline, index) =>
			pipeline.idempotencyGet(REDIS_KEY_PREFIX + keys[index]),
		);
		return replies.map((reply, index) => (reply.length === 0 ? undefined : toRecord(keys[index], ...reply)));
	}

	/** Runs `count` commands in pipelines of BATCH_SIZE; any failure fails the call. */
	private async run<T>(count: number, consequence: string, queue: (pipeline: ChainableCommander, index: number) => void): Promise<T[]> {
		const replies: T[] = [];
		for (let start = 0; start < count; start += BATCH_SIZE) {
			let chunk: Array<T | Error>;
			try {
				chunk = await execute<T>(this.client, Math.min(BATCH_SIZE, count - start), (pipeline, index) => queue(pipeline, start + index));
			} catch (error) {
				throw redisFailure(this.config, consequence, error);
			}
			for (const reply of chunk) {
				if (reply instanceof Error) throw redisFailure(this.config, consequence, reply);
				replies.push(reply);
			}
		}
		return replies;
	}

	/** Frees the keys this call claimed before it failed, so that a failed call leaves no claim behind. */
	private async rollBack(results: readonly ClaimResult[]): Promise<void> {
		const claimed = results.filter(({ outcome }) => outcome === 'new').map(({ record }) => record.key);
		if (claimed.length === 0) return;
		// If Redis is gone this fails too; the claims then end with their lease.
		await this.release(claimed, { force: false }).catch(() => undefined);
	}
}
