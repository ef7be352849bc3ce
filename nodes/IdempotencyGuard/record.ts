export type IdempotencyStatus = 'in_progress' | 'completed';

/**
 * The state of one key in a store. Times are epoch milliseconds. `fingerprint` is the 16-hex-digit hash made by
 * `fingerprintOf`; `result` is the JSON text of the result reference stored by Complete.
 */
export interface IdempotencyRecord {
	key: string;
	status: IdempotencyStatus;
	fingerprint?: string;
	/** When an in-progress claim may be taken over; 0 once completed. */
	leaseExpiresAt: number;
	expiresAt: number;
	result?: string;
}
