/**
 * The order-to-ship template (workflows/order-to-ship.json) as a user runs it: imported into a real n8n with the
 * package, its credential pointing at the Odoo simulator, activated in Hybrid delivery (webhook + reconciliation poll).
 * Sale orders confirmed in Odoo (in stock, short of stock, a customer over its credit limit, a delivery promised within
 * 24 hours) must end as reserved deliveries with the SLA priority, RFQs for exactly the missing quantities, one chatter
 * message and one activity where the template promises them. Every notification is sent twice and the poll sees every
 * change too: nothing may happen twice.
 */
import assert from 'assert';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { startN8n, type Execution, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import type { Suite } from './runner';
import { simulatorCredential } from './fixtures';
import { sleep } from './proc';
import { output, until } from './executions';

export const TEMPLATE_ID = 'oleOrderToShip01';
const TEMPLATE_FILE = join(__dirname, '..', '..', 'workflows', 'order-to-ship.json');
const TRIGGER = 'Sale order confirmed';

interface TemplateNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Template extends WorkflowFixture {
	nodes: TemplateNode[];
}

/** The template as shipped. */
export function readTemplate(): Template {
	return JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Template;
}

/**
 * The template, active, with the reconciliation poll every minute and a short reconcile delay so that a change the
 * webhook missed shows up within the test. Nothing else changes.
 */
function templateForTest(): WorkflowFixture {
	const wf = readTemplate();
	const trigger = wf.nodes.find((n) => n.name === TRIGGER)!;
	assert.equal(trigger.parameters.delivery, 'hybrid', 'the template ships in Hybrid delivery');
	trigger.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	trigger.parameters.options = { ...(trigger.parameters.options as object), reconcileAfterSeconds: 5 };
	return { ...wf, active: true };
}

interface Scenario {
	key: string;
	orderId: number;
	name: string;
	/** Expected outcome. */
	route: 'approved' | 'needs_approval';
	rule?: 'credit-hold' | 'expedited-freight';
	priority?: '0' | '1';
	/** product default_code -> [vendor, missing quantity] */
	rfq?: Record<string, [string, number]>;
	/** Odoo refuses to reserve its delivery: the run must release its event and fail visibly. */
	fails?: true;
}

const ids = (sim: OdooSimulator, model: string, domain: unknown[]) => sim.env(model).search(domain as never);

function productId(sim: OdooSimulator, code: string): number {
	const [id] = ids(sim, 'product.product', [['default_code', '=', code]]);
	assert.ok(id, `product ${code} in the demo data`);
	return id;
}

function partnerId(sim: OdooSimulator, name: string): number {
	const [id] = ids(sim, 'res.partner', [['name', '=', name]]);
	assert.ok(id, `partner ${name} in the demo data`);
	return id;
}

function newOrder(sim: OdooSimulator, customer: string, lines: Array<[string, number]>, extra: Record<string, unknown> = {}): number {
	return sim.env('sale.order').create({
		partner_id: partnerId(sim, customer),
		order_line: lines.map(([code, qty]) => [0, 0, { product_id: productId(sim, code), product_uom_qty: qty }]),
		...extra,
	});
}

const odooDatetime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

export const orderToShip: Suite = async (t, { line, packageTarball }) => {
	const sim = await t.check('Odoo simulator starts', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	let n8n: N8nInstance | undefined;
	try {
		const template = readTemplate();
		const webhookPath = `/webhook/${template.nodes.find((n) => n.name === TRIGGER)!.webhookId}/odoo`;
		const credential = simulatorCredential(sim);
		const instance = await t.check('n8n starts with the template imported and activated (Hybrid delivery)', () =>
			startN8n({ line, packageTarball, credentials: [credential], workflows: [templateForTest()] }),
		);
		n8n = instance;

		const rule = await t.check('activation created one automation rule posting to the template', async () => {
			const port = new URL(instance.baseUrl).port;
			const rules = () =>
				sim
					.env('ir.actions.server')
					.searchRead([['state', '=', 'webhook'], ['base_automation_id', '!=', false]], ['webhook_url', 'name'])
					.map((a) => ({ actionId: a.id as number, name: String(a.name), url: new URL(String(a.webhook_url)) }))
					.filter((r) => r.url.port === port && r.url.pathname === webhookPath);
			await until('the automation rule', () => (rules().length ? true : undefined), 30_000);
			await sleep(500);
			assert.equal(rules().length, 1);
			return rules()[0];
		});

		// The orders: demo quotations and new ones, one for each path of the template.
		const named = (id: number) => String(sim.env('sale.order').read([id], ['name'])[0].name);
		const demo = (customer: string) => {
			const [id] = ids(sim, 'sale.order', [['partner_id', '=', partnerId(sim, customer)], ['state', 'in', ['draft', 'sent']]]);
			assert.ok(id, `a quotation of ${customer} in the demo data`);
			return id;
		};
		const scenario = (s: Omit<Scenario, 'name'>): Scenario => ({ ...s, name: named(s.orderId) });
		const scenarios: Scenario[] = [
			scenario({ key: 'gold in stock', orderId: demo('Acme Retail Group'), route: 'approved', priority: '1' }),
			scenario({ key: 'gold in stock 2', orderId: demo('Brightline Hardware'), route: 'approved', priority: '1' }),
			scenario({ key: 'silver in stock (webhook lost)', orderId: demo('Delta Office Supplies'), route: 'approved', priority: '0' }),
			scenario({ key: 'silver quotation sent', orderId: demo('Juniper Health Clinics'), route: 'approved', priority: '0' }),
			scenario({ key: 'credit hold', orderId: demo('Evergreen Outfitters'), route: 'needs_approval', rule: 'credit-hold' }),
			scenario({
				key: 'silver, two products short',
				orderId: newOrder(sim, 'Coastal Home Centers', [
					['VST-HV', 40],
					['BOX-605040', 30],
					['TIE-100', 10],
				]),
				route: 'approved',
				priority: '0',
				rfq: { 'VST-HV': ['Nordic Fasteners AB', 40], 'BOX-605040': ['Pacific Packaging Ltd', 30] },
			}),
			scenario({
				key: 'gold, partly short',
				// 4 on hand, 1 reserved for a demo order: 3 free, 3 missing.
				orderId: newOrder(sim, 'Granite Construction Co.', [['HPT-25', 6]]),
				route: 'approved',
				priority: '1',
				rfq: { 'HPT-25': ['Midwest Pallet & Crate', 3] },
			}),
			scenario({
				key: 'reservation refused by Odoo',
				orderId: newOrder(sim, 'Fjord Marine Supply', [['TIE-100', 20]]),
				route: 'approved',
				priority: '0',
				fails: true,
			}),
			scenario({
				key: 'expedited freight',
				orderId: newOrder(sim, 'Harborview Hospitality', [['PLT-EUR', 5]], { commitment_date: odooDatetime(new Date(Date.now() + 6 * 3600_000)) }),
				route: 'needs_approval',
				rule: 'expedited-freight',
			}),
		];
		const lost = scenarios.find((s) => s.key.includes('webhook lost'))!;
		const byOrder = new Map(scenarios.map((s) => [s.orderId, s]));
		const existingRfqs = new Set(ids(sim, 'purchase.order', []));

		const executionsNow = () => instance.executions(TEMPLATE_ID);
		const newEvents = (executions: Execution[]) => executions.flatMap((e) => output(e, 'Claim event', 0).map((i) => ({ execution: e, event: i.json })));

		const finished = async () => (await executionsNow()).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		const failing = scenarios.find((s) => s.fails)!;
		let releasedKey = '';
		await t.check(`${scenarios.length - 1} orders confirmed in Odoo (one webhook lost): one run each, every run a success`, async () => {
			for (const s of scenarios.filter((x) => x !== failing)) {
				if (s === lost) sim.setFaults({ dropWebhookRate: 1 });
				sim.env('sale.order').call('action_confirm', [s.orderId]);
				await sim.flushWebhooks();
				if (s === lost) sim.setFaults({ dropWebhookRate: 0 });
			}
			assert.equal(sim.stats.webhooksDropped, 1, 'the webhook of one confirmation was lost');
			const webhookOrders = scenarios.filter((s) => s !== lost && s !== failing).length;
			const executions = await until(`${webhookOrders} finished runs`, async () => {
				const done = await finished();
				return newEvents(done).length >= webhookOrders ? done : undefined;
			}, 90_000);
			for (const e of executions) assert.equal(e.status, 'success', `execution ${e.id}: ${e.data?.resultData.error?.message}`);
			return `${executions.length} executions`;
		});

		await t.check('Hybrid delivery: the reconciliation poll brings the confirmation whose webhook was lost', async () => {
			const found = await until(
				`a run for ${lost.name} delivered by the poll`,
				async () => {
					const done = (await executionsNow()).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
					return newEvents(done).find((n) => n.event.recordId === lost.orderId);
				},
				100_000,
			);
			assert.equal(found.event.deliveredBy, 'poll');
			return `execution ${found.execution.id}`;
		});

		await t.check('Odoo refuses to reserve a delivery: the run releases its event and ends in error; nothing after it is done', async () => {
			// Armed once no other run is going on (the lost order came with the poll above): only this order's reservation fails.
			const before = new Set((await finished()).map((e) => e.id));
			sim.failNext({ kind: 'http503', model: 'stock.picking', method: 'action_assign', count: 1 });
			sim.env('sale.order').call('action_confirm', [failing.orderId]);
			await sim.flushWebhooks();
			const execution = await until('the failing run', async () => (await finished()).find((e) => !before.has(e.id)), 60_000);
			const [event] = output(execution, 'Claim event', 0).map((i) => i.json);
			assert.equal(event?.recordId, failing.orderId);
			assert.equal(execution.status, 'error');
			assert.match(execution.data?.resultData.error?.message ?? '', /^Order-to-ship stopped: .* released, so it can run again\)$/);
			const released = output(execution, 'Release event').map((i) => i.json._idempotency as { key: string; released: boolean });
			assert.deepEqual(released.map((r) => [r.key, r.released]), [[event.eventId, true]]);
			releasedKey = String(event.eventId);
			assert.equal(output(execution, 'Complete event').length, 0);
			assert.equal(output(execution, 'Set delivery priority').length, 0);
			return String(execution.data?.resultData.error?.message);
		});

		await t.check('every notification posted again: no second run of the journey', async () => {
			// The released event is delivered again at the end (it must then run again, which is the point of Release).
			for (const s of scenarios.filter((x) => x !== lost && x !== failing)) {
				const payload = { _action: `${rule.name}(#${rule.actionId})`, _id: s.orderId, _model: 'sale.order', id: s.orderId, state: 'sale' };
				const res = await fetch(`${instance.baseUrl}${webhookPath}${rule.url.search}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(payload),
				});
				assert.equal(res.status, 200, await res.text());
			}
			await sleep(5000);
		});

		await t.check('each order went through exactly once (one New per order over all runs); all other runs succeeded', async () => {
			await sleep(3000);
			const executions = await finished();
			const events = newEvents(executions).map((n) => n.event);
			assert.deepEqual(events.map((e) => e.recordId).sort(), scenarios.map((s) => s.orderId).sort());
			assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
			for (const e of executions) {
				const failed = newEvents([e]).some((n) => n.event.recordId === failing.orderId);
				assert.equal(e.status, failed ? 'error' : 'success', `execution ${e.id}: ${e.data?.resultData.error?.message}`);
			}
			const released = executions.flatMap((e) => output(e, 'Release event'));
			assert.equal(released.length, 1, `released: ${JSON.stringify(released).slice(0, 500)}`);
			const completed = executions.flatMap((e) => output(e, 'Complete event').map((i) => i.json));
			assert.deepEqual(
				completed.map((c) => (c._idempotency as { result?: unknown }).result).sort(),
				scenarios.filter((s) => !s.fails).map((s) => s.name).sort(),
			);
			return `${executions.length} executions, ${executions.filter((e) => newEvents([e]).length === 0).length} of them stopped at Claim event`;
		});

		await t.check('approved orders: deliveries reserved, priority from the SLA tier; held orders untouched', async () => {
			const problems: string[] = [];
			for (const s of scenarios) {
				const pickings = sim.env('stock.picking').searchRead([['sale_id', '=', s.orderId]], ['name', 'state', 'priority', 'write_date', 'create_date']);
				assert.equal(pickings.length, 1, `${s.name} has one delivery`);
				const [p] = pickings;
				if (s.fails) {
					if (p.priority !== '0') problems.push(`${s.name}: failed run, yet priority ${p.priority}`);
				} else if (s.route === 'approved') {
					const reserved = s.rfq ? ['assigned', 'confirmed'] : ['assigned'];
					if (!reserved.includes(String(p.state))) problems.push(`${s.name}: delivery ${p.name} is ${p.state}`);
					if (p.priority !== s.priority) problems.push(`${s.name} (${s.key}): priority ${p.priority}, expected ${s.priority}`);
				} else if (p.priority !== '0') problems.push(`${s.name}: held, yet priority ${p.priority}`);
			}
			assert.deepEqual(problems, []);
			const writes = sim.stats.calls.filter((c) => c.model === 'stock.picking' && c.method === 'write').length;
			const approved = scenarios.filter((s) => s.route === 'approved' && !s.fails).length;
			assert.equal(writes, approved, 'one priority write per approved delivery');
		});

		await t.check('RFQs for exactly the shortages: vendor, product, quantity, source document; one per vendor and order', async () => {
			const rfqs = sim
				.env('purchase.order')
				.searchRead([], ['name', 'partner_id', 'origin', 'order_line', 'state'])
				.filter((po) => !existingRfqs.has(po.id as number));
			const got = rfqs
				.flatMap((po) =>
					sim
						.env('purchase.order.line')
						.read(po.order_line as number[], ['product_id', 'product_qty'])
						.map((l) => [String(po.origin), (po.partner_id as [number, string])[1], (l.product_id as [number, string])[0], l.product_qty, po.state]),
				)
				.sort();
			const expected = scenarios
				.flatMap((s) => Object.entries(s.rfq ?? {}).map(([code, [vendor, qty]]) => [s.name, vendor, productId(sim, code), qty, 'draft']))
				.sort();
			assert.deepEqual(got, expected);
			const perVendorAndOrder = new Set(rfqs.map((po) => `${po.origin}|${(po.partner_id as [number, string])[0]}`));
			assert.equal(perVendorAndOrder.size, rfqs.length, 'one RFQ per vendor and order');
			return rfqs.map((po) => po.name).join(', ');
		});

		await t.check('chatter: one update to the customer per short order, one approval note per held order, nothing else', async () => {
			const messages = sim
				.env('mail.message')
				.searchRead([['model', '=', 'sale.order'], ['res_id', 'in', scenarios.map((s) => s.orderId)]], ['res_id', 'subject', 'body', 'message_type'])
				.filter((m) => /^(Update on your order|Approval needed for)/.test(String(m.subject || '')));
			const got = messages.map((m) => [byOrder.get(m.res_id as number)!.name, String(m.subject)]).sort();
			const expected = scenarios
				.flatMap((s) =>
					s.route === 'needs_approval' ? [[s.name, `Approval needed for ${s.name}`]] : s.rfq ? [[s.name, `Update on your order ${s.name}`]] : [],
				)
				.sort();
			assert.deepEqual(got, expected);
			for (const m of messages) {
				const s = byOrder.get(m.res_id as number)!;
				if (s.route === 'needs_approval') assert.match(String(m.body), new RegExp(s.rule!), `${s.name}: the note names the rule`);
				else for (const code of Object.keys(s.rfq!)) assert.ok(String(m.body).includes(String(s.rfq![code][1])), `${s.name}: the update names the quantity of ${code}`);
			}
		});

		await t.check('activities: one customer-service follow-up per short order, one approver to-do per held order', async () => {
			const activities = sim
				.env('mail.activity')
				.searchRead([['res_model', '=', 'sale.order'], ['res_id', 'in', scenarios.map((s) => s.orderId)]], ['res_id', 'summary', 'note', 'user_id'])
				.filter((a) => /^(Shortage on|Approve release of)/.test(String(a.summary || '')));
			const got = activities.map((a) => [byOrder.get(a.res_id as number)!.name, String(a.summary).split(':')[0].replace(/ \(.*$/, '')]).sort();
			const expected = scenarios
				.flatMap((s) => (s.route === 'needs_approval' ? [[s.name, `Approve release of ${s.name}`]] : s.rfq ? [[s.name, `Shortage on ${s.name}`]] : []))
				.sort();
			assert.deepEqual(got, expected);
			for (const a of activities) {
				const s = byOrder.get(a.res_id as number)!;
				if (s.route === 'needs_approval') assert.ok(String(a.summary).includes(s.rule!), `${s.name}: ${a.summary}`);
				else assert.match(String(a.note), /stock_shortage/, `${s.name}: the follow-up carries the classification`);
			}
		});

		const cliRun = async () => {
			const res = await instance.cliExecute(TEMPLATE_ID);
			assert.equal(res.run?.status, 'success', res.run?.data.resultData.error?.message ?? `exit ${res.code}\n${res.stdout.slice(-2000)}${res.stderr.slice(-2000)}`);
			return { run: { data: res.run!.data } as Execution, exit: res.code === 0 ? '' : `, then n8n exited ${res.signal ?? res.code}` };
		};
		const result = (run: Execution, node: string, index = 0) => output(run, node, index).map((i) => i.json._idempotency as { key: string; status: string; result?: unknown });

		await t.check('Run with a sample event (Manual Trigger, n8n execute), as shipped: the sample order runs to Complete', async () => {
			await instance.stop();
			const { run, exit } = await cliRun();
			// `n8n execute` starts from the first trigger in the node list: the Manual Trigger, not the Odoo trigger.
			const started = Object.keys(run.data?.resultData.runData ?? {}).filter((node) => ['Run with a sample event', TRIGGER].includes(node));
			assert.deepEqual(started, ['Run with a sample event']);
			const [event] = output(run, 'Claim event', 0).map((i) => i.json);
			assert.match(String(event?.eventId), /^sample-/);
			assert.deepEqual(result(run, 'Complete event').map((r) => r.result), [named(event.recordId as number)]);
			return `${named(event.recordId as number)}${exit}`;
		});

		await t.check('the released event delivered again (the sample set to it): it runs again, now to Complete', async () => {
			const wf = readTemplate();
			const sample = wf.nodes.find((n) => n.name === 'Sample event')!;
			const assignments = (sample.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
			const [order] = sim.env('sale.order').read([failing.orderId], ['name', 'state', 'partner_id', 'user_id', 'amount_total', 'commitment_date']);
			const set = (name: string, value: unknown) => (assignments.find((a) => a.name === name)!.value = value);
			set('eventId', releasedKey);
			set('recordId', failing.orderId);
			set('record', `={{ ${JSON.stringify(order)} }}`);
			const folder = join(instance.workDir, 'retry');
			mkdirSync(folder, { recursive: true });
			writeFileSync(join(folder, `${TEMPLATE_ID}.json`), JSON.stringify(wf));
			await instance.cli(['import:workflow', '--separate', `--input=${folder}`]);
			const before = sim.stats.calls.length;
			const { run, exit } = await cliRun();
			assert.deepEqual(result(run, 'Claim event', 0).map((r) => [r.key, r.status]), [[releasedKey, 'in_progress']]);
			assert.deepEqual(result(run, 'Complete event').map((r) => [r.key, r.result]), [[releasedKey, failing.name]]);
			const calls = sim.stats.calls.slice(before).map((c) => `${c.model}.${c.method}`);
			assert.ok(calls.includes('stock.picking.action_assign'), calls.join(', '));
			assert.ok(calls.includes('stock.picking.write'), calls.join(', '));
			const [picking] = sim.env('stock.picking').searchRead([['sale_id', '=', failing.orderId]], ['state', 'priority']);
			assert.deepEqual([picking.state, picking.priority], ['assigned', failing.priority]);
			return `${failing.name}${exit}`;
		});

		await t.check('the same event once more (another n8n process): Duplicate with the stored result; nothing sent to Odoo', async () => {
			const before = sim.stats.calls.length;
			const { run } = await cliRun();
			assert.equal(output(run, 'Claim event', 0).length, 0);
			assert.deepEqual(result(run, 'Claim event', 1).map((r) => [r.key, r.status, r.result]), [[releasedKey, 'completed', failing.name]]);
			assert.equal(output(run, 'Check readiness').length, 0);
			assert.deepEqual(sim.stats.calls.slice(before), [], 'no call to Odoo');
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};
