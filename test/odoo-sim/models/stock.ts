import { userError } from '../errors';
import { recordMethod } from '../orm/base-methods';
import type { Env, Rec } from '../orm/env';
import { binary, boolean, char, datetime, float, html, integer, many2many, many2one, one2many, selection, text } from '../orm/fields';
import type { AccessSpec, MethodDef, ModelDef } from '../orm/model';
import { major } from '../version';
import { commercialPartnerId, requireSingleton } from './base';
import { isStorable } from './product';
import {
	actionAssign,
	buttonValidate,
	cancelPickings,
	confirmPickings,
	createReturn,
	returnedQty,
	unreserve,
	updatePickingState,
} from './stock-flows';
import { freeQty, reservedQty } from './stock-quants';

const STOCK_GROUPS = {
	read: [
		'Inventory/Administrator',
		'Inventory/User',
		'Invoicing/Invoicing',
		'Purchase/Administrator',
		'Purchase/User',
		'Sales/Administrator',
		'Sales/User: Own Documents Only',
		'Technical/Show Accounting Features - Readonly',
	],
	write: ['Inventory/Administrator', 'Inventory/User'],
};

/** Portal users read their own transfers (record rule) and nothing else of stock. */
const PORTAL_PICKINGS: AccessSpec = {
	portal: ['read'],
	portalRule: (rec, partnerId) => commercialPartnerId(rec.m2o('partner_id')) === partnerId,
	groups: STOCK_GROUPS,
};
const STOCK_ONLY: AccessSpec = { portal: [], groups: STOCK_GROUPS };

const PICKING_STATES = [
	['draft', 'Draft'],
	['waiting', 'Waiting Another Operation'],
	['confirmed', 'Waiting'],
	['assigned', 'Ready'],
	['done', 'Done'],
	['cancel', 'Cancelled'],
] as const;

const MOVE_STATES = [
	['draft', 'New'],
	['waiting', 'Waiting Another Move'],
	['confirmed', 'Waiting Availability'],
	['partially_available', 'Partially Available'],
	['assigned', 'Available'],
	['done', 'Done'],
	['cancel', 'Cancelled'],
] as const;

const PICKING_TYPE_CODES = [
	['incoming', 'Receipt'],
	['outgoing', 'Delivery'],
	['internal', 'Internal Transfer'],
] as const;

const PRIORITIES = [
	['0', 'Normal'],
	['1', 'Urgent'],
] as const;

const no = () => false;

/** A `stock.picking` button that runs a stock flow on the pickings and answers `result`. */
function pickingMethod(flow: (env: Env, pickings: Rec[]) => void, result: true | undefined): MethodDef {
	return recordMethod('StockPicking', (env, ids) => {
		flow(env, env.recs('stock.picking', ids));
		return result;
	});
}

function minDate(values: unknown[]): string | false {
	const dates = values.filter((v): v is string => typeof v === 'string').sort();
	return dates[0] ?? false;
}

function locationName(rec: Rec): string {
	const parent = rec.m2o('location_id');
	return parent && rec.get('usage') !== 'view' ? `${locationName(parent)}/${rec.str('name')}` : rec.str('name');
}

function moveDisplayName(rec: Rec): string {
	const origin = rec.m2o('picking_id')?.str('origin') || rec.str('reference');
	const code = rec.m2o('product_id')?.str('default_code');
	const from = rec.m2o('location_id')?.str('name') ?? '';
	const to = rec.m2o('location_dest_id')?.str('name') ?? '';
	return `${origin ? `${origin}/` : ''}${code ? `${code}: ` : ''}${from}>${to}`;
}

function pickingsOfContext(env: Env): number[] {
	return (env.context.button_validate_picking_ids as number[] | undefined) ?? [];
}

/** Wizard helpers: the pickings to validate again, with extra context. */
function revalidate(env: Env, extra: Record<string, unknown>): unknown {
	const ids = pickingsOfContext(env);
	if (!ids.length) return true;
	return buttonValidate(env.withContext(extra), env.model('stock.picking').exists(ids));
}

