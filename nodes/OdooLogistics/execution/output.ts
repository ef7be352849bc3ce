import type { IDataObject, INode, INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { describeError, nodeError } from '../../shared/n8n/errors';
import { Failure, Outcomes } from '../batch/outcomes';

/** The error of one item: its message names the item, its description gives the hint and, if given, what was written. */
function itemError(node: INode, failure: Failure, ledger?: string): NodeOperationError {
	const { message, hint } = describeError(failure.error);
	const description = [hint, failure.note, ledger].filter(Boolean).join('\n\n');
	return nodeError(node, `${message} [item ${failure.index}]`, { itemIndex: failure.index, description: description || undefined });
}

/**
 * The node's output: each input item's results in input order, each with its `pairedItem`. A failed item is an error
 * item with Continue On Fail; otherwise the first failure is thrown (for a writing operation, with what was written).
 */
export function toExecutionData(node: INode, outcomes: Outcomes, options: { continueOnFail: boolean; writes: boolean }): INodeExecutionData[] {
	const failure = outcomes.firstFailure();
	if (failure && !options.continueOnFail) throw itemError(node, failure, options.writes ? outcomes.ledger() : undefined);
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < outcomes.size; index += 1) {
		const outcome = outcomes.get(index);
		if (outcome?.status === 'done') {
			const pairedItem = outcome.pairedItems ? outcome.pairedItems.map((item) => ({ item })) : { item: index };
			for (const json of outcome.json) output.push({ json: json as IDataObject, pairedItem });
		} else if (outcome?.status === 'failed') {
			const error = itemError(node, { index, error: outcome.error, note: outcome.note });
			output.push({
				json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
				error,
				pairedItem: { item: index },
			});
		}
	}
	return output;
}
