import type { INodeExecutionData } from 'n8n-workflow';

import type { ResolutionStatus } from '../resolution';
import type { OutputLayout } from '../voteStore';

const SPLIT_INDEX: Record<ResolutionStatus, number> = { approved: 0, rejected: 1, escalated: 2 };

/** The outputs of Wait for Decision holding `item` on the output of its decision. */
export function decisionOutputs(
	layout: OutputLayout,
	status: ResolutionStatus,
	item: INodeExecutionData,
): INodeExecutionData[][] {
	if (layout === 'single') return [[item]];
	const outputs: INodeExecutionData[][] = [[], [], []];
	outputs[SPLIT_INDEX[status]].push(item);
	return outputs;
}

export function emptyOutputs(layout: OutputLayout): INodeExecutionData[][] {
	return layout === 'single' ? [[]] : [[], [], []];
}
