import {
	OdooAccessError,
	OdooBadValueError,
	OdooConcurrencyError,
	OdooMissingRecordError,
	OdooServerError,
	OdooUserError,
	OdooValidationError,
	OdooWizardError,
} from '../../shared/odoo';
import { Outcomes } from './outcomes';

export interface Batching {
	/** Records per call. */
	batchSize: number;
	/** Calls in flight at once. */
	concurrency: number;
}

/** A unit of work for one or several input items (several when they target the same record). */
export interface ItemRequest {
	indices: number[];
}

export function chunk<T>(list: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

/** The entries by key, in order of first appearance. */
export function groupBy<T, K>(list: readonly T[], key: (entry: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const entry of list) {
		const group = groups.get(key(entry));
		if (group) group.push(entry);
		else groups.set(key(entry), [entry]);
	}
	return groups;
}

/** Stable text for grouping requests by the values they send (object keys sorted). */
export function stableKey(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) =>
		item && typeof item === 'object' && !Array.isArray(item)
			? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: item,
	);
}

/** Runs `work` on every entry, at most `limit` at a time, and starts no new one once `stop()` is true. */
async function runLimited<T>(
	entries: readonly T[],
	limit: number,
	work: (entry: T) => Promise<void>,
	stop: () => boolean,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < entries.length && !stop()) {
			const entry = entries[next];
			next += 1;
			await work(entry);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, entries.length)) }, worker));
}

/**
 * Odoo refused the call because of some of the records in it: a business rule, a constraint, a missing record, a bad
 * value, a lock conflict. Odoo rolled the whole call back, so the records can be sent again in smaller groups.
 */
function dependsOnRecords(error: unknown): boolean {
	// The client's own check of an answer: Odoo did the call, sending it again would do it twice.
	if (error instanceof OdooServerError && error.odooName === 'client.unexpectedResult') return false;
	return [
		OdooUserError,
		OdooValidationError,
		OdooMissingRecordError,
		OdooBadValueError,
		OdooAccessError,
		OdooConcurrencyError,
		OdooServerError,
		OdooWizardError,
	].some((errorClass) => error instanceof errorClass);
}

export interface BatchOptions<R> {
	/** Requests with the same key can go in the same call. */
	key: (request: R) => string;
	batching: Batching;
	/** Split a refused batch to find the records at fault; only where sending them again is safe. */
	isolate: boolean;
}

/**
 * Groups the requests by key, cuts each group into batches of `batchSize` and sends each batch with `send`, a few at a
 * time. A batch that fails is split in halves and sent again (down to single requests) when `isolate` is set and Odoo
 * refused it because of its records; otherwise every item of the batch gets the error.
 */
export async function runBatches<R extends ItemRequest>(
	requests: readonly R[],
	options: BatchOptions<R>,
	outcomes: Outcomes,
	send: (batch: R[]) => Promise<void>,
): Promise<void> {
	const groups = groupBy(requests, options.key);
	const batches = [...groups.values()].flatMap((group) => chunk(group, options.batching.batchSize));
	batches.sort((a, b) => a[0].indices[0] - b[0].indices[0]);
	const attempt = async (batch: R[]): Promise<void> => {
		if (outcomes.stopped) return;
		try {
			await send(batch);
		} catch (error) {
			if (options.isolate && batch.length > 1 && dependsOnRecords(error)) {
				const middle = Math.ceil(batch.length / 2);
				await attempt(batch.slice(0, middle));
				await attempt(batch.slice(middle));
			} else {
				outcomes.failAll(
					batch.flatMap((request) => request.indices),
					error,
				);
			}
		}
	};
	await runLimited(batches, options.batching.concurrency, attempt, () => outcomes.stopped);
}

/** Runs `work` for each request on its own, a few at a time; a failure is the error of that request's items. */
export async function runEach<R extends ItemRequest>(
	requests: readonly R[],
	concurrency: number,
	outcomes: Outcomes,
	work: (request: R) => Promise<void>,
): Promise<void> {
	await runBatches(requests, { key: () => '', batching: { batchSize: 1, concurrency }, isolate: false }, outcomes, ([request]) =>
		work(request),
	);
}

/**
 * Runs `work` for each request, the requests of one key one after the other (in item order) and the keys a few at a
 * time, so that a request sees what the one before it did. Starts no new request once the operation is stopped; a
 * failure is the error of that request's items.
 */
export async function runInOrderPerKey<R extends ItemRequest, K>(
	requests: readonly R[],
	key: (request: R) => K,
	concurrency: number,
	outcomes: Outcomes,
	work: (request: R) => Promise<void>,
): Promise<void> {
	const groups = [...groupBy(requests, key).values()].map((group) => ({ indices: group.flatMap((request) => request.indices), group }));
	await runEach(groups, concurrency, outcomes, async ({ group }) => {
		for (const request of group) {
			if (outcomes.stopped) return;
			try {
				await work(request);
			} catch (error) {
				outcomes.failAll(request.indices, error);
			}
		}
	});
}
