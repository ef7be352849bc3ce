import { Domain, OdooMissingRecordError, OdooRecord, OdooServerError } from '../../shared/odoo';
import type { OdooSession } from '../transport/session';
import { Outcomes } from './outcomes';
import { ItemRequest, runBatches, runEach, stableKey } from './runner';

export type Context = Record<string, unknown>;

interface ModelRequest extends ItemRequest {
	model: string;
	context?: Context;
}

export interface ReadRequest extends ModelRequest {
	id: number;
	fields: string[];
}

export interface SearchRequest extends ModelRequest {
	domain: Domain;
	fields: string[];
	order?: string;
	offset?: number;
	/** At most this many records; with `all`, every match (read page by page). */
	limit?: number;
	all?: boolean;
}

export interface CreateRequest extends ModelRequest {
	vals: Record<string, unknown>;
}

export interface WriteRequest extends ModelRequest {
	id: number;
	vals: Record<string, unknown>;
}

export interface RecordRequest extends ModelRequest {
	id: number;
}

export interface CallRequest extends ModelRequest {
	method: string;
	/** Null for a method of the model (no records). */
	ids: number[] | null;
	/** Positional arguments after the ids. */
	args?: unknown[];
	kwargs: Record<string, unknown>;
}

/** Results by item index. */
export type ItemResults<T> = Map<number, T>;

function setAll<T>(results: ItemResults<T>, request: ItemRequest, value: T): void {
	for (const index of request.indices) results.set(index, value);
}

export function notFound(model: string, id: number, method = 'read'): OdooMissingRecordError {
	return new OdooMissingRecordError({
		odooName: 'odoo.exceptions.MissingError',
		odooMessage: `${model} ${id} does not exist, or a record rule hides it from this user`,
		model,
		method,
		hint: 'Check the record id, and that the user of the credential can see the record.',
	});
}

/**
 * Sends the requests in batches of the same key (`sameCall`), a few at a time, splitting a refused batch to find the
 * requests at fault (only for calls that change nothing when Odoo refuses them). `send` answers with a result for each
 * request of its batch, in order; undefined for a request it has failed itself.
 */
async function sendBatches<R extends ModelRequest, T>(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly R[],
	sameCall: (request: R) => unknown[],
	send: (batch: R[]) => Promise<ReadonlyArray<T | undefined>>,
): Promise<ItemResults<T>> {
	const results: ItemResults<T> = new Map();
	await runBatches(requests, { key: (r) => stableKey(sameCall(r)), batching: session.batching, isolate: true }, outcomes, async (batch) => {
		const answers = await send(batch);
		batch.forEach((request, position) => {
			const answer = answers[position];
			if (answer !== undefined) setAll(results, request, answer);
		});
	});
	return results;
}

/** Reads records by id: one `read` per model, field list and batch. A missing id is its item's error. */
export function readRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly ReadRequest[],
): Promise<ItemResults<OdooRecord>> {
	return sendBatches(session, outcomes, requests, (r) => [r.model, r.fields, r.context], async (batch) => {
		const { model, fields, context } = batch[0];
		const ids = [...new Set(batch.map((request) => request.id))];
		const records = new Map((await session.client.read(model, ids, fields, { context })).map((record) => [record.id, record]));
		return batch.map((request) => {
			const record = records.get(request.id);
			if (!record) outcomes.failAll(request.indices, notFound(model, request.id));
			return record;
		});
	});
}

/** Runs each distinct query once, a few at a time; items asking the same thing share the answer. */
async function runQueries<R extends ModelRequest, T>(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly R[],
	key: (request: R) => string,
	query: (request: R) => Promise<T>,
): Promise<ItemResults<T>> {
	const units = new Map<string, R & ItemRequest>();
	for (const request of requests) {
		const unitKey = key(request);
		const unit = units.get(unitKey);
		units.set(unitKey, unit ? { ...unit, indices: [...unit.indices, ...request.indices] } : request);
	}
	const results: ItemResults<T> = new Map();
	await runEach([...units.values()], session.batching.concurrency, outcomes, async (unit) => {
		setAll(results, unit, await query(unit));
	});
	return results;
}

