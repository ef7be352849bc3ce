import { RuleDefinition } from './types';

/**
 * Odoo events, by the `eventType` of the Odoo Logistics Trigger (`<model>.<what happened>`). Several names map to
 * one category where Odoo can raise the same condition from different documents.
 */
export const ODOO_EVENT_RULES: RuleDefinition[] = [
	{
		id: 'odoo.event.late_transfer',
		field: 'event',
		equals: ['stock.picking.late'],
		category: 'warehouse_delay',
		confidence: 0.95,
		label: 'a transfer is past its scheduled date',
	},
	{
		id: 'odoo.event.backorder',
		field: 'event',
		equals: ['stock.picking.backorder', 'stock.picking.backorder_created'],
		category: 'stock_shortage',
		confidence: 0.9,
		label: 'a backorder was created',
	},
	{
		id: 'odoo.event.stock_shortage',
		field: 'event',
		equals: ['stock.move.shortage', 'stock.picking.shortage', 'stock.move.unavailable'],
		category: 'stock_shortage',
		confidence: 0.95,
		label: 'stock cannot be reserved',
	},
	{
		id: 'odoo.event.purchase_delay',
		field: 'event',
		equals: ['purchase.order.receipt_overdue', 'purchase.order.late'],
		category: 'supplier_delay',
		confidence: 0.95,
		label: 'a purchase receipt is overdue',
	},
	{
		id: 'odoo.event.quality_hold',
		field: 'event',
		equals: ['quality.check.failed', 'quality.alert.created', 'stock.picking.quality_hold'],
		category: 'quality_hold',
		confidence: 0.95,
		label: 'goods are held by quality control',
	},
	{
		id: 'odoo.event.cancelled',
		field: 'event',
		equals: ['stock.move.cancelled', 'stock.picking.cancelled', 'sale.order.cancelled'],
		category: 'cancellation',
		confidence: 0.95,
		label: 'a move, transfer or order was cancelled',
	},
	{
		id: 'odoo.event.credit_hold',
		field: 'event',
		equals: ['sale.order.credit_hold', 'res.partner.credit_limit_exceeded'],
		category: 'credit_hold',
		confidence: 0.9,
		label: 'the customer is over the credit limit',
	},
	{
		id: 'odoo.event.invoice_dispute',
		field: 'event',
		equals: ['account.move.disputed'],
		category: 'invoice_dispute',
		confidence: 0.9,
		label: 'an invoice is disputed',
	},
	{
		id: 'odoo.event.return',
		field: 'event',
		equals: ['stock.picking.return_created', 'stock.return.created'],
		category: 'return_requested',
		confidence: 0.9,
		label: 'a return was created',
	},
];
