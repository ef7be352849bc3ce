import { OdooError, OdooTransientError } from './errors';

export interface RetryPolicy {
	/** Attempts in all, the first one included. */
	maxAttempts: number;
	/** No new attempt starts when the time spent plus the next delay would exceed this. */
	maxTotalMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	maxTotalMs: 30_000,
	baseDelayMs: 250,
	maxDelayMs: 8_000,
};

export interface RetryClock {
	sleep: (ms: number) => Promise<void>;
	now: () => number;
	random: () => number;
}

export const SYSTEM_CLOCK: RetryClock = {
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
	now: () => Date.now(),
	random: Math.random,
};

/** Odoo method names that only read: repeating them is always safe. */
const READ_METHODS = new Set([
	'search_read',
	'read',
	'search',
	'search_count',
	'fields_get',
	'name_search',
	'name_get',
	'default_get',
	'context_get',
	'read_group',
	'formatted_read_group',
	'web_search_read',
	'web_read',
	'check_access_rights',
	'has_group',
]);

export function isReadMethod(method: string): boolean {
	return READ_METHODS.has(method);
}

/**
 * Runs `attempt` until it succeeds, with exponential backoff and full jitter. Only retryable errors (transient
 * transport failures, lock conflicts) are retried, and only when `safeToRepeat`: a write that may have run is never
 * sent twice unless the caller said it is idempotent.
 */
export async function withRetry<T>(
	attempt: () => Promise<T>,
	options: { safeToRepeat: boolean; policy: RetryPolicy; clock: RetryClock },
): Promise<T> {
	const { policy, clock } = options;
	const start = clock.now();
	for (let attemptNumber = 1; ; attemptNumber += 1) {
		try {
			return await attempt();
		} catch (error) {
			if (error instanceof OdooError) error.attempts = attemptNumber;
			const delay = nextDelay(error, attemptNumber, policy, clock);
			const retry =
				options.safeToRepeat &&
				error instanceof OdooError &&
				error.retryable &&
				attemptNumber < policy.maxAttempts &&
				clock.now() - start + delay <= policy.maxTotalMs;
			if (!retry) throw error;
			await clock.sleep(delay);
		}
	}
}

function nextDelay(error: unknown, attemptNumber: number, policy: RetryPolicy, clock: RetryClock): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
	const jittered = Math.floor(clock.random() * ceiling);
	const asked = error instanceof OdooTransientError ? (error.retryAfterMs ?? 0) : 0;
	return Math.max(jittered, asked);
}
