import { ClaimNotFoundError, ItemKeyError, ResultTooLargeError } from './errors';
import { hashKey, normaliseKey, parsePath, readPath } from './keys';
import type { IdempotencyRecord, IdempotencyStatus } from './record';
import type { ClaimOutcome, IdempotencyStore } from './stores/IdempotencyStore';

export const MAX_RESULT_LENGTH = 4096;

/** Where each item's key comes from: a field path, a hash of several fields, or a value computed by the caller. */
export type KeySource =
	| { mode: 'field'; path: string }
	| { mode: 'fields'; paths: readonly string[] }
	| { mode: 'value'; label: string; value: (index: number) => unknown };

export interface GuardPolicy {
	/** `workflow:<id>` or `namespace:<name>`; keys of different scopes never meet. */
	scope: string;
	ttlMs: number;
	leaseMs: number;
}

/** Per item: the validated key, or the error that keeps the item from being claimed. */
export type ItemKey = string | ItemKeyError;

export interface ClaimedItem {
	key: string;
	outcome: ClaimOutcome;
	record: IdempotencyRecord;
}

export interface CompletedItem {
	key: string;
	previous: IdempotencyStatus;
	record: IdempotencyRecord;
}

export interface ReleasedItem {
	key: string;
	previous: IdempotencyStatus | 'absent';
	released: boolean;
}

export function scopeFor(workflowId: string, namespace: string | undefined): string {
	return namespace ? `namespace:${namespace}` : `workflow:${workflowId}`;
}

function attempt<T>(read: () => T): T | ItemKeyError {
	try {
		return read();
	} catch (error) {
		if (error instanceof ItemKeyError) return error;
		throw error;
	}
}

/** Reads and validates the key of every item; bad keys become per-item errors, never keys. */
export function resolveKeys(items: readonly unknown[], source: KeySource): ItemKey[] {
	switch (source.mode) {
		case 'field': {
			const path = parsePath(source.path);
			const field = `field "${source.path}"`;
			return items.map((json) => attempt(() => normaliseKey(readPath(json, path), field)));
		}
		case 'fields': {
			const fields = source.paths.map((name) => ({ name, path: parsePath(name) }));
			const label = `the hash of ${source.paths.map((name) => `"${name}"`).join(', ')}`;
			return items.map((json) => attempt(() => normaliseKey(hashKey(json, fields), label)));
		}
		case 'value':
			return items.map((_json, index) => attempt(() => normaliseKey(source.value(index), source.label)));
	}
}

/** Runs `operation` on the valid keys only (scoped), and puts its answers back in item order next to the errors. */
async function onValidKeys<T>(
	keys: readonly ItemKey[],
	scope: string,
	operation: (scoped: string[], indexes: number[]) => Promise<Array<T | ItemKeyError>>,
): Promise<Array<T | ItemKeyError>> {
	const scoped: string[] = [];
	const indexes: number[] = [];
	keys.forEach((key, index) => {
		if (typeof key === 'string') {
			scoped.push(`${scope}:${key}`);
			indexes.push(index);
		}
	});
	const answers = scoped.length > 0 ? await operation(scoped, indexes) : [];
	const merged = keys.slice() as Array<T | ItemKeyError>;
	indexes.forEach((index, position) => (merged[index] = answers[position]));
	return merged;
}

/**
 * Check & Claim: the first item with a key claims it (new); a repeat of a live key is a duplicate, or a conflict
 * when both fingerprints are known and differ.
 */
export function checkAndClaim(
	store: IdempotencyStore,
	keys: readonly ItemKey[],
	fingerprints: ReadonlyArray<string | undefined> | undefined,
	policy: GuardPolicy,
): Promise<Array<ClaimedItem | ItemKeyError>> {
	return onValidKeys(keys, policy.scope, async (scoped, indexes) => {
		const requests = scoped.map((key, position) => ({ key, fingerprint: fingerprints?.[indexes[position]] }));
		const claims = await store.claim(requests, { leaseMs: policy.leaseMs, ttlMs: policy.ttlMs });
		return claims.map(({ outcome, record }, position) => ({ key: keys[indexes[position]] as string, outcome, record }));
	});
}

/** The JSON text of a result reference; nothing for an empty one. */
function resultText(value: unknown, label: string): string | undefined {
	if (value === undefined || value === '') return undefined;
	const text = JSON.stringify(value);
	if (text.length > MAX_RESULT_LENGTH) throw new ResultTooLargeError(label, text.length, MAX_RESULT_LENGTH);
	return text;
}

/** Complete: marks claimed keys done and stores their result reference (kept small: an id or a name). */
export function complete(
	store: IdempotencyStore,
	keys: readonly ItemKey[],
	results: { value: (index: number) => unknown; label: string } | undefined,
	policy: GuardPolicy,
): Promise<Array<CompletedItem | ItemKeyError>> {
	return onValidKeys(keys, policy.scope, async (scoped, indexes) => {
		const requests: Array<{ key: string; result?: string }> = [];
		const rejected = new Map<number, ItemKeyError>();
		scoped.forEach((key, position) => {
			const text = results && attempt(() => resultText(results.value(indexes[position]), results.label));
			if (text instanceof ItemKeyError) rejected.set(position, text);
			else requests.push({ key, result: text });
		});
		const done = await store.complete(requests, policy.ttlMs);
		let next = 0;
		return scoped.map((_scopedKey, position) => {
			const failure = rejected.get(position);
			if (failure) return failure;
			const { previous, record } = done[next++];
			const key = keys[indexes[position]] as string;
			if (previous === 'absent' || !record) return new ClaimNotFoundError(key, policy.scope);
			return { key, previous, record };
		});
	});
}

/** Release: frees in-progress keys so that a retry runs again; completed keys only with `force`. */
export function release(
	store: IdempotencyStore,
	keys: readonly ItemKey[],
	scope: string,
	force: boolean,
): Promise<Array<ReleasedItem | ItemKeyError>> {
	return onValidKeys(keys, scope, async (scoped, indexes) => {
		const released = await store.release(scoped, { force });
		return released.map(({ previous, released: freed }, position) => ({
			key: keys[indexes[position]] as string,
			previous,
			released: freed,
		}));
	});
}
