/**
 * Demo data of a small distributor: customers on SLA tiers (one over its credit limit), vendors with lead times,
 * stocked products (some short), and orders in every stage. Deterministic: dates are relative to the clock.
 */
import { addDays } from '../clock';
import { callDirect } from '../orm/dispatch';
import type { Env } from '../orm/env';
import type { BaseUsers } from './base';

interface Customer {
	name: string;
	tier: 'Gold' | 'Silver' | 'Bronze';
	creditLimit: number;
	city: string;
	phone?: string;
	contacts?: string[];
}

const CUSTOMERS: Customer[] = [
	{ name: 'Acme Retail Group', tier: 'Gold', creditLimit: 50000, city: 'Chicago', phone: '+1 312 555 0142', contacts: ['Jane Cooper'] },
	{ name: 'Brightline Hardware', tier: 'Gold', creditLimit: 40000, city: 'Denver', phone: '+1 303 555 0187', contacts: ['Robert Fox'] },
	{ name: 'Coastal Home Centers', tier: 'Silver', creditLimit: 25000, city: 'San Diego', phone: '+1 619 555 0123' },
	{ name: 'Delta Office Supplies', tier: 'Silver', creditLimit: 20000, city: 'Atlanta', phone: '+1 404 555 0165' },
	{ name: 'Evergreen Outfitters', tier: 'Bronze', creditLimit: 5000, city: 'Portland', phone: '+1 503 555 0119' },
	{ name: 'Fjord Marine Supply', tier: 'Bronze', creditLimit: 10000, city: 'Seattle', phone: '+1 206 555 0170' },
	{ name: 'Granite Construction Co.', tier: 'Gold', creditLimit: 60000, city: 'Phoenix', phone: '+1 602 555 0134' },
	{ name: 'Harborview Hospitality', tier: 'Silver', creditLimit: 15000, city: 'Boston', phone: '+1 617 555 0158' },
	{ name: 'Ironwood Furniture', tier: 'Bronze', creditLimit: 8000, city: 'Austin' },
	{ name: 'Juniper Health Clinics', tier: 'Silver', creditLimit: 20000, city: 'Minneapolis', phone: '+1 612 555 0191' },
];

const VENDORS = [
	{ name: 'Nordic Fasteners AB', delay: 7 },
	{ name: 'Pacific Packaging Ltd', delay: 3 },
	{ name: 'Midwest Pallet & Crate', delay: 5 },
	{ name: 'Summit Electrical Supply', delay: 10 },
];

/** [code, name, sale price, cost, on hand in WH/Stock, vendor index, weight kg] */
const PRODUCTS: Array<[string, string, number, number, number, number, number]> = [
	['PWF-500', 'Pallet Wrap Film 500mm', 18.5, 9.2, 240, 1, 2.4],
	['BOX-403030', 'Corrugated Box 40x30x30', 1.35, 0.52, 1200, 1, 0.4],
	['BOX-605040', 'Corrugated Box 60x50x40', 2.1, 0.88, 0, 1, 0.7],
	['TAPE-48', 'Packing Tape 48mm', 3.2, 1.1, 600, 1, 0.2],
	['LBL-100150', 'Thermal Labels 100x150 (roll)', 12.9, 5.6, 35, 1, 0.9],
	['PRN-TH4', 'Thermal Label Printer', 389.0, 240.0, 6, 3, 3.5],
	['SCN-WL2', 'Wireless Barcode Scanner', 229.0, 141.0, 3, 3, 0.6],
	['PLT-EUR', 'Euro Pallet 1200x800', 14.0, 8.5, 150, 2, 25],
	['HPT-25', 'Hand Pallet Truck 2.5t', 459.0, 310.0, 4, 2, 68],
	['SHF-5T', 'Steel Shelving Unit 5-Tier', 129.0, 74.0, 12, 0, 21],
	['GLV-NIT', 'Nitrile Safety Gloves (box of 100)', 9.9, 4.1, 80, 0, 0.6],
	['VST-HV', 'Hi-Vis Safety Vest', 6.5, 2.4, 0, 0, 0.2],
	['LGT-LED', 'LED Work Light', 54.0, 29.0, 20, 3, 1.8],
	['TIE-100', 'Cable Ties (pack of 100)', 4.75, 1.6, 500, 0, 0.3],
];

export interface DemoData {
	customers: Record<string, number>;
	vendors: Record<string, number>;
	products: Record<string, number>;
	tags: Record<'Gold' | 'Silver' | 'Bronze', number>;
}

type Line = [string, number];

