import { createHash } from 'crypto';
import { KeyMissingError, KeyTooLongError, KeyTypeError } from './errors';

export const MAX_KEY_LENGTH = 1024;

/** Parses a field path such as `payload.lines[0].id` (dots and bracketed indexes). */
export function parsePath(path: string): string[] {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter((part) => part !== '');
}

export function readPath(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const part of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** JSON with object keys sorted at every level, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.keys(value)
		.sort()
		.filter((name) => (value as Record<string, unknown>)[name] !== undefined)
		.map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
	return `{${entries.join(',')}}`;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Turns a raw key value into the key string, or throws the item-level error naming `field`. */
export function normaliseKey(value: unknown, field: string): string {
	if (isBlank(value)) throw new KeyMissingError(field);
	let key: string;
	if (typeof value === 'string') key = value;
	else if (typeof value === 'number' && Number.isFinite(value)) key = String(value);
	else throw new KeyTypeError(field, Array.isArray(value) ? 'an array' : typeof value);
	if (key.length > MAX_KEY_LENGTH) throw new KeyTooLongError(field, key.length, MAX_KEY_LENGTH);
	return key;
}

/** A key made from several fields: the SHA-256 of their values, each of which must be present. */
export function hashKey(json: unknown, fields: ReadonlyArray<{ name: string; path: string[] }>): string {
	const values = fields.map(({ name, path }) => {
		const value = readPath(json, path);
		if (isBlank(value)) throw new KeyMissingError(`field "${name}"`);
		return value;
	});
	return createHash('sha256').update(canonicalJson(values)).digest('base64url');
}

/** 64-bit payload fingerprint (16 hex digits) of the chosen fields; a missing field counts as null. */
export function fingerprintOf(json: unknown, paths: ReadonlyArray<string[]>): string {
	const values = paths.map((path) => readPath(json, path) ?? null);
	return createHash('sha256').update(canonicalJson(values)).digest('hex').slice(0, 16);
}
