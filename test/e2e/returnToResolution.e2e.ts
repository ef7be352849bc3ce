/**
 * The return-to-resolution template in a real n8n against the Odoo simulator: the template file as users import it,
 * the credential it names, activated; return requests POSTed to its webhook, most of them twice at once and again
 * later. Checks the webhook's answer (status, body, Retry-After), what Odoo holds (returns, quality activities, credit
 * notes with their amounts, chatter messages) and each execution's status: a low-value damage claim is authorised and
 * credited (200 done; the copy 409 in progress or the stored answer), the same id with another quantity is refused
 * (422), a fraud-like reason is declined (200 declined), a high-value return is answered 202 before it waits for a
 * returns manager who approves over the signed link posted in the order's chatter (409 while it waits, 200 done after;
 * another one is refused there), a return of an order not invoiced yet gets no credit note, an invalid request gets
 * 422 and is checked again when sent again, Odoo failing before the return exists gets 503 and the resend is done
 * exactly once, and a failure after the return exists also gets 503: the resend finds the return, the quality check and
 * (when Odoo fails at posting it) the credit note the failed run made, and finishes with exactly one of each. Before that,
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

interface Answer {
	status: number;
	body: Record<string, unknown>;
	retryAfter: string | null;
}

/** POSTs a return request as the portal does; resolves to the webhook's answer. */
async function send(n8n: N8nInstance, body: ReturnRequest): Promise<Answer> {
	const res = await fetch(`${n8n.baseUrl}/webhook/return-request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	let json: Record<string, unknown>;
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		throw new Error(`HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
	}
	return { status: res.status, body: json, retryAfter: res.headers.get('retry-after') };
}

/** The same request twice at once, as a customer portal retrying would; answers sorted by status. */
const sendTwice = async (n8n: N8nInstance, body: ReturnRequest) => (await Promise.all([send(n8n, body), send(n8n, body)])).sort((a, b) => a.status - b.status);

/**
 * The answers to a request sent twice at once: the first run's `expected`, and for the copy either 409 "in progress"
 * with Retry-After (the first run was still busy) or the same answer (it had finished).
 */
