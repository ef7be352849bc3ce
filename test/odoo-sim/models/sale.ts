import { addDays } from '../clock';
import { userError } from '../errors';
import { recordMethod } from '../orm/base-methods';
import type { Env, Rec } from '../orm/env';
import { boolean, char, date, datetime, float, html, integer, many2many, many2one, monetary, one2many, renamedFrom, roundCurrency, selection, text } from '../orm/fields';
import type { ModelDef } from '../orm/model';
import { major } from '../version';
import { commercialPartnerId } from './base';
import { postMessage } from './mail';
import { firstDoneTransferDate, LINE_DISPLAY_TYPES } from './orders';
import { productDisplayName } from './product';
import { cancelPickings, createTransfer } from './stock-flows';

const SALE_GROUPS = { read: ['Sales/User: Own Documents Only', 'Sales/Administrator'] };

/** `invoice_status` of an order and of its lines. */
const INVOICE_STATUSES = [
	['upselling', 'Upselling Opportunity'],
	['invoiced', 'Fully Invoiced'],
	['to invoice', 'To Invoice'],
	['no', 'Nothing to Invoice'],
] as const;

function lineSubtotal(line: Rec): number {
	return roundCurrency(line.num('product_uom_qty') * line.num('price_unit') * (1 - line.num('discount') / 100));
}

/** Delivered quantity: done deliveries to customers, minus returns flagged "to refund". */
function qtyDelivered(line: Rec): number {
	return line.x2m('move_ids').reduce((sum, move) => {
		if (move.get('state') !== 'done') return sum;
		const to = move.m2o('location_dest_id')?.get('usage');
		const from = move.m2o('location_id')?.get('usage');
		if (to === 'customer') return sum + move.num('quantity');
		if (from === 'customer' && move.get('to_refund')) return sum - move.num('quantity');
		return sum;
	}, 0);
}

function qtyInvoiced(line: Rec): number {
	return line.env
		.model('account.move.line')
		.search([['sale_line_id', '=', line.id]])
		.map((id) => line.env.rec('account.move.line', id))
		.filter((l) => l.m2o('move_id')?.get('state') === 'posted')
		.reduce((sum, l) => sum + (l.m2o('move_id')?.get('move_type') === 'out_refund' ? -1 : 1) * l.num('quantity'), 0);
}

function lineInvoiceStatus(line: Rec): string {
	const order = line.m2o('order_id');
	if (!order || order.get('state') !== 'sale' || line.get('display_type')) return 'no';
	const product = line.m2o('product_id');
	const basis = product?.get('invoice_policy') === 'delivery' ? line.num('qty_delivered') : line.num('product_uom_qty');
	const invoiced = line.num('qty_invoiced');
	if (basis - invoiced > 1e-6) return 'to invoice';
	if (invoiced >= line.num('product_uom_qty') - 1e-6) return 'invoiced';
	return 'no';
}

function deliveryStatus(order: Rec): string | false {
	const pickings = order.x2m('picking_ids');
	if (!pickings.length || pickings.every((p) => p.get('state') === 'cancel')) return false;
	if (pickings.every((p) => ['done', 'cancel'].includes(p.str('state')))) return 'full';
	if (pickings.some((p) => p.get('state') === 'done')) {
		if (order.x2m('order_line').some((l) => l.num('qty_delivered') > 0)) return 'partial';
		return major(order.env.version) >= 17 ? 'started' : 'partial';
	}
	return 'pending';
}

/** `action_confirm`: state first (value triggers fire with `picking_ids: []`), then one delivery per order. */
function confirmOrders(env: Env, ids: number[]): true {
	const orders = env.recs('sale.order', ids);
	if (orders.some((o) => !['draft', 'sent'].includes(o.str('state')))) {
		throw userError('Some orders are not in a state requiring confirmation.');
	}
	env.model('sale.order').write(ids, { state: 'sale', date_order: env.now() });
	for (const order of orders) launchDelivery(env, order);
	return true;
}

