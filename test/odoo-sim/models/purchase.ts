import { addDays } from '../clock';
import { userError } from '../errors';
import type { Env, Rec } from '../orm/env';
import { recordMethod } from '../orm/base-methods';
import { boolean, char, datetime, float, html, integer, many2many, many2one, monetary, one2many, renamedFrom, roundCurrency, selection, text } from '../orm/fields';
import type { ModelDef } from '../orm/model';
import { major } from '../version';
import { firstDoneTransferDate, LINE_DISPLAY_TYPES } from './orders';
import { productDisplayName } from './product';
import { cancelPickings, createTransfer } from './stock-flows';

const PURCHASE_GROUPS = { read: ['Purchase/User', 'Purchase/Administrator'] };

/** The vendor's price-list entry for a product (lead time, price), if any. */
function supplierInfo(env: Env, partnerId: number | false, productId: number): Rec | undefined {
	const ids = env.model('product.supplierinfo').search([
		['product_id', '=', productId],
		['partner_id', '=', partnerId],
	]);
	return ids.length ? env.rec('product.supplierinfo', ids[0]) : undefined;
}

function receiptStatus(order: Rec): string | false {
	const pickings = order.x2m('picking_ids');
	if (!pickings.length || pickings.every((p) => p.get('state') === 'cancel')) return false;
	if (pickings.every((p) => ['done', 'cancel'].includes(p.str('state')))) return 'full';
	if (pickings.some((p) => p.get('state') === 'done')) return 'partial';
	return 'pending';
}

function qtyReceived(line: Rec): number {
	return line.x2m('move_ids').reduce((sum, move) => {
		if (move.get('state') !== 'done') return sum;
		if (move.m2o('location_id')?.get('usage') === 'supplier') return sum + move.num('quantity');
		if (move.m2o('location_dest_id')?.get('usage') === 'supplier' && move.get('to_refund')) return sum - move.num('quantity');
		return sum;
	}, 0);
}

function createReceipt(env: Env, order: Rec): void {
	const lines = order
		.x2m('order_line')
		.filter((l) => !l.get('display_type') && l.m2o('product_id') && l.m2o('product_id')!.get('type') !== 'service');
	if (!lines.length) return;
	createTransfer(
		env,
		{
			partner_id: order.get('partner_id'),
			picking_type_id: order.get('picking_type_id'),
			origin: order.str('name'),
			scheduled_date: order.get('date_planned') || env.now(),
			purchase_id: order.id,
			user_id: order.get('user_id'),
		},
		lines.map((line) => ({
			name: line.str('name'),
			product_id: line.get('product_id'),
			product_uom_qty: line.num('product_qty') - line.num('qty_received'),
			product_uom: line.get('product_uom'),
			purchase_line_id: line.id,
			date: line.get('date_planned'),
			origin: order.str('name'),
		})),
	);
}

const orderMethod = (fn: (env: Env, ids: number[]) => unknown) => recordMethod('PurchaseOrder', fn);

