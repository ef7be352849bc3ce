import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { odooLogisticsRedisConnectionTest } from '../IdempotencyGuard/redisCredential';
import { toNodeError } from '../shared/n8n/errors';
import { odooLogisticsApiTest } from '../shared/n8n/odooCredential';
import { recordInOdooOperation } from './actions/recordInOdoo.operation';
import { route } from './actions/route.operation';
import { routeRuntime, waitRuntime, webhookRuntime } from './actions/settings';
import { voteWebhook } from './actions/vote.webhook';
import { waitForDecision } from './actions/waitForDecision.operation';
import { credentials, outputs, properties, webhooks } from './description';
import type { ApprovalRuntime } from './runtime';

export class ApprovalRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Approval Router',
		name: 'approvalRouter',
		icon: { light: 'file:approvalRouter.svg', dark: 'file:approvalRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"waitForDecision": "Wait for Decision", "recordInOdoo": "Record in Odoo"}[$parameter["operation"]] || "Route" }}',
		description: 'Route items through a versioned approval policy and wait for human approval with quorum and audit',
		defaults: { name: 'Approval Router' },
		usableAsTool: true,
		// n8n's current rules want the NodeConnectionTypes constant; this older plugin still asks for the 'main' literal.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		outputs,
		credentials,
		webhooks,
		properties,
	};

	methods = { credentialTest: { odooLogisticsRedisConnectionTest, odooLogisticsApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'recordInOdoo') return await recordInOdooOperation.call(this);
		const waiting = operation === 'waitForDecision';
		try {
			const runtime: ApprovalRuntime = waiting ? await waitRuntime(this) : await routeRuntime(this);
			return waiting ? await waitForDecision.call(this, runtime) : await route.call(this, runtime);
		} catch (error) {
			// Configuration and store failures (signing key, Redis) keep their message, which names what is wrong.
			if (error instanceof NodeOperationError) throw error;
			throw toNodeError(this.getNode(), error);
		}
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await voteWebhook.call(this, webhookRuntime);
	}
}
