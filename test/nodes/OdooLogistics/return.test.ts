import { startOdooSimulator, type OdooSimulator } from '../../odoo-sim';
import { deliver } from './fixtures';
import { jsonOf, outputOf, runNode, useSimulator } from './helpers';

function returnedMoves(sim: OdooSimulator, returnId: number) {
	return sim.env('stock.move').read(sim.env('stock.move').search([['picking_id', '=', returnId]]), ['product_id', 'product_uom_qty']);
}

describe('Return', () => {
	const ctx = useSimulator();

	it('returns every line of a delivery, then validates the return', async () => {
		const { sim } = ctx;
		const delivery = deliver(sim, [
			['TAPE-48', 6],
			['BOX-403030', 20],
		]);
		const [created] = await outputOf(runNode(sim, { resource: 'return', operation: 'create', transferId: String(delivery) })).then(jsonOf);
		expect(created).toMatchObject({ returnOf: delivery, picking_type_code: 'incoming', validated: false, return_id: { id: delivery } });
		expect(returnedMoves(sim, created.id as number).map((move) => move.product_uom_qty)).toEqual([6, 20]);
		expect(sim.stats.calls.some((call) => call.method === 'action_create_returns')).toBe(true);

		const [validated] = await outputOf(runNode(sim, { resource: 'return', operation: 'validate', returnId: String(created.id) })).then(jsonOf);
		expect(validated).toMatchObject({ id: created.id, state: 'done' });
	});

	it('returns given products and quantities, and validates right away when asked', async () => {
		const { sim } = ctx;
		const delivery = deliver(sim, [
			['TAPE-48', 6],
			['BOX-403030', 20],
		]);
		const boxes = sim.env('product.product').search([['default_code', '=', 'BOX-403030']])[0];
		const [created] = await outputOf(
			runNode(sim, {
				resource: 'return',
				operation: 'create',
				transferId: String(delivery),
				linesMode: 'json',
				linesJson: JSON.stringify([{ productId: boxes, quantity: 5 }]),
				validate: true,
			}),
		).then(jsonOf);
		expect(created).toMatchObject({ state: 'done', validated: true });
		expect(returnedMoves(sim, created.id as number)).toEqual([expect.objectContaining({ product_id: [boxes, expect.any(String)], product_uom_qty: 5 })]);
	});

	it("names the item when the transfer cannot be returned, with Odoo's message", async () => {
		const { sim } = ctx;
		const [open] = sim.env('stock.picking').search([['picking_type_code', '=', 'outgoing'], ['state', '=', 'assigned']]);
		const result = await runNode(sim, { resource: 'return', operation: 'create', transferId: String(open) });
		expect(result.error('Odoo')?.message).toMatch(/You may only return Done pickings\. \[item 0\]/);
	});

	it('uses the return method of Odoo 17', async () => {
		const sim17 = await startOdooSimulator({ version: '17.0' });
		try {
			const delivery = deliver(sim17, [['TAPE-48', 2]]);
			const [created] = await outputOf(runNode(sim17, { resource: 'return', operation: 'create', transferId: String(delivery) })).then(jsonOf);
			expect(returnedMoves(sim17, created.id as number).map((move) => move.product_uom_qty)).toEqual([2]);
			expect(sim17.stats.calls.map((call) => call.method)).toContain('create_returns');
		} finally {
			await sim17.close();
		}
	});
});

describe('Return on Odoo 19 over JSON-2', () => {
	const ctx = useSimulator({ version: '19.0' });

	it('creates and validates a return in one run', async () => {
		const { sim } = ctx;
		const delivery = deliver(sim, [['TAPE-48', 3]]);
		const [created] = await outputOf(
			runNode(sim, { resource: 'return', operation: 'create', transferId: String(delivery), validate: true }, [{}], { apiMode: 'json2' }),
		).then(jsonOf);
		expect(created).toMatchObject({ returnOf: delivery, state: 'done', validated: true });
		expect(new Set(sim.stats.calls.filter((call) => call.model).map((call) => call.transport))).toEqual(new Set(['json2']));
	});
});
