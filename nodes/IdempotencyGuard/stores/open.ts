import { homedir } from 'os';
import { join } from 'path';
import type { RedisConfig } from '../config';
import type { IdempotencyStore } from './IdempotencyStore';
import { LocalStore } from './LocalStore';
import { redisConnection } from './redisConnection';
import { RedisStore } from './RedisStore';

export const LOCAL_STORE_FILE = 'odoo-logistics-idempotency.journal';

export type StoreConfig =
	| { kind: 'local'; folder: string; maxKeys?: number }
	| { kind: 'redis'; redis: RedisConfig };

/** n8n's own data folder: `$N8N_USER_FOLDER/.n8n`, or `~/.n8n`. */
export function n8nDataFolder(): string {
	return join(process.env.N8N_USER_FOLDER || homedir(), '.n8n');
}

export function localStoreFile(folder: string): string {
	return join(folder || n8nDataFolder(), LOCAL_STORE_FILE);
}

export async function openStore(config: StoreConfig): Promise<IdempotencyStore> {
	if (config.kind === 'local') return LocalStore.open(localStoreFile(config.folder), { maxKeys: config.maxKeys });
	return new RedisStore(await redisConnection(config.redis), config.redis);
}
