import { actionOperation } from '../common/actionOperation';
import { getOperation } from '../common/recordOperations';
import { setValuesOperation } from '../common/setValuesOperation';
import type { ResourceDefinition } from '../operation';
import { createRfq } from './createRfq.operation';
import { createRfqFromShortages } from './createRfqFromShortages.operation';
import { receive } from './receive.operation';
import { searchOverdue } from './searchOverdue.operation';
import { PURCHASE_ORDER, PURCHASE_ORDER_RESULT } from './target';

export const purchaseOrder: ResourceDefinition = {
	name: 'Purchase Order',
	value: 'purchaseOrder',
	description: 'Requests for quotation and purchase orders (purchase.order)',
	model: PURCHASE_ORDER.model,
	operations: {
		get: { name: 'Get', action: 'Get a purchase order', description: 'Read purchase orders by ID', operation: getOperation(PURCHASE_ORDER) },
		searchOverdue: {
			name: 'Search Overdue Receipts',
			action: 'Search purchase orders with overdue receipts',
			description: 'Confirmed orders not fully received whose expected arrival has passed',
			operation: searchOverdue,
		},
		createRfq: {
			name: 'Create RFQ',
			action: 'Create a request for quotation',
			description: 'One request for quotation per item: vendor, product, quantity',
			operation: createRfq,
		},
		createRfqFromShortages: {
			name: 'Create RFQs From Shortages',
			action: 'Create requests for quotation from shortages',
			description: "All items' shortages as one request for quotation per vendor",
			operation: createRfqFromShortages,
		},
		confirm: {
			name: 'Confirm',
			action: 'Confirm a purchase order',
			description: 'Confirm requests for quotation (creates the receipts)',
			operation: actionOperation({ target: PURCHASE_ORDER, operation: 'confirm', method: 'button_confirm', resultFields: PURCHASE_ORDER_RESULT }),
		},
		reschedule: {
			name: 'Reschedule',
			action: 'Reschedule the expected arrival of a purchase order',
			description: 'Set the expected arrival date of orders (and of their lines)',
			operation: setValuesOperation({
				target: PURCHASE_ORDER,
				operation: 'reschedule',
				properties: [
					{
						displayName: 'Expected Arrival',
						name: 'expectedDate',
						type: 'dateTime',
						default: '',
						required: true,
						description: 'Without a time zone, it is read in the workflow time zone',
					},
				],
				values: (p) => ({ date_planned: p.required('expectedDate', 'Expected Arrival') }),
				resultFields: PURCHASE_ORDER_RESULT,
			}),
		},
		receive: {
			name: 'Receive',
			action: 'Receive a purchase order',
			description: 'Validate the open receipts of orders, as ordered',
			operation: receive,
		},
	},
};
