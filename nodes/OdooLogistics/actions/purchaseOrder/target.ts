import type { Target } from '../common/target';

export const PURCHASE_ORDER: Target & { model: string } = {
	resource: 'purchaseOrder',
	model: 'purchase.order',
	id: { name: 'purchaseOrderId', label: 'Purchase Order ID', description: 'The ID of the purchase order (not its reference such as P00012)' },
	defaultFields: [
		'name',
		'state',
		'partner_id',
		'partner_ref',
		'origin',
		'date_order',
		'date_approve',
		'date_planned',
		'effective_date',
		'receipt_status',
		'amount_total',
		'currency_id',
		'user_id',
		'picking_ids',
		'order_line',
	],
};

/** What the purchase operations output after a change. */
export const PURCHASE_ORDER_RESULT = ['name', 'state', 'partner_id', 'date_planned', 'receipt_status', 'amount_total', 'picking_ids'];