function acknowledgeSmsWarning(env: Env, wizard: Rec, disable: boolean): void {
	for (const picking of wizard.x2m('pick_ids')) {
		const company = picking.m2o('company_id') ?? env.rec('res.company', 1);
		if (!company.get('has_received_warning_stock_sms')) {
			company.write(disable ? { has_received_warning_stock_sms: true, stock_move_sms_validation: false } : { has_received_warning_stock_sms: true });
		}
	}
}

export const STOCK_MODELS: ModelDef[] = [
	{
		name: 'stock.location',
		description: 'Inventory Locations',
		order: 'complete_name, id',
		parentName: 'location_id',
		recName: 'complete_name',
		fields: {
			name: char('Location Name', { required: true }),
			complete_name: char('Full Location Name', { compute: locationName }),
			active: boolean('Active', { default: true }),
			usage: selection(
				[
					['supplier', 'Vendor'],
					['view', 'Virtual'],
					['internal', 'Internal'],
					['customer', 'Customer'],
					['inventory', 'Inventory Loss'],
					['production', 'Production'],
					['transit', 'Transit'],
				],
				'Location Type',
				{ required: true, default: 'internal' },
			),
			location_id: many2one('stock.location', 'Parent Location'),
			child_ids: one2many('stock.location', 'location_id', 'Contains'),
			company_id: many2one('res.company', 'Company'),
			barcode: char('Barcode'),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.warehouse',
		description: 'Warehouse',
		order: 'sequence,id',
		fields: {
			name: char('Warehouse', { required: true }),
			code: char('Short Name', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			active: boolean('Active', { default: true }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			partner_id: many2one('res.partner', 'Address'),
			lot_stock_id: many2one('stock.location', 'Location Stock'),
			view_location_id: many2one('stock.location', 'View Location'),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.picking.type',
		description: 'Picking Type',
		order: 'sequence, id',
		displayName: (rec) => {
			const warehouse = rec.m2o('warehouse_id');
			return warehouse ? `${warehouse.str('name')}: ${rec.str('name')}` : rec.str('name');
		},
		fields: {
			name: char('Operation Type', { required: true }),
			code: selection(PICKING_TYPE_CODES, 'Type of Operation', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			sequence_code: char('Sequence Prefix', { required: true }),
			active: boolean('Active', { default: true }),
			warehouse_id: many2one('stock.warehouse', 'Warehouse', { ondelete: 'cascade' }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			default_location_src_id: many2one('stock.location', 'Default Source Location'),
			default_location_dest_id: many2one('stock.location', 'Default Destination Location'),
			return_picking_type_id: many2one('stock.picking.type', 'Operation Type for Returns'),
			create_backorder: selection(
				[
					['ask', 'Ask'],
					['always', 'Always'],
					['never', 'Never'],
				],
				'Create Backorder',
				{ required: true, default: 'ask' },
			),
			reservation_method: selection(
				[
					['at_confirm', 'At Confirmation'],
					['manual', 'Manually'],
					['by_date', 'Before scheduled date'],
				],
				'Reservation Method',
				{ required: true, default: 'at_confirm' },
			),
		},
		access: { portal: ['read'], groups: STOCK_GROUPS },
	},
	{
		name: 'procurement.group',
		description: 'Procurement Group',
		order: 'id desc',
		fields: {
			name: char('Reference', { required: true }),
			partner_id: many2one('res.partner', 'Partner'),
			sale_id: many2one('sale.order', 'Sale Order'),
			move_type: selection(
				[
					['direct', 'Partial'],
					['one', 'All at once'],
				],
				'Delivery Type',
				{ default: 'direct' },
			),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.lot',
		description: 'Lot/Serial',
		order: 'name, id',
		fields: {
			name: char('Lot/Serial Number', { required: true }),
			product_id: many2one('product.product', 'Product', { required: true }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.package_level',
		description: 'Stock Package Level',
		fields: {
			picking_id: many2one('stock.picking', 'Transfer', { ondelete: 'cascade' }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.quant',
		description: 'Quants',
		order: 'id',
		displayName: (rec) => rec.m2o('product_id')?.displayName() ?? '',
		fields: {
			product_id: many2one('product.product', 'Product', { required: true, ondelete: 'restrict' }),
			location_id: many2one('stock.location', 'Location', { required: true, ondelete: 'restrict' }),
			lot_id: many2one('stock.lot', 'Lot/Serial Number'),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			quantity: float('Quantity', { readonly: true }),
			reserved_quantity: float('Reserved Quantity', {
				compute: (rec) => reservedQty(rec.env, rec.get<number>('product_id'), [rec.get<number>('location_id')]),
			}),
			available_quantity: float('Available Quantity', {
				compute: (rec) => rec.num('quantity') - rec.num('reserved_quantity'),
			}),
			inventory_quantity: float('Counted Quantity'),
			inventory_diff_quantity: float('Difference', {
				compute: (rec) => (rec.get('inventory_quantity_set') ? rec.num('inventory_quantity') - rec.num('quantity') : 0),
			}),
			inventory_quantity_set: boolean('Inventory Quantity Set'),
			in_date: datetime('Incoming Date'),
			product_uom_id: many2one('uom.uom', 'Unit', { compute: (rec) => rec.m2o('product_id')?.get('uom_id') ?? false }),
		},
		methods: {
			action_apply_inventory: recordMethod('StockQuant', (env, ids) => {
				for (const quant of env.recs('stock.quant', ids)) {
					if (!quant.get('inventory_quantity_set')) continue;
					quant.write({ quantity: quant.num('inventory_quantity'), inventory_quantity: 0, inventory_quantity_set: false });
				}
				return undefined;
			}),
		},
		hooks: {
			beforeWrite: (_env, _ids, vals) => {
				if ('inventory_quantity' in vals && !('inventory_quantity_set' in vals)) vals.inventory_quantity_set = true;
			},
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.picking',
		description: 'Transfer',
		order: 'priority desc, scheduled_date asc, id desc',
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Reference', { readonly: true, copy: false }),
			origin: char('Source Document'),
			note: html('Notes'),
			backorder_id: many2one('stock.picking', 'Back Order of', { readonly: true, copy: false }),
			backorder_ids: one2many('stock.picking', 'backorder_id', 'Back Orders'),
			return_id: many2one('stock.picking', 'Return of', { readonly: true, since: '17.0', copy: false }),
			return_ids: one2many('stock.picking', 'return_id', 'Returns', { since: '17.0' }),
			return_count: integer('# Returns', { since: '17.0', compute: (rec) => rec.get<number[]>('return_ids').length }),
			move_type: selection(
				[
					['direct', 'As soon as possible'],
					['one', 'When all products are ready'],
				],
				'Shipping Policy',
				{ required: true, default: 'direct' },
			),
			state: selection(PICKING_STATES, 'Status', { readonly: true, default: 'draft', copy: false }),
			group_id: many2one('procurement.group', 'Procurement Group', { readonly: true }),
			priority: selection(PRIORITIES, 'Priority', { default: '0' }),
			scheduled_date: datetime('Scheduled Date', { defaultFn: (env) => env.now() }),
			date_deadline: datetime('Deadline', {
				readonly: true,
				compute: (rec) => minDate(rec.x2m('move_ids').map((m) => m.get('date_deadline'))),
			}),
			has_deadline_issue: boolean('Is late', {
				readonly: true,
				compute: (rec) => {
					const deadline = rec.get('date_deadline');
					return Boolean(deadline) && (rec.get('scheduled_date') as string) > (deadline as string);
				},
			}),
			date: datetime('Creation Date', { defaultFn: (env) => env.now() }),
			date_done: datetime('Date of Transfer', { readonly: true, copy: false }),
			delay_alert_date: datetime('Delay Alert Date', { readonly: true, compute: no }),
			json_popover: char('JSON data for the popover widget', { readonly: true, compute: no }),
			location_id: many2one('stock.location', 'Source Location', { required: true }),
			location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
			move_ids: one2many('stock.move', 'picking_id', 'Stock Moves'),
			move_ids_without_package: one2many('stock.move', 'picking_id', 'Stock move', {
				readonly: false,
				compute: (rec) => rec.get('move_ids'),
			}),
			has_scrap_move: boolean('Has Scrap Moves', { readonly: true, compute: no }),
			picking_type_id: many2one('stock.picking.type', 'Operation Type', { required: true }),
			warehouse_address_id: many2one('res.partner', 'Address', {
				readonly: true,
				compute: (rec) => rec.m2o('picking_type_id')?.m2o('warehouse_id')?.get('partner_id') ?? false,
			}),
			picking_type_code: selection(PICKING_TYPE_CODES, 'Type of Operation', {
				readonly: true,
				compute: (rec) => rec.m2o('picking_type_id')?.get('code') ?? false,
			}),
			picking_type_entire_packs: boolean('Move Entire Packages', { readonly: true, compute: no }),
			use_create_lots: boolean('Create New Lots/Serial Numbers', { readonly: true, compute: no }),
			use_existing_lots: boolean('Use Existing Lots/Serial Numbers', { readonly: true, compute: no }),
			partner_id: many2one('res.partner', 'Contact'),
			company_id: many2one('res.company', 'Company', { readonly: true, default: 1 }),
			user_id: many2one('res.users', 'Responsible', { defaultFn: (env) => env.uid }),
			move_line_ids: one2many('stock.move.line', 'picking_id', 'Operations'),
			move_line_ids_without_package: one2many('stock.move.line', 'picking_id', 'Operations without package', {
				readonly: false,
				compute: (rec) => rec.get('move_line_ids'),
			}),
			move_line_exist: boolean('Has Pack Operations', { readonly: true, compute: (rec) => rec.get<number[]>('move_line_ids').length > 0 }),
			has_packages: boolean('Has Packages', { readonly: true, compute: no }),
			show_check_availability: boolean('Show Check Availability', {
				readonly: true,
				compute: (rec) =>
					['confirmed', 'waiting', 'assigned'].includes(rec.str('state')) &&
					rec.x2m('move_ids').some((m) => ['confirmed', 'partially_available'].includes(m.str('state'))),
			}),
			show_allocation: boolean('Show Allocation', { readonly: true, compute: no }),
			owner_id: many2one('res.partner', 'Assign Owner'),
			printed: boolean('Printed'),
			signature: binary('Signature'),
			is_signed: boolean('Is Signed', { readonly: true, compute: (rec) => Boolean(rec.get('signature')) }),
			is_locked: boolean('Is Locked', { default: true }),
			weight_bulk: float('Bulk Weight', {
				readonly: true,
				compute: (rec) => rec.x2m('move_ids').reduce((s, m) => s + m.num('quantity') * (m.m2o('product_id')?.num('weight') ?? 0), 0),
			}),
			shipping_weight: float('Weight for Shipping'),
			shipping_volume: float('Volume for Shipping', {
				readonly: true,
				compute: (rec) => rec.x2m('move_ids').reduce((s, m) => s + m.num('quantity') * (m.m2o('product_id')?.num('volume') ?? 0), 0),
			}),
			product_id: many2one('product.product', 'Product', {
				readonly: true,
				compute: (rec) => rec.x2m('move_ids')[0]?.get('product_id') ?? false,
			}),
			lot_id: many2one('stock.lot', 'Lot/Serial Number', { readonly: true, compute: no }),
			show_operations: boolean('Show Detailed Operations', { readonly: true, compute: no }),
			show_lots_text: boolean('Show Lots Text', { readonly: true, compute: no }),
			has_tracking: boolean('Has Tracking', { readonly: true, compute: no }),
			package_level_ids: one2many('stock.package_level', 'picking_id', 'Package Level'),
			package_level_ids_details: one2many('stock.package_level', 'picking_id', 'Package Level Ids Details', {
				readonly: false,
				compute: (rec) => rec.get('package_level_ids'),
			}),
			products_availability: char('Product Availability', {
				readonly: true,
				compute: (rec) => {
					if (rec.get('picking_type_code') !== 'outgoing' || ['done', 'cancel', 'draft'].includes(rec.str('state'))) return false;
					return rec.get('state') === 'assigned' ? 'Available' : 'Not Available';
				},
			}),
			products_availability_state: selection(
				[
					['available', 'Available'],
					['expected', 'Expected'],
					['late', 'Late'],
				],
				'Products Availability State',
				{
					readonly: true,
					compute: (rec) => {
						if (rec.get('picking_type_code') !== 'outgoing' || ['done', 'cancel', 'draft'].includes(rec.str('state'))) return false;
						return rec.get('state') === 'assigned' ? 'available' : 'late';
					},
				},
			),
			picking_properties: { type: 'properties', string: 'Properties' },
			show_next_pickings: boolean('Show Next Pickings', { readonly: true, compute: no }),
			search_date_category: selection(
				[
					['before', 'Before'],
					['yesterday', 'Yesterday'],
					['today', 'Today'],
					['day_1', 'Tomorrow'],
					['day_2', 'The day after tomorrow'],
					['after', 'After'],
				],
				'Date Category',
				{ readonly: true, compute: no },
			),
			country_code: char('Country Code', {
				readonly: true,
				compute: (rec) => rec.m2o('partner_id')?.m2o('country_id')?.get('code') ?? false,
			}),
			purchase_id: many2one('purchase.order', 'Purchase Orders', { readonly: true }),
			days_to_arrive: datetime('Days To Arrive', { readonly: true, compute: (rec) => rec.get('scheduled_date') }),
			delay_pass: datetime('Delay Pass', { readonly: true, compute: (rec) => rec.get('date') }),
			sale_id: many2one('sale.order', 'Sales Order'),
			carrier_id: many2one('delivery.carrier', 'Carrier', { module: 'stock_delivery' }),
			carrier_tracking_ref: char('Tracking Reference', { module: 'stock_delivery', copy: false }),
			carrier_tracking_url: char('Tracking URL', {
				module: 'stock_delivery',
				compute: (rec) => {
					const url = rec.m2o('carrier_id')?.str('tracking_url');
					return url && rec.str('carrier_tracking_ref') ? url.replace('<shipmenttrackingnumber>', rec.str('carrier_tracking_ref')) : false;
				},
			}),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.picking_type_id) return;
				const type = env.rec('stock.picking.type', vals.picking_type_id as number);
				if (!vals.name || vals.name === '/') {
					const warehouse = type.m2o('warehouse_id');
					const prefix = `${warehouse ? `${warehouse.str('code')}/` : ''}${type.str('sequence_code')}/`;
					vals.name = env.nextSequence(`stock.picking.type.${type.id}`, prefix);
				}
				if (!vals.location_id) vals.location_id = type.get('default_location_src_id');
				if (!vals.location_dest_id) vals.location_dest_id = type.get('default_location_dest_id');
			},
			beforeUnlink: (env, ids) => {
				if (env.recs('stock.picking', ids).some((p) => p.get('state') === 'done')) {
					throw userError('You cannot delete a transfer that is done.');
				}
			},
		},
		methods: {
			action_confirm: pickingMethod(confirmPickings, true),
			action_assign: pickingMethod(actionAssign, true),
			do_unreserve: pickingMethod(unreserve, undefined),
			action_cancel: pickingMethod(cancelPickings, true),
			button_validate: recordMethod('StockPicking', (env, ids) => buttonValidate(env, ids)),
			action_set_quantities_to_reservation: recordMethod('StockPicking', (env, ids) => {
				for (const picking of env.recs('stock.picking', ids)) {
					for (const move of picking.x2m('move_ids')) {
						if (!['done', 'cancel'].includes(move.str('state'))) move.write({ picked: true });
					}
				}
				return undefined;
			}),
		},
		access: PORTAL_PICKINGS,
	},
	{
		name: 'stock.move',
		description: 'Stock Move',
		order: 'sequence, id',
		displayName: moveDisplayName,
		fields: {
			name: char('Description'),
			sequence: integer('Sequence', { default: 10 }),
			reference: char('Reference', { compute: (rec) => rec.m2o('picking_id')?.str('name') ?? rec.str('name') }),
			origin: char('Source Document'),
			priority: selection(PRIORITIES, 'Priority', { default: '0' }),
			date: datetime('Date Scheduled', { defaultFn: (env) => env.now() }),
			date_deadline: datetime('Deadline', { readonly: true }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			product_id: many2one('product.product', 'Product', { required: true }),
			description_picking: text('Description of Picking'),
			product_uom_qty: float('Demand', { default: 0, digits: 4 }),
			product_qty: float('Real Quantity', { compute: (rec) => rec.num('product_uom_qty') }),
			quantity: float('Quantity', { digits: 4 }),
			picked: boolean('Picked'),
			quantity_done: float('Quantity Done', {
				until: '17.0',
				compute: (rec) => (rec.get('picked') ? rec.num('quantity') : 0),
				setter: (rec, value) => rec.write({ quantity: value, picked: Number(value) > 0 }),
			}),
			reserved_availability: float('Quantity Reserved', { until: '17.0', compute: (rec) => rec.num('quantity') }),
			product_uom: many2one('uom.uom', 'UoM', { required: true, defaultFn: (env) => env.db.xmlids.get('uom.product_uom_unit')?.id ?? 1 }),
			location_id: many2one('stock.location', 'Source Location', { required: true }),
			location_dest_id: many2one('stock.location', 'Destination Location', { required: true }),
			partner_id: many2one('res.partner', 'Destination Address'),
			picking_id: many2one('stock.picking', 'Transfer', { ondelete: 'cascade' }),
			picking_type_id: many2one('stock.picking.type', 'Operation Type'),
			state: selection(MOVE_STATES, 'Status', { readonly: true, default: 'draft', copy: false }),
			availability: float('Forecasted Quantity', {
				compute: (rec) => {
					const product = rec.m2o('product_id');
					if (!product || !isStorable(product)) return rec.num('product_uom_qty');
					return Math.max(0, freeQty(rec.env, product.id, rec.get<number>('location_id'), rec.id));
				},
			}),
			forecast_availability: float('Forecast Availability', {
				compute: (rec) => Math.min(rec.num('product_uom_qty'), rec.num('quantity') + rec.num('availability')),
			}),
			origin_returned_move_id: many2one('stock.move', 'Origin return move', { copy: false }),
			returned_move_ids: one2many('stock.move', 'origin_returned_move_id', 'All returned moves'),
			to_refund: boolean('Update quantities on SO/PO', { copy: false }),
			move_line_ids: one2many('stock.move.line', 'move_id', 'Move Lines'),
			sale_line_id: many2one('sale.order.line', 'Sale Line'),
			purchase_line_id: many2one('purchase.order.line', 'Purchase Order Line'),
			group_id: many2one('procurement.group', 'Procurement Group'),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (vals.product_id && !vals.name) vals.name = env.displayName('product.product', vals.product_id as number);
				if (vals.product_id && !vals.product_uom) vals.product_uom = env.rec('product.product', vals.product_id as number).get('uom_id');
			},
			beforeWrite: (env, ids, vals) => {
				if ('quantity' in vals && major(env.version) >= 17) {
					for (const move of env.recs('stock.move', ids)) {
						if (move.get('state') === 'done' && Number(vals.quantity) !== move.num('quantity')) {
							throw userError('You cannot change the quantity of a done move. Create a return or an inventory adjustment instead.');
						}
					}
				}
			},
			afterWrite: (env, ids, vals) => {
				if (!('quantity' in vals) || 'state' in vals) return;
				for (const move of env.recs('stock.move', ids)) {
					if (['done', 'cancel', 'draft'].includes(move.str('state'))) continue;
					const quantity = move.num('quantity');
					const state = quantity >= move.num('product_uom_qty') ? 'assigned' : quantity > 0 ? 'partially_available' : 'confirmed';
					if (state !== move.get('state')) env.model('stock.move').write([move.id], { state });
					const picking = move.m2o('picking_id');
					if (picking) updatePickingState(picking);
				}
			},
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.move.line',
		description: 'Product Moves (Stock Move Line)',
		order: 'result_package_id desc, id',
		fields: {
			move_id: many2one('stock.move', 'Stock Operation', { ondelete: 'cascade' }),
			picking_id: many2one('stock.picking', 'Transfer', { ondelete: 'cascade' }),
			product_id: many2one('product.product', 'Product'),
			quantity: float('Quantity'),
			picked: boolean('Picked'),
			location_id: many2one('stock.location', 'From'),
			location_dest_id: many2one('stock.location', 'To'),
			lot_id: many2one('stock.lot', 'Lot/Serial Number'),
			result_package_id: integer('Destination Package'),
			state: selection(MOVE_STATES, 'Status', { compute: (rec) => rec.m2o('move_id')?.get('state') ?? false }),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.backorder.confirmation',
		description: 'Backorder Confirmation',
		transient: true,
		fields: {
			pick_ids: many2many('stock.picking', 'Pick'),
			show_transfers: boolean('Show Transfers'),
			backorder_confirmation_line_ids: one2many(
				'stock.backorder.confirmation.line',
				'backorder_confirmation_id',
				'Backorder Confirmation Lines',
			),
		},
		hooks: {
			defaultGet: (env, fields, result) => {
				if (!fields.includes('backorder_confirmation_line_ids') || !Array.isArray(result.pick_ids)) return;
				const ids = (result.pick_ids as unknown[][]).filter((c) => c[0] === 4).map((c) => c[1] as number);
				result.backorder_confirmation_line_ids = env.model('stock.picking').exists(ids).map((id) => [0, 0, { picking_id: id, to_backorder: true }]);
			},
		},
		methods: {
			process: recordMethod('StockBackorderConfirmation', (env, ids) => {
				const wizard = env.rec('stock.backorder.confirmation', requireSingleton('stock.backorder.confirmation', ids));
				const notToDo = wizard
					.x2m('backorder_confirmation_line_ids')
					.filter((l) => !l.get('to_backorder'))
					.map((l) => l.get<number>('picking_id'));
				return revalidate(env, notToDo.length ? { skip_backorder: true, picking_ids_not_to_backorder: notToDo } : { skip_backorder: true });
			}),
			process_cancel_backorder: recordMethod('StockBackorderConfirmation', (env, ids) => {
				const wizard = env.rec('stock.backorder.confirmation', requireSingleton('stock.backorder.confirmation', ids));
				return revalidate(env, { skip_backorder: true, picking_ids_not_to_backorder: wizard.get('pick_ids') });
			}),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.backorder.confirmation.line',
		description: 'Backorder Confirmation Line',
		transient: true,
		fields: {
			backorder_confirmation_id: many2one('stock.backorder.confirmation', 'Immediate Transfer', { ondelete: 'cascade' }),
			picking_id: many2one('stock.picking', 'Transfer'),
			to_backorder: boolean('To Backorder'),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'confirm.stock.sms',
		description: 'Confirm Stock SMS',
		transient: true,
		fields: { pick_ids: many2many('stock.picking', 'Pick') },
		methods: {
			send_sms: recordMethod('ConfirmStockSms', (env, ids) => {
				acknowledgeSmsWarning(env, env.rec('confirm.stock.sms', requireSingleton('confirm.stock.sms', ids)), false);
				return revalidate(env, {});
			}),
			dont_send_sms: recordMethod('ConfirmStockSms', (env, ids) => {
				acknowledgeSmsWarning(env, env.rec('confirm.stock.sms', requireSingleton('confirm.stock.sms', ids)), true);
				return revalidate(env, {});
			}),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.return.picking',
		description: 'Return Picking',
		transient: true,
		fields: {
			picking_id: many2one('stock.picking', 'Picking'),
			product_return_moves: one2many('stock.return.picking.line', 'wizard_id', 'Moves'),
			company_id: many2one('res.company', 'Company', { compute: (rec) => rec.m2o('picking_id')?.get('company_id') ?? false }),
			location_id: many2one('stock.location', 'Return Location', {
				until: '18.0',
				compute: (rec) => rec.m2o('picking_id')?.get('location_id') ?? false,
			}),
		},
		hooks: {
			defaultGet: (env, fields, result) => {
				if (!fields.includes('picking_id') || env.context.active_model !== 'stock.picking' || !env.context.active_id) return;
				if (((env.context.active_ids as unknown[]) ?? []).length > 1) throw userError('You may only return one picking at a time.');
				const id = env.context.active_id as number;
				if (env.tx.has('stock.picking', id)) result.picking_id = id;
			},
			afterCreate: (rec, vals) => {
				const picking = rec.m2o('picking_id');
				if (!picking || vals.product_return_moves) return;
				if (picking.get('state') !== 'done') throw userError('You may only return Done pickings.');
				for (const move of picking.x2m('move_ids').filter((m) => m.get('state') === 'done')) {
					const returnable = Math.max(0, move.num('quantity') - returnedQty(rec.env, move.id));
					rec.env.model('stock.return.picking.line').create({
						wizard_id: rec.id,
						product_id: move.get('product_id'),
						move_id: move.id,
						uom_id: move.get('product_uom'),
						quantity: major(rec.env.version) >= 18 ? 0 : returnable,
						to_refund: true,
					});
				}
			},
		},
		methods: {
			action_create_returns: {
				...recordMethod('StockReturnPicking', (env, ids) => returnAction(env, ids, 'form')),
				since: '18.0',
			},
			create_returns: {
				...recordMethod('StockReturnPicking', (env, ids) => returnAction(env, ids, 'form,tree,calendar')),
				until: '18.0',
			},
		},
		access: STOCK_ONLY,
	},
	{
		name: 'stock.return.picking.line',
		description: 'Return Picking Line',
		transient: true,
		fields: {
			product_id: many2one('product.product', 'Product', { required: true }),
			quantity: float('Quantity', { digits: 4 }),
			move_quantity: float('Move Quantity', { since: '17.0', compute: (rec) => rec.m2o('move_id')?.num('quantity') ?? 0 }),
			uom_id: many2one('uom.uom', 'Unit of Measure'),
			wizard_id: many2one('stock.return.picking', 'Wizard', { ondelete: 'cascade' }),
			move_id: many2one('stock.move', 'Move'),
			to_refund: boolean('Update quantities on SO/PO', { default: true }),
		},
		access: STOCK_ONLY,
	},
	{
		name: 'delivery.carrier',
		description: 'Shipping Methods',
		module: 'stock_delivery',
		order: 'sequence, id',
		fields: {
			name: char('Delivery Method', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			delivery_type: selection(
				[
					['base_on_rule', 'Based on Rules'],
					['fixed', 'Fixed Price'],
				],
				'Provider',
				{ required: true, default: 'fixed' },
			),
			tracking_url: char('Tracking Link'),
			active: boolean('Active', { default: true }),
		},
		access: { portal: ['read'], groups: STOCK_GROUPS },
	},
];

function returnAction(env: Env, ids: number[], viewMode: string): Record<string, unknown> {
	const wizard = env.rec('stock.return.picking', requireSingleton('stock.return.picking', ids));
	const picking = createReturn(env, wizard);
	return {
		name: 'Returned Picking',
		view_mode: viewMode,
		res_model: 'stock.picking',
		res_id: picking,
		type: 'ir.actions.act_window',
		context: env.context,
	};
}
