import type { INodeParameters } from 'n8n-workflow';

import { startOdooSimulator, type OdooSimulator } from '../../odoo-sim';
import { customerId, invoiceFor, productId } from './fixtures';
import { jsonOf, outputOf, runNode, useSimulator } from './helpers';

const creditNotesOf = (sim: OdooSimulator, invoice: number) =>
	sim.env('account.move').searchRead([['reversed_entry_id', '=', invoice]], ['move_type', 'state', 'amount_total', 'invoice_line_ids', 'ref']);

/** Create Credit Note on `invoice` for the given lines (JSON text as is, anything else as JSON). */
const creditLines = (sim: OdooSimulator, invoice: number, lines: unknown, parameters: INodeParameters = {}) =>
	runNode(sim, {
		resource: 'invoice',
		operation: 'createCreditNote',
		invoiceId: String(invoice),
		linesMode: 'json',
		linesJson: typeof lines === 'string' ? lines : JSON.stringify(lines),
		...parameters,
	});

describe('Invoice: Create Credit Note', () => {
	const ctx = useSimulator();

	it("credits a whole invoice through the reversal wizard and posts the credit note", async () => {
		const { sim } = ctx;
		const invoice = invoiceFor(sim, [
			['GLV-NIT', 10, 9.9],
			['TAPE-48', 4, 3.2],
		]);
		sim.stats.reset();
		const [note] = await outputOf(
			runNode(sim, { resource: 'invoice', operation: 'createCreditNote', invoiceId: String(invoice), reason: 'Return RMA-1' }),
		).then(jsonOf);
		expect(note).toMatchObject({ creditNoteOf: invoice, posted: true, move_type: 'out_refund', state: 'posted', amount_total: 111.8 });
		expect(note.ref).toMatch(/Return RMA-1/);
		expect(creditNotesOf(sim, invoice)).toEqual([expect.objectContaining({ id: note.id, state: 'posted', amount_total: 111.8 })]);
		expect(sim.env('account.move').read([invoice], ['payment_state'])[0].payment_state).toBe('reversed');
		expect(sim.stats.calls.filter((c) => c.model === 'account.move.reversal').map((c) => c.method)).toEqual(['create', 'refund_moves']);
	});

	it('credits given products and quantities only, and leaves a draft when told', async () => {
		const { sim } = ctx;
		const invoice = invoiceFor(sim, [
			['GLV-NIT', 10, 9.9],
			['TAPE-48', 4, 3.2],
		]);
		const [note] = await outputOf(creditLines(sim, invoice, [{ productId: productId(sim, 'GLV-NIT'), quantity: 2 }], { post: false })).then(jsonOf);
		expect(note).toMatchObject({ state: 'draft', amount_total: 19.8, posted: false });
		const [stored] = creditNotesOf(sim, invoice);
		const lines = sim.env('account.move.line').read(stored.invoice_line_ids as number[], ['product_id', 'quantity']);
		expect(lines.map((l) => [(l.product_id as [number, string])[0], l.quantity])).toEqual([[productId(sim, 'GLV-NIT'), 2]]);
	});

	it('refuses a draft invoice, more than was invoiced and a product not on the invoice, naming the item, before any credit note', async () => {
		const { sim } = ctx;
		const invoice = invoiceFor(sim, [['GLV-NIT', 10, 9.9]]);
		const customer = customerId(sim);
		const draft = sim.env('account.move').create({ move_type: 'out_invoice', partner_id: customer, invoice_line_ids: [[0, 0, { name: 'x', quantity: 1, price_unit: 5 }]] });
		const draftRun = await runNode(sim, { resource: 'invoice', operation: 'createCreditNote', invoiceId: String(draft) });
		expect(draftRun.error('Odoo')?.message).toMatch(/only a posted invoice or bill can be credited.*\[item 0\]/);
		expect(creditNotesOf(sim, draft)).toEqual([]);

		const tooMany = await creditLines(sim, invoice, [{ productId: productId(sim, 'GLV-NIT'), quantity: 11 }]);
		expect(tooMany.error('Odoo')?.message).toMatch(/11 to credit, but only 10 invoiced/);
		const badLine = await creditLines(sim, invoice, '[{"productId": 1}]');
		expect(badLine.error('Odoo')?.message).toMatch(/Credit note line 1 needs a productId and a quantity above 0/);
		const notFound = await creditLines(sim, invoice, [{ productId: productId(sim, 'TAPE-48'), quantity: 1 }]);
		expect(notFound.error('Odoo')?.message).toMatch(/product \d+ is not on invoice/);
		expect(creditNotesOf(sim, invoice)).toEqual([]);
	});

	it('says which draft credit note exists when posting it fails, and does not post it twice', async () => {
		const { sim } = ctx;
		const invoice = invoiceFor(sim, [['GLV-NIT', 5, 9.9]]);
		sim.stats.reset();
		sim.failNext({ kind: 'http503', model: 'account.move', method: 'action_post' });
		const result = await runNode(sim, { resource: 'invoice', operation: 'createCreditNote', invoiceId: String(invoice) });
		const error = result.error('Odoo') as { message: string; description?: string } | undefined;
		const [draft] = creditNotesOf(sim, invoice);
		expect(draft).toMatchObject({ state: 'draft', amount_total: 49.5 });
		expect(`${error?.message} ${error?.description}`).toMatch(new RegExp(`credit note \\(account.move ${draft.id}\\) of invoice ${invoice} was created as a draft, then a later step \\(posting it\\) failed`));
		expect(error?.description).toMatch(new RegExp(`Written in Odoo: items 0 \\(account.move id ${draft.id}\\)`));
		expect(sim.stats.calls.filter((c) => c.model === 'account.move' && c.method === 'action_post').length).toBe(1);
	});

	it("uses Odoo 16's reverse_moves", async () => {
		const sim16 = await startOdooSimulator({ version: '16.0' });
		try {
			const invoice = invoiceFor(sim16, [['GLV-NIT', 3, 9.9]]);
			const [note] = await outputOf(runNode(sim16, { resource: 'invoice', operation: 'createCreditNote', invoiceId: String(invoice) })).then(jsonOf);
			expect(note).toMatchObject({ state: 'posted', amount_total: 29.7 });
			expect(sim16.stats.calls.map((c) => c.method)).toContain('reverse_moves');
		} finally {
			await sim16.close();
		}
	});
});
