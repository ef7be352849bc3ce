import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so that equal values always give the same text and hash. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.keys(value)
			.sort()
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
	);
}

/** `sha256:<hex>` of the canonical JSON. */
export function hashOf(value: unknown): string {
	return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
