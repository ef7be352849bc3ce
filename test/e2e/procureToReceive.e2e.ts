/**
 * The procure-to-receive template in a real n8n against the Odoo simulator and its supplier portal: the template file
 * as users import it, with two parameter changes (the portal URL in Settings, and a schedule of a few seconds so that
 * runs come quickly and overlap the same overdue receipts again and again). Receipts are made overdue by their dates,
 * the portal's answers are set per order. Checks the final state in Odoo after several runs: purchase orders
 * rescheduled, commitments recomputed, one helpdesk ticket per waiting order, and the expedite decisions (an Approvals
 * request for a Gold customer, an activity to book the freight, a note where it is refused), each exactly once; a
 * portal failure fails its run and the receipt is handled by a later run; an answer without a usable ETA is handled
 * once and then skipped. Last, with the server stopped, `n8n execute` runs the template from its Manual Trigger.
 */
import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { startN8n, type Execution, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import { simulatorCredential } from './fixtures';
import type { Suite } from './runner';

export const PROCURE_FLOW = 'oleProcureToRcv1';
const TEMPLATE = join(__dirname, '..', '..', 'workflows', 'procure-to-receive.json');
const DAY = 86_400_000;
const RUN_EVERY_SECONDS = 8;

interface TemplateNode {
	name: string;
	parameters: Record<string, unknown>;
}

/** The template, activated, with the portal of `sim` and a schedule of a few seconds. */
export function procureTemplate(sim: OdooSimulator, everySeconds = RUN_EVERY_SECONDS, enterprise = true): WorkflowFixture {
	const wf = { ...(JSON.parse(readFileSync(TEMPLATE, 'utf8')) as WorkflowFixture), active: true };
	const nodes = wf.nodes as TemplateNode[];
	const node = (name: string) => nodes.find((n) => n.name === name)!;
	const settings = node('Settings').parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
	settings.assignments.find((a) => a.name === 'supplierPortalUrl')!.value = `${sim.url}/supplier-portal`;
	if (!enterprise) settings.assignments.find((a) => a.name === 'odooEnterprise')!.value = 'false';
	node('Every hour').parameters.rule = { interval: [{ field: 'seconds', secondsInterval: everySeconds }] };
	return wf;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const odooDatetime = (ms: number) => iso(ms).replace('T', ' ').replace('Z', '');

async function portal(sim: OdooSimulator, method: 'PUT' | 'DELETE', po: string, body?: object): Promise<void> {
	const res = await fetch(`${sim.url}/supplier-portal/eta?po=${encodeURIComponent(po)}`, { method, body: body && JSON.stringify(body) });
	assert.equal(res.status, 200, await res.text());
}

interface Setup {
	po: Record<'boxes' | 'scanners' | 'trucks' | 'ties', { id: number; name: string }>;
	orders: Record<'brightline' | 'coastal' | 'fjord' | 'delta' | 'ironwood', number>;
	eta: Record<'boxes' | 'scanners', string>;
	promise: Record<'brightline' | 'coastal' | 'fjord' | 'ironwood', string>;
}

/** Purchase orders made overdue, sale orders waiting on them, the portal's answers. */
async function prepare(sim: OdooSimulator): Promise<Setup> {
	const now = Date.now();
	const product = (code: string) => sim.env('product.product').search([['default_code', '=', code]])[0];
	const customer = (name: string) => sim.env('res.partner').search([['name', '=', name]])[0];
	const purchase = (name: string) => {
		const [po] = sim.env('purchase.order').searchRead([['name', '=', name]], ['state']);
		if (po.state !== 'purchase') sim.env('purchase.order').call('button_confirm', [po.id as number]);
		sim.env('purchase.order').write([po.id as number], { date_planned: odooDatetime(now - 2 * DAY) });
		return { id: po.id as number, name };
	};
	const order = (name: string, code: string, qty: number, promiseMs: number) => {
		const id = sim.env('sale.order').create({
			partner_id: customer(name),
			order_line: [[0, 0, { product_id: product(code), product_uom_qty: qty }]],
			commitment_date: odooDatetime(promiseMs),
		});
		sim.env('sale.order').call('action_confirm', [id]);
		return id;
	};
	// P00006: 500 boxes (none in stock) from Pacific Packaging; P00003: scanners from Summit; P00004: trucks; P00001: ties.
	const po = { boxes: purchase('P00006'), scanners: purchase('P00003'), trucks: purchase('P00004'), ties: purchase('P00001') };
	const promise = { brightline: now + 2 * DAY, coastal: now + 2 * DAY, fjord: now + 30 * DAY, ironwood: now + 1 * DAY };
	const orders = {
		brightline: order('Brightline Hardware', 'BOX-605040', 100, promise.brightline), // Gold, 210
		coastal: order('Coastal Home Centers', 'BOX-605040', 300, promise.coastal), // Silver, 630
		fjord: order('Fjord Marine Supply', 'BOX-605040', 50, promise.fjord), // Bronze, promise far away
		delta: sim.env('sale.order').search([['name', '=', 'S00005']])[0], // demo: scanners short, no promise
		ironwood: order('Ironwood Furniture', 'SCN-WL2', 1, promise.ironwood), // Bronze, 229
	};
	const eta = { boxes: iso(now + 7 * DAY), scanners: iso(now + 6 * DAY) };
	await portal(sim, 'PUT', 'P00006', { eta: eta.boxes, reason: 'Container held at customs awaiting documents' });
	await portal(sim, 'PUT', 'P00003', { eta: eta.scanners, reason: 'Supplier production delayed: the plant is behind schedule' });
	await portal(sim, 'PUT', 'P00004', { eta: iso(now - 3_600_000), reason: 'Delivered yesterday according to the carrier' });
	await portal(sim, 'PUT', 'P00001', { status: 503 });
	return { po, orders, eta, promise: Object.fromEntries(Object.entries(promise).map(([k, v]) => [k, odooDatetime(v)])) as Setup['promise'] };
}

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;

function items(execution: Execution, node: string, output = 0): Array<Record<string, unknown>> {
	return ((execution.data?.resultData.runData as RunData | undefined)?.[node] ?? []).flatMap((run) => run.data?.main[output]?.map((i) => i.json) ?? []);
}

/** Finished executions, oldest first. */
async function finished(n8n: N8nInstance): Promise<Execution[]> {
	return (await n8n.executions(PROCURE_FLOW)).filter((e) => !['new', 'running', 'waiting'].includes(e.status)).reverse();
}

async function until<T>(get: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await get();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const datePlanned = (sim: OdooSimulator, id: number) => String(sim.env('purchase.order').read([id], ['date_planned'])[0].date_planned);
const plannedMs = (sim: OdooSimulator, id: number) => Date.parse(`${datePlanned(sim, id).replace(' ', 'T')}Z`);
const commitment = (sim: OdooSimulator, id: number) => String(sim.env('sale.order').read([id], ['commitment_date'])[0].commitment_date);
const plusDays = (isoDate: string, days: number) => odooDatetime(Date.parse(isoDate) + days * DAY);

/**
 * Enterprise (Helpdesk tickets, Approvals requests) on 2.x with Odoo 19, Community (activities, `odooEnterprise` off
 * in Settings) on 1.x with Odoo 18: both paths of the template, each against a real n8n.
 */
export const procureToReceive: Suite = async (t, { line, packageTarball }) => {
	const enterprise = line === '2.x';
	const sim = await t.check('Odoo simulator starts', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	const followUps = () =>
		sim.env('mail.activity').searchRead([['res_model', '=', 'sale.order'], ['summary', '=like', 'Delayed by %']], ['summary', 'res_id', 'note']);
	let n8n: N8nInstance | undefined;
	try {
		const setup = await t.check('four receipts overdue, five sale orders waiting, the portal answers set', () => prepare(sim));
		const instance = await t.check(`n8n starts with the template activated (portal URL in Settings, every ${RUN_EVERY_SECONDS} s)`, () =>
			startN8n({ line, packageTarball, credentials: [simulatorCredential(sim)], workflows: [procureTemplate(sim, RUN_EVERY_SECONDS, enterprise)] }),
		);
		n8n = instance;

		// Runs every few seconds may overlap (a slow machine): the guard makes a run that finds a receipt claimed by another
		// skip it, so "the first run" is the oldest run that did the work, not the first to finish.
		await t.check('a run fails on the portal failure of P00001 after handling the other receipts; P00001 is left as it was', async () => {
			const failed = await until(async () => (await finished(instance)).find((e) => e.status === 'error'), 'failed run');
			assert.match(failed.data?.resultData.error?.message ?? '', /Overdue receipt P00001 was not handled/);
			// An overlapping run may hold the other receipts' claims and finish after this one: wait for their reschedules.
			for (const [po, eta] of [[setup.po.boxes, setup.eta.boxes], [setup.po.scanners, setup.eta.scanners]] as const) {
				const expected = odooDatetime(Date.parse(eta));
				await until(async () => (datePlanned(sim, po.id) === expected ? true : undefined), `${po.name} rescheduled to ${expected}`, 30_000);
			}
			assert.ok(plannedMs(sim, setup.po.ties.id) < Date.now(), 'P00001 still overdue');
			const classified = Object.fromEntries(
				[0, 1, 2, 3, 4, 5, 6, 7].flatMap((output) => items(failed, 'Classify the delay', output)).map((i) => [i.poName, (i.classification as { category?: string }).category]),
			);
			assert.deepEqual(classified, { P00006: 'customs_hold', P00003: 'supplier_delay' });
			return JSON.stringify(classified);
		});

		await t.check('the portal answers P00001 again: a later run reschedules it; the runs after find nothing new; each receipt rescheduled once', async () => {
			await portal(sim, 'DELETE', '');
			await until(async () => (plannedMs(sim, setup.po.ties.id) > Date.now() ? true : undefined), 'rescheduled P00001');
			const since = Date.now();
			const startedAfter = (e: Execution) => Date.parse(String((e as unknown as { startedAt?: string }).startedAt)) > since;
			const runs = await until(async () => {
				const all = await finished(instance);
				return all.filter(startedAfter).length >= 2 ? all : undefined;
			}, 'two more runs');
			const later = runs.filter(startedAfter);
			assert.deepEqual(later.map((e) => e.status), later.map(() => 'success'), JSON.stringify(later.map((e) => e.data?.resultData.error?.message)));
			const skipped = runs.flatMap((e) => items(e, 'Already handled').map((i) => i.name));
			assert.ok(skipped.includes('P00004'), `P00004 (no usable ETA) is skipped by later runs: ${JSON.stringify(skipped)}`);
			assert.ok(plannedMs(sim, setup.po.trucks.id) < Date.now(), 'P00004 still overdue: not rescheduled to the past');
			const rescheduled = runs.flatMap((e) => items(e, 'Reschedule the receipt').map((i) => String(i.name))).sort();
			assert.deepEqual(rescheduled, ['P00001', 'P00003', 'P00006']);
			return `${runs.length} runs, ${runs.filter((e) => e.status === 'error').length} failed on the portal`;
		});

		await t.check('commitments: new arrival + 1 handling day where it is later than the promise; the far promise kept', async () => {
			const boxes = plusDays(setup.eta.boxes, 1);
			assert.equal(commitment(sim, setup.orders.brightline), boxes);
			assert.equal(commitment(sim, setup.orders.coastal), boxes);
			assert.equal(commitment(sim, setup.orders.fjord), setup.promise.fjord);
			assert.equal(commitment(sim, setup.orders.delta), plusDays(setup.eta.scanners, 1));
			assert.equal(commitment(sim, setup.orders.ironwood), plusDays(setup.eta.scanners, 1));
		});

		if (enterprise) {
			await t.check('one helpdesk ticket per waiting order, each once', async () => {
				const tickets = sim.env('helpdesk.ticket').searchRead([['name', '=like', 'Delayed: %']], ['name', 'sale_order_id', 'partner_id', 'priority']);
				const byOrder = tickets.map((tk) => (tk.sale_order_id as [number, string])[0]).sort((a, b) => a - b);
				assert.deepEqual(byOrder, Object.values(setup.orders).sort((a, b) => a - b), JSON.stringify(tickets));
				const urgent = tickets.filter((tk) => tk.priority === '2').map((tk) => (tk.sale_order_id as [number, string])[0]).sort((a, b) => a - b);
				assert.deepEqual(urgent, [setup.orders.brightline, setup.orders.coastal, setup.orders.ironwood].sort((a, b) => a - b), 'broken promises are urgent');
				const brightline = sim.env('helpdesk.ticket').searchRead([['sale_order_id', '=', setup.orders.brightline]], ['name', 'description'])[0];
				assert.match(String(brightline.name), /waits on P00006 \(new ETA \d{4}-\d\d-\d\d\)/);
				assert.match(String(brightline.description), /Container held at customs awaiting documents \(customs_hold\)/);
				assert.match(String(brightline.description), /6 day\(s\) after the promised date/);
				assert.deepEqual(followUps(), [], 'no activities instead of tickets');
			});
		} else {
			await t.check('Community: one follow-up activity per waiting order, each once, and no helpdesk ticket', async () => {
				const activities = followUps();
				assert.deepEqual(activities.map((a) => a.res_id as number).sort((a, b) => a - b), Object.values(setup.orders).sort((a, b) => a - b), JSON.stringify(activities));
				const brightline = activities.find((a) => a.res_id === setup.orders.brightline)!;
				assert.match(String(brightline.summary), /^Delayed by P00006: new promise \d{4}-\d\d-\d\d$/);
				assert.match(String(brightline.note), /Container held at customs/);
				assert.equal(sim.env('helpdesk.ticket').search([['name', '=like', 'Delayed: %']]).length, 0);
			});
		}

		await t.check(`expedite: ${enterprise ? 'an Approvals request (submitted)' : 'an approval activity'} for the Gold customer, an activity to book freight for the Silver one, a refusal note for the small Bronze order; each once`, async () => {
			const requests = sim.env('approval.request').searchRead([['name', '=like', 'Expedite %']], ['name', 'category_id', 'partner_id', 'amount', 'request_status']);
			const asked = sim.env('mail.activity').searchRead([['res_model', '=', 'purchase.order'], ['summary', '=like', 'Approve expedited freight%']], ['summary', 'res_id']);
			if (enterprise) {
				assert.equal(requests.length, 1, JSON.stringify(requests));
				assert.equal((requests[0].category_id as [number, string])[1], 'Expedited Freight');
				assert.equal((requests[0].partner_id as [number, string])[1], 'Brightline Hardware');
				assert.equal(requests[0].amount, 210);
				assert.equal(requests[0].request_status, 'pending');
				assert.deepEqual(asked, []);
			} else {
				assert.deepEqual(requests, []);
				assert.equal(asked.length, 1, JSON.stringify(asked));
				assert.equal(asked[0].res_id, setup.po.boxes.id);
				assert.match(String(asked[0].summary), /Brightline Hardware, Gold/);
			}
			const booked = sim.env('mail.activity').searchRead([['res_model', '=', 'purchase.order'], ['summary', '=like', 'Book expedited freight%']], ['summary', 'res_id']);
			assert.equal(booked.length, 1, JSON.stringify(booked));
			assert.equal(booked[0].res_id, setup.po.boxes.id);
			assert.match(String(booked[0].summary), /Coastal Home Centers/);
			const refused = sim.env('mail.message').searchRead([['model', '=', 'purchase.order'], ['res_id', '=', setup.po.scanners.id]], ['body']).filter((m) => String(m.body).includes('No expedited freight'));
			assert.equal(refused.length, 1);
			assert.match(String(refused[0].body), /Ironwood Furniture/);
		});

		// `n8n execute` starts from the first trigger in the node list: the template must list Try it now before the
		// schedule, or the CLI and a manual run start from Every hour.
		await t.check('Try it now (Manual Trigger, n8n execute): the run starts there; a receipt overdue again is rescheduled, the handled ones skipped', async () => {
			await instance.stop();
			const eta = iso(Date.now() + 9 * DAY);
			sim.env('purchase.order').write([setup.po.boxes.id], { date_planned: odooDatetime(Date.now() - DAY) });
			await portal(sim, 'PUT', 'P00006', { eta, reason: 'Vessel delayed by port congestion' });
			const res = await instance.cliExecute(PROCURE_FLOW);
			assert.equal(res.run?.status, 'success', res.run?.data.resultData.error?.message ?? `exit ${res.code}\n${res.stdout.slice(-2000)}${res.stderr.slice(-2000)}`);
			const run = { data: res.run!.data } as unknown as Execution;
			const started = Object.keys(res.run!.data.resultData.runData).filter((node) => ['Try it now', 'Every hour'].includes(node));
			assert.deepEqual(started, ['Try it now']);
			assert.deepEqual(items(run, 'Reschedule the receipt').map((i) => i.name), ['P00006']);
			assert.equal(datePlanned(sim, setup.po.boxes.id), odooDatetime(Date.parse(eta)));
			assert.deepEqual(items(run, 'Already handled').map((i) => i.name), ['P00004'], 'handled before: the receipt without a usable ETA');
			return res.code === 0 ? 'P00006' : `P00006, then n8n exited ${res.signal ?? res.code}`;
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};
