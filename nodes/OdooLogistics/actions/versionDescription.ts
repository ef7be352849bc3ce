import type { INodeProperties } from 'n8n-workflow';

import type { ResourceDefinition } from './operation';
import { RESOURCES } from './resources';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function operationProperty(resource: ResourceDefinition): INodeProperties {
	const options = Object.entries(resource.operations)
		.map(([value, { name, action, description }]) => ({ name, value, action, description }))
		.sort(byName);
	// The default is the resource's first operation, which the rule cannot see in a computed value.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options,
		default: Object.keys(resource.operations)[0],
	};
}

/** Resource, then each resource's operations and each operation's parameters. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value, description }) => ({ name, value, description })).sort(byName),
		default: 'record',
	},
	...RESOURCES.map(operationProperty),
	...RESOURCES.flatMap((resource) => Object.values(resource.operations).flatMap(({ operation }) => operation.description)),
];
