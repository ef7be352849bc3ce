import {
	countOperation,
	createOperation,
	deleteOperation,
	getOperation,
	searchOperation,
	updateOperation,
} from '../common/recordOperations';
import type { Target } from '../common/target';
import type { ResourceDefinition } from '../operation';
import { executeMethod } from './executeMethod.operation';
import { upsert } from './upsert.operation';

const target: Target = {
	resource: 'record',
	id: { name: 'recordId', label: 'Record ID', description: 'The ID of the record' },
};

export const record: ResourceDefinition = {
	name: 'Record (Any Model)',
	value: 'record',
	description: 'Records of any model, and any public method',
	operations: {
		create: { name: 'Create', action: 'Create a record', description: 'Create records, many in one call', operation: createOperation(target) },
		get: { name: 'Get', action: 'Get a record', description: 'Read records by ID', operation: getOperation(target) },
		getMany: {
			name: 'Get Many',
			action: 'Get many records',
			description: 'Search records with a filter or a domain',
			operation: searchOperation(target, 'getMany'),
		},
		update: { name: 'Update', action: 'Update a record', description: 'Write values on records', operation: updateOperation(target) },
		delete: { name: 'Delete', action: 'Delete a record', description: 'Delete records', operation: deleteOperation(target) },
		count: { name: 'Count', action: 'Count records', description: 'Count the records matching a filter', operation: countOperation(target) },
		upsert: {
			name: 'Create or Update',
			action: 'Create or update a record',
			description: 'Update the record with the same key, or create it',
			operation: upsert,
		},
		executeMethod: {
			name: 'Execute Method',
			action: 'Execute a method',
			description: 'Call any public method of a model, with keyword arguments',
			operation: executeMethod,
		},
	},
};
