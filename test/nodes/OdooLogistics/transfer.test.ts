import { startOdooSimulator } from '../../odoo-sim';
import { callsTo, jsonOf, outputOf, runNode, useSimulator } from './helpers';

describe('Transfer', () => {
	const ctx = useSimulator();

	const partner = (name: string) => ctx.sim.env('res.partner').search([['name', '=', name]])[0];
	const product = (code: string) => ctx.sim.env('product.product').search([['default_code', '=', code]])[0];
	const stockLocation = () => ctx.sim.env('stock.location').search([['name', '=', 'Stock'], ['usage', '=', 'internal']])[0];
	/** A confirmed sale order's delivery. */
	const newDelivery = (lines: Array<[string, number]>) => {
		const order = ctx.sim.env('sale.order').create({
			partner_id: partner('Coastal Home Centers'),
			order_line: lines.map(([code, qty]) => [0, 0, { product_id: product(code), product_uom_qty: qty }]),
		});
		ctx.sim.env('sale.order').call('action_confirm', [order]);
		return (ctx.sim.env('sale.order').read([order], ['picking_ids'])[0].picking_ids as number[])[0];
	};
	const stateOf = (ids: number[]) => ctx.sim.env('stock.picking').read(ids, ['state']).map((row) => row.state);

	it('gets a transfer with its default fields', async () => {
		const { sim } = ctx;
		const id = newDelivery([['TAPE-48', 2]]);
		const [transfer] = await outputOf(runNode(sim, { resource: 'transfer', operation: 'get', transferId: String(id) })).then(jsonOf);
		expect(transfer).toMatchObject({ id, picking_type_code: 'outgoing', state: 'assigned', partner_id: { id: partner('Coastal Home Centers') } });
		expect(transfer.scheduled_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
		expect(transfer).not.toHaveProperty('carrier_tracking_ref');
	});

	it('searches by type and status', async () => {
		const { sim } = ctx;
		const receipts = await outputOf(
			runNode(sim, { resource: 'transfer', operation: 'search', transferType: 'receipt', filters: { states: ['assigned'] }, returnAll: true, options: { fields: ['name', 'picking_type_code', 'state'] } }),
		).then(jsonOf);
		const expected = sim.env('stock.picking').search([['picking_type_code', '=', 'incoming'], ['state', '=', 'assigned']]);
		expect(receipts.map((json) => json.id).sort()).toEqual([...expected].sort());
		expect(receipts.every((json) => json.picking_type_code === 'incoming' && json.state === 'assigned')).toBe(true);
		expect(expected.length).toBeGreaterThan(0);
	});

	it('checks availability (reserves) once stock has arrived', async () => {
		const { sim } = ctx;
		const id = newDelivery([['VST-HV', 5]]);
		expect(stateOf([id])).toEqual(['confirmed']);
		sim.env('stock.quant').create({ product_id: product('VST-HV'), location_id: stockLocation(), quantity: 10 });
		const [transfer] = await outputOf(runNode(sim, { resource: 'transfer', operation: 'checkAvailability', transferId: String(id) })).then(jsonOf);
		expect(transfer).toMatchObject({ id, state: 'assigned' });
		expect(stateOf([id])).toEqual(['assigned']);
	});

	it('sets the priority, the scheduled date and the deadline', async () => {
		const { sim } = ctx;
		const ids = [newDelivery([['TAPE-48', 1]]), newDelivery([['TAPE-48', 1]])];
		const items = ids.map((id) => ({ id }));
		sim.stats.reset();
		await outputOf(runNode(sim, { resource: 'transfer', operation: 'setPriority', transferId: '={{ $json.id }}', priority: '1' }, items));
		expect(callsTo(sim, 'stock.picking', 'write')).toBe(1);
		expect(sim.env('stock.picking').read(ids, ['priority']).map((row) => row.priority)).toEqual(['1', '1']);

		const [scheduled] = await outputOf(
			runNode(sim, { resource: 'transfer', operation: 'setDate', transferId: String(ids[0]), dateField: 'scheduled_date', date: '2026-12-20T08:00:00Z' }),
		).then(jsonOf);
		expect(scheduled.scheduled_date).toBe('2026-12-20T08:00:00Z');

		const [deadline] = await outputOf(
			runNode(sim, { resource: 'transfer', operation: 'setDate', transferId: String(ids[1]), dateField: 'date_deadline', date: '2026-12-22T17:00:00Z' }),
		).then(jsonOf);
		expect(deadline.date_deadline).toBe('2026-12-22T17:00:00Z');
		const moves = sim.env('stock.move').search([['picking_id', '=', ids[1]]]);
		expect(sim.env('stock.move').read(moves, ['date_deadline']).map((row) => row.date_deadline)).toEqual(['2026-12-22 17:00:00']);
	});

	it('says the tracking reference needs the Delivery app, and sets it where the app is installed', async () => {
		const { sim } = ctx;
		const id = newDelivery([['TAPE-48', 1]]);
		const result = await runNode(sim, { resource: 'transfer', operation: 'setTrackingReference', transferId: String(id), trackingReference: '1Z999' });
		expect(result.error('Odoo')?.message).toBe("The field 'carrier_tracking_ref' does not exist on stock.picking [item 0]");
		expect((result.error('Odoo') as { description?: string }).description).toMatch(/Delivery app \(stock_delivery/);

		const withDelivery = await startOdooSimulator({ modules: ['helpdesk', 'approvals', 'stock_delivery'] });
		try {
			const [picking] = withDelivery.env('stock.picking').search([['picking_type_code', '=', 'outgoing'], ['state', '=', 'assigned']]);
			const [transfer] = await outputOf(
				runNode(withDelivery, { resource: 'transfer', operation: 'setTrackingReference', transferId: String(picking), trackingReference: '1Z999' }),
			).then(jsonOf);
			expect(transfer).toMatchObject({ id: picking, carrier_tracking_ref: '1Z999' });
			expect(withDelivery.env('stock.picking').read([picking], ['carrier_tracking_ref'])[0].carrier_tracking_ref).toBe('1Z999');
		} finally {
			await withDelivery.close();
		}
	});

	it('cancels transfers', async () => {
		const { sim } = ctx;
		const id = newDelivery([['TAPE-48', 1]]);
		const [transfer] = await outputOf(runNode(sim, { resource: 'transfer', operation: 'cancel', transferId: String(id) })).then(jsonOf);
		expect(transfer).toMatchObject({ id, state: 'cancel' });
	});

	describe('validate', () => {
		it('validates ready transfers together in one validation', async () => {
			const { sim } = ctx;
			const ids = [newDelivery([['TAPE-48', 3]]), newDelivery([['BOX-403030', 10]])];
			sim.stats.reset();
			const output = await outputOf(runNode(sim, { resource: 'transfer', operation: 'validate', transferId: '={{ $json.id }}' }, ids.map((id) => ({ id }))));
			expect(callsTo(sim, 'stock.picking', 'button_validate')).toBe(1);
			expect(jsonOf(output)).toEqual(ids.map((id) => expect.objectContaining({ id, state: 'done', backorderIds: [] })));
			expect(stateOf(ids)).toEqual(['done', 'done']);
		});

		it('makes a backorder for what is not done, or cancels it, as the policy says', async () => {
			const { sim } = ctx;
			const withBackorder = newDelivery([['TAPE-48', 10]]);
			const [created] = await outputOf(
				runNode(sim, {
					resource: 'transfer',
					operation: 'validate',
					transferId: String(withBackorder),
					quantitiesMode: 'products',
					quantities: { line: [{ productId: String(product('TAPE-48')), quantity: 4 }] },
					backorder: 'create',
				}),
			).then(jsonOf);
			expect(created).toMatchObject({ id: withBackorder, state: 'done' });
			const backorders = created.backorderIds as number[];
			expect(backorders).toHaveLength(1);
			const moveOf = (picking: number) => sim.env('stock.move').read(sim.env('stock.move').search([['picking_id', '=', picking]]), ['product_uom_qty', 'quantity'])[0];
			expect(moveOf(withBackorder).quantity).toBe(4);
			expect(moveOf(backorders[0]).product_uom_qty).toBe(6);

			const without = newDelivery([['TAPE-48', 10]]);
			const [cancelled] = await outputOf(
				runNode(sim, {
					resource: 'transfer',
					operation: 'validate',
					transferId: String(without),
					quantitiesMode: 'json',
					quantitiesJson: JSON.stringify([{ productId: product('TAPE-48'), quantity: 7 }]),
					backorder: 'none',
				}),
			).then(jsonOf);
			expect(cancelled).toMatchObject({ id: without, state: 'done', backorderIds: [] });
			expect(sim.env('stock.picking').search([['backorder_id', '=', without]])).toEqual([]);
		});

		it('fails without validating when the policy is "fail" and less than the demand is done', async () => {
			const { sim } = ctx;
			const id = newDelivery([['TAPE-48', 10]]);
			const result = await runNode(sim, {
				resource: 'transfer',
				operation: 'validate',
				transferId: String(id),
				quantitiesMode: 'products',
				quantities: { line: [{ productId: String(product('TAPE-48')), quantity: 4 }] },
				backorder: 'fail',
			});
			const error = result.error('Odoo') as { message: string; description?: string };
			expect(error.message).toMatch(/backorder policy is "fail".*\[item 0\]/);
			expect(error.description).toMatch(/done quantities may have been saved/);
			expect(stateOf([id])).toEqual(['assigned']);
		});
	});
});
