import type { Target } from '../common/target';

export const RETURN: Target & { model: string } = {
	resource: 'return',
	model: 'stock.picking',
	id: { name: 'transferId', label: 'Transfer ID', description: 'The ID of the done transfer to return, such as a delivery' },
};

export const RETURN_TO_VALIDATE: Target & { model: string } = {
	...RETURN,
	id: { name: 'returnId', label: 'Return ID', description: 'The ID of the return transfer' },
};
