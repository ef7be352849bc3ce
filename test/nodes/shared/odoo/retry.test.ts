import {
	DEFAULT_RETRY_POLICY,
	OdooConcurrencyError,
	OdooTransientError,
	OdooUserError,
	isReadMethod,
} from '../../../../nodes/shared/odoo';
import { RetryClock, withRetry } from '../../../../nodes/shared/odoo/retry';

/** A clock whose sleeps only move its own time forward. */
function fakeClock(random = 1): RetryClock & { sleeps: number[] } {
	let time = 0;
	const sleeps: number[] = [];
	return {
		sleeps,
		now: () => time,
		random: () => random,
		sleep: async (ms) => {
			sleeps.push(ms);
			time += ms;
		},
	};
}

const transient = (retryAfterMs?: number) =>
	new OdooTransientError({ odooName: 'http.503', odooMessage: 'HTTP 503', retryAfterMs });
const concurrency = () =>
	new OdooConcurrencyError({ odooName: 'psycopg2.errors.SerializationFailure', odooMessage: 'could not serialize' });

function failing(errors: Error[], result = 'ok') {
	let calls = 0;
	const attempt = jest.fn(async () => {
		const error = errors[calls];
		calls += 1;
		if (error) throw error;
		return result;
	});
	return attempt;
}

describe('withRetry', () => {
	it('retries transient and concurrency errors of a call that is safe to repeat', async () => {
		const clock = fakeClock();
		const attempt = failing([transient(), concurrency()]);
		await expect(withRetry(attempt, { safeToRepeat: true, policy: DEFAULT_RETRY_POLICY, clock })).resolves.toBe('ok');
		expect(attempt).toHaveBeenCalledTimes(3);
	});

	it('backs off exponentially with full jitter, capped by the maximum delay', async () => {
		const clock = fakeClock(0.5);
		const policy = { maxAttempts: 6, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 500 };
		const attempt = failing([transient(), transient(), transient(), transient(), transient()]);
		await withRetry(attempt, { safeToRepeat: true, policy, clock });
		expect(clock.sleeps).toEqual([50, 100, 200, 250, 250]);
		const low = fakeClock(0);
		await withRetry(failing([transient()]), { safeToRepeat: true, policy, clock: low });
		expect(low.sleeps).toEqual([0]);
	});

	it('never retries a call that is not safe to repeat', async () => {
		const attempt = failing([transient()]);
		const error = await withRetry(attempt, { safeToRepeat: false, policy: DEFAULT_RETRY_POLICY, clock: fakeClock() }).catch(
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(OdooTransientError);
		expect(attempt).toHaveBeenCalledTimes(1);
	});

	it('never retries errors that are not retryable', async () => {
		const attempt = failing([new OdooUserError({ odooName: 'odoo.exceptions.UserError', odooMessage: 'no' })]);
		await expect(withRetry(attempt, { safeToRepeat: true, policy: DEFAULT_RETRY_POLICY, clock: fakeClock() })).rejects.toBeInstanceOf(
			OdooUserError,
		);
		expect(attempt).toHaveBeenCalledTimes(1);
	});

	it('stops after the maximum number of attempts and says how many were made', async () => {
		const clock = fakeClock();
		const attempt = failing(Array.from({ length: 10 }, () => transient()));
		const error = (await withRetry(attempt, { safeToRepeat: true, policy: DEFAULT_RETRY_POLICY, clock }).catch(
			(caught: unknown) => caught,
		)) as OdooTransientError;
		expect(attempt).toHaveBeenCalledTimes(4);
		expect(error.attempts).toBe(4);
		expect(clock.sleeps).toHaveLength(3);
	});

	it('stops when the total time would exceed its bound', async () => {
		const clock = fakeClock();
		const policy = { maxAttempts: 100, maxTotalMs: 1_000, baseDelayMs: 200, maxDelayMs: 10_000 };
		const attempt = failing(Array.from({ length: 100 }, () => transient()));
		await expect(withRetry(attempt, { safeToRepeat: true, policy, clock })).rejects.toBeInstanceOf(OdooTransientError);
		// Delays 200 + 400 = 600 ms; the next (800 ms) would end past 1 s.
		expect(clock.sleeps).toEqual([200, 400]);
		expect(attempt).toHaveBeenCalledTimes(3);
		expect(clock.now()).toBeLessThanOrEqual(policy.maxTotalMs);
	});

	it("waits at least as long as the server's Retry-After", async () => {
		const clock = fakeClock(0);
		await withRetry(failing([transient(3_000)]), { safeToRepeat: true, policy: DEFAULT_RETRY_POLICY, clock });
		expect(clock.sleeps).toEqual([3_000]);
	});
});

describe('isReadMethod', () => {
	it('knows the reading ORM methods and nothing else', () => {
		for (const method of ['search_read', 'read', 'search', 'search_count', 'fields_get', 'name_search']) {
			expect(isReadMethod(method)).toBe(true);
		}
		for (const method of ['create', 'write', 'unlink', 'action_confirm', 'button_validate', 'message_post']) {
			expect(isReadMethod(method)).toBe(false);
		}
	});
});
