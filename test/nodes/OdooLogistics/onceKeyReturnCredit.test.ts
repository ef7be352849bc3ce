import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startOdooSimulator, type OdooSimulator } from '../../odoo-sim';
import { deliver, invoiceFor, productId } from './fixtures';
import { callsTo, jsonOf, model, outputOf, runNode, useSimulator } from './helpers';

/**
 * Re-running "Create the return" and "Credit note" of a half-done journey: with "Only Once per Key" the second run
 * finds what the first one created in Odoo, and validating a done return again writes nothing.
 */

/** The not-cancelled returns of a delivery, found through their moves (every version has them). */
function returnsOf(sim: OdooSimulator, delivery: number) {
	const deliveryMoves = sim.env('stock.move').search([['picking_id', '=', delivery]]);
	const returnMoves = sim.env('stock.move').read(sim.env('stock.move').search([['origin_returned_move_id', 'in', deliveryMoves]]), ['picking_id']);
	const ids = [...new Set(returnMoves.map((move) => (move.picking_id as [number, string])[0]))];
	return sim.env('stock.picking').read(ids, ['origin', 'state']).filter((row) => row.state !== 'cancel');
}

const createReturn = (sim: OdooSimulator, delivery: number, lines: unknown, options: INodeParameters = {}, items: IDataObject[] = [{}], more: INodeParameters = {}) =>
	runNode(
		sim,
		{
			resource: 'return',
			operation: 'create',
			transferId: String(delivery),
			...(lines === undefined ? {} : { linesMode: 'json', linesJson: JSON.stringify(lines) }),
			options,
			...more,
		},
		items,
		{ continueOnFail: true },
	);

const creditNotesOf = (sim: OdooSimulator, invoice: number) =>
	sim.env('account.move').searchRead([['reversed_entry_id', '=', invoice]], ['state', 'amount_total', 'invoice_line_ids', 'ref']);

const creditNote = (sim: OdooSimulator, invoice: number, lines: unknown, parameters: INodeParameters = {}, items: IDataObject[] = [{}]) =>
	runNode(
		sim,
		{
			resource: 'invoice',
			operation: 'createCreditNote',
			invoiceId: String(invoice),
			reason: 'Return RR-1: crushed',
			linesMode: 'json',
			linesJson: JSON.stringify(lines),
			...parameters,
		},
		items,
		{ continueOnFail: true },
	);

