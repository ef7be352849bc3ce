import {
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { odooLogisticsApiTest } from '../shared/n8n/odooCredential';
import { REDIS_CREDENTIAL, odooLogisticsRedisConnectionTest } from '../IdempotencyGuard/redisCredential';
import { CREDENTIAL_TYPE } from './connection';
import { properties } from './description';
import { webhookMethods } from './hooks';
import { pollOdoo } from './pollHandler';
import { PRESETS, PRESET_NAMES } from './presets';
import { receiveWebhook } from './webhookHandler';

const WEBHOOK_DELIVERY = '["webhook", "hybrid"].includes($parameter.delivery)';
const EVENT_NAMES = JSON.stringify({ ...Object.fromEntries(PRESET_NAMES.map((name) => [name, PRESETS[name].name])), custom: 'Custom' });

/**
 * One node for the three deliveries. It polls (n8n adds Poll Times) and it has a webhook; the webhook's method is
 * empty in Polling delivery, and n8n registers no webhook without a method.
 */
export class OdooLogisticsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Logistics Trigger',
		name: 'odooLogisticsTrigger',
		icon: 'file:odooLogisticsTrigger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ({ webhook: "Webhook", polling: "Polling", hybrid: "Hybrid" })[$parameter.delivery || "polling"] + ": " + (${EVENT_NAMES})[$parameter.event || "saleOrderConfirmed"] }}`,
		description: 'Starts the workflow when a logistics event happens in Odoo: by webhook (Odoo 17+), by polling, or both',
		eventTriggerDescription: 'Waiting for a change in Odoo',
		activationMessage: 'The trigger is active: Odoo changes now start this workflow.',
		defaults: { name: 'Odoo Logistics Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [
			{ name: CREDENTIAL_TYPE, required: true, testedBy: 'odooLogisticsApiTest' },
			{
				name: REDIS_CREDENTIAL,
				required: true,
				testedBy: 'odooLogisticsRedisConnectionTest',
				displayOptions: { show: { redelivery: ['redis'], delivery: ['polling', 'hybrid'] } },
			},
		],
		polling: true,
		webhooks: [
			{
				name: 'default',
				httpMethod: `={{ ${WEBHOOK_DELIVERY} ? "POST" : "" }}`,
				responseMode: 'onReceived',
				path: 'odoo',
				ndvHideUrl: `={{ !${WEBHOOK_DELIVERY} }}`,
				ndvHideMethod: true,
			},
		],
		properties,
	};

	methods = { credentialTest: { odooLogisticsApiTest, odooLogisticsRedisConnectionTest } };

	webhookMethods = { default: webhookMethods };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveWebhook.call(this);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollOdoo.call(this);
	}
}
