import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { Outcomes } from '../batch/outcomes';
import type { Batching } from '../batch/runner';
import { nodeError, toNodeError } from '../../shared/n8n/errors';
import { toExecutionData } from '../execution/output';
import { openSession } from '../transport/session';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from './common/descriptions';
import { RESOURCES } from './resources';

function positiveWhole(fn: IExecuteFunctions, name: string, label: string, fallback: number): number {
	const value = fn.getNodeParameter(`options.${name}`, 0, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(fn.getNode(), `The option "${label}" must be a whole number of at least 1`);
	}
	return value;
}

/** Batching applies to the whole execution, so it is read once. */
function readBatching(fn: IExecuteFunctions): Batching {
	return {
		batchSize: positiveWhole(fn, 'batchSize', 'Batch Size', DEFAULT_BATCH_SIZE),
		concurrency: positiveWhole(fn, 'concurrency', 'Max Parallel Calls', DEFAULT_CONCURRENCY),
	};
}

/** Runs the chosen operation on all the input items at once, then turns each item's outcome into output. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = RESOURCES.find((entry) => entry.value === resource)?.operations[operationName]?.operation;
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of the resource "${resource}" is not supported`);
	}
	const continueOnFail = this.continueOnFail();
	const outcomes = new Outcomes(items.length, !continueOnFail);
	const session = await openSession(this, readBatching(this));
	try {
		await operation.execute.call(this, items, session, outcomes);
	} catch (error) {
		const { message, description } = toNodeError(this.getNode(), error);
		throw nodeError(this.getNode(), message, {
			description: [description, operation.writes ? outcomes.ledger() : undefined].filter(Boolean).join('\n\n') || undefined,
		});
	} finally {
		session.client.close();
	}
	return [toExecutionData(this.getNode(), outcomes, { continueOnFail, writes: operation.writes })];
}
