import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { route } from './actions/route.operation';
import { voteWebhook } from './actions/vote.webhook';
import { waitForDecision } from './actions/waitForDecision.operation';
import { description } from './description';
import { processRuntime } from './runtime';

export class ApprovalRouter implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return operation === 'waitForDecision'
			? await waitForDecision.call(this, processRuntime)
			: await route.call(this, processRuntime);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await voteWebhook.call(this, processRuntime);
	}
}
