import type { IDataObject, INode, INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { nodeError } from '../shared/n8n/errors';
import type { ItemKeyError } from './errors';
import type { ClaimedItem, CompletedItem, ReleasedItem } from './guard';

/** The field added to every output item. */
export const STATE_FIELD = '_idempotency';

const isoCache = new Map<number, string>();

/** ISO date of an epoch time; the records of one batch mostly share a few times (lease end, expiry), so they are kept. */
function iso(ms: number): string {
	let text = isoCache.get(ms);
	if (text === undefined) {
		if (isoCache.size >= 64) isoCache.clear();
		text = new Date(ms).toISOString();
		isoCache.set(ms, text);
	}
	return text;
}

/**
 * The input item with the guard's state added, as a new item: its json is a shallow copy, so the input item, which
 * other branches of the workflow may also read, is left as it was.
 */
export function withState(item: INodeExecutionData, index: number, state: IDataObject): INodeExecutionData {
	const output: INodeExecutionData = { json: { ...item.json, [STATE_FIELD]: state }, pairedItem: { item: index } };
	if (item.binary) output.binary = item.binary;
	return output;
}

/**
 * The input item as it came in, without copying its json (as n8n's Filter and Remove Duplicates pass items on). Only
 * the item wrapper is new, for its pairedItem.
 */
export function passOn(item: INodeExecutionData, index: number): INodeExecutionData {
	const output: INodeExecutionData = { json: item.json, pairedItem: { item: index } };
	if (item.binary) output.binary = item.binary;
	return output;
}

export function claimState(scope: string, claimed: ClaimedItem, fingerprint: string | undefined): IDataObject {
	const { record } = claimed;
	const state: IDataObject = { key: claimed.key, scope, outcome: claimed.outcome, status: record.status };
	if (record.status === 'in_progress') state.leaseExpiresAt = iso(record.leaseExpiresAt);
	state.expiresAt = iso(record.expiresAt);
	if (claimed.outcome === 'conflict') {
		state.fingerprint = fingerprint;
		state.storedFingerprint = record.fingerprint;
	} else if (record.fingerprint !== undefined) {
		state.fingerprint = record.fingerprint;
	}
	if (record.result !== undefined) state.result = JSON.parse(record.result) as IDataObject;
	return state;
}

export function completeState(scope: string, completed: CompletedItem): IDataObject {
	const { record } = completed;
	const state: IDataObject = {
		key: completed.key,
		scope,
		status: record.status,
		previousStatus: completed.previous,
		expiresAt: iso(record.expiresAt),
	};
	if (record.result !== undefined) state.result = JSON.parse(record.result) as IDataObject;
	return state;
}

export function releaseState(scope: string, released: ReleasedItem): IDataObject {
	return { key: released.key, scope, released: released.released, previousStatus: released.previous };
}

export function itemError(node: INode, error: ItemKeyError, index: number): NodeOperationError {
	return nodeError(node, error.message, { itemIndex: index, description: `Item ${index}: ${error.field}` });
}

/** An item that failed, for "continue on fail": n8n moves it to the error output when the node has one. */
export function failedItem(item: INodeExecutionData, index: number, error: NodeOperationError): INodeExecutionData {
	return { json: { ...item.json, error: error.message }, error, pairedItem: { item: index } };
}