function launchDelivery(env: Env, order: Rec): void {
	const lines = order
		.x2m('order_line')
		.filter((l) => !l.get('display_type') && l.m2o('product_id') && l.m2o('product_id')!.get('type') !== 'service');
	if (!lines.length) return;
	const warehouse = order.m2o('warehouse_id') ?? env.rec('stock.warehouse', 1);
	const [type] = env.model('stock.picking.type').search([
		['code', '=', 'outgoing'],
		['warehouse_id', '=', warehouse.id],
	]);
	const commitment = order.get<string | false>('commitment_date');
	const lead = Math.max(0, ...lines.map((l) => l.num('customer_lead')));
	const scheduled = commitment || addDays(order.str('date_order'), lead);
	const ref = order.str('client_order_ref');
	const group = env.model('procurement.group').create({
		name: order.str('name'),
		partner_id: order.get('partner_shipping_id'),
		sale_id: order.id,
		move_type: order.get('picking_policy'),
	});
	createTransfer(
		env,
		{
			partner_id: order.get('partner_shipping_id'),
			picking_type_id: type,
			origin: ref ? `${order.str('name')} - ${ref}` : order.str('name'),
			scheduled_date: scheduled,
			sale_id: order.id,
			group_id: group,
			move_type: order.get('picking_policy'),
			user_id: order.get('user_id'),
		},
		lines.map((line) => ({
			name: line.str('name'),
			product_id: line.get('product_id'),
			product_uom_qty: line.num('product_uom_qty') - line.num('qty_delivered'),
			product_uom: line.get('product_uom'),
			sale_line_id: line.id,
			group_id: group,
			date: scheduled,
			date_deadline: commitment,
		})),
		{ replayCreate: true },
	);
}

function cancelOrders(env: Env, ids: number[]): unknown {
	const orders = env.recs('sale.order', ids);
	if (!env.context.disable_cancel_warning && orders.some((o) => o.get('state') !== 'draft')) {
		return {
			name: 'Cancel Sales Order',
			view_mode: 'form',
			res_model: 'sale.order.cancel',
			view_id: 1019,
			type: 'ir.actions.act_window',
			context: { default_order_id: ids[0] },
			target: 'new',
		};
	}
	if (orders.some((o) => o.get('locked'))) throw userError('You cannot cancel a locked order. Please unlock it first.');
	for (const order of orders) {
		cancelPickings(env, order.x2m('picking_ids').filter((p) => !['done', 'cancel'].includes(p.str('state'))));
	}
	env.model('sale.order').write(ids, { state: 'cancel' });
	return true;
}

/** The orders a `sale.order.cancel` wizard is about. */
const ordersOf = (env: Env, wizards: number[]) => env.recs('sale.order.cancel', wizards).map((w) => w.get<number>('order_id'));

const orderMethod = (fn: (env: Env, ids: number[]) => unknown) => recordMethod('SaleOrder', fn);

const ORDER_STATES_17 = [
	['draft', 'Quotation'],
	['sent', 'Quotation Sent'],
	['sale', 'Sales Order'],
	['cancel', 'Cancelled'],
] as const;

