import { callsTo, jsonOf, outputOf, pairedOf, runNode, useSimulator } from './helpers';

describe('Purchase Order', () => {
	const ctx = useSimulator();

	const partner = (name: string) => ctx.sim.env('res.partner').search([['name', '=', name]])[0];
	const product = (code: string) => ctx.sim.env('product.product').search([['default_code', '=', code]])[0];
	const linesOf = (order: number) =>
		ctx.sim
			.env('purchase.order.line')
			.read(ctx.sim.env('purchase.order.line').search([['order_id', '=', order]]), ['product_id', 'product_qty', 'price_unit'])
			.map((line) => ({ product: (line.product_id as [number, string])[0], qty: line.product_qty, price: line.price_unit }));

	it('finds confirmed orders not fully received whose expected arrival has passed', async () => {
		const { sim } = ctx;
		const [late] = sim.env('purchase.order').search([['state', '=', 'purchase'], ['receipt_status', '=', 'pending']]);
		sim.env('purchase.order').write([late], { date_planned: '2026-01-05 09:00:00' });
		const output = await outputOf(runNode(sim, { resource: 'purchaseOrder', operation: 'searchOverdue', returnAll: true })).then(jsonOf);
		expect(output.map((json) => json.id)).toEqual([late]);
		expect(output[0]).toMatchObject({ receipt_status: 'pending', date_planned: '2026-01-05T09:00:00Z' });
		expect(output[0].daysOverdue).toBe(Math.floor((Date.now() - Date.parse('2026-01-05T09:00:00Z')) / 86_400_000));
		const received = sim.env('purchase.order').search([['receipt_status', '=', 'full']]);
		expect(received.length).toBeGreaterThan(0);
	});

	it('creates one RFQ per item in one create call, with the vendor price', async () => {
		const { sim } = ctx;
		sim.stats.reset();
		const output = await outputOf(
			runNode(
				sim,
				{ resource: 'purchaseOrder', operation: 'createRfq', vendorId: '={{ $json.vendor }}', productId: '={{ $json.product }}', quantity: '={{ $json.qty }}', options: { origin: 'REPLENISH' } },
				[
					{ vendor: partner('Nordic Fasteners AB'), product: product('GLV-NIT'), qty: 100 },
					{ vendor: partner('Summit Electrical Supply'), product: product('LGT-LED'), qty: 5 },
				],
			),
		).then(jsonOf);
		expect(callsTo(sim, 'purchase.order', 'create')).toBe(1);
		expect(output.map((json) => [json.state, (json.partner_id as { name: string }).name])).toEqual([
			['draft', 'Nordic Fasteners AB'],
			['draft', 'Summit Electrical Supply'],
		]);
		expect(linesOf(output[0].id as number)).toEqual([{ product: product('GLV-NIT'), qty: 100, price: 4.1 }]);
		expect(sim.env('purchase.order').read([output[1].id as number], ['origin'])[0].origin).toBe('REPLENISH');
	});

	it('groups shortages by main vendor into one RFQ each, adding up quantities of the same product', async () => {
		const { sim } = ctx;
		sim.stats.reset();
		const result = await runNode(
			sim,
			{ resource: 'purchaseOrder', operation: 'createRfqFromShortages', productId: '={{ $json.product }}', quantity: '={{ $json.qty }}' },
			[
				{ product: product('TIE-100'), qty: 100 },
				{ product: product('GLV-NIT'), qty: 50 },
				{ product: product('PWF-500'), qty: 30 },
				{ product: product('TIE-100'), qty: 20 },
				{ product: product('FEE-FRT'), qty: 1 },
			],
			{ continueOnFail: true },
		);
		expect(callsTo(sim, 'purchase.order', 'create')).toBe(1);
		const output = result.output('Odoo');
		expect(pairedOf(output)).toEqual([[{ item: 0 }, { item: 1 }, { item: 3 }], [{ item: 2 }], { item: 4 }]);
		const [nordic, pacific, noVendor] = jsonOf(output);
		expect((nordic.partner_id as { name: string }).name).toBe('Nordic Fasteners AB');
		expect(linesOf(nordic.id as number).map(({ product: id, qty }) => [id, qty])).toEqual([
			[product('TIE-100'), 120],
			[product('GLV-NIT'), 50],
		]);
		expect((pacific.partner_id as { name: string }).name).toBe('Pacific Packaging Ltd');
		expect(String(noVendor.error)).toBe(`Product ${product('FEE-FRT')} has no vendor [item 4]`);
	});

	it('confirms, reschedules and receives orders', async () => {
		const { sim } = ctx;
		const order = sim.env('purchase.order').create({
			partner_id: partner('Midwest Pallet & Crate'),
			order_line: [[0, 0, { product_id: product('PLT-EUR'), product_qty: 40 }]],
		});
		const [confirmed] = await outputOf(runNode(sim, { resource: 'purchaseOrder', operation: 'confirm', purchaseOrderId: String(order) })).then(jsonOf);
		expect(confirmed).toMatchObject({ id: order, state: 'purchase', receipt_status: 'pending' });

		const [rescheduled] = await outputOf(
			runNode(sim, { resource: 'purchaseOrder', operation: 'reschedule', purchaseOrderId: String(order), expectedDate: '2026-12-30T12:00:00Z' }),
		).then(jsonOf);
		expect(rescheduled.date_planned).toBe('2026-12-30T12:00:00Z');
		expect(linesOf(order)).toHaveLength(1);

		const stock = sim.env('stock.quant').searchRead([['product_id', '=', product('PLT-EUR')], ['location_id.usage', '=', 'internal']], ['quantity']);
		const [received] = await outputOf(runNode(sim, { resource: 'purchaseOrder', operation: 'receive', purchaseOrderId: String(order) })).then(jsonOf);
		expect(received).toMatchObject({ id: order, receipt_status: 'full', backorderIds: [] });
		expect(sim.env('stock.picking').read(received.receiptIds as number[], ['state']).map((row) => row.state)).toEqual(['done']);
		const after = sim.env('stock.quant').searchRead([['product_id', '=', product('PLT-EUR')], ['location_id.usage', '=', 'internal']], ['quantity']);
		const total = (rows: Array<Record<string, unknown>>) => rows.reduce((sum, row) => sum + (row.quantity as number), 0);
		expect(total(after) - total(stock)).toBe(40);

		const again = await runNode(sim, { resource: 'purchaseOrder', operation: 'receive', purchaseOrderId: String(order) });
		expect(again.error('Odoo')?.message).toBe(`Purchase order ${order} has no receipt waiting to be received [item 0]`);
	});
});
