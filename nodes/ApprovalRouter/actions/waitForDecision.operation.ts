import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type ITaskMetadata,
	NodeOperationError,
} from 'n8n-workflow';

import { deriveExecutionKey } from '../links';
import { ballotSpec, readRecord, RecordError } from '../record';
import { deadlineResolution, resolveBallot, withResolution } from '../resolution';
import type { ApprovalRuntime } from '../runtime';
import type { BallotEntry, OutputLayout } from '../voteStore';
import { ballotKey } from '../voting';
import { isFinal, openBallot } from '../votes';
import { decisionOutputs, emptyOutputs } from './outputs';

/** The outputs of a ballot that is already closed. */
export function closedOutputs(entry: BallotEntry): INodeExecutionData[][] {
	const resolution = resolveBallot(entry.ballot, entry.escalateTo);
	const item = { json: withResolution(entry.request, resolution) as IDataObject, pairedItem: { item: 0 } };
	return decisionOutputs(entry.layout, resolution.status, item);
}

/**
 * When the deadline passes, n8n resumes the execution without calling this node again: the waiting node passes on
 * the data of its stack entry. Replacing that data with the escalation makes the timeout leave on Escalated. n8n 2.x
 * honours `forwardAllOutputs` for it; n8n 1.x passes on the first output only (hence the One Output layout).
 */
function prepareDeadline(context: IExecuteFunctions, outputs: INodeExecutionData[][]): void {
	const executeData = context.getExecuteData();
	const metadata: ITaskMetadata & { forwardAllOutputs?: boolean } = { ...executeData.metadata, forwardAllOutputs: true };
	executeData.data = { main: outputs };
	executeData.metadata = metadata;
}

export async function waitForDecision(this: IExecuteFunctions, runtime: ApprovalRuntime): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const layout = this.getNodeParameter('decisionOutputs', 0, 'split') as OutputLayout;
	if (items.length !== 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Wait for Decision puts one approval request to the vote per execution, but it received ${items.length} items`,
			{
				description:
					'Run it once per request: in a sub-workflow called by Execute Workflow ("Run once for each item"), or inside Loop Over Items with a batch size of 1.',
			},
		);
	}
	const executionId = this.getExecutionId();
	const key = deriveExecutionKey(runtime.masterKey, executionId);
	let record;
	try {
		record = readRecord(this.getNodeParameter('approvalRecord', 0), key);
	} catch (error) {
		if (!(error instanceof RecordError)) throw error;
		throw new NodeOperationError(this.getNode(), error.message, { itemIndex: 0 });
	}
	if (record.outcome !== 'needs_approval' || !record.required) {
		throw new NodeOperationError(
			this.getNode(),
			`The approval record's outcome is ${record.outcome}: only Needs Approval items are put to a vote`,
			{ itemIndex: 0 },
		);
	}
	const now = Date.now();
	const spec = ballotSpec(record, record.required);
	const entry: BallotEntry = {
		ballot: openBallot(spec, now, record.required.problems),
		request: { ...items[0].json, approval: record },
		summary: record.summary,
		escalateTo: record.required.escalateTo,
		layout,
	};
	if (isFinal(entry.ballot)) return closedOutputs(entry);

	const storeKey = ballotKey(executionId, record.decisionId);
	const expiresAt = spec.deadline + runtime.retentionMs;
	if (!(await runtime.store.create(storeKey, entry, expiresAt))) {
		const existing = await runtime.store.get(storeKey);
		if (existing && isFinal(existing.value.ballot)) return closedOutputs(existing.value);
	}

	const timeout = deadlineResolution(record.decisionId, spec.deadline, record.required.escalateTo);
	const escalated = { json: withResolution(entry.request, timeout) as IDataObject, pairedItem: { item: 0 } };
	prepareDeadline(this, decisionOutputs(layout, 'escalated', escalated));
	await this.putExecutionToWait(new Date(spec.deadline));
	return emptyOutputs(layout);
}