/** Seeds the demo data on top of the base data. */
export function seedDemo(env: Env, users: BaseUsers): DemoData {
	const partners = env.model('res.partner');
	const us = env.db.xmlids.get('base.us')!.id;
	env.model('res.company').write([1], { name: 'Harbor Supply Co.', phone: '+1 555 0100', email: 'ops@harborsupply.example.com' });
	partners.write([1], { name: 'Harbor Supply Co.', city: 'Newark', street: '1 Harbor Way', zip: '07105' });

	const tags = {
		Gold: env.model('res.partner.category').create({ name: 'SLA Gold', color: 3 }),
		Silver: env.model('res.partner.category').create({ name: 'SLA Silver', color: 7 }),
		Bronze: env.model('res.partner.category').create({ name: 'SLA Bronze', color: 2 }),
	};
	const customers: Record<string, number> = {};
	for (const c of CUSTOMERS) {
		const slug = c.name.toLowerCase().replace(/[^a-z]+/g, '.').replace(/\.$/, '');
		const id = partners.create({
			name: c.name,
			is_company: true,
			customer_rank: 1,
			email: `orders@${slug}.example.com`,
			phone: c.phone ?? false,
			city: c.city,
			country_id: us,
			category_id: [[6, 0, [tags[c.tier]]]],
			credit_limit: c.creditLimit,
			use_partner_credit_limit: true,
		});
		customers[c.name] = id;
		for (const contact of c.contacts ?? []) {
			partners.create({ name: contact, parent_id: id, email: `${contact.split(' ')[0].toLowerCase()}@${slug}.example.com` });
		}
	}
	// The portal user is a buyer at Coastal Home Centers: the portal sees that customer's documents only.
	const portalPartner = env.rec('res.users', users.portal.uid).get<number>('partner_id');
	partners.write([portalPartner], { parent_id: customers['Coastal Home Centers'] });

	const vendors: Record<string, number> = {};
	for (const v of VENDORS) {
		vendors[v.name] = partners.create({ name: v.name, is_company: true, supplier_rank: 1, country_id: us, email: `sales@${v.name.split(' ')[0].toLowerCase()}.example.com` });
	}

	const stock = env.db.xmlids.get('stock.stock_location_stock')!.id;
	const products: Record<string, number> = {};
	for (const [code, name, price, cost, onHand, vendor, weight] of PRODUCTS) {
		const id = env.model('product.product').create({
			name,
			default_code: code,
			list_price: price,
			standard_price: cost,
			weight,
			invoice_policy: 'delivery',
			...(env.registry.get('product.product').fields.is_storable ? { is_storable: true } : { type: 'product' }),
		});
		products[code] = id;
		const seller = VENDORS[vendor];
		env.model('product.supplierinfo').create({ partner_id: vendors[seller.name], product_id: id, price: cost, delay: seller.delay, min_qty: 1 });
		if (onHand) env.model('stock.quant').create({ product_id: id, location_id: stock, quantity: onHand, in_date: env.now() });
	}
	products['FEE-FRT'] = env.model('product.product').create({
		name: 'Freight Handling Fee',
		default_code: 'FEE-FRT',
		type: 'service',
		list_price: 45,
		invoice_policy: 'order',
	});

	const order = (customer: string, lines: Line[], extra: Record<string, unknown> = {}) =>
		env.model('sale.order').create({
			partner_id: customers[customer],
			order_line: lines.map(([code, qty]) => [0, 0, { product_id: products[code], product_uom_qty: qty }]),
			...extra,
		});
	const confirm = (model: string, method: string, id: number, kw: Record<string, unknown> = {}) => callDirect(env, model, method, [id], kw);
	const purchase = (vendor: string, lines: Line[], extra: Record<string, unknown> = {}) =>
		env.model('purchase.order').create({
			partner_id: vendors[vendor],
			order_line: lines.map(([code, qty]) => [0, 0, { product_id: products[code], product_qty: qty }]),
			...extra,
		});

	// Quotations first, so the lowest ids are drafts (as in a fresh Odoo demo database).
	order('Acme Retail Group', [
		['PWF-500', 20],
		['BOX-403030', 100],
	]);
	order('Brightline Hardware', [['TAPE-48', 24]]);
	order('Delta Office Supplies', [['LBL-100150', 10]]);
	purchase('Nordic Fasteners AB', [['TIE-100', 1000]]);
	purchase('Pacific Packaging Ltd', [['LBL-100150', 200]]);
	purchase('Summit Electrical Supply', [['SCN-WL2', 10]]);
	const rfqSent = purchase('Midwest Pallet & Crate', [['HPT-25', 2]]);
	env.model('purchase.order').write([rfqSent], { state: 'sent' });
	purchase('Nordic Fasteners AB', [['GLV-NIT', 200]]);

	// Confirmed purchases: one receipt waiting, one received.
	const pending = purchase('Pacific Packaging Ltd', [['BOX-605040', 500]]);
	confirm('purchase.order', 'button_confirm', pending);
	const received = purchase('Summit Electrical Supply', [['LGT-LED', 20]]);
	confirm('purchase.order', 'button_confirm', received);
	for (const picking of env.rec('purchase.order', received).get<number[]>('picking_ids')) {
		confirm('stock.picking', 'button_validate', picking, {});
	}

	// Confirmed sales: ready, short of stock, delivered.
	const ready = order('Granite Construction Co.', [
		['SHF-5T', 4],
		['PLT-EUR', 10],
	]);
	confirm('sale.order', 'action_confirm', ready);
	const short = order('Delta Office Supplies', [
		['SCN-WL2', 5],
		['VST-HV', 40],
	]);
	confirm('sale.order', 'action_confirm', short);
	const delivered = order('Harborview Hospitality', [['GLV-NIT', 10]]);
	confirm('sale.order', 'action_confirm', delivered);
	for (const picking of env.rec('sale.order', delivered).get<number[]>('picking_ids')) {
		callDirect(env.withContext({ skip_sms: true }), 'stock.picking', 'button_validate', [picking], {});
	}
	const promised = order(
		'Acme Retail Group',
		[
			['HPT-25', 1],
			['PRN-TH4', 2],
			['FEE-FRT', 1],
		],
		{ client_order_ref: 'PO-ACME-7781', commitment_date: addDays(env.now(), 3) },
	);
	confirm('sale.order', 'action_confirm', promised);
	const sent = order('Juniper Health Clinics', [['GLV-NIT', 30]], { client_order_ref: 'JHC-2231' });
	confirm('sale.order', 'action_quotation_sent', sent);
	order('Evergreen Outfitters', [['TIE-100', 50]], { client_order_ref: 'EVG-0456' });

	// Evergreen Outfitters owes more than its credit limit: two unpaid invoices.
	for (const amount of [4200, 3250]) {
		const invoice = env.model('account.move').create({
			move_type: 'out_invoice',
			partner_id: customers['Evergreen Outfitters'],
			invoice_date: addDays(env.today(), -40),
			invoice_line_ids: [[0, 0, { name: 'Packaging supplies', quantity: 1, price_unit: amount }]],
		});
		callDirect(env, 'account.move', 'action_post', [invoice], {});
	}

	// The delivered order is invoiced (posted) as Odoo's "Create Invoice" makes it: one line per order line, for the
	// delivered quantity at the order's price, linked to its sale line, so a return on it can be credited.
	const deliveredOrder = env.rec('sale.order', delivered);
	const deliveredInvoice = env.model('account.move').create({
		move_type: 'out_invoice',
		partner_id: deliveredOrder.get('partner_invoice_id'),
		invoice_origin: deliveredOrder.str('name'),
		invoice_date: env.today(),
		invoice_line_ids: deliveredOrder
			.x2m('order_line')
			.filter((line) => !line.get('display_type'))
			.map((line) => [
				0,
				0,
				{
					product_id: line.get('product_id'),
					name: line.get('name'),
					quantity: line.num('qty_delivered'),
					price_unit: line.num('price_unit'),
					sale_line_id: line.id,
				},
			]),
	});
	callDirect(env, 'account.move', 'action_post', [deliveredInvoice], {});

	const saleModel = env.model('ir.model').search([['model', '=', 'sale.order']])[0];
	env.model('mail.activity').create({
		res_model_id: saleModel,
		res_id: short,
		activity_type_id: env.db.xmlids.get('mail.mail_activity_data_call')!.id,
		summary: 'Confirm partial shipment with the customer',
		date_deadline: addDays(env.today(), 1),
		user_id: users.admin.uid,
	});

	if (env.registry.has('helpdesk.ticket')) {
		env.model('helpdesk.ticket').create({
			name: 'Damaged pallet on delivery',
			partner_id: customers['Harborview Hospitality'],
			team_id: env.model('helpdesk.team').search([])[0],
			priority: '2',
			sale_order_id: delivered,
			sla_deadline: addDays(env.now(), 1),
		});
	}
	if (env.registry.has('approval.category')) {
		const category = env.model('approval.category').create({
			name: 'Credit Limit Override',
			has_amount: 'required',
			has_partner: 'required',
			approver_ids: [[0, 0, { user_id: users.admin.uid, required: true }]],
		});
		env.model('approval.category').create({
			name: 'Expedited Freight',
			has_amount: 'required',
			has_reference: 'optional',
			approver_ids: [[0, 0, { user_id: users.admin.uid, required: true }]],
		});
		env.model('approval.request').create({
			name: 'Release Evergreen Outfitters order EVG-0456',
			category_id: category,
			partner_id: customers['Evergreen Outfitters'],
			amount: 237.5,
			request_owner_id: users.demo.uid,
		});
	}
	return { customers, vendors, products, tags };
}
