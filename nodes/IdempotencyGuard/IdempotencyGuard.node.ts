import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { properties } from './description';
import { executeGuard } from './execute';
import { odooLogisticsRedisConnectionTest, REDIS_CREDENTIAL } from './redisCredential';

const CLAIM_OUTPUTS = '[{ type: "main", displayName: "New" }, { type: "main", displayName: "Duplicate" }, { type: "main", displayName: "Conflict" }]';

export class IdempotencyGuard implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Idempotency Guard',
		name: 'idempotencyGuard',
		icon: 'file:idempotencyGuard.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ { checkAndClaim: "Check & Claim", complete: "Complete", release: "Release" }[$parameter.operation] }}',
		description: 'Let each event through once: claim its key, route repeats, and mark the work complete or release it',
		defaults: { name: 'Idempotency Guard' },
		usableAsTool: true,
		// n8n's current rules want the NodeConnectionTypes constant; this older plugin still asks for the 'main' literal.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.operation === "complete" || $parameter.operation === "release" ? [{ type: "main" }] : ${CLAIM_OUTPUTS} }}`,
		credentials: [
			{
				name: REDIS_CREDENTIAL,
				required: true,
				testedBy: 'odooLogisticsRedisConnectionTest',
				displayOptions: { show: { store: ['redis'] } },
			},
		],
		properties,
	};

	methods = { credentialTest: { odooLogisticsRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeGuard.call(this);
	}
}
