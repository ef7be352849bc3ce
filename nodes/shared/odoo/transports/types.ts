import { Secret } from '../secret';
import { TransportKind } from '../version';
import { HttpClient } from './http';

/** One ORM call, described once for both transports. */
export interface RpcCall {
	model: string;
	method: string;
	/** Record ids for a method on records; absent for a model method (`search_read`, `create`). */
	ids?: readonly number[];
	/** The method's arguments by name, as JSON-2 sends them. */
	args?: Record<string, unknown>;
	/** Names of `args` that JSON-RPC sends positionally, in order (some signatures changed names across versions). */
	positional?: readonly string[];
	/** Positional arguments by value, after the ids and the `positional` ones (JSON-RPC only). */
	values?: readonly unknown[];
	context?: Record<string, unknown>;
	timeoutMs?: number;
	/** The call only reads, or the caller marked it idempotent. */
	safeToRepeat: boolean;
}

export interface Transport {
	readonly kind: TransportKind;
	/** Checks the credentials and returns the user id. */
	authenticate(): Promise<number>;
	/** Sends one call, once. */
	execute(call: RpcCall): Promise<unknown>;
}

export interface TransportEnv {
	http: HttpClient;
	database: string;
	login?: string;
	secret: Secret;
}

/** The arguments without the undefined ones, which JSON would drop anyway. */
export function definedEntries(args: Record<string, unknown> | undefined): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(args ?? {})) if (value !== undefined) result[name] = value;
	return result;
}
