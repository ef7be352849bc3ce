import { createHash } from 'crypto';
import { isIP } from 'net';
import Redis from 'ioredis';
import type { RedisConfig } from '../config';
import { StoreUnavailableError } from '../errors';

const CONNECT_TIMEOUT_MS = 3000;
/** A connection that gets no reply for this long while commands wait is dropped, failing them. */
const SOCKET_TIMEOUT_MS = 10_000;

const connections = new Map<string, Promise<Redis>>();

/** What a failed connection means for the Idempotency Guard; other callers of `redisConnection` say what it means for them. */
export const NO_KEY_CHANGED = 'No key was claimed, completed or released.';

export function endpointOf(config: RedisConfig): string {
	return `Redis at ${config.host}:${config.port} (database ${config.database})`;
}

/** The error message of a failed Redis call, with the password blanked should a server or library ever echo it. */
export function redisFailure(config: RedisConfig, action: string, error: unknown): StoreUnavailableError {
	let reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
	if (config.password) reason = reason.split(config.password).join('***');
	return new StoreUnavailableError(`${endpointOf(config)} is unavailable: ${reason}. ${action}`);
}

function identity(config: RedisConfig): string {
	return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

async function connect(config: RedisConfig): Promise<Redis> {
	const client = new Redis({
		host: config.host,
		port: config.port,
		username: config.user || undefined,
		password: config.password || undefined,
		db: config.database,
		tls: config.tls ? { servername: isIP(config.host) ? undefined : config.host, rejectUnauthorized: !config.tlsIgnoreInvalidCert } : undefined,
		lazyConnect: true,
		connectTimeout: CONNECT_TIMEOUT_MS,
		socketTimeout: SOCKET_TIMEOUT_MS,
		// Fail fast instead of queueing or retrying: a broken connection is replaced on the next call.
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
		enableReadyCheck: true,
	});
	// Errors reach the caller through the rejected calls; without a listener ioredis would also print them. The
	// listener keeps the latest one, because a failed handshake (wrong password) rejects `connect` with a vaguer error.
	let latest: unknown;
	client.on('error', (error) => (latest = error));
	try {
		await client.connect();
		return client;
	} catch (error) {
		client.disconnect();
		throw latest ?? error;
	}
}

/**
 * A ready connection for `config`, shared by every execution in the process. A connection that has dropped is
 * replaced by a new attempt, so a Redis restart costs one failed call, never a hang. When no connection can be made,
 * the error (see redisFailure) ends with `consequence`: what the failure means for the caller.
 */
export async function redisConnection(config: RedisConfig, consequence = NO_KEY_CHANGED): Promise<Redis> {
	const id = identity(config);
	const cached = connections.get(id);
	if (cached) {
		const client = await cached.catch(() => undefined);
		if (client?.status === 'ready') return client;
		client?.disconnect();
		if (connections.get(id) === cached) connections.delete(id);
	}
	let pending = connections.get(id);
	if (!pending) {
		pending = connect(config);
		connections.set(id, pending);
		pending.catch(() => connections.get(id) === pending && connections.delete(id));
	}
	try {
		return await pending;
	} catch (error) {
		throw redisFailure(config, consequence, error);
	}
}

const definedScripts = new WeakMap<Redis, Set<string>>();

/**
 * Registers Lua scripts (one key each) as commands of `client`, once per connection: the connection is pooled and
 * shared by the stores that use it. ioredis sends each by EVALSHA, loading it once per socket.
 */
export function defineScripts(client: Redis, scripts: Record<string, string>): void {
	let defined = definedScripts.get(client);
	if (!defined) definedScripts.set(client, (defined = new Set()));
	for (const [name, lua] of Object.entries(scripts)) {
		if (defined.has(name)) continue;
		defined.add(name);
		client.defineCommand(name, { numberOfKeys: 1, lua });
	}
}

export async function closeRedisConnections(): Promise<void> {
	const clients = await Promise.all([...connections.values()].map((pending) => pending.catch(() => undefined)));
	connections.clear();
	await Promise.all(clients.map((client) => client?.quit().catch(() => client.disconnect())));
}
