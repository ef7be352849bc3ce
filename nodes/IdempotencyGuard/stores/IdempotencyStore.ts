import type { IdempotencyRecord, IdempotencyStatus } from '../record';

export interface ClaimRequest {
	key: string;
	fingerprint?: string;
}

export interface ClaimPolicy {
	leaseMs: number;
	ttlMs: number;
}

export type ClaimOutcome = 'new' | 'duplicate' | 'conflict';

/** For `new`, the record just written; otherwise the live record that was found. */
export interface ClaimResult {
	outcome: ClaimOutcome;
	record: IdempotencyRecord;
}

export interface CompleteRequest {
	key: string;
	/** JSON text of the result reference. */
	result?: string;
}

/** `record` is the completed record; absent when there was no claim (`previous: 'absent'`). */
export interface CompleteResult {
	previous: IdempotencyStatus | 'absent';
	record?: IdempotencyRecord;
}

export interface ReleaseResult {
	previous: IdempotencyStatus | 'absent';
	released: boolean;
}

/**
 * A persistence layer for idempotency records. Every method takes a whole batch and answers in request order; a
 * request is applied after the ones before it, so a key repeated within a batch is new once and duplicate after.
 *
 * Claim rules: no live record → new (in progress, lease and TTL set); an in-progress record whose lease has expired is
 * taken over as new; a live record with another fingerprint (both set) → conflict; any other live record → duplicate.
 * Complete keeps the first result of a completed key. Release frees in-progress keys, and completed ones with `force`.
 * A store that fails throws `StoreUnavailableError` and leaves no claim of the failed call behind where it can.
 */
export interface IdempotencyStore {
	claim(requests: readonly ClaimRequest[], policy: ClaimPolicy): Promise<ClaimResult[]>;
	complete(requests: readonly CompleteRequest[], ttlMs: number): Promise<CompleteResult[]>;
	release(keys: readonly string[], options: { force: boolean }): Promise<ReleaseResult[]>;
	get(keys: readonly string[]): Promise<Array<IdempotencyRecord | undefined>>;
}