function returnSuite(version: '16.0' | '17.0' | '18.0' | '19.0') {
	describe(`Return → Create, Only Once per Key (${version})`, () => {
		const ctx = useSimulator({ version });

		it('creates the return once per key and transfer; a second run returns it; another key creates another', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [
				['TAPE-48', 6],
				['BOX-403030', 20],
			]);
			const tape = productId(sim, 'TAPE-48');
			const lines = [{ productId: tape, quantity: 2 }];
			const [first] = jsonOf(await outputOf(createReturn(sim, delivery, lines, { onceKey: 'RR-1' })));
			expect(first).toMatchObject({ returnOf: delivery, alreadyCreated: false, adopted: false, state: 'assigned' });
			expect(returnsOf(sim, delivery)).toEqual([expect.objectContaining({ id: first.id })]);
			const [stored] = returnsOf(sim, delivery);
			expect(stored.origin).toMatch(/^Return of .+ \[n8n-key: RR-1\]$/);

			sim.stats.reset();
			const [second] = jsonOf(await outputOf(createReturn(sim, delivery, lines, { onceKey: 'RR-1' })));
			expect(second).toEqual({ ...first, alreadyCreated: true });
			expect(sim.stats.calls.filter((call) => call.model === 'stock.return.picking')).toEqual([]);
			expect(sim.stats.calls.filter((call) => ['create', 'write'].includes(call.method))).toEqual([]);
			expect(returnsOf(sim, delivery)).toHaveLength(1);

			const [other] = jsonOf(await outputOf(createReturn(sim, delivery, lines, { onceKey: 'RR-2' })));
			expect(other).toMatchObject({ alreadyCreated: false });
			expect(other.id).not.toBe(first.id);
			expect(returnsOf(sim, delivery)).toHaveLength(2);
		});

		it('takes over an unmarked return with exactly the products and quantities asked for, and marks it', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [
				['TAPE-48', 6],
				['BOX-403030', 20],
			]);
			const boxes = productId(sim, 'BOX-403030');
			// A run that died between the wizard and the marker: the return exists without the key.
			const [unmarked] = jsonOf(await outputOf(createReturn(sim, delivery, [{ productId: boxes, quantity: 5 }])));
			expect(unmarked).not.toHaveProperty('alreadyCreated');
			// An unmarked return of other quantities is not taken.
			const differs = jsonOf(await outputOf(createReturn(sim, delivery, [{ productId: boxes, quantity: 4 }], { onceKey: 'RR-7' })));
			expect(differs[0]).toMatchObject({ alreadyCreated: false });
			expect(differs[0].id).not.toBe(unmarked.id);
			const again = jsonOf(await outputOf(createReturn(sim, delivery, [{ productId: boxes, quantity: 5 }], { onceKey: 'RR-8' })));
			expect(again[0]).toMatchObject({ id: unmarked.id, alreadyCreated: true, adopted: true });
			const origin = String(sim.env('stock.picking').read([unmarked.id as number], ['origin'])[0].origin);
			expect(origin).toMatch(/\[n8n-key: RR-8\]$/);
			expect(returnsOf(sim, delivery)).toHaveLength(2);
			// Once marked, it is that key's: the next run finds it as marked.
			const [third] = jsonOf(await outputOf(createReturn(sim, delivery, [{ productId: boxes, quantity: 5 }], { onceKey: 'RR-8' })));
			expect(third).toMatchObject({ id: unmarked.id, alreadyCreated: true, adopted: false });
		});

		it('takes over an unmarked full return when every line is asked for', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 3]]);
			const [unmarked] = jsonOf(await outputOf(createReturn(sim, delivery, undefined)));
			const [keyed] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, { onceKey: 'full-1' })));
			expect(keyed).toMatchObject({ id: unmarked.id, alreadyCreated: true, adopted: true });
			expect(returnsOf(sim, delivery)).toHaveLength(1);
		});

		it('ignores a cancelled return with the key', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 3]]);
			const [first] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, { onceKey: 'cx-1' })));
			sim.env('stock.picking').call('action_cancel', [first.id as number]);
			const [second] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, { onceKey: 'cx-1' })));
			expect(second).toMatchObject({ alreadyCreated: false });
			expect(second.id).not.toBe(first.id);
		});

		it('validates a done return again without writing, and a keyed re-run with Validate receives nothing twice', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 2]]);
			const [created] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, { onceKey: 'val-1' }, [{}], { validate: true })));
			expect(created).toMatchObject({ state: 'done', validated: true, alreadyCreated: false });
			const quantity = () => sim.env('product.product').read([productId(sim, 'TAPE-48')], ['qty_available'])[0].qty_available;
			const stock = quantity();

			sim.stats.reset();
			const [again] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, { onceKey: 'val-1' }, [{}], { validate: true })));
			expect(again).toMatchObject({ id: created.id, state: 'done', validated: true, alreadyCreated: true });
			sim.stats.reset();
			const [validated] = jsonOf(
				await outputOf(runNode(sim, { resource: 'return', operation: 'validate', returnId: String(created.id), backorder: 'fail' })),
			);
			expect(validated).toMatchObject({ id: created.id, state: 'done', alreadyDone: true, backorderIds: [], wizards: [] });
			expect(sim.stats.calls.filter((call) => call.model && !['read', 'search_read', 'search', 'fields_get', 'context_get'].includes(call.method))).toEqual([]);
			expect(quantity()).toBe(stock);
		});
	});
}

