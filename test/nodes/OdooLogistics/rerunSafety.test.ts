import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callsTo, jsonOf, model, outputOf, pairedOf, runNode, useSimulator } from './helpers';

/** Re-running a half-done journey: the "once" options write nothing the first run already wrote. */
describe('Re-run safety', () => {
	const ctx = useSimulator();

	const orders = () => ctx.sim.env('sale.order').search([], { order: 'id', limit: 2 });
	const messagesOn = (order: number) => ctx.sim.env('mail.message').search([['model', '=', 'sale.order'], ['res_id', '=', order]]).length;
	const activitiesOn = (order: number) => ctx.sim.env('mail.activity').search([['res_model', '=', 'sale.order'], ['res_id', '=', order]]).length;

	describe('Message → Post, Only Once per Key', () => {
		const post = (options: INodeParameters, items: IDataObject[], html = true) =>
			runNode(
				ctx.sim,
				{
					resource: 'message',
					operation: 'post',
					model: model('sale.order'),
					recordId: '={{ $json.order }}',
					body: html ? '<p>Delayed by <b>2 days</b></p>' : 'Delayed & <late>',
					html,
					options,
				},
				items,
				{ continueOnFail: true },
			);

		it('posts once per key and record, in one search per run', async () => {
			const { sim } = ctx;
			const [a, b] = orders();
			const before = [messagesOn(a), messagesOn(b)];
			const options = { onceKey: '={{ $json.event }}' };
			const items = [
				{ order: a, event: 'evt-1' },
				{ order: b, event: 'evt-1' },
				{ order: a, event: 'evt-1' },
			];
			sim.stats.reset();
			const first = jsonOf(await outputOf(post(options, items)));
			expect(callsTo(sim, 'mail.message', 'search_read')).toBe(1);
			expect([messagesOn(a), messagesOn(b)]).toEqual([before[0] + 1, before[1] + 1]);
			expect(first.map((json) => json.alreadyPosted)).toEqual([false, false, true]);
			expect(first[2].id).toBe(first[0].id);
			const [row] = sim.env('mail.message').read([first[0].id as number], ['body']);
			expect(row.body).toBe('<p>Delayed by <b>2 days</b></p><p>[n8n-key: evt-1]</p>');

			sim.stats.reset();
			const again = jsonOf(await outputOf(post(options, items)));
			expect(callsTo(sim, 'sale.order', 'message_post')).toBe(0);
			expect(callsTo(sim, 'mail.message', 'search_read')).toBe(1);
			expect([messagesOn(a), messagesOn(b)]).toEqual([before[0] + 1, before[1] + 1]);
			expect(again).toEqual(first.map((json) => ({ ...json, alreadyPosted: true })));

			const other = jsonOf(await outputOf(post(options, [{ order: a, event: 'evt-2' }])));
			expect(other[0].alreadyPosted).toBe(false);
			expect(messagesOn(a)).toBe(before[0] + 2);
		});

		it('matches a key with HTML-special characters in a plain-text body', async () => {
			const [, b] = orders();
			const before = messagesOn(b);
			const options = { onceKey: `evt <"&'> 3` };
			const [first] = jsonOf(await outputOf(post(options, [{ order: b }], false)));
			const [second] = jsonOf(await outputOf(post(options, [{ order: b }], false)));
			expect(second).toEqual({ ...first, alreadyPosted: true });
			expect(messagesOn(b)).toBe(before + 1);
		});

		it('posts every run when the option is off', async () => {
			const [a] = orders();
			const before = messagesOn(a);
			const [first] = jsonOf(await outputOf(post({}, [{ order: a }])));
			await outputOf(post({}, [{ order: a }]));
			expect(messagesOn(a)).toBe(before + 2);
			expect(first).not.toHaveProperty('alreadyPosted');
		});

		it('fails the item whose key is empty, naming the option', async () => {
			const [a, b] = orders();
			const before = messagesOn(b);
			const output = jsonOf(await outputOf(post({ onceKey: '={{ $json.event }}' }, [{ order: a, event: '' }, { order: b, event: 'evt-9' }])));
			expect(String(output[0].error)).toContain('The option "Only Once per Key" is empty');
			expect(output[1].alreadyPosted).toBe(false);
			expect(messagesOn(b)).toBe(before + 1);
		});
	});

	describe('Activity → Schedule, Only Once per Key', () => {
		const schedule = (options: INodeParameters, items: IDataObject[]) =>
			runNode(
				ctx.sim,
				{
					resource: 'activity',
					operation: 'schedule',
					model: model('sale.order'),
					recordId: '={{ $json.order }}',
					summary: 'Call the carrier',
					options,
				},
				items,
				{ continueOnFail: true },
			);

		it('schedules once per key and record, in one search per run', async () => {
			const { sim } = ctx;
			const [a, b] = orders();
			const before = [activitiesOn(a), activitiesOn(b)];
			const options = { onceKey: '={{ $json.event }}', note: '<p>Dock 4</p>' };
			const items = [
				{ order: a, event: 'evt-1' },
				{ order: b, event: 'evt-1' },
				{ order: a, event: 'evt-1' },
			];
			sim.stats.reset();
			const first = jsonOf(await outputOf(schedule(options, items)));
			expect(callsTo(sim, 'mail.activity', 'search_read')).toBe(1);
			expect(callsTo(sim, 'mail.activity', 'create')).toBe(1);
			expect([activitiesOn(a), activitiesOn(b)]).toEqual([before[0] + 1, before[1] + 1]);
			expect(first.map((json) => json.alreadyScheduled)).toEqual([false, false, true]);
			expect(first[0]).toMatchObject({ res_model: 'sale.order', res_id: a, summary: 'Call the carrier' });
			const [row] = sim.env('mail.activity').read([first[0].id as number], ['note']);
			expect(row.note).toBe('<p>Dock 4</p><p>[n8n-key: evt-1]</p>');

			sim.stats.reset();
			const again = jsonOf(await outputOf(schedule(options, items)));
			expect(callsTo(sim, 'mail.activity', 'create')).toBe(0);
			expect(callsTo(sim, 'mail.activity', 'search_read')).toBe(1);
			expect([activitiesOn(a), activitiesOn(b)]).toEqual([before[0] + 1, before[1] + 1]);
			expect(again.map((json) => [json.id, json.alreadyScheduled])).toEqual(first.map((json) => [json.id, true]));

			const other = jsonOf(await outputOf(schedule(options, [{ order: a, event: 'evt-2' }])));
			expect(other[0].alreadyScheduled).toBe(false);
			expect(activitiesOn(a)).toBe(before[0] + 2);
		});

		it('schedules again once the keyed activity is done', async () => {
			const { sim } = ctx;
			const [, b] = orders();
			const [first] = jsonOf(await outputOf(schedule({ onceKey: 'evt-done' }, [{ order: b }])));
			await outputOf(runNode(sim, { resource: 'activity', operation: 'markDone', activityId: String(first.id) }));
			const [second] = jsonOf(await outputOf(schedule({ onceKey: 'evt-done' }, [{ order: b }])));
			expect(second.alreadyScheduled).toBe(false);
			expect(second.id).not.toBe(first.id);
		});

		it('schedules every run when the option is off', async () => {
			const [a] = orders();
			const before = activitiesOn(a);
			const [first] = jsonOf(await outputOf(schedule({}, [{ order: a }])));
			await outputOf(schedule({}, [{ order: a }]));
			expect(activitiesOn(a)).toBe(before + 2);
			expect(first).not.toHaveProperty('alreadyScheduled');
		});

		it('fails the item whose key is empty, naming the option', async () => {
			const [a] = orders();
			const [output] = jsonOf(await outputOf(schedule({ onceKey: '  ' }, [{ order: a }])));
			expect(String(output.error)).toContain('The option "Only Once per Key" is empty');
		});
	});

	describe('Create RFQ from Shortages, Skip Shortages Already Ordered', () => {
		const partner = (name: string) => ctx.sim.env('res.partner').search([['name', '=', name]])[0];
		const product = (code: string) => ctx.sim.env('product.product').search([['default_code', '=', code]])[0];
		const rfqsFor = (origin: string) => ctx.sim.env('purchase.order').search([['origin', '=', origin]], { order: 'id' });
		const run = (options: INodeParameters, items: IDataObject[]) =>
			runNode(
				ctx.sim,
				{ resource: 'purchaseOrder', operation: 'createRfqFromShortages', productId: '={{ $json.product }}', quantity: '={{ $json.qty }}', options },
				items,
				{ continueOnFail: true },
			);

		it('orders only the shortages no open RFQ of the source document has, in one search per run', async () => {
			const { sim } = ctx;
			const options = { origin: 'S-RERUN-1', skipAlreadyOrdered: true };
			// The first run crashed after creating the Nordic RFQ with one of its products.
			const earlier = sim.env('purchase.order').create({
				partner_id: partner('Nordic Fasteners AB'),
				origin: 'S-RERUN-1',
				order_line: [[0, 0, { product_id: product('TIE-100'), product_qty: 100 }]],
			});
			// Same vendor and product, but for another source document, or cancelled: not ordered for this one.
			sim.env('purchase.order').create({
				partner_id: partner('Nordic Fasteners AB'),
				origin: 'S-OTHER',
				order_line: [[0, 0, { product_id: product('GLV-NIT'), product_qty: 5 }]],
			});
			const cancelled = sim.env('purchase.order').create({
				partner_id: partner('Pacific Packaging Ltd'),
				origin: 'S-RERUN-1',
				order_line: [[0, 0, { product_id: product('PWF-500'), product_qty: 30 }]],
			});
			sim.env('purchase.order').write([cancelled], { state: 'cancel' });
			const items = [
				{ product: product('TIE-100'), qty: 100 },
				{ product: product('GLV-NIT'), qty: 50 },
				{ product: product('PWF-500'), qty: 30 },
			];
			sim.stats.reset();
			const output = (await run(options, items)).output('Odoo');
			expect(callsTo(sim, 'purchase.order.line', 'search_read')).toBe(1);
			expect(callsTo(sim, 'purchase.order', 'create')).toBe(1);
			expect(pairedOf(output)).toEqual([[{ item: 0 }, { item: 1 }], [{ item: 2 }]]);
			const [nordic, pacific] = jsonOf(output);
			expect(nordic).toMatchObject({ created: true, lines: [{ productId: product('GLV-NIT'), quantity: 50 }] });
			expect(nordic.skipped).toEqual([{ product: product('TIE-100'), existingPurchaseOrder: { id: earlier, name: expect.any(String), state: 'draft' } }]);
			expect(pacific).toMatchObject({ created: true, skipped: [] });
			const rfqs = rfqsFor('S-RERUN-1');
			expect(rfqs).toHaveLength(4);

			// Run again: everything is ordered, nothing is written.
			sim.stats.reset();
			const again = jsonOf(await outputOf(run(options, items)));
			expect(callsTo(sim, 'purchase.order', 'create')).toBe(0);
			expect(rfqsFor('S-RERUN-1')).toEqual(rfqs);
			expect(again.map((json) => json.created)).toEqual([false, false]);
			expect((again[0].skipped as unknown[]).length).toBe(2);

			// Another source document orders again.
			const other = jsonOf(await outputOf(run({ ...options, origin: 'S-RERUN-2' }, items)));
			expect(other.map((json) => json.created)).toEqual([true, true]);
			expect(rfqsFor('S-RERUN-2')).toHaveLength(2);
		});

		it('orders again when the option is off', async () => {
			const items = [{ product: product('PLT-EUR'), qty: 10 }];
			const [first] = jsonOf(await outputOf(run({ origin: 'S-RERUN-3' }, items)));
			await outputOf(run({ origin: 'S-RERUN-3' }, items));
			expect(rfqsFor('S-RERUN-3')).toHaveLength(2);
			expect(first).not.toHaveProperty('skipped');
		});

		it('fails the items without a source document, naming the options', async () => {
			const output = jsonOf(await outputOf(run({ skipAlreadyOrdered: true }, [{ product: product('TIE-100'), qty: 1 }])));
			expect(String(output[0].error)).toContain('The option "Skip Shortages Already Ordered" needs the option "Source Document"');
		});
	});
});
