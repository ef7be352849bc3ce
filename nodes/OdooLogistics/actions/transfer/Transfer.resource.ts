import { actionOperation } from '../common/actionOperation';
import { getOperation } from '../common/recordOperations';
import { setValuesOperation } from '../common/setValuesOperation';
import { validateOperation } from '../common/validateOperation';
import type { ResourceDefinition } from '../operation';
import { search } from './search.operation';
import { setDate } from './setDate.operation';
import { TRANSFER, TRANSFER_RESULT } from './target';

const DELIVERY_APP_HINT = "The tracking reference comes with Odoo's Delivery app (stock_delivery; 'delivery' before Odoo 17): install it.";

export const transfer: ResourceDefinition = {
	name: 'Transfer',
	value: 'transfer',
	description: 'Receipts, deliveries and internal transfers (stock.picking)',
	model: TRANSFER.model,
	operations: {
		get: { name: 'Get', action: 'Get a transfer', description: 'Read transfers by ID', operation: getOperation(TRANSFER) },
		search: {
			name: 'Search',
			action: 'Search transfers',
			description: 'Find receipts, deliveries or internal transfers',
			operation: search,
		},
		checkAvailability: {
			name: 'Check Availability',
			action: 'Reserve the products of a transfer',
			description: 'Reserve stock for transfers (Check Availability)',
			operation: actionOperation({ target: TRANSFER, operation: 'checkAvailability', method: 'action_assign', resultFields: [...TRANSFER_RESULT, 'move_ids'] }),
		},
		setPriority: {
			name: 'Set Priority',
			action: 'Set the priority of a transfer',
			description: 'Mark transfers urgent or normal',
			operation: setValuesOperation({
				target: TRANSFER,
				operation: 'setPriority',
				properties: [
					{
						displayName: 'Priority',
						name: 'priority',
						type: 'options',
						options: [
							{ name: 'Normal', value: '0' },
							{ name: 'Urgent', value: '1' },
						],
						default: '1',
					},
				],
				values: (p) => ({ priority: p.raw('priority', '1') }),
				resultFields: TRANSFER_RESULT,
			}),
		},
		setDate: { name: 'Set Date', action: 'Set the scheduled date or deadline of a transfer', description: 'Set the scheduled date or the deadline', operation: setDate },
		setTrackingReference: {
			name: 'Set Tracking Reference',
			action: 'Set the carrier tracking reference of a transfer',
			description: "Set the carrier's tracking reference (and the carrier)",
			operation: setValuesOperation({
				target: TRANSFER,
				operation: 'setTrackingReference',
				properties: [
					{ displayName: 'Tracking Reference', name: 'trackingReference', type: 'string', default: '', required: true },
					{
						displayName: 'Carrier ID',
						name: 'carrierId',
						type: 'string',
						default: '',
						description: 'The delivery carrier (delivery.carrier); empty keeps the current one',
					},
				],
				values: (p, schema) => {
					schema.require('carrier_tracking_ref', DELIVERY_APP_HINT);
					const carrier = p.optionalId('carrierId', 'Carrier ID');
					return {
						carrier_tracking_ref: p.text('trackingReference', 'Tracking Reference'),
						...(carrier === undefined ? {} : { carrier_id: carrier }),
					};
				},
				resultFields: [...TRANSFER_RESULT, 'carrier_id', 'carrier_tracking_ref'],
			}),
		},
		cancel: {
			name: 'Cancel',
			action: 'Cancel a transfer',
			description: 'Cancel transfers and their reservations',
			operation: actionOperation({ target: TRANSFER, operation: 'cancel', method: 'action_cancel', resultFields: TRANSFER_RESULT }),
		},
		validate: {
			name: 'Validate',
			action: 'Validate a transfer',
			description: 'Validate transfers with done quantities and a backorder policy',
			operation: validateOperation(TRANSFER, TRANSFER_RESULT),
		},
	},
};
