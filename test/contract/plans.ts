/**
 * Per-version replay plans: which simulator records stand for the demo records the recordings used, the unrecorded
 * calls the recorder made between fixtures (described in the fixtures themselves), and the deliberate differences.
 */
import type { ReplayContext, ReplayPlan } from './replayer';

type Json = Record<string, unknown>;

async function find(ctx: ReplayContext, model: string, domain: unknown[]): Promise<number> {
	const [id] = ctx.sim.env(model).search(domain, { limit: 1 });
	if (!id) throw new Error(`no ${model} matching ${JSON.stringify(domain)} in the simulator's demo data`);
	return id;
}

const partner = (ctx: ReplayContext, name: string) => find(ctx, 'res.partner', [['name', '=', name]]);
const product = (ctx: ReplayContext, code: string) => find(ctx, 'product.product', [['default_code', '=', code]]);

/** Creates (and optionally confirms) an order the way the recorder's helper calls did; returns its id. */
async function saleOrder(
	ctx: ReplayContext,
	values: { partner: string; lines?: Array<[string, number]>; ref?: string; confirm?: boolean },
): Promise<number> {
	const lines: Array<[number, number, Json]> = [];
	for (const [code, qty] of values.lines ?? []) lines.push([0, 0, { product_id: await product(ctx, code), product_uom_qty: qty }]);
	const vals: Json = { partner_id: await partner(ctx, values.partner), order_line: lines };
	if (values.ref) vals.client_order_ref = values.ref;
	const id = (await ctx.call('sale.order', 'create', [vals])) as number;
	if (values.confirm) await ctx.call('sale.order', 'action_confirm', [[id]]);
	return id;
}

const read = (ctx: ReplayContext, model: string, id: number, field: string) => ctx.sim.env(model).read([id], [field])[0][field];
const deliveryOf = async (ctx: ReplayContext, order: number) => (read(ctx, 'sale.order', order, 'picking_ids') as number[])[0];
const movesOf = (ctx: ReplayContext, picking: number) => read(ctx, 'stock.picking', picking, 'move_ids') as number[];

/** A confirmed order of one product (its move set to `quantity` when given); aliases the order, picking and move. */
async function partialDelivery(ctx: ReplayContext, ids: { order?: number; picking: number; move?: number }, demand: number, quantity?: number) {
	const order = await saleOrder(ctx, { partner: 'Acme Retail Group', lines: [['TAPE-48', demand]], confirm: true });
	const picking = await deliveryOf(ctx, order);
	const [move] = movesOf(ctx, picking);
	if (quantity !== undefined) await ctx.call('stock.move', 'write', [[move], { quantity }]);
	if (ids.order) ctx.ids.alias('sale.order', ids.order, order);
	ctx.ids.alias('stock.picking', ids.picking, picking);
	if (ids.move) ctx.ids.alias('stock.move', ids.move, move);
	return picking;
}

function backorderContext(picking: number, extra: Json = {}): Json {
	return { ...extra, button_validate_picking_ids: [picking], default_show_transfers: false, default_pick_ids: [[4, picking]] };
}

/** Aliases shared by both versions: the models and selection values automation rules point at. */
async function aliasAutomationTargets(ctx: ReplayContext, ids: { saleModel: number; pickingModel?: number; saleState: number }) {
	ctx.ids.alias('ir.model', ids.saleModel, await find(ctx, 'ir.model', [['model', '=', 'sale.order']]));
	if (ids.pickingModel) ctx.ids.alias('ir.model', ids.pickingModel, await find(ctx, 'ir.model', [['model', '=', 'stock.picking']]));
	ctx.ids.alias(
		'ir.model.fields.selection',
		ids.saleState,
		await find(ctx, 'ir.model.fields.selection', [
			['field_id.model', '=', 'sale.order'],
			['field_id.name', '=', 'state'],
			['value', '=', 'sale'],
		]),
	);
}

