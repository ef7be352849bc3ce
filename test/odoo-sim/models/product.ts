import type { Rec } from '../orm/env';
import { boolean, char, float, html, integer, many2one, one2many, selection } from '../orm/fields';
import type { ModelDef } from '../orm/model';
import { major } from '../version';
import { stockAvailability } from './stock-quants';

/** Storable products are tracked in stock: `is_storable` from 18.0, `type == 'product'` before. */
export function isStorable(product: Rec): boolean {
	return major(product.env.version) >= 18 ? Boolean(product.get('is_storable')) : product.get('type') === 'product';
}

export function productDisplayName(rec: Rec): string {
	const code = rec.str('default_code');
	return code ? `[${code}] ${rec.str('name')}` : rec.str('name');
}

export const PRODUCT_MODELS: ModelDef[] = [
	{
		name: 'product.product',
		description: 'Product Variant',
		order: 'default_code, name, id',
		displayName: productDisplayName,
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Name', { required: true }),
			default_code: char('Internal Reference'),
			barcode: char('Barcode'),
			type: selection(
				[
					['consu', 'Goods'],
					['service', 'Service'],
					['combo', 'Combo'],
				],
				'Product Type',
				{ required: true, default: 'consu', since: '18.0' },
			),
			'type#legacy': selection(
				[
					['consu', 'Consumable'],
					['service', 'Service'],
					['product', 'Storable Product'],
				],
				'Product Type',
				{ required: true, default: 'consu', until: '18.0' },
			),
			detailed_type: selection(
				[
					['consu', 'Consumable'],
					['service', 'Service'],
					['product', 'Storable Product'],
				],
				'Product Type',
				{ required: true, default: 'consu', until: '18.0', compute: (rec) => rec.get('type') },
			),
			is_storable: boolean('Track Inventory', { since: '18.0' }),
			active: boolean('Active', { default: true }),
			sale_ok: boolean('Can be Sold', { default: true }),
			purchase_ok: boolean('Can be Purchased', { default: true }),
			list_price: float('Sales Price', { default: 1, digits: 2 }),
			standard_price: float('Cost', { digits: 2 }),
			uom_id: many2one('uom.uom', 'Unit', { required: true, default: 1 }),
			uom_po_id: many2one('uom.uom', 'Purchase Unit', { default: 1, until: '19.0' }),
			invoice_policy: selection(
				[
					['order', 'Ordered quantities'],
					['delivery', 'Delivered quantities'],
				],
				'Invoicing Policy',
				{ default: 'order' },
			),
			description_sale: html('Sales Description'),
			weight: float('Weight'),
			volume: float('Volume'),
			sale_delay: integer('Customer Lead Time'),
			seller_ids: one2many('product.supplierinfo', 'product_id', 'Vendors'),
			qty_available: float('Quantity On Hand', { compute: (rec) => stockAvailability(rec).onHand }),
			free_qty: float('Free To Use Quantity ', { compute: (rec) => stockAvailability(rec).free }),
			incoming_qty: float('Incoming', { compute: (rec) => stockAvailability(rec).incoming }),
			outgoing_qty: float('Outgoing', { compute: (rec) => stockAvailability(rec).outgoing }),
			virtual_available: float('Forecasted Quantity', {
				compute: (rec) => {
					const a = stockAvailability(rec);
					return a.onHand + a.incoming - a.outgoing;
				},
			}),
		},
		access: { portal: ['read'] },
	},
	{
		name: 'product.supplierinfo',
		description: 'Supplier Pricelist',
		order: 'sequence, min_qty DESC, price, id',
		displayName: (rec) => rec.m2o('partner_id')?.displayName() ?? '',
		fields: {
			partner_id: many2one('res.partner', 'Vendor', { required: true, ondelete: 'cascade' }),
			product_id: many2one('product.product', 'Product Variant', { ondelete: 'cascade' }),
			product_name: char('Vendor Product Name'),
			product_code: char('Vendor Product Code'),
			sequence: integer('Sequence', { default: 1 }),
			min_qty: float('Quantity'),
			price: float('Price', { digits: 2 }),
			currency_id: many2one('res.currency', 'Currency', { default: 1 }),
			delay: integer('Delivery Lead Time', {
				default: 1,
				help: 'Lead time in days between the confirmation of the purchase order and the receipt of the products in your warehouse.',
			}),
		},
	},
];
