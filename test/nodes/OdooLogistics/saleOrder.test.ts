import { getGlobalState, setGlobalState } from 'n8n-workflow';

import { callsTo, jsonOf, outputOf, pairedOf, runNode, useSimulator } from './helpers';

describe('Sale Order', () => {
	const ctx = useSimulator();

	const partner = (name: string) => ctx.sim.env('res.partner').search([['name', '=', name]])[0];
	const orderOf = (customer: string, domain: unknown[] = []) =>
		ctx.sim.env('sale.order').search([['partner_id', '=', partner(customer)], ...domain], { order: 'id' })[0];
	const product = (code: string) => ctx.sim.env('product.product').search([['default_code', '=', code]])[0];
	const newQuotation = (customer: string, lines: Array<[string, number]>) =>
		ctx.sim.env('sale.order').create({
			partner_id: partner(customer),
			order_line: lines.map(([code, qty]) => [0, 0, { product_id: product(code), product_uom_qty: qty }]),
		});

	it('gets orders by id with the default fields, in one read', async () => {
		const { sim } = ctx;
		const id = orderOf('Granite Construction Co.');
		sim.stats.reset();
		const [order] = await outputOf(runNode(sim, { resource: 'saleOrder', operation: 'get', orderId: String(id) })).then(jsonOf);
		expect(callsTo(sim, 'sale.order', 'read')).toBe(1);
		expect(order).toMatchObject({
			id,
			state: 'sale',
			partner_id: { id: partner('Granite Construction Co.'), name: 'Granite Construction Co.' },
			delivery_status: 'pending',
		});
		expect(Object.keys(order)).toEqual(expect.arrayContaining(['name', 'amount_total', 'commitment_date', 'picking_ids', 'order_line']));
		expect(Object.keys(order)).not.toContain('message_ids');
	});

	it("searches by status and customer (with the customer's contacts)", async () => {
		const { sim } = ctx;
		const acme = partner('Acme Retail Group');
		const output = await outputOf(
			runNode(sim, {
				resource: 'saleOrder',
				operation: 'search',
				filters: { states: ['draft', 'sale'], partnerId: String(acme) },
				returnAll: true,
				options: { fields: ['name', 'state'] },
			}),
		);
		const expected = sim.env('sale.order').search([['partner_id', 'child_of', acme], ['state', 'in', ['draft', 'sale']]]);
		expect(jsonOf(output).map((json) => json.id).sort()).toEqual([...expected].sort());
		expect(expected.length).toBeGreaterThanOrEqual(2);
	});

	it('confirms orders in one call, and isolates the order Odoo refuses when Continue On Fail is on', async () => {
		const { sim } = ctx;
		const quotations = [newQuotation('Fjord Marine Supply', [['TIE-100', 5]]), newQuotation('Fjord Marine Supply', [['TAPE-48', 2]])];
		sim.stats.reset();
		const output = await outputOf(runNode(sim, { resource: 'saleOrder', operation: 'confirm', orderId: '={{ $json.id }}' }, quotations.map((id) => ({ id }))));
		expect(callsTo(sim, 'sale.order', 'action_confirm')).toBe(1);
		expect(jsonOf(output).map((json) => [json.id, json.state])).toEqual(quotations.map((id) => [id, 'sale']));
		expect(sim.env('sale.order').read(quotations, ['picking_ids']).every((row) => (row.picking_ids as number[]).length === 1)).toBe(true);

		const fresh = newQuotation('Fjord Marine Supply', [['TIE-100', 1]]);
		const result = await runNode(
			sim,
			{ resource: 'saleOrder', operation: 'confirm', orderId: '={{ $json.id }}' },
			[{ id: quotations[0] }, { id: fresh }],
			{ continueOnFail: true },
		);
		const [refused, confirmed] = result.output('Odoo');
		expect(String(refused.json.error)).toMatch(/Some orders are not in a state requiring confirmation\. \[item 0\]/);
		expect(confirmed.json).toMatchObject({ id: fresh, state: 'sale' });
		expect(pairedOf(result.output('Odoo'))).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('cancels a confirmed order without stopping at the cancel wizard', async () => {
		const { sim } = ctx;
		const id = newQuotation('Fjord Marine Supply', [['TIE-100', 3]]);
		sim.env('sale.order').call('action_confirm', [id]);
		const [order] = await outputOf(runNode(sim, { resource: 'saleOrder', operation: 'cancel', orderId: String(id) })).then(jsonOf);
		expect(order).toMatchObject({ id, state: 'cancel' });
		const pickings = sim.env('sale.order').read([id], ['picking_ids'])[0].picking_ids as number[];
		expect(sim.env('stock.picking').read(pickings, ['state']).map((row) => row.state)).toEqual(['cancel']);
	});

	it('sets the commitment date, read in the workflow time zone, in one write for the same date', async () => {
		const { sim } = ctx;
		const ids = [newQuotation('Fjord Marine Supply', [['TIE-100', 1]]), newQuotation('Fjord Marine Supply', [['TIE-100', 2]])];
		const previous = getGlobalState();
		setGlobalState({ ...previous, defaultTimezone: 'America/Chicago' });
		try {
			sim.stats.reset();
			const output = await outputOf(
				runNode(
					sim,
					{ resource: 'saleOrder', operation: 'setCommitmentDate', orderId: '={{ $json.id }}', commitmentDate: '2026-12-15T14:00:00' },
					ids.map((id) => ({ id })),
				),
			);
			expect(callsTo(sim, 'sale.order', 'write')).toBe(1);
			expect(jsonOf(output).map((json) => json.commitment_date)).toEqual(['2026-12-15T20:00:00Z', '2026-12-15T20:00:00Z']);
			expect(sim.env('sale.order').read(ids, ['commitment_date']).map((row) => row.commitment_date)).toEqual(['2026-12-15 20:00:00', '2026-12-15 20:00:00']);
		} finally {
			setGlobalState(previous);
		}
	});

	describe('check fulfilment readiness', () => {
		const readiness = async (ids: number[]) => jsonOf(await outputOf(runNode(ctx.sim, { resource: 'saleOrder', operation: 'checkReadiness', orderId: '={{ $json.id }}' }, ids.map((id) => ({ id })))));

		it('gives one verdict per order with its reasons, from a fixed number of calls', async () => {
			const { sim } = ctx;
			const ready = orderOf('Granite Construction Co.');
			const short = orderOf('Delta Office Supplies', [['state', '=', 'sale']]);
			const delivered = orderOf('Harborview Hospitality');
			const overCredit = orderOf('Evergreen Outfitters');
			sim.stats.reset();
			const [granite, delta, harborview, evergreen] = await readiness([ready, short, delivered, overCredit]);
			const calls = sim.stats.calls.filter((call) => call.method !== 'fields_get').length;

			expect(granite).toMatchObject({ orderId: ready, verdict: 'ready', ready: true, reasons: [] });
			expect((granite.lines as Array<{ status: string }>).map((line) => line.status)).toEqual(['reserved', 'reserved']);

			expect(delta).toMatchObject({ verdict: 'blocked', ready: false });
			const shortLines = (delta.lines as Array<Record<string, unknown>>).map(({ product, reserved, available, missing, status }) => ({ product, reserved, available, missing, status }));
			expect(shortLines).toEqual([
				{ product: expect.stringContaining('Wireless Barcode Scanner'), reserved: 3, available: 0, missing: 2, status: 'short' },
				{ product: expect.stringContaining('Hi-Vis Safety Vest'), reserved: 0, available: 0, missing: 40, status: 'short' },
			]);
			expect((delta.reasons as Array<{ code: string }>).map((reason) => reason.code)).toEqual(['stock_short', 'stock_short']);

			expect(harborview).toMatchObject({ verdict: 'delivered', delivery: { status: 'full' } });

			expect(evergreen).toMatchObject({ verdict: 'blocked', credit: { limit: 5000, receivable: 7450, exceeded: true } });
			expect((evergreen.reasons as Array<{ code: string }>).map((reason) => reason.code)).toEqual(['credit_limit_exceeded', 'not_confirmed']);

			// The same rounds of calls for 4 orders as for 1: no call per order.
			sim.stats.reset();
			await readiness([ready]);
			expect(sim.stats.calls.filter((call) => call.method !== 'fields_get').length).toBe(calls);
		});

		it('checks only the products tracked in stock', async () => {
			const promised = orderOf('Acme Retail Group', [['client_order_ref', '=', 'PO-ACME-7781']]);
			const [verdict] = await readiness([promised]);
			expect(verdict).toMatchObject({ verdict: 'ready', credit: { limit: 50000, exceeded: false } });
			expect((verdict.lines as Array<{ status: string }>).map((line) => line.status)).toEqual(['reserved', 'reserved', 'not_tracked']);
		});

		it('warns about a passed commitment date and a quotation not confirmed yet', async () => {
			const { sim } = ctx;
			const id = newQuotation('Acme Retail Group', [['TAPE-48', 2]]);
			sim.env('sale.order').write([id], { commitment_date: '2020-01-01 10:00:00' });
			const [verdict] = await readiness([id]);
			expect(verdict).toMatchObject({ verdict: 'at_risk', ready: false });
			expect((verdict.reasons as Array<{ code: string }>).map((reason) => reason.code)).toEqual(['not_confirmed', 'commitment_date_passed']);
		});
	});
});
