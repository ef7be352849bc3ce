/**
 * The vote store for queue mode and restarts: ballots live in Redis, shared by the main process, the webhook
 * processes and every worker. A vote link may reach a different process than the one that started the wait; all of
 * them read and write the same ballot.
 *
 * One hash per ballot: v = version, e = the entry as JSON. `create` and `replace` are Lua scripts, atomic per key, so
 * the compare-and-set of `updateBallot` (voteStore.ts) holds across processes: of two votes read from the same
 * version only one is written, the other is re-read and decided again (and refused as a second vote of the same
 * approver). The key expires a little after the deadline (see runtime.ts).
 *
 * The connection is the Idempotency Guard's (same credential, same pooled connection per process).
 */
import type Redis from 'ioredis';
import type { Result } from 'ioredis';

import type { RedisConfig } from '../IdempotencyGuard/config';
import { defineScripts, redisConnection, redisFailure } from '../IdempotencyGuard/stores/redisConnection';
import type { BallotEntry, Versioned, VoteStore } from './voteStore';

export const VOTE_KEY_PREFIX = 'n8n-odoo-logistics:approval:';

/** KEYS[1] the ballot; ARGV: entry JSON, expiry (epoch ms). */
const CREATE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', '1', 'e', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`;

/** KEYS[1] the ballot; ARGV: the version that was read, entry JSON, expiry (epoch ms). */
const REPLACE = `local v = redis.call('HGET', KEYS[1], 'v')
if not v or v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(v) + 1), 'e', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1`;

declare module 'ioredis' {
	interface RedisCommander<Context> {
		approvalCreate(key: string, entry: string, expiresAt: number): Result<number, Context>;
		approvalReplace(key: string, version: string, entry: string, expiresAt: number): Result<number, Context>;
	}
}

const SCRIPTS = { approvalCreate: CREATE, approvalReplace: REPLACE };

/** What a failed call means for the approver or the waiting request; ends the error message (see redisFailure). */
export const NOT_RECORDED = 'No vote was recorded.';
const NOT_CONFIRMED = 'The vote may not have been recorded: open the link again, a recorded vote shows as already voted.';
export const NOT_OPENED = 'The approval request was not put to a vote.';

export class RedisVoteStore implements VoteStore {
	constructor(
		private readonly client: Redis,
		private readonly config: RedisConfig,
	) {
		defineScripts(client, SCRIPTS);
	}

	/** A store on the process's pooled connection for `config`; a clear error (no password) when Redis is down. */
	static async open(config: RedisConfig, consequence = NOT_RECORDED): Promise<RedisVoteStore> {
		return new RedisVoteStore(await redisConnection(config, consequence), config);
	}

	async get(key: string): Promise<Versioned<BallotEntry> | undefined> {
		const [version, json] = await this.call(NOT_RECORDED, () => this.client.hmget(VOTE_KEY_PREFIX + key, 'v', 'e'));
		if (version === null || json === null) return undefined;
		return { value: JSON.parse(json) as BallotEntry, version: Number(version) };
	}

	async create(key: string, entry: BallotEntry, expiresAt: number): Promise<boolean> {
		const stored = await this.call(NOT_OPENED, () =>
			this.client.approvalCreate(VOTE_KEY_PREFIX + key, JSON.stringify(entry), Math.ceil(expiresAt)),
		);
		return stored === 1;
	}

	async replace(key: string, entry: BallotEntry, version: number, expiresAt: number): Promise<boolean> {
		const replaced = await this.call(NOT_CONFIRMED, () =>
			this.client.approvalReplace(VOTE_KEY_PREFIX + key, String(version), JSON.stringify(entry), Math.ceil(expiresAt)),
		);
		return replaced === 1;
	}

	private async call<T>(consequence: string, command: () => Promise<T>): Promise<T> {
		try {
			return await command();
		} catch (error) {
			throw redisFailure(this.config, consequence, error);
		}
	}
}
