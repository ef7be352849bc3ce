/**
 * Resumes an execution that the harness (test/helpers/n8n.ts) left waiting, the way n8n does it, through n8n-core's
 * own WorkflowExecute: either with the data the node's webhook returned (what n8n's waiting-webhook handler does) or
 * at the deadline (what n8n's wait tracker does). HTTP is not involved; the e2e suite covers that.
 */
import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { executeWithHooks, nodeOutput, type RunResult } from '../../../helpers/n8n';

export interface Resumed {
	run: IRun;
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
}

async function runAgain(waiting: RunResult): Promise<Resumed> {
	const additionalData = {
		variables: {},
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		instanceBaseUrl: 'http://127.0.0.1/',
		currentNodeParameters: undefined,
	};
	const run = await executeWithHooks(waiting.workflow, 'manual', additionalData, waiting.run.data);
	return { run, output: (nodeName, outputIndex = 0) => nodeOutput(run, nodeName, outputIndex, -1) };
}

/** n8n's waiting-webhook handler: the node's webhook output replaces the waiting node's data, the node is disabled. */
export async function resumeWithWebhookData(waiting: RunResult, workflowData: INodeExecutionData[][]): Promise<Resumed> {
	const data = waiting.run.data;
	const entry = data.executionData?.nodeExecutionStack[0];
	if (!entry || !waiting.run.waitTill) throw new Error('The execution is not waiting');
	entry.node.disabled = true;
	entry.data = { main: workflowData };
	data.waitTill = undefined;
	data.resultData.runData[entry.node.name].pop();
	return await runAgain(waiting);
}

/** n8n's wait tracker: the deadline passed, the execution continues from the waiting node. */
export async function resumeAtDeadline(waiting: RunResult): Promise<Resumed> {
	if (!waiting.run.data.waitTill) throw new Error('The execution is not waiting');
	return await runAgain(waiting);
}
