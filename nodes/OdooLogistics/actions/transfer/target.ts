import type { Target } from '../common/target';

export const TRANSFER: Target & { model: string } = {
	resource: 'transfer',
	model: 'stock.picking',
	id: { name: 'transferId', label: 'Transfer ID', description: 'The ID of the transfer (not its reference such as WH/OUT/00012)' },
	defaultFields: [
		'name',
		'state',
		'picking_type_code',
		'picking_type_id',
		'partner_id',
		'origin',
		'scheduled_date',
		'date_deadline',
		'date_done',
		'priority',
		'location_id',
		'location_dest_id',
		'sale_id',
		'purchase_id',
		'backorder_id',
		'carrier_id',
		'carrier_tracking_ref',
		'move_ids',
	],
};

/** What the transfer operations output after a change. */
export const TRANSFER_RESULT = ['name', 'state', 'picking_type_code', 'priority', 'scheduled_date', 'date_deadline', 'origin'];
