import { startOdooSimulator, type OdooSimulator } from './index';
import { rpcError, SimClient, webhookRule } from './testing/sim-client';
import { WebhookSink } from './testing/webhook-sink';

type Row = Record<string, unknown>;

describe('business flows on the demo data (18.0)', () => {
	let sim: OdooSimulator;
	let client: SimClient;
	const one = (model: string, domain: unknown[]) => sim.env(model).search(domain, { limit: 1 })[0];
	const row = (model: string, id: number, fields: string[]) => sim.env(model).read([id], fields)[0];
	const product = (code: string) => one('product.product', [['default_code', '=', code]]);
	const partner = (name: string) => one('res.partner', [['name', '=', name]]);

	async function confirmedOrder(customer: string, lines: Array<[string, number]>): Promise<{ order: number; picking: number }> {
		const order = (await client.execute('sale.order', 'create', [
			{ partner_id: partner(customer), order_line: lines.map(([code, qty]) => [0, 0, { product_id: product(code), product_uom_qty: qty }]) },
		])) as number;
		await client.execute('sale.order', 'action_confirm', [[order]]);
		return { order, picking: (row('sale.order', order, ['picking_ids']).picking_ids as number[])[0] };
	}

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		client = new SimClient(sim);
	});

	afterAll(() => sim.close());

	test('the demo data looks like a distributor: SLA tiers, a customer over its credit limit, short products', () => {
		const customers = sim.env('res.partner').searchRead([['customer_rank', '>', 0]], ['name', 'category_id', 'credit', 'credit_limit']);
		expect(customers).toHaveLength(10);
		const tags = sim.env('res.partner.category').searchRead([], ['name']).map((t) => t.name);
		expect(tags).toEqual(expect.arrayContaining(['SLA Gold', 'SLA Silver', 'SLA Bronze']));
		const overLimit = customers.filter((c) => Number(c.credit) > Number(c.credit_limit));
		expect(overLimit.map((c) => c.name)).toEqual(['Evergreen Outfitters']);
		const stocked = sim.env('product.product').searchRead([['is_storable', '=', true]], ['qty_available']);
		expect(stocked.length).toBeGreaterThanOrEqual(14);
		expect(stocked.some((p) => p.qty_available === 0)).toBe(true);
		const vendors = sim.env('product.supplierinfo').searchRead([], ['delay']);
		expect(new Set(vendors.map((v) => v.delay)).size).toBeGreaterThan(1);
		expect(sim.env('mail.activity.type').searchRead([], ['name']).map((t) => t.name)).toEqual(expect.arrayContaining(['To-Do', 'Call']));
	});

	test('a shortage reserves what is free; a receipt then lets action_assign complete the reservation', async () => {
		const scanner = product('SCN-WL2');
		const before = row('product.product', scanner, ['qty_available', 'free_qty']);
		const { picking } = await confirmedOrder('Fjord Marine Supply', [['SCN-WL2', 4]]);
		const [move] = row('stock.picking', picking, ['move_ids']).move_ids as number[];
		const free = Math.max(0, Number(before.free_qty));
		expect(row('stock.move', move, ['state', 'quantity'])).toEqual({ id: move, state: free > 0 ? 'partially_available' : 'confirmed', quantity: Math.min(4, free) });

		const po = (await client.execute('purchase.order', 'create', [
			{ partner_id: partner('Summit Electrical Supply'), order_line: [[0, 0, { product_id: scanner, product_qty: 20 }]] },
		])) as number;
		await client.execute('purchase.order', 'button_confirm', [[po]]);
		const receipt = (row('purchase.order', po, ['picking_ids']).picking_ids as number[])[0];
		expect(row('stock.picking', receipt, ['state', 'picking_type_code'])).toMatchObject({ state: 'assigned', picking_type_code: 'incoming' });
		expect(await client.execute('stock.picking', 'button_validate', [[receipt]])).toBe(true);
		expect(row('purchase.order', po, ['receipt_status', 'effective_date'])).toMatchObject({ receipt_status: 'full', effective_date: expect.any(String) });
		expect(row('product.product', scanner, ['qty_available']).qty_available).toBe(Number(before.qty_available) + 20);

		expect(await client.execute('stock.picking', 'action_assign', [[picking]])).toBe(true);
		expect(row('stock.move', move, ['state', 'quantity'])).toMatchObject({ state: 'assigned', quantity: 4 });
		expect(row('stock.picking', picking, ['state']).state).toBe('assigned');
	});

	test('validating a delivery moves stock out and marks the order delivered and invoiceable', async () => {
		const tape = product('TAPE-48');
		const onHand = Number(row('product.product', tape, ['qty_available']).qty_available);
		const { order, picking } = await confirmedOrder('Acme Retail Group', [['TAPE-48', 6]]);
		expect(row('sale.order', order, ['delivery_status', 'invoice_status'])).toMatchObject({ delivery_status: 'pending', invoice_status: 'no' });
		const wizard = (await client.execute('stock.picking', 'button_validate', [[picking]])) as Row;
		expect(wizard).toMatchObject({ res_model: 'confirm.stock.sms', res_id: expect.any(Number) });
		expect(await client.execute('confirm.stock.sms', 'dont_send_sms', [[wizard.res_id]], { context: wizard.context })).toBe(true);
		expect(row('stock.picking', picking, ['state', 'date_done'])).toMatchObject({ state: 'done', date_done: expect.any(String) });
		expect(row('product.product', tape, ['qty_available']).qty_available).toBe(onHand - 6);
		expect(row('sale.order', order, ['delivery_status', 'invoice_status'])).toMatchObject({ delivery_status: 'full', invoice_status: 'to invoice' });
		const [line] = row('sale.order', order, ['order_line']).order_line as number[];
		expect(row('sale.order.line', line, ['qty_delivered']).qty_delivered).toBe(6);
		// dont_send_sms told the company: no more SMS wizard.
		const next = await confirmedOrder('Acme Retail Group', [['TAPE-48', 1]]);
		expect(await client.execute('stock.picking', 'button_validate', [[next.picking]])).toBe(true);
	});

	test('partial validation: a backorder for the rest, or none with process_cancel_backorder', async () => {
		const withBackorder = await confirmedOrder('Brightline Hardware', [['TAPE-48', 5]]);
		const [move] = row('stock.picking', withBackorder.picking, ['move_ids']).move_ids as number[];
		await client.execute('stock.move', 'write', [[move], { quantity: 2, picked: true }]);
		const action = (await client.execute('stock.picking', 'button_validate', [[withBackorder.picking]], { context: { skip_sms: true } })) as Row;
		expect(action).toMatchObject({ res_model: 'stock.backorder.confirmation', context: { button_validate_picking_ids: [withBackorder.picking] } });
		const wizard = await client.execute('stock.backorder.confirmation', 'create', [{}], { context: action.context });
		expect(await client.execute('stock.backorder.confirmation', 'process', [[wizard]], { context: action.context })).toBe(true);
		const [backorder] = sim.env('stock.picking').search([['backorder_id', '=', withBackorder.picking]]);
		expect(row('stock.picking', backorder, ['state', 'origin', 'move_ids'])).toMatchObject({ state: 'assigned', origin: row('stock.picking', withBackorder.picking, ['origin']).origin });
		expect(row('stock.move', move, ['product_uom_qty', 'quantity', 'state'])).toMatchObject({ product_uom_qty: 2, quantity: 2, state: 'done' });
		expect(row('sale.order', withBackorder.order, ['delivery_status']).delivery_status).toBe('partial');

		const noBackorder = await confirmedOrder('Brightline Hardware', [['TAPE-48', 4]]);
		const [move2] = row('stock.picking', noBackorder.picking, ['move_ids']).move_ids as number[];
		await client.execute('stock.move', 'write', [[move2], { quantity: 1 }]);
		const action2 = (await client.execute('stock.picking', 'button_validate', [[noBackorder.picking]], { context: { skip_sms: true } })) as Row;
		const wizard2 = await client.execute('stock.backorder.confirmation', 'create', [{}], { context: action2.context });
		expect(await client.execute('stock.backorder.confirmation', 'process_cancel_backorder', [[wizard2]], { context: action2.context })).toBe(true);
		expect(sim.env('stock.picking').search([['backorder_id', '=', noBackorder.picking]])).toEqual([]);
		expect(row('stock.move', move2, ['product_uom_qty', 'quantity', 'state'])).toMatchObject({ product_uom_qty: 4, quantity: 1, state: 'done' });
	});

	test('nothing reserved: button_validate refuses', async () => {
		const { picking } = await confirmedOrder('Coastal Home Centers', [['VST-HV', 3]]);
		const error = await rpcError(client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } }));
		expect(error.name).toBe('odoo.exceptions.UserError');
	});

	test('a return brings the goods back and lowers the delivered quantity', async () => {
		const { order, picking } = await confirmedOrder('Granite Construction Co.', [['PLT-EUR', 3]]);
		await client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } });
		const context = { active_id: picking, active_ids: [picking], active_model: 'stock.picking' };
		expect(await client.execute('stock.return.picking', 'default_get', [['picking_id', 'product_return_moves']], { context })).toEqual({ picking_id: picking });
		const wizard = (await client.execute('stock.return.picking', 'create', [{}], { context })) as number;
		const [line] = row('stock.return.picking', wizard, ['product_return_moves']).product_return_moves as number[];
		expect(row('stock.return.picking.line', line, ['quantity', 'move_quantity'])).toMatchObject({ quantity: 0, move_quantity: 3 });
		await client.execute('stock.return.picking', 'write', [[wizard], { product_return_moves: [[1, line, { quantity: 1 }]] }]);
		const action = (await client.execute('stock.return.picking', 'action_create_returns', [[wizard]], { context })) as { res_id: number };
		expect(row('stock.picking', action.res_id, ['return_id', 'origin', 'state'])).toMatchObject({ return_id: [picking, expect.any(String)], state: 'assigned' });
		const stock = Number(row('product.product', product('PLT-EUR'), ['qty_available']).qty_available);
		await client.execute('stock.picking', 'button_validate', [[action.res_id]]);
		expect(row('product.product', product('PLT-EUR'), ['qty_available']).qty_available).toBe(stock + 1);
		const [saleLine] = row('sale.order', order, ['order_line']).order_line as number[];
		expect(row('sale.order.line', saleLine, ['qty_delivered']).qty_delivered).toBe(2);
	});

	test('a return names its transfer: return_id, and origin "Return of <name>" that can be written; the source document is searchable', async () => {
		// Odoo 18 stock_picking_return.py _prepare_picking_default_values_based_on: 'return_id': picking.id,
		// 'origin': _("Return of %(picking_name)s", ...); origin is a plain Char of stock.picking.
		const { picking } = await confirmedOrder('Granite Construction Co.', [['PLT-EUR', 2]]);
		await client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } });
		const context = { active_id: picking, active_ids: [picking], active_model: 'stock.picking' };
		const wizard = (await client.execute('stock.return.picking', 'create', [{}], { context })) as number;
		const [line] = row('stock.return.picking', wizard, ['product_return_moves']).product_return_moves as number[];
		await client.execute('stock.return.picking', 'write', [[wizard], { product_return_moves: [[1, line, { quantity: 2 }]] }]);
		const action = (await client.execute('stock.return.picking', 'action_create_returns', [[wizard]], { context })) as { res_id: number };
		const name = String(row('stock.picking', picking, ['name']).name);
		expect(row('stock.picking', action.res_id, ['origin'])).toMatchObject({ origin: `Return of ${name}` });
		await client.execute('stock.picking', 'write', [[action.res_id], { origin: `Return of ${name} [n8n-key: RR-1]` }]);
		expect(await client.execute('stock.picking', 'search', [[['return_id', '=', picking], ['origin', 'ilike', 'n8n-key:'], ['state', '!=', 'cancel']]])).toEqual([action.res_id]);
		expect(await client.execute('stock.picking', 'search', [[['move_ids.origin_returned_move_id.picking_id', '=', picking]]])).toEqual([action.res_id]);
	});

	test('button_validate of a transfer that is already done does nothing and returns True', async () => {
		// Odoo 17+ button_validate starts with `self = self.filtered(lambda p: p.state != 'done')`.
		const { picking } = await confirmedOrder('Granite Construction Co.', [['PLT-EUR', 1]]);
		expect(await client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } })).toBe(true);
		const before = row('stock.picking', picking, ['state', 'date_done']);
		const moves = sim.env('stock.move').searchRead([], ['id']).length;
		expect(await client.execute('stock.picking', 'button_validate', [[picking]], { context: { skip_sms: true } })).toBe(true);
		expect(row('stock.picking', picking, ['state', 'date_done'])).toEqual(before);
		expect(sim.env('stock.move').searchRead([], ['id'])).toHaveLength(moves);
	});

	test('the reversal reason is in the credit note\'s ref from the wizard on: "Reversal of: <invoice>, <reason>"', async () => {
		// Odoo 18 account_move_reversal.py _prepare_default_reversal: 'ref': _('Reversal of: %(move_name)s, %(reason)s')
		// if self.reason else _('Reversal of: %s', move.name).
		const [invoice] = sim.env('account.move').search([['move_type', '=', 'out_invoice'], ['state', '=', 'posted']], { order: 'id', limit: 1 });
		const name = String(row('account.move', invoice, ['name']).name);
		const context = { active_model: 'account.move', active_ids: [invoice] };
		const withReason = await client.execute('account.move.reversal', 'create', [{ reason: 'Return RR-1: torn [n8n-key: k1]' }], { context });
		const noted = (await client.execute('account.move.reversal', 'refund_moves', [[withReason]])) as { res_id: number };
		expect(row('account.move', noted.res_id, ['ref', 'state'])).toMatchObject({ ref: `Reversal of: ${name}, Return RR-1: torn [n8n-key: k1]`, state: 'draft' });
		expect(await client.execute('account.move', 'search', [[['reversed_entry_id', '=', invoice], ['state', '!=', 'cancel'], ['ref', 'ilike', 'n8n-key:']]])).toEqual([noted.res_id]);
		const plain = await client.execute('account.move.reversal', 'create', [{}], { context });
		const bare = (await client.execute('account.move.reversal', 'refund_moves', [[plain]])) as { res_id: number };
		expect(row('account.move', bare.res_id, ['ref'])).toMatchObject({ ref: `Reversal of: ${name}` });
	});

	test('cancelling a confirmed order asks for the cancel wizard unless told not to', async () => {
		const { order, picking } = await confirmedOrder('Juniper Health Clinics', [['GLV-NIT', 2]]);
		expect(await client.execute('sale.order', 'action_cancel', [[order]])).toMatchObject({ res_model: 'sale.order.cancel', context: { default_order_id: order } });
		expect(await client.execute('sale.order', 'action_cancel', [[order]], { context: { disable_cancel_warning: true } })).toBe(true);
		expect(row('sale.order', order, ['state']).state).toBe('cancel');
		expect(row('stock.picking', picking, ['state']).state).toBe('cancel');
		expect((await rpcError(client.execute('sale.order', 'action_confirm', [[order]]))).message).toBe('Some orders are not in a state requiring confirmation.');
	});

	test('activities: scheduled on a record, visible on it, overdue when the clock passes, done with feedback', async () => {
		const order = one('sale.order', [['state', '=', 'draft']]);
		const [activity] = (await client.execute('sale.order', 'activity_schedule', [[order]], { act_type_xmlid: 'mail.mail_activity_data_todo', summary: 'Check dock hours', date_deadline: sim.env('res.partner').read([1], ['write_date'])[0].write_date?.toString().slice(0, 10) })) as number[];
		sim.clock.set(new Date(Date.now() + 3 * 86_400_000));
		try {
			expect(row('sale.order', order, ['activity_state', 'activity_summary', 'activity_type_id'])).toMatchObject({
				activity_state: 'overdue',
				activity_summary: 'Check dock hours',
				activity_type_id: [expect.any(Number), 'To-Do'],
			});
			const message = (await client.execute('mail.activity', 'action_feedback', [[activity]], { feedback: 'Dock opens at 6' })) as number;
			expect(row('mail.message', message, ['body', 'res_id']).body).toContain('Dock opens at 6');
			expect(sim.env('mail.activity').search([['id', '=', activity]])).toEqual([]);
		} finally {
			sim.clock.resume();
		}
	});

	test('create_date and write_date follow the simulator clock', async () => {
		sim.clock.set('2030-01-02 03:04:05');
		try {
			const id = (await client.execute('res.partner', 'create', [{ name: 'Clocked' }])) as number;
			expect(row('res.partner', id, ['create_date', 'write_date'])).toMatchObject({ create_date: '2030-01-02 03:04:05', write_date: '2030-01-02 03:04:05' });
			sim.clock.advance(90 * 60_000);
			await client.execute('res.partner', 'write', [[id], { city: 'Lyon' }]);
			expect(row('res.partner', id, ['create_date', 'write_date'])).toMatchObject({ create_date: '2030-01-02 03:04:05', write_date: '2030-01-02 04:34:05' });
			expect(await client.execute('res.partner', 'search', [[['write_date', '>', '2030-01-02 04:00:00']]])).toEqual([id]);
		} finally {
			sim.clock.resume();
		}
	});

	test('credit: the over-limit customer gets a warning; a posted credit note lowers what it owes', async () => {
		const evergreen = partner('Evergreen Outfitters');
		sim.env('res.company').write([1], { account_use_credit_limit: true });
		const quote = one('sale.order', [['partner_id', '=', evergreen], ['state', '=', 'draft']]);
		expect(row('sale.order', quote, ['partner_credit_warning']).partner_credit_warning).toMatch(/has reached its credit limit/);
		const [invoice] = sim.env('account.move').search([['partner_id', '=', evergreen], ['move_type', '=', 'out_invoice']], { order: 'id' });
		const amount = Number(row('account.move', invoice, ['amount_total']).amount_total);
		const credit = Number(row('res.partner', evergreen, ['credit']).credit);
		const wizard = await client.execute('account.move.reversal', 'create', [{ reason: 'damaged' }], { context: { active_model: 'account.move', active_ids: [invoice] } });
		const action = (await client.execute('account.move.reversal', 'refund_moves', [[wizard]])) as { res_id: number };
		expect(row('account.move', action.res_id, ['move_type', 'state', 'reversed_entry_id'])).toMatchObject({ move_type: 'out_refund', state: 'draft', reversed_entry_id: [invoice, expect.any(String)] });
		await client.execute('account.move', 'action_post', [[action.res_id]]);
		expect(row('res.partner', evergreen, ['credit']).credit).toBe(credit - amount);
		expect(row('account.move', invoice, ['payment_state']).payment_state).toBe('reversed');
	});

	test('approvals: submitted, then approved by the required approver', async () => {
		const request = one('approval.request', []);
		await client.execute('approval.request', 'action_confirm', [[request]]);
		expect(row('approval.request', request, ['request_status']).request_status).toBe('pending');
		await client.execute('approval.request', 'action_approve', [[request]]);
		expect(row('approval.request', request, ['request_status', 'user_status'])).toMatchObject({ request_status: 'approved', user_status: 'approved' });
	});

	test('helpdesk: moving a ticket to a folded stage closes it', async () => {
		const ticket = one('helpdesk.ticket', []);
		const solved = one('helpdesk.stage', [['name', '=', 'Solved']]);
		await client.execute('helpdesk.ticket', 'write', [[ticket], { stage_id: solved }]);
		expect(row('helpdesk.ticket', ticket, ['close_date', 'partner_email'])).toMatchObject({ close_date: expect.any(String), partner_email: expect.any(String) });
	});

	test('automation: value triggers fire on the change into the value only; write triggers honour trigger fields', async () => {
		const sink = new WebhookSink();
		const url = await sink.start();
		try {
			webhookRule(sim, { model: 'stock.picking', trigger: 'on_create_or_write', triggerFields: ['priority'], url: `${url}/priority`, fields: ['priority'] });
			webhookRule(sim, { model: 'res.partner', trigger: 'on_archive', url: `${url}/archived`, fields: ['name', 'active'] });
			const picking = one('stock.picking', [['state', '=', 'assigned']]);
			await client.execute('stock.picking', 'write', [[picking], { priority: '1' }]);
			await client.execute('stock.picking', 'write', [[picking], { priority: '1', origin: 'same priority' }]);
			await client.execute('stock.picking', 'write', [[picking], { note: '<p>not a trigger field</p>' }]);
			const contact = (await client.execute('res.partner', 'create', [{ name: 'Leaving' }])) as number;
			await client.execute('res.partner', 'write', [[contact], { active: false }]);
			expect(sink.received.map((p) => [p.path, JSON.parse(p.body).priority ?? JSON.parse(p.body).active])).toEqual([
				['/priority', '1'],
				['/archived', false],
			]);
		} finally {
			sim.env('base.automation').unlink(sim.env('base.automation').search([]));
			await sink.close();
		}
	});
});

test('stock_delivery adds the carrier fields to transfers', async () => {
	const sim = await startOdooSimulator({ seed: 'empty', modules: ['stock_delivery'] });
	try {
		const fields = (await new SimClient(sim).execute('stock.picking', 'fields_get', [['carrier_tracking_ref', 'carrier_id']], { attributes: ['type'] })) as Row;
		expect(fields).toEqual({ carrier_id: { type: 'many2one' }, carrier_tracking_ref: { type: 'char' } });
		expect(sim.env('ir.model').search([['model', '=', 'helpdesk.ticket']])).toEqual([]);
	} finally {
		await sim.close();
	}
});
