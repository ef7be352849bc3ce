/**
 * The package's nodes at work in a real n8n against the Odoo simulator (one per line, on loopback, in this process):
 * a CLI run that creates records in one call and reads them back, and a webhook trigger whose automation rule comes
 * and goes with the workflow's activation, with its events deduplicated by the Idempotency Guard.
 */
import assert from 'assert';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { readWorkflow, simulatorCredential } from './fixtures';
import { prepareN8n, type N8nInstance } from './n8n-instance';
import type { Suite } from './runner';
import { sleep } from './proc';

const CREATE_FLOW = 'oleOdooCreate001';
const TRIGGER_FLOW = 'oleOdooTrigger01';
const WEBHOOK_PATH = '/webhook/0e5a8f52-0000-4000-8000-0000000005aa/odoo';

interface Item {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

type RunData = Record<string, Array<{ data?: { main: Array<Item[] | null> } }>>;

/** The items a node sent to one of its outputs in its first run. */
function output(runData: Record<string, unknown>, node: string, index = 0): Item[] {
	return (runData as RunData)[node]?.[0]?.data?.main[index] ?? [];
}

interface WebhookRule {
	ruleId: number;
	actionId: number;
	url: URL;
}

/** The automation rules of the simulator whose webhook action posts to the trigger node of this n8n. */
function rulesPostingTo(sim: OdooSimulator, n8n: N8nInstance): WebhookRule[] {
	const port = new URL(n8n.baseUrl).port;
	return sim
		.env('ir.actions.server')
		.searchRead([['state', '=', 'webhook'], ['base_automation_id', '!=', false]], ['webhook_url', 'base_automation_id'])
		.map((a) => ({ ruleId: (a.base_automation_id as [number, string])[0], actionId: a.id as number, url: new URL(String(a.webhook_url)) }))
		.filter((r) => r.url.port === port && r.url.pathname === WEBHOOK_PATH);
}


/** n8n 2.x (un)publishes workflows in the background, after answering: polls the simulator until `done`. */
async function rulesUntil(sim: OdooSimulator, n8n: N8nInstance, done: (rules: WebhookRule[]) => boolean, timeoutMs = 30_000): Promise<WebhookRule[]> {
	const deadline = Date.now() + timeoutMs;
	let rules = rulesPostingTo(sim, n8n);
	while (!done(rules) && Date.now() < deadline) {
		await sleep(250);
		rules = rulesPostingTo(sim, n8n);
	}
	return rules;
}

export const odoo: Suite = async (t, { line, packageTarball }) => {
	const sim = await t.check('Odoo simulator starts', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	let n8n: N8nInstance | undefined;
	try {
		const credential = simulatorCredential(sim, { id: 'oleOdooSim000001', name: 'Odoo simulator (e2e)' });
		const instance = await t.check('n8n prepared with the simulator credential and both workflows', () =>
			prepareN8n({ line, packageTarball, credentials: [credential], workflows: [readWorkflow('odoo-create'), readWorkflow('odoo-trigger')] }),
		);
		n8n = instance;

		await t.check('n8n execute: 3 partners created in one create call, output paired, read back', async () => {
			sim.stats.reset();
			const res = await instance.cliExecute(CREATE_FLOW);
			assert.equal(res.run?.status, 'success', res.run?.data.resultData.error?.message ?? `exit ${res.code}\n${res.stdout.slice(-2000)}${res.stderr.slice(-2000)}`);
			const runData = res.run!.data.resultData.runData;
			const stored = sim.env('res.partner').searchRead([['ref', '=like', 'ole-e2e-%']], ['name', 'ref', 'email']);
			assert.deepEqual(
				stored.map((p) => [p.ref, p.name, p.email]).sort(),
				[1, 2, 3].map((n) => [`ole-e2e-${n}`, `E2E Partner ${n}`, `partner${n}@example.com`]),
			);
			const created = output(runData, 'Create partners');
			assert.equal(created.length, 3);
			created.forEach((item, i) => {
				assert.deepEqual([item.pairedItem].flat()[0], { item: i }, `pairedItem of item ${i}`);
				assert.equal(stored.find((p) => p.id === item.json.id)?.ref, `ole-e2e-${i + 1}`, `item ${i} is the partner of input ${i}`);
			});
			const creates = sim.stats.calls.filter((c) => c.model === 'res.partner' && c.method === 'create');
			assert.equal(creates.length, 1, `create calls: ${JSON.stringify(creates)}`);
			const readBack = output(runData, 'Read back').map((i) => i.json);
			assert.deepEqual(
				readBack.map((p) => [p.id, p.ref]),
				stored.map((p) => [p.id, p.ref]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
			);
			return `${sim.stats.calls.length} RPC calls (${[...new Set(sim.stats.calls.map((c) => c.transport))].join(', ')})${res.code === 0 ? '' : `, then n8n exited ${res.signal ?? res.code}`}`;
		});

		let rule!: WebhookRule;
		await t.check('n8n start activates the trigger: one automation rule posting to n8n', async () => {
			await instance.start();
			await rulesUntil(sim, instance, (r) => r.length > 0);
			await sleep(500); // time for a second rule to show up
			const rules = rulesPostingTo(sim, instance);
			assert.equal(rules.length, 1, `rules posting to n8n: ${JSON.stringify(rules)}`);
			[rule] = rules;
			assert.equal(sim.env('base.automation').search([['id', '=', rule.ruleId]]).length, 1);
			assert.ok(rule.url.searchParams.get('token'), 'the webhook URL carries a token');
			return rule.url.origin + rule.url.pathname;
		});

		const [orderId] = sim.env('sale.order').search([['state', '=', 'draft']], { limit: 1 });
		await t.check('confirming a quotation in Odoo runs the workflow once, with the event as New', async () => {
			assert.ok(orderId, 'a draft sale order in the demo data');
			sim.env('sale.order').call('action_confirm', [orderId]);
			await sim.flushWebhooks();
			const [execution] = await instance.waitForExecutions(TRIGGER_FLOW, 1);
			assert.equal(execution.status, 'success', execution.data?.resultData.error?.message);
			const runData = execution.data!.resultData.runData;
			const [item] = output(runData, 'Order confirmed');
			const event = item.json;
			assert.equal(event.deliveredBy, 'webhook');
			assert.equal(event.eventType, 'sale.order.confirmed');
			assert.equal(event.model, 'sale.order');
			assert.equal(event.recordId, orderId);
			assert.equal((event.record as { state?: string }).state, 'sale');
			assert.deepEqual(output(runData, 'New').map((i) => i.json.eventId), [event.eventId]);
			assert.equal(output(runData, 'Duplicate').length, 0);
			return `eventId ${String(event.eventId)}`;
		});

		await t.check('the same notification again is not a second New; a request without the token is refused', async () => {
			const action = sim.env('ir.actions.server').read([rule.actionId], ['name'])[0];
			// Odoo's payload: _action, _id, _model, then the record's fields.
			const payload = { _action: `${String(action.name)}(#${rule.actionId})`, _id: orderId, _model: 'sale.order', id: orderId, state: 'sale' };
			const post = (query: string) =>
				fetch(`${instance.baseUrl}${WEBHOOK_PATH}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
			const res = await post(rule.url.search);
			assert.equal(res.status, 200, await res.text());
			assert.equal((await post('')).status, 401);
			// The trigger drops a change it already emitted; if a run happens anyway, the Guard must call it a duplicate.
			await sleep(3000);
			const executions = await instance.waitForExecutions(TRIGGER_FLOW, 1);
			const news = executions.flatMap((e) => output(e.data!.resultData.runData, 'New'));
			assert.equal(news.length, 1, `New items over ${executions.length} executions`);
			return `${executions.length} execution(s)`;
		});

		await t.check('deactivation through the public API deletes the automation rule', async () => {
			const wf = await instance.api<{ active: boolean }>(`/workflows/${TRIGGER_FLOW}/deactivate`, { method: 'POST' });
			assert.equal(wf.active, false);
			assert.deepEqual(await rulesUntil(sim, instance, (r) => r.length === 0), []);
			assert.equal(sim.env('base.automation').search([['id', '=', rule.ruleId]]).length, 0);
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};
