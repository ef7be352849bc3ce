/**
 * The return-to-resolution template in a real n8n against the Odoo simulator: the template file as users import it,
 * the credential it names, activated; return requests POSTed to its webhook, each one twice. Checks what Odoo holds at
 * the end (returns, quality activities, credit notes with their amounts, chatter messages) and each execution's
 * status: a low-value damage claim is authorised and credited, a fraud-like reason is declined, a high-value return
 * waits for a returns manager who approves over the signed link posted in the order's chatter (another one is refused
 * there), a return of an order not
 * invoiced yet gets no credit note, and an invalid request fails with its reason and can be sent again. Before that,
 * `n8n execute` runs the Manual Trigger's sample request: a return of the demo's delivered, invoiced order S00006,
 * received and credited.
 */
import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { prepareN8n, type Execution, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import type { Suite } from './runner';
import { simulatorCredential } from './fixtures';
import { poll, sleep } from './proc';

export const RETURN_FLOW = 'oleReturnToRes01';
const TEMPLATE = join(__dirname, '..', '..', 'workflows', 'return-to-resolution.json');

/** The template as shipped, activated. */
export function returnTemplate(): WorkflowFixture {
	return { ...(JSON.parse(readFileSync(TEMPLATE, 'utf8')) as WorkflowFixture), active: true };
}


interface Scenario {
	orderId: number;
	orderName: string;
	deliveryId: number;
	invoiceId?: number;
}

const productId = (sim: OdooSimulator, code: string) => sim.env('product.product').search([['default_code', '=', code]])[0];

/** A confirmed, delivered order of Juniper Health Clinics; with `invoice`, also invoiced (posted). */
function deliveredOrder(sim: OdooSimulator, lines: Array<[string, number, number]>, invoice: boolean): Scenario {
	const [customer] = sim.env('res.partner').search([['name', '=', 'Juniper Health Clinics']]);
	const orderId = sim.env('sale.order').create({
		partner_id: customer,
		order_line: lines.map(([code, qty, price]) => [0, 0, { product_id: productId(sim, code), product_uom_qty: qty, price_unit: price }]),
	});
	sim.env('sale.order').call('action_confirm', [orderId]);
	const [order] = sim.env('sale.order').read([orderId], ['name', 'picking_ids']);
	const [deliveryId] = order.picking_ids as number[];
	sim.env('stock.picking').call('button_validate', [deliveryId], { context: { skip_sms: true } });
	assert.equal(sim.env('stock.picking').read([deliveryId], ['state'])[0].state, 'done', 'the delivery is done');
	if (!invoice) return { orderId, orderName: String(order.name), deliveryId };
	const saleLines = sim.env('sale.order.line').read(sim.env('sale.order.line').search([['order_id', '=', orderId]]), ['product_id', 'product_uom_qty', 'price_unit']);
	const invoiceId = sim.env('account.move').create({
		move_type: 'out_invoice',
		partner_id: customer,
		invoice_origin: order.name,
		invoice_line_ids: saleLines.map((l) => [
			0,
			0,
			{ product_id: (l.product_id as [number, string])[0], quantity: l.product_uom_qty, price_unit: l.price_unit, sale_line_id: l.id },
		]),
	});
	sim.env('account.move').call('action_post', [invoiceId]);
	return { orderId, orderName: String(order.name), deliveryId, invoiceId };
}

interface ReturnRequest {
	requestId: string;
	orderRef: string;
	productCode: string;
	quantity: number;
	reason: string;
	customerEmail: string;
}

async function post(n8n: N8nInstance, body: ReturnRequest): Promise<void> {
	const res = await fetch(`${n8n.baseUrl}/webhook/return-request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	assert.equal(res.status, 200, await res.text());
}

/** The same request twice, back to back, as a customer portal retrying would. */
const postTwice = (n8n: N8nInstance, body: ReturnRequest) => Promise.all([post(n8n, body), post(n8n, body)]);

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;

/** Every item a node sent to an output, over all its runs in the execution. */
function items(execution: Execution, node: string, output = 0): Array<Record<string, unknown>> {
	return ((execution.data?.resultData.runData as RunData | undefined)?.[node] ?? []).flatMap((run) => run.data?.main[output]?.map((i) => i.json) ?? []);
}

const requestIdOf = (execution: Execution) => String(items(execution, 'Read the request')[0]?.requestId ?? '');

/** The finished executions of one request id (waits until there are `n`). */
async function executionsOf(n8n: N8nInstance, requestId: string, n: number, timeoutMs = 60_000): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const done = (await n8n.executions(RETURN_FLOW)).filter((e) => !['new', 'running', 'waiting'].includes(e.status) && requestIdOf(e) === requestId);
		if (done.length >= n) return done;
		if (Date.now() > deadline) throw new Error(`${done.length} of ${n} executions for ${requestId} finished after ${timeoutMs} ms`);
		await sleep(250);
	}
}

const returnsOf = (sim: OdooSimulator, deliveryId: number) =>
	sim
		.env('stock.picking')
		.searchRead([['return_id', '=', deliveryId]], ['name', 'state', 'move_ids'])
		.map((p) => ({
			id: p.id as number,
			name: String(p.name),
			state: String(p.state),
			moves: sim.env('stock.move').read(p.move_ids as number[], ['product_id', 'product_uom_qty']).map((m) => [(m.product_id as [number, string])[0], m.product_uom_qty]),
		}));

const qualityActivities = (sim: OdooSimulator, returnIds: number[]) =>
	sim.env('mail.activity').searchRead([['res_model', '=', 'stock.picking'], ['res_id', 'in', returnIds]], ['summary', 'res_id']);

const creditNotes = (sim: OdooSimulator, invoiceId: number) =>
	sim.env('account.move').searchRead([['reversed_entry_id', '=', invoiceId]], ['name', 'state', 'move_type', 'amount_total', 'ref']);

const messagesOn = (sim: OdooSimulator, orderId: number, text: string) =>
	sim
		.env('mail.message')
		.searchRead([['model', '=', 'sale.order'], ['res_id', '=', orderId]], ['body', 'message_type'])
		.filter((m) => String(m.body).includes(text));

const request = (requestId: string, orderRef: string, productCode: string, quantity: number, reason: string): ReturnRequest => ({
	requestId,
	orderRef,
	productCode,
	quantity,
	reason,
	customerEmail: 'orders@juniper.health.clinics.example.com',
});

export const returnToResolution: Suite = async (t, { line, packageTarball }) => {
	const sim = await t.check('Odoo simulator starts', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	let n8n: N8nInstance | undefined;
	try {
		const invoiced = deliveredOrder(sim, [['GLV-NIT', 10, 9.9], ['PRN-TH4', 2, 389]], true);
		const notInvoiced = deliveredOrder(sim, [['TAPE-48', 6, 3.2]], false);
		const gloves = productId(sim, 'GLV-NIT');
		const printer = productId(sim, 'PRN-TH4');
		const tape = productId(sim, 'TAPE-48');
		const instance = await t.check('n8n prepared with the template imported as shipped and activated, and its credential', () =>
			prepareN8n({ line, packageTarball, credentials: [simulatorCredential(sim)], workflows: [returnTemplate()] }),
		);
		n8n = instance;

		await t.check("n8n execute from the Manual Trigger: the sample request returns 2 gloves of the demo's delivered order S00006 and credits them", async () => {
			const [delivery] = sim.env('stock.picking').search([['origin', '=', 'S00006'], ['picking_type_code', '=', 'outgoing']]);
			const [orderId] = sim.env('sale.order').search([['name', '=', 'S00006']]);
			const [invoice] = sim.env('account.move').searchRead([['move_type', '=', 'out_invoice'], ['invoice_origin', '=', 'S00006'], ['state', '=', 'posted']], ['id']);
			assert.ok(invoice, 'the demo data has a posted invoice for S00006');
			const [line] = sim.env('sale.order.line').searchRead([['order_id', '=', orderId], ['product_id', '=', gloves]], ['price_unit']);
			const res = await instance.cliExecute(RETURN_FLOW);
			assert.equal(res.run?.status, 'success', res.run?.data.resultData.error?.message ?? `exit ${res.code}\n${res.stdout.slice(-2000)}${res.stderr.slice(-2000)}`);
			const runData = res.run!.data.resultData.runData;
			assert.ok('Try it with a sample request' in runData && !('Return request' in runData), `started from ${Object.keys(runData)[0]}`);
			assert.deepEqual(returnsOf(sim, delivery).map((r) => [r.state, r.moves]), [['done', [[gloves, 2]]]]);
			const credit = Math.round(2 * Number(line.price_unit) * 100) / 100;
			const notes = creditNotes(sim, invoice.id as number);
			assert.deepEqual(notes.map((n) => [n.move_type, n.state, n.amount_total]), [['out_refund', 'posted', credit]]);
			const messages = messagesOn(sim, orderId, 'We received your return RR-SAMPLE-0001');
			assert.equal(messages.length, 1);
			assert.ok(String(messages[0].body).includes(`Credit note ${String(notes[0].name)} of ${credit.toFixed(2)} is issued`), String(messages[0].body));
			return `credit note ${String(notes[0].name)} of ${credit.toFixed(2)}${res.code === 0 ? '' : `, then n8n exited ${res.signal ?? res.code}`}`;
		});

		await t.check('n8n starts and activates the template', () => instance.start());

		await t.check('low-value damage claim, sent twice: one return received, one quality check, one credit note of 19.80, one message', async () => {
			await postTwice(instance, request('RR-A1', invoiced.orderName, 'GLV-NIT', 2, 'Two boxes arrived crushed and damaged'));
			const executions = await executionsOf(instance, 'RR-A1', 2);
			assert.deepEqual(executions.map((e) => e.status).sort(), ['success', 'success'], JSON.stringify(executions.map((e) => e.data?.resultData.error)));
			assert.equal(executions.flatMap((e) => items(e, 'Done')).length, 1, 'one execution completes the request');
			assert.equal(executions.flatMap((e) => items(e, 'Already handled')).length, 1, 'the other is a duplicate');
			const classification = executions.flatMap((e) => items(e, 'Authorise the return'))[0]?.classification as { category?: string } | undefined;
			assert.equal(classification?.category, 'damage');
			const returns = returnsOf(sim, invoiced.deliveryId);
			assert.deepEqual(returns.map((r) => [r.state, r.moves]), [['done', [[gloves, 2]]]]);
			const activities = qualityActivities(sim, returns.map((r) => r.id as number));
			assert.equal(activities.length, 1);
			assert.match(String(activities[0].summary), /^Quality check: 2 × .*RR-A1/);
			assert.deepEqual(creditNotes(sim, invoiced.invoiceId!).map((n) => [n.move_type, n.state, n.amount_total]), [['out_refund', 'posted', 19.8]]);
			const messages = messagesOn(sim, invoiced.orderId, 'We received your return RR-A1');
			assert.equal(messages.length, 1);
			assert.match(String(messages[0].body), /Credit note R\S+ of 19\.80 is issued/);
			return `return ${String(returns[0].name)}`;
		});

		await t.check('fraud-like reason, sent twice: declined once in the chatter, no return, no credit note', async () => {
			await postTwice(instance, request('RR-B1', invoiced.orderName, 'GLV-NIT', 1, 'The box was empty when it arrived'));
			const executions = await executionsOf(instance, 'RR-B1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success']);
			assert.equal(executions.flatMap((e) => items(e, 'Declined')).length, 1);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We cannot accept your return RR-B1').length, 1);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1, 'still only the return of RR-A1');
			assert.equal(creditNotes(sim, invoiced.invoiceId!).length, 1);
		});

		await t.check('high-value return, sent twice: waits for a returns manager, approved over the link in the chatter, credited 389.00 once', async () => {
			await postTwice(instance, request('RR-C1', invoiced.orderName, 'PRN-TH4', 1, 'The printer does not power on'));
			const duplicate = await executionsOf(instance, 'RR-C1', 1);
			assert.equal(duplicate.flatMap((e) => items(e, 'Already handled')).length, 1, 'the copy is a duplicate while the first waits');
			const note = await poll(async () => messagesOn(sim, invoiced.orderId, 'RR-C1</b> needs approval')[0], 'the approval note in the chatter', 60_000);
			const href = /href="([^"]+)"/.exec(String(note.body))?.[1]?.replace(/&amp;/g, '&');
			assert.ok(href, String(note.body));
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1, 'nothing returned before the decision');
			const link = new URL(href);
			const vote = await fetch(new URL(`${link.pathname}${link.search}`, instance.baseUrl), {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', choice: 'approve', comment: 'Faulty unit, approved' }).toString(),
			});
			assert.equal(vote.status, 200, await vote.text());
			const executions = await executionsOf(instance, 'RR-C1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success'], JSON.stringify(executions.map((e) => e.data?.resultData.error)));
			const returns = returnsOf(sim, invoiced.deliveryId);
			assert.deepEqual(returns.map((r) => r.moves).sort(), [[[gloves, 2]], [[printer, 1]]].sort());
			assert.equal(qualityActivities(sim, returns.map((r) => r.id as number)).length, 2);
			assert.deepEqual(creditNotes(sim, invoiced.invoiceId!).map((n) => n.amount_total).sort(), [19.8, 389]);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We received your return RR-C1').length, 1);
		});

		await t.check('high-value return refused by the returns manager: declined once in the chatter, nothing returned or credited', async () => {
			await post(instance, request('RR-C2', invoiced.orderName, 'PRN-TH4', 1, 'We do not need it any more'));
			const note = await poll(async () => messagesOn(sim, invoiced.orderId, 'RR-C2</b> needs approval')[0], 'the approval note in the chatter', 60_000);
			const link = new URL(/href="([^"]+)"/.exec(String(note.body))![1].replace(/&amp;/g, '&'));
			const vote = await fetch(new URL(`${link.pathname}${link.search}`, instance.baseUrl), {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', choice: 'reject', comment: 'Not faulty' }).toString(),
			});
			assert.equal(vote.status, 200, await vote.text());
			const [execution] = await executionsOf(instance, 'RR-C2', 1);
			assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData.error));
			assert.equal(items(execution, 'Declined').length, 1);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We cannot accept your return RR-C2').length, 1);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 2);
			assert.equal(creditNotes(sim, invoiced.invoiceId!).length, 2);
		});

		await t.check('order not invoiced yet: the return is received, no credit note, the customer is told it is deducted', async () => {
			await postTwice(instance, request('RR-E1', notInvoiced.orderName, 'TAPE-48', 3, 'Wrong width, we ordered 50mm'));
			const executions = await executionsOf(instance, 'RR-E1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success']);
			assert.deepEqual(returnsOf(sim, notInvoiced.deliveryId).map((r) => [r.state, r.moves]), [['done', [[tape, 3]]]]);
			assert.equal(sim.env('account.move').search([['move_type', '=', 'out_refund'], ['invoice_origin', '=', notInvoiced.orderName]]).length, 0);
			const messages = messagesOn(sim, notInvoiced.orderId, 'We received your return RR-E1');
			assert.equal(messages.length, 1);
			assert.match(String(messages[0].body), /deducted from your invoice/);
		});

		await t.check('more than was delivered: the execution fails with the reason, the claim is released (sent again, it fails again, not a duplicate)', async () => {
			const bad = request('RR-D1', invoiced.orderName, 'GLV-NIT', 50, 'Too many');
			await post(instance, bad);
			const [first] = await executionsOf(instance, 'RR-D1', 1);
			assert.equal(first.status, 'error');
			assert.match(first.data?.resultData.error?.message ?? '', /RR-D1 was not processed: 50 to return, but 8 delivered/);
			await post(instance, bad);
			const executions = await executionsOf(instance, 'RR-D1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['error', 'error']);
			assert.equal(executions.flatMap((e) => items(e, 'Already handled')).length, 0);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 2);
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};


