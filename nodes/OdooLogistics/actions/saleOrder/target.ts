import type { Target } from '../common/target';

export const SALE_ORDER: Target & { model: string } = {
	resource: 'saleOrder',
	model: 'sale.order',
	id: { name: 'orderId', label: 'Sale Order ID', description: 'The ID of the sale order (not its reference such as S00042)' },
	defaultFields: [
		'name',
		'state',
		'partner_id',
		'partner_shipping_id',
		'client_order_ref',
		'date_order',
		'commitment_date',
		'expected_date',
		'effective_date',
		'amount_untaxed',
		'amount_total',
		'currency_id',
		'delivery_status',
		'invoice_status',
		'warehouse_id',
		'user_id',
		'picking_ids',
		'order_line',
	],
};

/** What confirm, cancel and the date change output. */
export const SALE_ORDER_RESULT = ['name', 'state', 'commitment_date', 'expected_date', 'delivery_status', 'picking_ids'];
