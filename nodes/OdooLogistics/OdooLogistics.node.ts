import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { properties } from './actions/versionDescription';
import { CREDENTIAL_TYPE, odooLogisticsApiTest } from '../shared/n8n/odooCredential';
import { loadOptions, searchModels } from './methods/loadOptions';

export class OdooLogistics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Odoo Logistics',
		name: 'odooLogistics',
		icon: 'file:odooLogistics.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Sale orders, transfers, purchases, returns, and any Odoo model or method, in batches',
		defaults: { name: 'Odoo Logistics' },
		usableAsTool: true,
		// n8n's current rules want the NodeConnectionTypes constant; this older plugin still asks for the 'main' literal.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: 'odooLogisticsApiTest' }],
		properties,
	};

	methods = {
		listSearch: { searchModels },
		loadOptions,
		credentialTest: { odooLogisticsApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
