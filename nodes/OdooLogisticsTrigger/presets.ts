import type { Domain } from '../shared/odoo';
import type { EventDefinition } from './definition';

export const PRESET_NAMES = [
	'saleOrderConfirmed',
	'deliveryReady',
	'deliveryDone',
	'deliveryLate',
	'receiptOverdue',
	'stockShortage',
	'returnCreated',
	'helpdeskTicketCreated',
	'approvalStatusChanged',
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
	name: string;
	description: string;
	/** An Odoo Enterprise app must be installed. */
	enterprise?: true;
	/** The event on this major version of Odoo (field names changed between versions). */
	define(major: number): EventDefinition;
}

const OUTGOING: Domain = [['picking_type_code', '=', 'outgoing']];

const PICKING_FIELDS = [
	'name',
	'state',
	'partner_id',
	'origin',
	'picking_type_id',
	'location_id',
	'location_dest_id',
	'scheduled_date',
	'date_deadline',
	'date_done',
	'priority',
	'move_ids',
];

const SALE_ORDER_FIELDS = [
	'name',
	'state',
	'partner_id',
	'partner_shipping_id',
	'client_order_ref',
	'date_order',
	'commitment_date',
	'amount_total',
	'currency_id',
	'user_id',
	'warehouse_id',
	'picking_ids',
];

const PURCHASE_ORDER_FIELDS = [
	'name',
	'state',
	'partner_id',
	'partner_ref',
	'date_order',
	'date_approve',
	'date_planned',
	'receipt_status',
	'amount_total',
	'currency_id',
	'user_id',
	'picking_ids',
];

/** `quantity` replaced `reserved_availability` in Odoo 17. */
const moveFields = (major: number) => [
	'reference',
	'state',
	'product_id',
	'product_uom_qty',
	major >= 17 ? 'quantity' : 'reserved_availability',
	'product_uom',
	'picking_id',
	'location_id',
	'location_dest_id',
	'date',
	'date_deadline',
	'origin',
];

/** Data only: each preset sets the model, the domain and the fields of one logistics event. */
export const PRESETS: Record<PresetName, Preset> = {
	saleOrderConfirmed: {
		name: 'Sale Order Confirmed',
		description: 'A quotation becomes a sales order',
		define: (major) => ({
			model: 'sale.order',
			eventType: 'sale.order.confirmed',
			kind: 'valueSet',
			field: 'state',
			// Up to Odoo 16 a confirmed order may be locked at once ('done').
			values: major >= 17 ? ['sale'] : ['sale', 'done'],
			changeDate: 'date_order',
			domain: [],
			fields: SALE_ORDER_FIELDS,
		}),
	},
	deliveryReady: {
		name: 'Delivery Ready',
		description: 'A delivery order has all its products reserved (state Ready)',
		define: () => ({
			model: 'stock.picking',
			eventType: 'delivery.ready',
			kind: 'valueSet',
			field: 'state',
			values: ['assigned'],
			domain: OUTGOING,
			fields: PICKING_FIELDS,
		}),
	},
	deliveryDone: {
		name: 'Delivery Done',
		description: 'A delivery order is validated',
		define: () => ({
			model: 'stock.picking',
			eventType: 'delivery.done',
			kind: 'valueSet',
			field: 'state',
			values: ['done'],
			changeDate: 'date_done',
			domain: OUTGOING,
			fields: PICKING_FIELDS,
		}),
	},
	deliveryLate: {
		name: 'Delivery Late',
		description: 'The scheduled date of a delivery order passed and it is not done (Polling only)',
		define: () => ({
			model: 'stock.picking',
			eventType: 'delivery.late',
			kind: 'due',
			dueDate: 'scheduled_date',
			entryDate: 'create_date',
			domain: [...OUTGOING, ['state', 'in', ['confirmed', 'waiting', 'assigned']]],
			fields: PICKING_FIELDS,
		}),
	},
	receiptOverdue: {
		name: 'Receipt Overdue',
		description: 'The expected arrival of a purchase order passed and it is not fully received (Polling only)',
		define: () => ({
			model: 'purchase.order',
			eventType: 'receipt.overdue',
			kind: 'due',
			dueDate: 'date_planned',
			entryDate: 'date_approve',
			domain: [
				['state', 'in', ['purchase', 'done']],
				['receipt_status', 'in', ['pending', 'partial']],
			],
			fields: PURCHASE_ORDER_FIELDS,
		}),
	},
	stockShortage: {
		name: 'Stock Shortage',
		description: 'A confirmed stock move cannot be fully reserved',
		define: (major) => ({
			model: 'stock.move',
			eventType: 'stock.shortage',
			kind: 'valueSet',
			field: 'state',
			values: ['confirmed', 'partially_available'],
			once: true,
			domain: [],
			fields: moveFields(major),
		}),
	},
	returnCreated: {
		name: 'Return Created',
		description: 'A return transfer is created',
		define: (major) => ({
			model: 'stock.picking',
			eventType: 'return.created',
			kind: 'created',
			// `return_id` exists from Odoo 17; before, only the moves know what they return.
			domain: major >= 17 ? [['return_id', '!=', false]] : [['move_ids.origin_returned_move_id', '!=', false]],
			fields: major >= 17 ? [...PICKING_FIELDS, 'return_id'] : PICKING_FIELDS,
		}),
	},
	helpdeskTicketCreated: {
		name: 'Helpdesk Ticket Created',
		description: 'A helpdesk ticket is created (Odoo Enterprise: Helpdesk)',
		enterprise: true,
		define: () => ({
			model: 'helpdesk.ticket',
			eventType: 'helpdesk.ticket.created',
			kind: 'created',
			domain: [],
			fields: ['name', 'ticket_ref', 'partner_id', 'partner_email', 'team_id', 'user_id', 'priority', 'stage_id', 'sale_order_id'],
		}),
	},
	approvalStatusChanged: {
		name: 'Approval Request Status Changed',
		description: 'An approval request is submitted, approved, refused or cancelled (Odoo Enterprise: Approvals)',
		enterprise: true,
		define: () => ({
			model: 'approval.request',
			eventType: 'approval.request.status_changed',
			kind: 'valueSet',
			field: 'request_status',
			values: [],
			domain: [],
			fields: ['name', 'category_id', 'request_owner_id', 'request_status', 'amount', 'partner_id', 'reference', 'date_confirmed'],
		}),
	},
};