export const PLANS: Record<string, ReplayPlan> = {
	'18.0': {
		db: 'logi',
		setup: async (ctx) => {
			const { sim, ids } = ctx;
			ids.alias('res.users', 7, sim.portal.uid);
			ids.alias('res.partner', 10, await partner(ctx, 'Acme Retail Group'));
			ids.alias('res.partner', 11, await partner(ctx, 'Brightline Hardware'));
			ids.alias('res.partner', 12, await partner(ctx, 'Coastal Home Centers'));
			ids.alias('res.partner', 9, await partner(ctx, 'Pacific Packaging Ltd'));
			ids.alias('product.product', 17, await product(ctx, 'PWF-500'));
			ids.alias('product.product', 18, await product(ctx, 'BOX-403030'));
			ids.alias('product.product', 20, await product(ctx, 'TAPE-48'));
			// S00021 / S00020 of Odoo's demo data: two confirmed orders, the first with a delivery and two lines.
			const granite = await find(ctx, 'sale.order', [['partner_id.name', '=', 'Granite Construction Co.']]);
			ids.alias('sale.order', 21, granite);
			ids.alias('sale.order', 20, await find(ctx, 'sale.order', [['partner_id.name', '=', 'Delta Office Supplies'], ['state', '=', 'sale']]));
			const [line45, line46] = read(ctx, 'sale.order', granite, 'order_line') as number[];
			ids.alias('sale.order.line', 45, line45);
			ids.alias('sale.order.line', 46, line46);
			ids.alias('mail.activity.type', 4, await find(ctx, 'mail.activity.type', [['name', '=', 'To-Do']]));
			await aliasAutomationTargets(ctx, { saleModel: 588, pickingModel: 522, saleState: 1878 });
		},
		hooks: {
			'12': {
				before: async (ctx) => {
					const id = (await ctx.call('res.users.apikeys.description', 'create', [{ name: 'over jsonrpc', duration: '7' }])) as number;
					ctx.ids.alias('res.users.apikeys.description', 2, id);
				},
			},
			'24': {
				after: async (ctx) => {
					const lines = read(ctx, 'sale.order', ctx.ids.id('sale.order', 25), 'order_line') as number[];
					lines.forEach((line, i) => ctx.ids.alias('sale.order.line', 51 + i, line));
				},
			},
			'36': { before: (ctx) => partialDelivery(ctx, { order: 26, picking: 19, move: 42 }, 5).then(() => undefined) },
			'40': {
				after: async (ctx) => {
					const original = ctx.ids.id('stock.picking', 19);
					ctx.ids.alias('stock.picking', 20, await find(ctx, 'stock.picking', [['backorder_id', '=', original]]));
				},
			},
			'42': { after: async (ctx) => void (await ctx.call('sale.order', 'action_unlock', [[ctx.ids.id('sale.order', 26)]])) },
			'43': {
				before: async (ctx) => {
					const picking = await partialDelivery(ctx, { picking: 21 }, 4, 1);
					await ctx.call('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } });
					const context = backorderContext(picking, { skip_sms: true });
					ctx.ids.alias('stock.backorder.confirmation', 2, (await ctx.call('stock.backorder.confirmation', 'create', [{}], { context })) as number);
				},
			},
			'44': { before: (ctx) => partialDelivery(ctx, { picking: 22 }, 4, 1).then(() => undefined) },
			'45': {
				before: async (ctx) => {
					const context = backorderContext(ctx.ids.id('stock.picking', 22));
					ctx.ids.alias('stock.backorder.confirmation', 3, (await ctx.call('stock.backorder.confirmation', 'create', [{}], { context })) as number);
				},
			},
			'54': {
				before: async (ctx) => {
					const lines = read(ctx, 'stock.return.picking', ctx.ids.id('stock.return.picking', 1), 'product_return_moves') as number[];
					lines.forEach((line, i) => ctx.ids.alias('stock.return.picking.line', i + 1, line));
				},
			},
			'66': { before: async (ctx) => ctx.ids.alias('sale.order', 29, await saleOrder(ctx, { partner: 'Acme Retail Group', lines: [['TAPE-48', 1]] })) },
			'73': {
				before: async (ctx) => {
					const id = await saleOrder(ctx, { partner: 'Acme Retail Group', lines: [['TAPE-48', 1]] });
					await ctx.call('sale.order', 'action_cancel', [[id]]);
					ctx.ids.alias('sale.order', 31, id);
				},
			},
			'87': {
				before: async (ctx) => {
					ctx.ids.alias('sale.order', 33, await saleOrder(ctx, { partner: 'Acme Retail Group', lines: [['TAPE-48', 1]], ref: 'HOOK-2' }));
					ctx.ids.alias('sale.order', 34, await saleOrder(ctx, { partner: 'Coastal Home Centers', lines: [['PWF-500', 1]], ref: 'HOOK-3' }));
				},
			},
			'95': {
				before: async (ctx) => {
					ctx.ids.alias('sale.order', 36, await saleOrder(ctx, { partner: 'Acme Retail Group' }));
					ctx.ids.alias('sale.order', 37, await saleOrder(ctx, { partner: 'Brightline Hardware' }));
				},
			},
		},
		allow: {
			'21': {
				reason:
					"The first five transfers of Odoo's demo data are deliveries in mixed states; the simulator's own demo data starts with its receipts and deliveries. Only their states and types differ, not their shape.",
				ignore: ['value $.result'],
			},
		},
	},
	'19.0': {
		db: 'logi19',
		setup: async (ctx) => {
			const { ids } = ctx;
			ids.alias('res.partner', 9, await partner(ctx, 'Acme Retail Group'));
			ids.alias('product.product', 8, await product(ctx, 'PWF-500'));
			ids.alias('product.product', 13, await product(ctx, 'TAPE-48'));
			await aliasAutomationTargets(ctx, { saleModel: 604, saleState: 2006 });
			// The webhook fields of fixture 48, in the alphabetical order of their names.
			const fields: Array<[number, string]> = [
				[8157, 'amount_total'],
				[8128, 'client_order_ref'],
				[8131, 'date_order'],
				[8122, 'name'],
				[8154, 'order_line'],
				[8124, 'partner_id'],
				[8444, 'picking_ids'],
				[8125, 'state'],
			];
			for (const [recorded, name] of fields) {
				ids.alias('ir.model.fields', recorded, await find(ctx, 'ir.model.fields', [['model', '=', 'sale.order'], ['name', '=', name]]));
			}
		},
		hooks: {
			'14': { before: (ctx) => partialDelivery(ctx, { order: 26, picking: 51, move: 80 }, 5).then(() => undefined) },
			'18': {
				rewrite: (body, ctx) => {
					const name = read(ctx, 'sale.order', ctx.ids.id('sale.order', 26), 'name');
					return JSON.parse(JSON.stringify(body).replace('"S00026"', JSON.stringify(name)));
				},
			},
			'21': {
				before: async (ctx) => {
					const [first] = read(ctx, 'stock.return.picking', ctx.ids.id('stock.return.picking', 1), 'product_return_moves') as number[];
					await ctx.call('stock.return.picking.line', 'write', [[first], { quantity: 1 }]);
				},
			},
			'28': { key: 'demo' },
			'29': { key: 'demo' },
			'49': {
				before: async (ctx) =>
					ctx.ids.alias('sale.order', 28, await saleOrder(ctx, { partner: 'Acme Retail Group', lines: [['PWF-500', 1]], ref: 'json2-webhook' })),
			},
		},
		allow: {},
	},
};
