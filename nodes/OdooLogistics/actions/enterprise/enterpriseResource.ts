import { createOperation, getOperation, searchOperation, updateOperation } from '../common/recordOperations';
import type { Target } from '../common/target';
import type { ResourceDefinition } from '../operation';

interface EnterpriseModel {
	name: string;
	value: string;
	/** Singular, lower case: "ticket". */
	noun: string;
	target: Target & { model: string };
}

/** Create, get, update and search for a model of an Odoo Enterprise app; a missing app gets an error naming it. */
export function enterpriseResource({ name, value, noun, target }: EnterpriseModel): ResourceDefinition {
	return {
		name,
		value,
		description: `${name}s (${target.model}, Odoo Enterprise)`,
		model: target.model,
		operations: {
			create: { name: 'Create', action: `Create a ${noun}`, description: `Create ${noun}s`, operation: createOperation(target) },
			get: { name: 'Get', action: `Get a ${noun}`, description: `Read ${noun}s by ID`, operation: getOperation(target) },
			update: { name: 'Update', action: `Update a ${noun}`, description: `Write values on ${noun}s`, operation: updateOperation(target) },
			search: { name: 'Search', action: `Search ${noun}s`, description: `Find ${noun}s with a filter or a domain`, operation: searchOperation(target) },
		},
	};
}