export const SALE_MODELS: ModelDef[] = [
	{
		name: 'crm.tag',
		description: 'CRM Tag',
		order: 'name',
		fields: { name: char('Tag Name', { required: true }), color: integer('Color') },
	},
	{
		name: 'account.tax',
		description: 'Tax',
		order: 'sequence,id',
		fields: {
			name: char('Tax Name', { required: true }),
			sequence: integer('Sequence', { default: 1 }),
			amount: float('Amount'),
			type_tax_use: selection(
				[
					['sale', 'Sales'],
					['purchase', 'Purchases'],
					['none', 'None'],
				],
				'Tax Type',
				{ default: 'sale' },
			),
			active: boolean('Active', { default: true }),
		},
	},
	{
		name: 'sale.order',
		description: 'Sales Order',
		order: 'date_order desc, id desc',
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Order Reference', { required: true, readonly: true, default: 'New', copy: false }),
			state: selection(ORDER_STATES_17, 'Status', { readonly: true, default: 'draft', since: '17.0', copy: false }),
			'state#16': selection([...ORDER_STATES_17, ['done', 'Locked']], 'Status', { readonly: true, default: 'draft', until: '17.0' }),
			locked: boolean('Locked', { since: '17.0', copy: false }),
			partner_id: many2one('res.partner', 'Customer', { required: true }),
			partner_invoice_id: many2one('res.partner', 'Invoice Address', { required: true }),
			partner_shipping_id: many2one('res.partner', 'Delivery Address', { required: true }),
			date_order: datetime('Order Date', { required: true, defaultFn: (env) => env.now(), copy: false }),
			validity_date: date('Expiration'),
			commitment_date: datetime('Delivery Date', {
				help: 'This is the delivery date promised to the customer. If set, the delivery order will be scheduled based on this date rather than product lead times.',
				copy: false,
			}),
			expected_date: datetime('Expected Date', {
				compute: (rec) => {
					const lead = Math.max(0, ...rec.x2m('order_line').map((l) => l.num('customer_lead')));
					return rec.get('commitment_date') || addDays(rec.str('date_order'), lead);
				},
			}),
			effective_date: datetime('Effective Date', {
				help: 'Completion date of the first delivery order.',
				compute: (rec) => firstDoneTransferDate(rec, 'location_dest_id', 'customer'),
			}),
			client_order_ref: char('Customer Reference', { copy: false }),
			origin: char('Source Document'),
			note: html('Terms and conditions'),
			user_id: many2one('res.users', 'Salesperson', { defaultFn: (env) => env.uid }),
			company_id: many2one('res.company', 'Company', { required: true, default: 1 }),
			currency_id: many2one('res.currency', 'Currency', { default: 1 }),
			order_line: one2many('sale.order.line', 'order_id', 'Order Lines'),
			amount_untaxed: monetary('Untaxed Amount', {
				compute: (rec) => roundCurrency(rec.x2m('order_line').reduce((s, l) => s + l.num('price_subtotal'), 0)),
			}),
			amount_tax: monetary('Taxes', { compute: (rec) => roundCurrency(rec.x2m('order_line').reduce((s, l) => s + l.num('price_tax'), 0)) }),
			amount_total: monetary('Total', { compute: (rec) => roundCurrency(rec.num('amount_untaxed') + rec.num('amount_tax')) }),
			tag_ids: many2many('crm.tag', 'Tags'),
			warehouse_id: many2one('stock.warehouse', 'Warehouse', { default: 1 }),
			picking_policy: selection(
				[
					['direct', 'As soon as possible'],
					['one', 'When all products are ready'],
				],
				'Shipping Policy',
				{ required: true, default: 'direct' },
			),
			picking_ids: one2many('stock.picking', 'sale_id', 'Transfers'),
			delivery_count: integer('Delivery Orders', { compute: (rec) => rec.get<number[]>('picking_ids').length }),
			delivery_status: selection(
				[
					['pending', 'Not Delivered'],
					['started', 'Started'],
					['partial', 'Partially Delivered'],
					['full', 'Fully Delivered'],
				],
				'Delivery Status',
				{ compute: deliveryStatus },
			),
			invoice_status: selection(
				INVOICE_STATUSES,
				'Invoice Status',
				{
					compute: (rec) => {
						const states = rec.x2m('order_line').filter((l) => !l.get('display_type')).map((l) => l.str('invoice_status'));
						if (rec.get('state') !== 'sale' || !states.length) return 'no';
						if (states.includes('to invoice')) return 'to invoice';
						if (states.every((s) => s === 'invoiced')) return 'invoiced';
						return 'no';
					},
				},
			),
			invoice_ids: many2many('account.move', 'Invoices', {
				compute: (rec) => {
					const lineIds = rec.get<number[]>('order_line');
					const moves = rec.env
						.model('account.move.line')
						.search([['sale_line_id', 'in', lineIds]])
						.map((id) => rec.env.rec('account.move.line', id).get<number>('move_id'));
					return [...new Set(moves)];
				},
			}),
			invoice_count: integer('Invoice Count', { compute: (rec) => rec.get<number[]>('invoice_ids').length }),
			partner_credit_warning: text('Partner Credit Warning', {
				compute: (rec) => {
					const partner = rec.m2o('partner_id');
					const company = rec.m2o('company_id');
					if (!partner || !company?.get('account_use_credit_limit') || rec.get('state') !== 'draft') return '';
					const limit = partner.num('credit_limit');
					const total = partner.num('credit') + rec.num('amount_total');
					if (!partner.get('use_partner_credit_limit') || !limit || total <= limit) return '';
					return `${partner.displayName()} has reached its credit limit of: $ ${limit.toFixed(2)}\nTotal amount due (including this document): $ ${total.toFixed(2)}`;
				},
			}),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.name || vals.name === 'New') vals.name = env.nextSequence('sale.order', 'S');
				if (vals.partner_id && !vals.partner_invoice_id) vals.partner_invoice_id = vals.partner_id;
				if (vals.partner_id && !vals.partner_shipping_id) vals.partner_shipping_id = vals.partner_id;
			},
			beforeUnlink: (env, ids) => {
				if (env.recs('sale.order', ids).some((o) => !['draft', 'cancel'].includes(o.str('state')))) {
					throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
				}
			},
		},
		methods: {
			action_confirm: orderMethod(confirmOrders),
			action_cancel: orderMethod(cancelOrders),
			action_draft: orderMethod((env, ids) => {
				const orders = env.recs('sale.order', ids).filter((o) => ['cancel', 'sent'].includes(o.str('state')));
				env.model('sale.order').write(orders.map((o) => o.id), { state: 'draft' });
				return true;
			}),
			action_quotation_sent: orderMethod((env, ids) => {
				const drafts = env.recs('sale.order', ids).filter((o) => o.get('state') === 'draft');
				env.model('sale.order').write(drafts.map((o) => o.id), { state: 'sent' });
				return true;
			}),
			action_lock: orderMethod((env, ids) => {
				env.model('sale.order').write(ids, major(env.version) >= 17 ? { locked: true } : { state: 'done' });
				return undefined;
			}),
			action_unlock: orderMethod((env, ids) => {
				env.model('sale.order').write(ids, major(env.version) >= 17 ? { locked: false } : { state: 'sale' });
				return undefined;
			}),
		},
		access: {
			portal: ['read'],
			portalRule: (rec, partnerId) => commercialPartnerId(rec.m2o('partner_id')) === partnerId,
			groups: SALE_GROUPS,
		},
	},
	{
		name: 'sale.order.line',
		description: 'Sales Order Line',
		order: 'order_id, sequence, id',
		displayName: (rec) => {
			const order = rec.m2o('order_id');
			const partner = order?.m2o('partner_id');
			const label = rec.str('name').split('\n')[0] || (rec.m2o('product_id')?.displayName() ?? '');
			return `${order?.str('name') ?? ''} - ${label}${partner ? ` (${partner.displayName()})` : ''}`;
		},
		fields: {
			order_id: many2one('sale.order', 'Order Reference', { required: true, ondelete: 'cascade' }),
			sequence: integer('Sequence', { default: 10 }),
			display_type: selection(LINE_DISPLAY_TYPES, 'Display Type'),
			product_id: many2one('product.product', 'Product'),
			name: text('Description'),
			product_uom_qty: float('Quantity', { default: 1, digits: 2 }),
			product_uom: many2one('uom.uom', 'Unit of Measure'),
			product_uom_id: many2one('uom.uom', 'Unit', renamedFrom('product_uom', '19.0')),
			price_unit: float('Unit Price', { digits: 2 }),
			discount: float('Discount (%)', { digits: 2 }),
			tax_id: many2many('account.tax', 'Taxes'),
			tax_ids: many2many('account.tax', 'Taxes', renamedFrom('tax_id', '19.0')),
			price_subtotal: monetary('Subtotal', { compute: lineSubtotal }),
			price_tax: float('Total Tax', {
				compute: (rec) =>
					roundCurrency(rec.x2m('tax_id').reduce((s, tax) => s + (lineSubtotal(rec) * tax.num('amount')) / 100, 0)),
			}),
			price_total: monetary('Total', { compute: (rec) => roundCurrency(lineSubtotal(rec) + rec.num('price_tax')) }),
			qty_delivered: float('Delivery Quantity', { compute: qtyDelivered }),
			qty_invoiced: float('Invoiced Quantity', { compute: qtyInvoiced }),
			qty_to_invoice: float('Quantity To Invoice', {
				compute: (rec) => {
					if (rec.m2o('order_id')?.get('state') !== 'sale') return 0;
					const basis = rec.m2o('product_id')?.get('invoice_policy') === 'delivery' ? rec.num('qty_delivered') : rec.num('product_uom_qty');
					return basis - rec.num('qty_invoiced');
				},
			}),
			invoice_status: selection(INVOICE_STATUSES, 'Invoice Status', { compute: lineInvoiceStatus }),
			state: selection(ORDER_STATES_17, 'Order Status', { compute: (rec) => rec.m2o('order_id')?.get('state') ?? false }),
			customer_lead: float('Lead Time'),
			order_partner_id: many2one('res.partner', 'Customer', { compute: (rec) => rec.m2o('order_id')?.get('partner_id') ?? false }),
			currency_id: many2one('res.currency', 'Currency', { compute: (rec) => rec.m2o('order_id')?.get('currency_id') ?? false }),
			company_id: many2one('res.company', 'Company', { compute: (rec) => rec.m2o('order_id')?.get('company_id') ?? false }),
			move_ids: one2many('stock.move', 'sale_line_id', 'Stock Moves'),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.product_id || vals.display_type) return;
				const product = env.rec('product.product', vals.product_id as number);
				if (!vals.name) vals.name = productDisplayName(product);
				if (vals.price_unit === undefined) vals.price_unit = product.num('list_price');
				if (!vals.product_uom) vals.product_uom = product.get('uom_id');
				if (vals.customer_lead === undefined) vals.customer_lead = product.num('sale_delay');
			},
		},
		constraints: [
			{
				kind: 'sql',
				fields: ['product_id', 'display_type'],
				message: 'Missing required fields on accountable sale order line.',
				check: (rec) => Boolean(rec.get('display_type')) || Boolean(rec.get('product_id')),
			},
		],
		access: {
			portal: ['read'],
			portalRule: (rec, partnerId) => commercialPartnerId(rec.m2o('order_id')?.m2o('partner_id')) === partnerId,
			groups: SALE_GROUPS,
		},
	},
	{
		name: 'sale.order.cancel',
		description: 'Sales Order Cancel',
		transient: true,
		fields: {
			order_id: many2one('sale.order', 'Sale Order', { required: true, ondelete: 'cascade' }),
			subject: char('Subject'),
			body: html('Contents'),
		},
		methods: {
			action_cancel: recordMethod('SaleOrderCancel', (env, ids) => {
				return cancelOrders(env.withContext({ disable_cancel_warning: true }), ordersOf(env, ids));
			}),
			action_send_mail_and_cancel: recordMethod('SaleOrderCancel', (env, ids) => {
				for (const wizard of env.recs('sale.order.cancel', ids)) {
					postMessage(env, 'sale.order', wizard.get<number>('order_id'), {
						body: wizard.str('body') || '<p>Your order has been cancelled.</p>',
						messageType: 'comment',
						subtypeXmlid: 'mail.mt_comment',
						subject: wizard.str('subject') || undefined,
					});
				}
				return cancelOrders(env.withContext({ disable_cancel_warning: true }), ordersOf(env, ids));
			}),
		},
		access: { portal: [], groups: SALE_GROUPS },
	},
];
