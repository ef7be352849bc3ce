import { actionOperation } from '../common/actionOperation';
import { getOperation } from '../common/recordOperations';
import { setValuesOperation } from '../common/setValuesOperation';
import type { ResourceDefinition } from '../operation';
import { checkReadiness } from './checkReadiness.operation';
import { search } from './search.operation';
import { SALE_ORDER, SALE_ORDER_RESULT } from './target';

export const saleOrder: ResourceDefinition = {
	name: 'Sale Order',
	value: 'saleOrder',
	description: 'Sales orders (sale.order)',
	model: SALE_ORDER.model,
	operations: {
		get: { name: 'Get', action: 'Get a sale order', description: 'Read sale orders by ID', operation: getOperation(SALE_ORDER) },
		search: { name: 'Search', action: 'Search sale orders', description: 'Find sale orders by status, customer, date', operation: search },
		confirm: {
			name: 'Confirm',
			action: 'Confirm a sale order',
			description: 'Confirm quotations into orders (creates the deliveries)',
			operation: actionOperation({ target: SALE_ORDER, operation: 'confirm', method: 'action_confirm', resultFields: SALE_ORDER_RESULT }),
		},
		cancel: {
			name: 'Cancel',
			action: 'Cancel a sale order',
			description: 'Cancel orders and their open deliveries',
			operation: actionOperation({
				target: SALE_ORDER,
				operation: 'cancel',
				method: 'action_cancel',
				// Without it, Odoo 16+ answers a confirmed order with the "Cancel Sales Order" wizard.
				context: { disable_cancel_warning: true },
				resultFields: SALE_ORDER_RESULT,
			}),
		},
		setCommitmentDate: {
			name: 'Set Commitment Date',
			action: 'Set the commitment date of a sale order',
			description: 'Set the delivery date promised to the customer',
			operation: setValuesOperation({
				target: SALE_ORDER,
				operation: 'setCommitmentDate',
				properties: [
					{
						displayName: 'Commitment Date',
						name: 'commitmentDate',
						type: 'dateTime',
						default: '',
						required: true,
						description: 'The delivery date promised to the customer. Without a time zone, it is read in the workflow time zone.',
					},
				],
				values: (p) => ({ commitment_date: p.required('commitmentDate', 'Commitment Date') }),
				resultFields: SALE_ORDER_RESULT,
			}),
		},
		checkReadiness: {
			name: 'Check Fulfilment Readiness',
			action: 'Check if a sale order can be fulfilled',
			description: 'Stock per line, credit exposure and delivery status, as one verdict with reasons',
			operation: checkReadiness,
		},
	},
};
