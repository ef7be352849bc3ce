/** Workflows of the Approval Router node tests, run through n8n's execution engine. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { ApprovalRouter } from '../../../../nodes/ApprovalRouter/ApprovalRouter.node';
import { type HarnessNode, runWorkflow } from '../../../helpers/n8n';
import { shipmentPolicy } from './policies';

export const ROUTE = 'Route';

export interface RouteOptions {
	/** The policy (default: the shipment policy). */
	policy?: IDataObject;
	/** More Route parameters, over the defaults. */
	parameters?: IDataObject;
	/** Credential types the Route node uses. */
	credentials?: string[];
}

/** The Route node: the policy as JSON, the requester read from `requested_by`. */
export function routeNode(options: RouteOptions = {}): HarnessNode {
	return {
		name: ROUTE,
		type: 'approvalRouter',
		parameters: {
			operation: 'route',
			policyJson: JSON.stringify(options.policy ?? shipmentPolicy()),
			requesterField: 'requested_by',
			...options.parameters,
		},
		credentials: options.credentials,
	};
}

/** Items → Route. */
export function route(items: IDataObject[], options: RouteOptions = {}) {
	return runWorkflow({ items, nodeTypes: { approvalRouter: new ApprovalRouter() }, chain: [routeNode(options)] });
}

/** Items → Route → (Needs Approval) → `next`, an Approval Router node. */
export function routeThen(
	items: IDataObject[],
	next: Omit<HarnessNode, 'type'>,
	options: { route?: RouteOptions; credentials?: Record<string, ICredentialDataDecryptedObject> } = {},
) {
	return runWorkflow({
		items,
		nodeTypes: { approvalRouter: new ApprovalRouter() },
		nodes: [routeNode(options.route), { ...next, type: 'approvalRouter' }],
		connections: {
			Items: { main: [[{ node: ROUTE, type: 'main', index: 0 }]] },
			[ROUTE]: { main: [[], [{ node: next.name, type: 'main', index: 0 }], []] },
		},
		credentials: options.credentials,
	});
}
