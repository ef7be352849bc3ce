import { validateOperation } from '../common/validateOperation';
import type { ResourceDefinition } from '../operation';
import { TRANSFER_RESULT } from '../transfer/target';
import { create } from './create.operation';
import { RETURN, RETURN_TO_VALIDATE } from './target';

export const returnResource: ResourceDefinition = {
	name: 'Return',
	value: 'return',
	description: 'Returns of done transfers (stock.return.picking)',
	model: RETURN.model,
	operations: {
		create: {
			name: 'Create',
			action: 'Create a return',
			description: 'Return a done transfer, in full or given products and quantities',
			operation: create,
		},
		validate: {
			name: 'Validate',
			action: 'Validate a return',
			description: 'Validate return transfers (the goods are back)',
			operation: validateOperation(RETURN_TO_VALIDATE, [...TRANSFER_RESULT, 'return_id']),
		},
	},
};