describe('Once per key: return and credit note', () => {
	returnSuite('18.0');
	returnSuite('16.0');
	returnSuite('17.0');
	returnSuite('19.0');

	describe('Return → Create, key errors and batches (18.0)', () => {
		const ctx = useSimulator();

		it('fails the item whose key is empty or too long, naming the option, and creates the others', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 6]]);
			const tape = productId(sim, 'TAPE-48');
			const output = jsonOf(
				await outputOf(
					createReturn(sim, delivery, [{ productId: tape, quantity: 1 }], { onceKey: '={{ $json.key }}' }, [{ key: '  ' }, { key: 'k'.repeat(201) }, { key: 'ok-1' }]),
				),
			);
			expect(String(output[0].error)).toContain('The option "Only Once per Key" is empty');
			expect(String(output[1].error)).toContain('The option "Only Once per Key" is too long (201 characters, at most 200)');
			expect(output[2]).toMatchObject({ alreadyCreated: false });
			expect(returnsOf(sim, delivery)).toHaveLength(1);
		});

		it('creates one return for items of one batch with the same transfer and key', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 6]]);
			const tape = productId(sim, 'TAPE-48');
			const output = jsonOf(
				await outputOf(createReturn(sim, delivery, [{ productId: tape, quantity: 1 }], { onceKey: '={{ $json.key }}' }, [{ key: 'a' }, { key: 'a' }, { key: 'b' }])),
			);
			expect(output.map((json) => json.alreadyCreated)).toEqual([false, true, false]);
			expect(output[1].id).toBe(output[0].id);
			expect(output[2].id).not.toBe(output[0].id);
			expect(returnsOf(sim, delivery)).toHaveLength(2);
		});

		it('says the return exists when adding its key failed, and the re-run takes it over', async () => {
			const { sim } = ctx;
			const delivery = deliver(sim, [['TAPE-48', 6]]);
			const tape = productId(sim, 'TAPE-48');
			// Every attempt of the (retried) write fails.
			sim.failNext({ kind: 'http503', model: 'stock.picking', method: 'write', count: 4 });
			const result = await runNode(sim, {
				resource: 'return',
				operation: 'create',
				transferId: String(delivery),
				linesMode: 'json',
				linesJson: JSON.stringify([{ productId: tape, quantity: 2 }]),
				options: { onceKey: 'mark-1' },
			});
			const error = result.error('Odoo') as { message: string; description?: string } | undefined;
			const [made] = returnsOf(sim, delivery);
			expect(`${error?.message} ${error?.description}`).toContain(`The return (transfer ${made.id}) was created, but its key could not be added`);
			const [retried] = jsonOf(
				await outputOf(createReturn(sim, delivery, [{ productId: tape, quantity: 2 }], { onceKey: 'mark-1' })),
			);
			expect(retried).toMatchObject({ id: made.id, alreadyCreated: true, adopted: true });
			expect(returnsOf(sim, delivery)).toHaveLength(1);
		});
	});

	function creditSuite(version: '16.0' | '17.0' | '18.0' | '19.0') {
		describe(`Invoice → Create Credit Note, Only Once per Key (${version})`, () => {
			const ctx = useSimulator({ version });

			it('credits once per key: the marker is in the reference from the wizard on; another key credits again', async () => {
				const { sim } = ctx;
				const invoice = invoiceFor(sim, [
					['GLV-NIT', 10, 9.9],
					['TAPE-48', 4, 3.2],
				]);
				const gloves = productId(sim, 'GLV-NIT');
				const [first] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 2 }], { options: { onceKey: 'RR-1:credit' } })));
				expect(first).toMatchObject({ creditNoteOf: invoice, state: 'posted', posted: true, alreadyCreated: false, amount_total: 19.8 });
				expect(first.ref).toMatch(/^Reversal of: .+, Return RR-1: crushed \[n8n-key: RR-1:credit\]$/);

				sim.stats.reset();
				const [second] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 2 }], { options: { onceKey: 'RR-1:credit' } })));
				expect(second).toEqual({ ...first, alreadyCreated: true });
				expect(callsTo(sim, 'account.move.reversal')).toBe(0);
				expect(sim.stats.calls.filter((call) => ['create', 'write', 'action_post'].includes(call.method))).toEqual([]);
				expect(creditNotesOf(sim, invoice)).toHaveLength(1);

				const [other] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 1 }], { options: { onceKey: 'RR-2:credit' } })));
				expect(other).toMatchObject({ alreadyCreated: false, amount_total: 9.9 });
				expect(creditNotesOf(sim, invoice)).toHaveLength(2);
			});

			it('finds a draft left by a run that stopped, sets its lines again and posts it', async () => {
				const { sim } = ctx;
				const invoice = invoiceFor(sim, [
					['GLV-NIT', 10, 9.9],
					['TAPE-48', 4, 3.2],
				]);
				const gloves = productId(sim, 'GLV-NIT');
				// The run stopped after the wizard: the draft still has every line of the invoice.
				sim.failNext({ kind: 'http503', model: 'account.move', method: 'write', count: 4 });
				const failed = await creditNote(sim, invoice, [{ productId: gloves, quantity: 3 }], { options: { onceKey: 'draft-1' } });
				expect(String(jsonOf(failed.output('Odoo'))[0].error)).toBeTruthy();
				const [draft] = creditNotesOf(sim, invoice);
				// The wizard wrote the marker into the reference: the draft is found by it.
				expect(draft).toMatchObject({ state: 'draft', amount_total: 111.8, ref: expect.stringMatching(/\[n8n-key: draft-1\]$/) });

				const [finished] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 3 }], { options: { onceKey: 'draft-1' } })));
				expect(finished).toMatchObject({ id: draft.id, alreadyCreated: true, posted: true, state: 'posted', amount_total: 29.7 });
				expect(creditNotesOf(sim, invoice)).toEqual([expect.objectContaining({ id: draft.id, state: 'posted', amount_total: 29.7 })]);
			});

			it('returns a draft as a draft when Post is off, and a posted one untouched', async () => {
				const { sim } = ctx;
				const invoice = invoiceFor(sim, [['GLV-NIT', 10, 9.9]]);
				const gloves = productId(sim, 'GLV-NIT');
				const [draft] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 2 }], { post: false, options: { onceKey: 'd-2' } })));
				expect(draft).toMatchObject({ state: 'draft', posted: false, alreadyCreated: false });
				const [still] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 2 }], { post: false, options: { onceKey: 'd-2' } })));
				expect(still).toMatchObject({ id: draft.id, state: 'draft', posted: false, alreadyCreated: true, amount_total: 19.8 });
				const [posted] = jsonOf(await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 2 }], { options: { onceKey: 'd-2' } })));
				expect(posted).toMatchObject({ id: draft.id, state: 'posted', posted: true, alreadyCreated: true });
				expect(creditNotesOf(sim, invoice)).toHaveLength(1);
			});
		});
	}

	creditSuite('18.0');
	creditSuite('16.0');
	creditSuite('17.0');
	creditSuite('19.0');

	describe('Invoice → Create Credit Note, key errors (18.0)', () => {
		const ctx = useSimulator();

		it('fails the item whose key is empty or too long before any credit note, naming the option', async () => {
			const { sim } = ctx;
			const invoice = invoiceFor(sim, [['GLV-NIT', 10, 9.9]]);
			const gloves = productId(sim, 'GLV-NIT');
			const output = jsonOf(
				await outputOf(creditNote(sim, invoice, [{ productId: gloves, quantity: 1 }], { options: { onceKey: '={{ $json.key }}' } }, [{ key: '' }, { key: 'x'.repeat(300) }])),
			);
			expect(String(output[0].error)).toContain('The option "Only Once per Key" is empty');
			expect(String(output[1].error)).toContain('The option "Only Once per Key" is too long (300 characters, at most 200)');
			expect(creditNotesOf(sim, invoice)).toEqual([]);
		});

		it('applies the same length limit to the keys of Message → Post', async () => {
			const { sim } = ctx;
			const [order] = sim.env('sale.order').search([], { order: 'id', limit: 1 });
			const before = sim.env('mail.message').search([['model', '=', 'sale.order'], ['res_id', '=', order]]).length;
			const output = jsonOf(
				await outputOf(
					runNode(
						sim,
						{ resource: 'message', operation: 'post', model: model('sale.order'), recordId: String(order), body: '<p>Hi</p>', html: true, options: { onceKey: '={{ $json.key }}' } },
						[{ key: 'y'.repeat(201) }, { key: 'y'.repeat(200) }],
						{ continueOnFail: true },
					),
				),
			);
			expect(String(output[0].error)).toContain('The option "Only Once per Key" is too long (201 characters, at most 200)');
			expect(output[1]).toMatchObject({ alreadyPosted: false });
			expect(sim.env('mail.message').search([['model', '=', 'sale.order'], ['res_id', '=', order]])).toHaveLength(before + 1);
		});
	});
});

/** Validating a done transfer again is not sent to Odoo at all (the simulator refuses it on 16.0). */
describe('Return → Validate on a done return, Odoo 16', () => {
	it('succeeds without calling button_validate', async () => {
		const sim = await startOdooSimulator({ version: '16.0' });
		try {
			const delivery = deliver(sim, [['TAPE-48', 1]]);
			const [created] = jsonOf(await outputOf(createReturn(sim, delivery, undefined, {}, [{}], { validate: true })));
			sim.stats.reset();
			const [again] = jsonOf(await outputOf(runNode(sim, { resource: 'return', operation: 'validate', returnId: String(created.id) })));
			expect(again).toMatchObject({ id: created.id, state: 'done', alreadyDone: true });
			expect(callsTo(sim, 'stock.picking', 'button_validate')).toBe(0);
		} finally {
			await sim.close();
		}
	});
});
