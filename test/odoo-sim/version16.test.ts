import { startOdooSimulator, type OdooSimulator } from './index';
import { PyFloat } from './pyjson';
import { SimClient } from './testing/sim-client';

type Row = Record<string, unknown>;

describe('16.0 demo data: sale → delivery → validate over JSON-RPC', () => {
	let sim: OdooSimulator;
	let client: SimClient;
	const row = async (model: string, id: number, fields: string[]) => {
		const [values] = (await client.execute(model, 'read', [[id], fields])) as Row[];
		return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v instanceof PyFloat ? v.value : v]));
	};

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '16.0', seed: 'demo' });
		client = new SimClient(sim);
	});

	afterAll(() => sim.close());

	test('stock.move has the 16.0 quantity fields', async () => {
		const fields = (await client.execute('stock.move', 'fields_get', [['quantity_done', 'reserved_availability', 'forecast_availability']], { attributes: ['type'] })) as Row;
		expect(Object.keys(fields).sort()).toEqual(['forecast_availability', 'quantity_done', 'reserved_availability']);
	});

	test('a partial quantity_done validates with a backorder, then create_returns brings goods back', async () => {
		const [customer] = (await client.execute('res.partner', 'search', [[['name', '=', 'Brightline Hardware']]])) as number[];
		const [tape] = (await client.execute('product.product', 'search', [[['default_code', '=', 'TAPE-48']]])) as number[];
		const order = (await client.execute('sale.order', 'create', [{ partner_id: customer, order_line: [[0, 0, { product_id: tape, product_uom_qty: 5 }]] }])) as number;
		await client.execute('sale.order', 'action_confirm', [[order]]);
		const [picking] = (await row('sale.order', order, ['picking_ids'])).picking_ids as number[];
		const [move] = (await row('stock.picking', picking, ['move_ids'])).move_ids as number[];
		expect(await row('stock.move', move, ['state', 'reserved_availability', 'quantity_done'])).toEqual({ id: move, state: 'assigned', reserved_availability: 5, quantity_done: 0 });

		await client.execute('stock.move', 'write', [[move], { quantity_done: 2 }]);
		const action = (await client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } })) as Row;
		expect(action).toMatchObject({ res_model: 'stock.backorder.confirmation' });
		const wizard = await client.execute('stock.backorder.confirmation', 'create', [{}], { context: action.context });
		expect(await client.execute('stock.backorder.confirmation', 'process', [[wizard]], { context: action.context })).toBe(true);
		expect(await row('stock.move', move, ['state', 'product_uom_qty', 'quantity_done'])).toMatchObject({ state: 'done', product_uom_qty: 2, quantity_done: 2 });
		const [backorder] = (await client.execute('stock.picking', 'search', [[['backorder_id', '=', picking]]])) as number[];
		const [rest] = (await row('stock.picking', backorder, ['move_ids'])).move_ids as number[];
		expect(await row('stock.move', rest, ['product_uom_qty', 'reserved_availability', 'quantity_done'])).toMatchObject({ product_uom_qty: 3, reserved_availability: 3, quantity_done: 0 });
		const [line] = (await row('sale.order', order, ['order_line'])).order_line as number[];
		expect((await row('sale.order.line', line, ['qty_delivered'])).qty_delivered).toBe(2);

		const context = { active_id: picking, active_ids: [picking], active_model: 'stock.picking' };
		const returnWizard = (await client.execute('stock.return.picking', 'create', [{}], { context })) as number;
		const [returnLine] = (await row('stock.return.picking', returnWizard, ['product_return_moves'])).product_return_moves as number[];
		expect((await row('stock.return.picking.line', returnLine, ['quantity'])).quantity).toBe(2);
		const returned = (await client.execute('stock.return.picking', 'create_returns', [[returnWizard]], { context })) as { res_id: number };
		const [returnMove] = (await row('stock.picking', returned.res_id, ['move_ids'])).move_ids as number[];
		expect(await row('stock.move', returnMove, ['origin_returned_move_id', 'product_uom_qty', 'reserved_availability'])).toMatchObject({
			origin_returned_move_id: [move, expect.any(String)],
			product_uom_qty: 2,
			reserved_availability: 2,
		});
		// 16.0 has no return_id (it came with 17.0): the returns of a transfer are found through their returned moves.
		expect(await client.execute('stock.picking', 'fields_get', [['return_id', 'origin']], { attributes: ['type'] })).toEqual({ origin: { type: 'char' } });
		expect(await client.execute('stock.picking', 'search', [[['move_ids.origin_returned_move_id.picking_id', '=', picking]]])).toEqual([returned.res_id]);
		expect((await row('stock.picking', returned.res_id, ['origin'])).origin).toMatch(/^Return of /);
	});
});
