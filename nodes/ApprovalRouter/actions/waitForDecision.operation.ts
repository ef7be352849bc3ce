import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type ITaskMetadata,
	NodeOperationError,
} from 'n8n-workflow';

import { deriveExecutionKey } from '../links';
import { ballotSpec, readRecord, type ReceivedRecord, RecordError } from '../record';
import { deadlineResolution, type Resolution, resolveBallot, unvotableResolution, withResolution } from '../resolution';
import type { ApprovalRuntime } from '../runtime';
import type { BallotEntry, OutputLayout } from '../voteStore';
import { ballotKey } from '../voting';
import { isFinal, openBallot } from '../votes';
import { decisionOutputs, emptyOutputs } from './outputs';

function resolvedOutputs(layout: OutputLayout, request: IDataObject, resolution: Resolution): INodeExecutionData[][] {
	const item = { json: withResolution(request, resolution) as IDataObject, pairedItem: { item: 0 } };
	return decisionOutputs(layout, resolution.status, item);
}

/** The outputs of a ballot that is already closed. */
export function closedOutputs(entry: BallotEntry): INodeExecutionData[][] {
	return resolvedOutputs(entry.layout, entry.request as IDataObject, resolveBallot(entry.ballot, entry.escalateTo));
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

function readApprovalRecord(context: IExecuteFunctions, key: Buffer): ReceivedRecord {
	try {
		return readRecord(context.getNodeParameter('approvalRecord', 0), key);
	} catch (error) {
		if (!(error instanceof RecordError)) throw error;
		throw new NodeOperationError(context.getNode(), error.message, { itemIndex: 0 });
	}
}

export async function waitForDecision(this: IExecuteFunctions, runtime: ApprovalRuntime): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const layout = this.getNodeParameter('decisionOutputs', 0, 'single') as OutputLayout;
	if (items.length !== 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Wait for Decision puts one approval request to the vote per execution, but it received ${items.length} items`,
			{
				description:
					'Run it once per request: in a sub-workflow called by Execute Workflow ("Run once for each item"), ' +
					'or inside Loop Over Items with a batch size of 1.',
			},
		);
	}
	const executionId = this.getExecutionId();
	const record = readApprovalRecord(this, deriveExecutionKey(runtime.masterKey, executionId));
	if (record.outcome !== 'needs_approval') {
		throw new NodeOperationError(
			this.getNode(),
			`The approval record's outcome is ${record.outcome}: only Needs Approval items are put to a vote`,
			{ itemIndex: 0 },
		);
	}
	const now = Date.now();
	const request: IDataObject = { ...items[0].json, approval: record };
	if (!record.required) return resolvedOutputs(layout, request, unvotableResolution(record.decisionId, now));
	const spec = ballotSpec(record, record.required);
	const entry: BallotEntry = {
		ballot: openBallot(spec, now, record.required.problems),
		request,
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

	const deadline = deadlineResolution(record.decisionId, spec.deadline, record.required.escalateTo);
	prepareDeadline(this, resolvedOutputs(layout, request, deadline));
	await this.putExecutionToWait(new Date(spec.deadline));
	return emptyOutputs(layout);
}