export const PURCHASE_MODELS: ModelDef[] = [
	{
		name: 'purchase.order',
		description: 'Purchase Order',
		order: 'priority desc, id desc',
		displayName: (rec) => (rec.str('partner_ref') ? `${rec.str('name')} (${rec.str('partner_ref')})` : rec.str('name')),
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Order Reference', { required: true, default: 'New', copy: false }),
			priority: selection(
				[
					['0', 'Normal'],
					['1', 'Urgent'],
				],
				'Priority',
				{ default: '0' },
			),
			origin: char('Source'),
			partner_ref: char('Vendor Reference', { copy: false }),
			date_order: datetime('Order Deadline', { required: true, defaultFn: (env) => env.now(), copy: false }),
			date_approve: datetime('Confirmation Date', { readonly: true, copy: false }),
			partner_id: many2one('res.partner', 'Vendor', { required: true }),
			currency_id: many2one('res.currency', 'Currency', { required: true, default: 1 }),
			state: selection(
				[
					['draft', 'RFQ'],
					['sent', 'RFQ Sent'],
					['to approve', 'To Approve'],
					['purchase', 'Purchase Order'],
					['done', 'Locked'],
					['cancel', 'Cancelled'],
				],
				'Status',
				{ readonly: true, default: 'draft', copy: false },
			),
			locked: boolean('Locked', { since: '18.0', copy: false }),
			order_line: one2many('purchase.order.line', 'order_id', 'Order Lines'),
			notes: html('Terms and Conditions'),
			user_id: many2one('res.users', 'Buyer', { defaultFn: (env) => env.uid }),
			company_id: many2one('res.company', 'Company', { required: true, default: 1 }),
			picking_type_id: many2one('stock.picking.type', 'Deliver To', {
				required: true,
				defaultFn: (env) => env.model('stock.picking.type').search([['code', '=', 'incoming']])[0] ?? false,
			}),
			date_planned: datetime('Expected Arrival', {
				compute: (rec) => {
					const dates = rec.x2m('order_line').map((l) => l.get('date_planned')).filter((d): d is string => Boolean(d)).sort();
					return dates[0] ?? false;
				},
				setter: (rec, value) => {
					const lines = rec.get<number[]>('order_line');
					if (lines.length) rec.env.model('purchase.order.line').write(lines, { date_planned: value });
				},
			}),
			amount_untaxed: monetary('Untaxed Amount', {
				compute: (rec) => roundCurrency(rec.x2m('order_line').reduce((s, l) => s + l.num('price_subtotal'), 0)),
			}),
			amount_tax: monetary('Taxes', { compute: () => 0 }),
			amount_total: monetary('Total', { compute: (rec) => rec.num('amount_untaxed') }),
			picking_ids: one2many('stock.picking', 'purchase_id', 'Receptions'),
			incoming_picking_count: integer('Incoming Shipment count', { compute: (rec) => rec.get<number[]>('picking_ids').length }),
			receipt_status: selection(
				[
					['pending', 'Not Received'],
					['partial', 'Partially Received'],
					['full', 'Fully Received'],
				],
				'Receipt Status',
				{ compute: receiptStatus },
			),
			effective_date: datetime('Arrival', {
				help: 'Completion date of the first receipt order.',
				compute: (rec) => firstDoneTransferDate(rec, 'location_id', 'supplier'),
			}),
			invoice_status: selection(
				[
					['no', 'Nothing to Bill'],
					['to invoice', 'Waiting Bills'],
					['invoiced', 'Fully Billed'],
				],
				'Billing Status',
				{
					compute: (rec) =>
						['purchase', 'done'].includes(rec.str('state')) && rec.x2m('order_line').some((l) => l.num('qty_received') > 0)
							? 'to invoice'
							: 'no',
				},
			),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.name || vals.name === 'New') vals.name = env.nextSequence('purchase.order', 'P');
			},
			beforeUnlink: (env, ids) => {
				if (env.recs('purchase.order', ids).some((o) => o.get('state') !== 'cancel')) {
					throw userError('In order to delete a purchase order, you must cancel it first.');
				}
			},
		},
		methods: {
			button_confirm: orderMethod((env, ids) => {
				for (const order of env.recs('purchase.order', ids)) {
					if (!['draft', 'sent'].includes(order.str('state'))) continue;
					order.write({ state: 'purchase', date_approve: env.now() });
					createReceipt(env, order);
				}
				return true;
			}),
			button_approve: orderMethod((env, ids) => {
				for (const order of env.recs('purchase.order', ids).filter((o) => o.get('state') === 'to approve')) {
					order.write({ state: 'purchase', date_approve: env.now() });
					createReceipt(env, order);
				}
				return {};
			}),
			button_cancel: orderMethod((env, ids) => {
				for (const order of env.recs('purchase.order', ids)) {
					if (order.x2m('picking_ids').some((p) => p.get('state') === 'done')) {
						throw userError(`Unable to cancel purchase order ${order.str('name')} as some receptions have already been done.`);
					}
					cancelPickings(env, order.x2m('picking_ids'));
				}
				env.model('purchase.order').write(ids, { state: 'cancel' });
				return undefined;
			}),
			button_draft: orderMethod((env, ids) => {
				env.model('purchase.order').write(ids, { state: 'draft' });
				return {};
			}),
			button_done: orderMethod((env, ids) => {
				env.model('purchase.order').write(ids, major(env.version) >= 18 ? { locked: true } : { state: 'done' });
				return undefined;
			}),
			button_unlock: orderMethod((env, ids) => {
				env.model('purchase.order').write(ids, major(env.version) >= 18 ? { locked: false } : { state: 'purchase' });
				return undefined;
			}),
		},
		access: { portal: [], groups: PURCHASE_GROUPS },
	},
	{
		name: 'purchase.order.line',
		description: 'Purchase Order Line',
		order: 'order_id, sequence, id',
		displayName: (rec) => `${rec.m2o('order_id')?.str('name') ?? ''}: ${rec.str('name')}`,
		fields: {
			order_id: many2one('purchase.order', 'Order Reference', { required: true, ondelete: 'cascade' }),
			sequence: integer('Sequence', { default: 10 }),
			display_type: selection(LINE_DISPLAY_TYPES, 'Display Type'),
			product_id: many2one('product.product', 'Product'),
			name: text('Description', { required: true }),
			product_qty: float('Quantity', { required: true, default: 1, digits: 2 }),
			product_uom: many2one('uom.uom', 'Unit of Measure'),
			product_uom_id: many2one('uom.uom', 'Unit', renamedFrom('product_uom', '19.0')),
			price_unit: float('Unit Price', { required: true, digits: 2 }),
			taxes_id: many2many('account.tax', 'Taxes'),
			price_subtotal: monetary('Subtotal', { compute: (rec) => roundCurrency(rec.num('product_qty') * rec.num('price_unit')) }),
			price_total: monetary('Total', { compute: (rec) => rec.num('price_subtotal') }),
			date_planned: datetime('Expected Arrival'),
			qty_received: float('Received Qty', { compute: qtyReceived }),
			qty_invoiced: float('Billed Qty', { compute: () => 0 }),
			partner_id: many2one('res.partner', 'Partner', { compute: (rec) => rec.m2o('order_id')?.get('partner_id') ?? false }),
			state: char('Status', { compute: (rec) => rec.m2o('order_id')?.get('state') ?? false }),
			move_ids: one2many('stock.move', 'purchase_line_id', 'Reservation'),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.product_id || vals.display_type) return;
				const product = env.rec('product.product', vals.product_id as number);
				const order = vals.order_id ? env.rec('purchase.order', vals.order_id as number) : undefined;
				const seller = supplierInfo(env, order?.get<number>('partner_id') ?? false, product.id);
				if (!vals.name) vals.name = seller?.str('product_name') || productDisplayName(product);
				if (vals.price_unit === undefined) vals.price_unit = seller ? seller.num('price') : product.num('standard_price');
				if (!vals.product_uom) vals.product_uom = product.get('uom_id');
				if (!vals.date_planned) {
					const start = order?.str('date_order') || env.now();
					vals.date_planned = addDays(start, seller ? seller.num('delay') : 0);
				}
			},
		},
		access: { portal: [], groups: PURCHASE_GROUPS },
	},
];