/** `search_read` for each distinct query, page by page for "return all". */
export function searchRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly SearchRequest[],
): Promise<ItemResults<OdooRecord[]>> {
	return runQueries(
		session,
		outcomes,
		requests,
		(r) => stableKey([r.model, r.domain, r.fields, r.order, r.offset, r.limit, r.all, r.context]),
		(r) =>
			session.client.searchRead(r.model, r.domain, {
				fields: r.fields,
				order: r.order,
				offset: r.offset,
				limit: r.limit,
				all: r.all,
				pageSize: session.batching.batchSize,
				context: r.context,
			}),
	);
}

export function countRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: ReadonlyArray<ModelRequest & { domain: Domain }>,
): Promise<ItemResults<number>> {
	return runQueries(
		session,
		outcomes,
		requests,
		(r) => stableKey([r.model, r.domain, r.context]),
		(r) => session.client.searchCount(r.model, r.domain, { context: r.context }),
	);
}

/**
 * Creates records: one `create` with a list of values per model and batch. Odoo creates all of a batch or none, so a
 * refused batch is split to find the items at fault.
 */
export function createRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly CreateRequest[],
): Promise<ItemResults<number>> {
	return sendBatches(session, outcomes, requests, (r) => [r.model, r.context], async (batch) => {
		const { model, context } = batch[0];
		const ids = await session.client.create(
			model,
			batch.map((request) => request.vals),
			{ context },
		);
		if (ids.length !== batch.length) {
			throw new OdooServerError({
				odooName: 'client.unexpectedResult',
				odooMessage: `Odoo returned ${ids.length} ids for ${batch.length} new records`,
				model,
				method: 'create',
			});
		}
		return ids;
	});
}

/** Items writing the same record are merged in item order (a later value wins), as if written one after the other. */
function mergeByRecord(requests: readonly WriteRequest[]): WriteRequest[] {
	const merged = new Map<string, WriteRequest>();
	for (const request of requests) {
		const key = stableKey([request.model, request.id, request.context]);
		const previous = merged.get(key);
		merged.set(
			key,
			previous
				? { ...previous, indices: [...previous.indices, ...request.indices], vals: { ...previous.vals, ...request.vals } }
				: request,
		);
	}
	return [...merged.values()];
}

const allDone = (batch: readonly unknown[]): true[] => batch.map(() => true);

/**
 * Writes records: items with the same values share one `write` per batch of ids; different values go in separate
 * calls, a few at a time. Writing absolute values can be repeated safely, so a refused batch is split to find the
 * records at fault.
 */
export function writeRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly WriteRequest[],
): Promise<ItemResults<true>> {
	return sendBatches(session, outcomes, mergeByRecord(requests), (r) => [r.model, r.vals, r.context], async (batch) => {
		const { model, vals, context } = batch[0];
		await session.client.write(
			model,
			batch.map((request) => request.id),
			vals,
			{ context, idempotent: true },
		);
		return allDone(batch);
	});
}

export function unlinkRecords(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly RecordRequest[],
): Promise<ItemResults<true>> {
	return sendBatches(session, outcomes, requests, (r) => [r.model, r.context], async (batch) => {
		const { model, context } = batch[0];
		await session.client.unlink(model, [...new Set(batch.map((request) => request.id))], { context });
		return allDone(batch);
	});
}

/**
 * Calls a method. With `combine`, items calling the same method with the same arguments share one call on all their
 * records (per batch); `isolate` then splits a refused call, which is only right for methods whose failed call changes
 * nothing. Without `combine`, each item makes its own call.
 */
export async function callMethod(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly CallRequest[],
	options: { combine: boolean; isolate: boolean },
): Promise<ItemResults<unknown>> {
	const results: ItemResults<unknown> = new Map();
	const call = async (batch: CallRequest[]) => {
		const { model, method, args, kwargs, context } = batch[0];
		const ids = batch[0].ids === null ? null : [...new Set(batch.flatMap((request) => request.ids ?? []))];
		const result = await session.client.call(model, method, ids, kwargs, { context, args });
		for (const request of batch) setAll(results, request, result);
	};
	if (!options.combine) {
		await runEach(requests, session.batching.concurrency, outcomes, (request) => call([request]));
		return results;
	}
	await runBatches(
		requests,
		{
			key: (r) => stableKey([r.model, r.method, r.ids === null, r.args, r.kwargs, r.context]),
			batching: session.batching,
			isolate: options.isolate,
		},
		outcomes,
		call,
	);
	return results;
}