function assertFirstAndCopy(answers: Answer[], requestId: string, expected: { status: number; body: Record<string, unknown> }): Answer {
	const first = answers.find((a) => a.status === expected.status);
	assert.ok(first, `no HTTP ${expected.status} among ${JSON.stringify(answers)}`);
	assert.deepEqual({ ...first.body, result: undefined }, { ...expected.body, result: undefined }, JSON.stringify(first.body));
	const copy = answers[answers.indexOf(first) === 0 ? 1 : 0];
	if (copy.status === 409) {
		assert.deepEqual(copy.body, { requestId, status: 'in progress' });
		assert.equal(copy.retryAfter, '30');
	} else {
		assert.deepEqual(copy, first, 'the copy gets the stored answer');
	}
	return first;
}

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
		if (Date.now() > deadline) {
			const seen = (await n8n.executions(RETURN_FLOW)).map((e) => `${e.id} ${e.status} ${requestIdOf(e) || '(no request id)'}`);
			throw new Error(`${done.length} of ${n} executions for ${requestId} finished after ${timeoutMs} ms; the workflow's executions: ${seen.join(', ') || 'none'}`);
		}
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

		const duplicatesIn = (executions: Execution[]) => executions.flatMap((e) => items(e, 'Once per request', 1)).length;
		const vote = async (requestId: string, choice: 'approve' | 'reject', comment: string) => {
			const note = await poll(async () => messagesOn(sim, invoiced.orderId, `${requestId}</b> needs approval`)[0], 'the approval note in the chatter', 60_000);
			const href = /href="([^"]+)"/.exec(String(note.body))?.[1]?.replace(/&amp;/g, '&');
			assert.ok(href, String(note.body));
			const link = new URL(href);
			// The portal has its 202 before the run is put to wait: n8n answers a vote this quick 409 (running already).
			const deadline = Date.now() + 30_000;
			for (;;) {
				const res = await fetch(new URL(`${link.pathname}${link.search}`, instance.baseUrl), {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', choice, comment }).toString(),
				});
				const text = await res.text();
				if (res.status === 409 && Date.now() < deadline) {
					await sleep(500);
					continue;
				}
				assert.equal(res.status, 200, text);
				return;
			}
		};

		await t.check('low-value damage claim, sent twice: 200 done (the copy 409 or the same answer); one return, quality check, credit note of 19.80, message; sent again: the stored answer', async () => {
			const body = request('RR-A1', invoiced.orderName, 'GLV-NIT', 2, 'Two boxes arrived crushed and damaged');
			const answers = await sendTwice(instance, body);
			const executions = await executionsOf(instance, 'RR-A1', 2);
			assert.deepEqual(executions.map((e) => e.status).sort(), ['success', 'success'], JSON.stringify(executions.map((e) => e.data?.resultData.error)));
			assert.equal(executions.flatMap((e) => items(e, 'Done')).length, 1, 'one execution completes the request');
			assert.equal(duplicatesIn(executions), 1, 'the other is a duplicate');
			const classification = executions.flatMap((e) => items(e, 'Authorise the return'))[0]?.classification as { category?: string } | undefined;
			assert.equal(classification?.category, 'damage');
			const returns = returnsOf(sim, invoiced.deliveryId);
			assert.deepEqual(returns.map((r) => [r.state, r.moves]), [['done', [[gloves, 2]]]]);
			const activities = qualityActivities(sim, returns.map((r) => r.id as number));
			assert.equal(activities.length, 1);
			assert.match(String(activities[0].summary), /^Quality check: 2 × .*RR-A1/);
			const notes = creditNotes(sim, invoiced.invoiceId!);
			assert.deepEqual(notes.map((n) => [n.move_type, n.state, n.amount_total]), [['out_refund', 'posted', 19.8]]);
			const messages = messagesOn(sim, invoiced.orderId, 'We received your return RR-A1');
			assert.equal(messages.length, 1);
			assert.match(String(messages[0].body), /Credit note R\S+ of 19\.80 is issued/);
			const result = { return: returns[0].name, returnId: returns[0].id, creditNote: String(notes[0].name), creditAmount: 19.8 };
			const first = assertFirstAndCopy(answers, 'RR-A1', { status: 200, body: { requestId: 'RR-A1', status: 'done' } });
			assert.deepEqual(first.body, { requestId: 'RR-A1', status: 'done', result });
			const again = await send(instance, body);
			assert.deepEqual(again, first, 'sent again later: the stored answer');
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1);
			return `HTTP ${answers.map((a) => a.status).join(' + ')}, then ${again.status}: ${JSON.stringify(first.body)}`;
		});

		await t.check('the same request id with another quantity: 422 with the reason, the run fails, nothing written, the first request keeps its answer', async () => {
			const answer = await send(instance, request('RR-A1', invoiced.orderName, 'GLV-NIT', 3, 'Two boxes arrived crushed and damaged'));
			assert.equal(answer.status, 422, JSON.stringify(answer));
			assert.equal(answer.body.requestId, 'RR-A1');
			assert.match(String(answer.body.error), /another order, product or quantity.*new request id/);
			await poll(async () => (await instance.executions(RETURN_FLOW)).find((e) => e.status === 'error' && items(e, 'Once per request', 2).length), 'the failed run', 30_000);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1);
			const again = await send(instance, request('RR-A1', invoiced.orderName, 'GLV-NIT', 2, 'Two boxes arrived crushed and damaged'));
			assert.equal(again.status, 200);
			assert.equal(again.body.status, 'done');
		});

		await t.check('fraud-like reason, sent twice: 200 declined, declined once in the chatter, no return, no credit note; sent again: 200 declined', async () => {
			const body = request('RR-B1', invoiced.orderName, 'GLV-NIT', 1, 'The box was empty when it arrived');
			const answers = await sendTwice(instance, body);
			const executions = await executionsOf(instance, 'RR-B1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success']);
			assert.equal(executions.flatMap((e) => items(e, 'Declined')).length, 1);
			const first = assertFirstAndCopy(answers, 'RR-B1', { status: 200, body: { requestId: 'RR-B1', status: 'declined' } });
			assert.match(String((first.body.result as { message?: string }).message), /not accepted/);
			assert.deepEqual(await send(instance, body), first);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We cannot accept your return RR-B1').length, 1);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1, 'still only the return of RR-A1');
			assert.equal(creditNotes(sim, invoiced.invoiceId!).length, 1);
		});

		await t.check('high-value return, sent twice: 202 awaiting approval before the wait (the copy 409), 409 while it waits, approved over the link in the chatter, credited 389.00 once; sent again: 200 done', async () => {
			const body = request('RR-C1', invoiced.orderName, 'PRN-TH4', 1, 'The printer does not power on');
			const answers = await sendTwice(instance, body);
			assert.deepEqual(answers.map((a) => a.status), [202, 409], JSON.stringify(answers));
			assert.deepEqual(answers[0].body, { requestId: 'RR-C1', status: 'awaiting approval' });
			assert.deepEqual(answers[1].body, { requestId: 'RR-C1', status: 'in progress' });
			assert.equal(answers[1].retryAfter, '30');
			const duplicate = await executionsOf(instance, 'RR-C1', 1);
			assert.equal(duplicatesIn(duplicate), 1, 'the copy is a duplicate while the first waits');
			const whileWaiting = await send(instance, body);
			assert.equal(whileWaiting.status, 409, JSON.stringify(whileWaiting));
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 1, 'nothing returned before the decision');
			await vote('RR-C1', 'approve', 'Faulty unit, approved');
			const executions = await executionsOf(instance, 'RR-C1', 3);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success', 'success'], JSON.stringify(executions.map((e) => e.data?.resultData.error)));
			const returns = returnsOf(sim, invoiced.deliveryId);
			assert.deepEqual(returns.map((r) => r.moves).sort(), [[[gloves, 2]], [[printer, 1]]].sort());
			assert.equal(qualityActivities(sim, returns.map((r) => r.id as number)).length, 2);
			assert.deepEqual(creditNotes(sim, invoiced.invoiceId!).map((n) => n.amount_total).sort(), [19.8, 389]);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We received your return RR-C1').length, 1);
			const after = await send(instance, body);
			assert.equal(after.status, 200, JSON.stringify(after));
			assert.deepEqual({ ...after.body, result: undefined }, { requestId: 'RR-C1', status: 'done', result: undefined });
			assert.equal((after.body.result as { creditAmount?: number }).creditAmount, 389);
		});

		await t.check('high-value return refused by the returns manager: 202, declined once in the chatter, nothing returned or credited; sent again: 200 declined', async () => {
			const body = request('RR-C2', invoiced.orderName, 'PRN-TH4', 1, 'We do not need it any more');
			const answer = await send(instance, body);
			assert.deepEqual([answer.status, answer.body], [202, { requestId: 'RR-C2', status: 'awaiting approval' }]);
			await vote('RR-C2', 'reject', 'Not faulty');
			const [execution] = await executionsOf(instance, 'RR-C2', 1);
			assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData.error));
			assert.equal(items(execution, 'Declined').length, 1);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We cannot accept your return RR-C2').length, 1);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 2);
			assert.equal(creditNotes(sim, invoiced.invoiceId!).length, 2);
			const after = await send(instance, body);
			assert.deepEqual([after.status, after.body.status], [200, 'declined']);
		});

		await t.check('order not invoiced yet: 200 done without a credit note; the return is received, the customer is told it is deducted', async () => {
			const answers = await sendTwice(instance, request('RR-E1', notInvoiced.orderName, 'TAPE-48', 3, 'Wrong width, we ordered 50mm'));
			const executions = await executionsOf(instance, 'RR-E1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['success', 'success']);
			const returns = returnsOf(sim, notInvoiced.deliveryId);
			assert.deepEqual(returns.map((r) => [r.state, r.moves]), [['done', [[tape, 3]]]]);
			const first = assertFirstAndCopy(answers, 'RR-E1', { status: 200, body: { requestId: 'RR-E1', status: 'done' } });
			assert.deepEqual(first.body.result, { return: returns[0].name, returnId: returns[0].id, creditNote: null, creditAmount: null });
			assert.equal(sim.env('account.move').search([['move_type', '=', 'out_refund'], ['invoice_origin', '=', notInvoiced.orderName]]).length, 0);
			const messages = messagesOn(sim, notInvoiced.orderId, 'We received your return RR-E1');
			assert.equal(messages.length, 1);
			assert.match(String(messages[0].body), /deducted from your invoice/);
		});

		await t.check('more than was delivered: 422 with the reason, the run fails, the claim is released (sent again: checked again, 422 again, not a duplicate)', async () => {
			const bad = request('RR-D1', invoiced.orderName, 'GLV-NIT', 50, 'Too many');
			const answer = await send(instance, bad);
			assert.deepEqual([answer.status, answer.body, answer.retryAfter], [422, { requestId: 'RR-D1', error: '50 to return, but 8 delivered' }, null]);
			const [first] = await executionsOf(instance, 'RR-D1', 1);
			assert.equal(first.status, 'error');
			assert.match(first.data?.resultData.error?.message ?? '', /RR-D1 was not processed: 50 to return, but 8 delivered/);
			const again = await send(instance, bad);
			assert.deepEqual([again.status, again.body], [422, answer.body]);
			const executions = await executionsOf(instance, 'RR-D1', 2);
			assert.deepEqual(executions.map((e) => e.status), ['error', 'error']);
			assert.equal(duplicatesIn(executions), 0);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 2);
		});

		await t.check('Odoo answers 503 before the return exists: 503 with Retry-After, the run fails, the claim is released; sent again: 200 done, one return, one credit note, one message', async () => {
			const body = request('RR-F1', invoiced.orderName, 'GLV-NIT', 1, 'Torn packaging, gloves soiled');
			// Every attempt at finding the delivery: 3 tries of the node (Retry On Fail), 4 calls each (the client retries reads).
			sim.failNext({ kind: 'http503', model: 'stock.picking', method: 'search_read', count: 12, delayMs: 0 });
			const answer = await send(instance, body);
			assert.deepEqual([answer.status, answer.body.requestId, answer.retryAfter], [503, 'RR-F1', '10'], JSON.stringify(answer));
			assert.match(String(answer.body.error), /not processed.*[Ss]end it again/);
			const [failed] = await executionsOf(instance, 'RR-F1', 1);
			assert.equal(failed.status, 'error');
			assert.equal(items(failed, 'Release the request').length, 1);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 2, 'no return yet');
			const resent = await send(instance, body);
			assert.equal(resent.status, 200, JSON.stringify(resent));
			assert.equal(resent.body.status, 'done');
			const executions = await executionsOf(instance, 'RR-F1', 2);
			assert.deepEqual(executions.map((e) => e.status).sort(), ['error', 'success']);
			assert.equal(duplicatesIn(executions), 0, 'the resend ran, it was not a duplicate');
			const returns = returnsOf(sim, invoiced.deliveryId).filter((r) => r.id === (resent.body.result as { returnId: number }).returnId);
			assert.deepEqual(returns.map((r) => [r.state, r.moves]), [['done', [[gloves, 1]]]]);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 3);
			assert.deepEqual(creditNotes(sim, invoiced.invoiceId!).map((n) => n.amount_total).sort(), [19.8, 389, 9.9].sort());
			assert.equal(messagesOn(sim, invoiced.orderId, 'We received your return RR-F1').length, 1);
			assert.deepEqual(await send(instance, body), resent, 'sent a third time: the stored answer');
		});

		await t.check('a step fails after the return exists: 503 with Retry-After, the claim is released; sent again: 200 done with exactly one return, quality check, credit note and message', async () => {
			const body = request('RR-G1', invoiced.orderName, 'GLV-NIT', 1, 'Wrong size delivered');
			// Every attempt at finding the invoice (3 tries of 4 calls), after the return was created and received.
			sim.failNext({ kind: 'http503', model: 'account.move', method: 'search_read', count: 12, delayMs: 0 });
			const answer = await send(instance, body);
			assert.deepEqual([answer.status, answer.body.requestId, answer.retryAfter], [503, 'RR-G1', '10'], JSON.stringify(answer));
			const [failed] = await executionsOf(instance, 'RR-G1', 1);
			assert.equal(failed.status, 'error');
			assert.equal(items(failed, 'Release the request').length, 1);
			const [made] = items(failed, 'Create the return');
			assert.equal(made?.alreadyCreated, false, JSON.stringify(made));
			assert.deepEqual(returnsOf(sim, invoiced.deliveryId).filter((r) => r.id === made.id).map((r) => [r.state, r.moves]), [['done', [[gloves, 1]]]]);
			assert.equal(creditNotes(sim, invoiced.invoiceId!).length, 3, 'no credit note for RR-G1 yet');

			const resent = await send(instance, body);
			assert.equal(resent.status, 200, JSON.stringify(resent));
			const result = resent.body.result as { return: string; returnId: number; creditNote: string; creditAmount: number };
			assert.deepEqual([resent.body.status, result.returnId, result.creditAmount], ['done', made.id, 9.9]);
			const executions = await executionsOf(instance, 'RR-G1', 2);
			assert.deepEqual(executions.map((e) => e.status).sort(), ['error', 'success']);
			const rerun = executions.find((e) => e.status === 'success')!;
			assert.equal(items(rerun, 'Create the return')[0]?.alreadyCreated, true, 'the re-run found the return');
			assert.equal(items(rerun, 'Receive the return')[0]?.alreadyDone, true, 'and did not receive it twice');
			assert.equal(items(rerun, 'Quality check')[0]?.alreadyScheduled, true);
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 4, 'one return for RR-G1');
			assert.equal(qualityActivities(sim, [made.id as number]).length, 1);
			const notes = creditNotes(sim, invoiced.invoiceId!).filter((n) => String(n.ref).includes('RR-G1'));
			assert.deepEqual(notes.map((n) => [n.state, n.amount_total]), [['posted', 9.9]]);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We received your return RR-G1').length, 1);
			assert.deepEqual(await send(instance, body), resent, 'sent a third time: the stored answer');
		});

		await t.check('posting the credit note fails on every try: 503; sent again: the draft the failed run left is found by its key and posted, one credit note, one message', async () => {
			const body = request('RR-H1', invoiced.orderName, 'GLV-NIT', 1, 'Gloves torn');
			// Every post of the credit note in the first run (3 tries of the node), after the wizard made it.
			sim.failNext({ kind: 'http503', model: 'account.move', method: 'action_post', count: 3, delayMs: 0 });
			const answer = await send(instance, body);
			assert.equal(answer.status, 503, JSON.stringify(answer));
			const [failed] = await executionsOf(instance, 'RR-H1', 1);
			assert.equal(failed.status, 'error');
			const drafts = creditNotes(sim, invoiced.invoiceId!).filter((n) => String(n.ref).includes('RR-H1'));
			assert.deepEqual(drafts.map((n) => n.state), ['draft'], JSON.stringify(drafts));
			const resent = await send(instance, body);
			assert.equal(resent.status, 200, JSON.stringify(resent));
			const notes = creditNotes(sim, invoiced.invoiceId!).filter((n) => String(n.ref).includes('RR-H1'));
			assert.deepEqual(notes.map((n) => [n.id, n.state, n.amount_total]), [[drafts[0].id, 'posted', 9.9]]);
			assert.equal((resent.body.result as { creditNote: string }).creditNote, String(notes[0].name));
			assert.equal(returnsOf(sim, invoiced.deliveryId).length, 5);
			assert.equal(messagesOn(sim, invoiced.orderId, 'We received your return RR-H1').length, 1);
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};


