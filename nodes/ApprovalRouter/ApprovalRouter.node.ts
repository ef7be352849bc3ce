import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { route } from './actions/route.operation';
import { voteWebhook } from './actions/vote.webhook';
import { waitForDecision } from './actions/waitForDecision.operation';
import { outputs, properties, webhooks } from './description';
import { processRuntime } from './runtime';

export class ApprovalRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Approval Router',
		name: 'approvalRouter',
		icon: { light: 'file:approvalRouter.svg', dark: 'file:approvalRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "waitForDecision" ? "Wait for Decision" : "Route" }}',
		description: 'Route items through a versioned approval policy and wait for human approval with quorum and audit',
		defaults: { name: 'Approval Router' },
		usableAsTool: true,
		// n8n's current rules want the NodeConnectionTypes constant; this older plugin still asks for the 'main' literal.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		outputs,
		webhooks,
		properties,
	};

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
