/**
 * Webhook delivery end to end over real HTTP: the node creates the automation rule in the simulated Odoo, Odoo posts
 * its exact payloads to a real listener, the listener runs `webhook()` in n8n-core's WebhookContext and starts the
 * workflow with n8n-core's WorkflowExecute.
 */
import { tokenDigest } from '../../../nodes/OdooLogisticsTrigger/webhookRequest';
import type { OdooClient } from '../../../nodes/shared/odoo';
import { startOdooSimulator, type OdooSimulator } from '../../odoo-sim';
import { adminClient, adminCredential, closeOdoo, demoOrder, TriggerHarness, waitFor } from './harness';

interface Registration {
	ruleId: number;
	actionId: number;
	tokenDigest: string;
}

describe.each(['18.0', '19.0'] as const)('Webhook delivery, Odoo %s', (version) => {
	let sim: OdooSimulator;
	let odoo: OdooClient;
	let harness: TriggerHarness;

	const allRules = () => sim.env('base.automation').search([['active', 'in', [true, false]]]);
	const webhookActions = () => sim.env('ir.actions.server').search([['state', '=', 'webhook']]);
	const registration = () => (harness.staticData.webhooks as Record<string, Registration>).production;
	/** The token of the current rule, as Odoo posts it: the node keeps only its digest. */
	const currentToken = () => {
		const [action] = sim.env('ir.actions.server').read([registration().actionId], ['webhook_url']);
		return new URL(String(action.webhook_url)).searchParams.get('token') ?? '';
	};

	async function draftOrders(count: number): Promise<number[]> {
		const vals = demoOrder(sim);
		return odoo.create('sale.order', Array.from({ length: count }, () => vals));
	}

	/** Activates the trigger, confirms a new order and waits for the execution its webhook starts; the order's ID. */
	async function confirmedOnActiveTrigger(): Promise<number> {
		await harness.activate();
		const [order] = await draftOrders(1);
		await odoo.call('sale.order', 'action_confirm', [order]);
		await sim.flushWebhooks();
		await waitFor(() => harness.executions.length === 1, 'the execution');
		return order;
	}

	beforeAll(async () => {
		sim = await startOdooSimulator({ version });
		const credential = adminCredential(sim);
		odoo = adminClient(sim);
		expect(credential.secret).toBe(sim.admin.apiKey);
	});

	afterAll(() => closeOdoo({ sim, odoo }));

	beforeEach(async () => {
		harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, adminCredential(sim));
		await harness.listen();
	});

	afterEach(async () => {
		await harness.hook('delete');
		await sim.flushWebhooks();
		await harness.close();
	});

	test('activation creates exactly one rule and one webhook action; deactivation removes both', async () => {
		const rulesBefore = allRules().length;
		const actionsBefore = webhookActions().length;
		expect(await harness.hook('checkExists')).toBe(false);
		expect(await harness.hook('create')).toBe(true);
		expect(allRules()).toHaveLength(rulesBefore + 1);
		expect(webhookActions()).toHaveLength(actionsBefore + 1);

		const { ruleId, actionId, tokenDigest: digest } = registration();
		const [rule] = sim.env('base.automation').read([ruleId], ['model_name', 'trigger', 'filter_domain', 'action_server_ids', 'trigger_field_ids']);
		expect(rule).toMatchObject({ model_name: 'sale.order', trigger: 'on_create_or_write', filter_domain: "[('state', 'in', ['sale'])]" });
		expect(rule.action_server_ids).toEqual([actionId]);
		const [action] = sim.env('ir.actions.server').read([actionId], ['state', 'webhook_url']);
		expect(action.state).toBe('webhook');
		const token = currentToken();
		expect(action.webhook_url).toBe(`${harness.webhookUrl()}?token=${token}`);
		expect(digest).toBe(tokenDigest(token));
		expect(JSON.stringify(harness.staticData)).not.toContain(token);
		expect(await harness.hook('checkExists')).toBe(true);

		expect(await harness.hook('delete')).toBe(true);
		expect(allRules()).toHaveLength(rulesBefore);
		expect(webhookActions()).toHaveLength(actionsBefore);
		expect(registration()).toBeUndefined();
	});

	test('each activation has a new token; a rule deleted by hand is found missing and created again', async () => {
		await harness.activate();
		const first = registration();
		sim.env('base.automation').unlink([first.ruleId]);
		expect(await harness.hook('checkExists')).toBe(false);
		await harness.activate();
		const second = registration();
		expect(second.ruleId).not.toBe(first.ruleId);
		expect(second.tokenDigest).not.toBe(first.tokenDigest);
		expect(allRules()).toContain(second.ruleId);
	});

	test('an activation retried with the static data it started with (as n8n does) leaves one rule, which delete finds', async () => {
		const rulesBefore = allRules().length;
		await harness.activate();
		delete harness.staticData.webhooks;
		await harness.activate();
		expect(allRules()).toHaveLength(rulesBefore + 1);
		delete harness.staticData.webhooks;
		await harness.hook('delete');
		expect(allRules()).toHaveLength(rulesBefore);
		expect(webhookActions()).toHaveLength(0);
	});

	test('delete removes the action even when the rule is already gone, and the rule when the action is', async () => {
		await harness.activate();
		const { ruleId, actionId } = registration();
		sim.env('ir.actions.server').write([actionId], { base_automation_id: false });
		sim.env('base.automation').unlink([ruleId]);
		expect(sim.env('ir.actions.server').search([['id', '=', actionId]])).toEqual([actionId]);
		await harness.hook('delete');
		expect(sim.env('ir.actions.server').search([['id', '=', actionId]])).toEqual([]);

		await harness.activate();
		const again = registration();
		sim.env('ir.actions.server').unlink([again.actionId]);
		expect(await harness.hook('checkExists')).toBe(false);
		await harness.hook('delete');
		expect(allRules()).not.toContain(again.ruleId);
	});

	test('a confirmed order starts the workflow exactly once, with the committed order', async () => {
		const order = await confirmedOnActiveTrigger();
		await harness.settle();

		expect(harness.executions).toHaveLength(1);
		const [[event]] = harness.executions;
		const [committed] = sim.env('sale.order').read([order], ['date_order', 'name']);
		expect(event).toMatchObject({
			eventType: 'sale.order.confirmed',
			model: 'sale.order',
			recordId: order,
			source: 'odoo',
			deliveredBy: 'webhook',
			occurredAt: `${String(committed.date_order).replace(' ', 'T')}Z`,
		});
		expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
		expect(event.record).toMatchObject({ id: order, state: 'sale', name: committed.name });
		expect(harness.answers.map((answer) => answer.status)).toEqual([200]);
	});

	test('Odoo posting the same notification again starts nothing more', async () => {
		const order = await confirmedOnActiveTrigger();
		const [committed] = sim.env('sale.order').read([order], ['write_date']);
		const body = JSON.stringify({ _action: 'Send Webhook Notification', _id: order, _model: 'sale.order', id: order, state: 'sale', write_date: committed.write_date });
		const url = `${harness.webhookUrl()}?token=${currentToken()}`;
		const post = () => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
		expect((await Promise.all([post(), post()])).map((answer) => answer.status)).toEqual([200, 200]);
		await harness.settle();
		expect(harness.executions).toHaveLength(1);
	});

	test('a wrong or missing token gets 401 and starts nothing; the token is never echoed', async () => {
		await harness.activate();
		const token = currentToken();
		const body = JSON.stringify({ _action: 'Send Webhook Notification(#1)', _id: 1, _model: 'sale.order', id: 1, write_date: '2026-11-26 10:00:00' });
		const post = (query: string) => fetch(`${harness.webhookUrl()}${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
		const answers = await Promise.all([post(''), post('?token=wrong'), post(`?token=${token.slice(0, -1)}`), post('?token=')]);
		await harness.settle();

		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
		for (const answer of harness.answers) expect(answer.body).not.toContain(token);
		expect(harness.executions).toEqual([]);
	});

	test('a malformed body gets 400 with the reason (413 too large, 415 not JSON) and starts nothing', async () => {
		await harness.activate();
		const url = `${harness.webhookUrl()}?token=${currentToken()}`;
		const post = (body: string, type = 'application/json') => fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });
		const oversized = JSON.stringify({ _id: 7, _model: 'sale.order', note: 'x'.repeat(300 * 1024) });
		const answers = await Promise.all([
			post('{"_model": "sale.order"}'),
			post('{"_id": "7", "_model": "sale.order"}'),
			post('{"_id": 7, "_model": "stock.picking"}'),
			post('[1, 2]'),
			post(oversized),
			post('_id=7&_model=sale.order', 'application/x-www-form-urlencoded'),
		]);
		await harness.settle();

		expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 413, 415]);
		const reasons = await Promise.all(answers.map((answer) => answer.json() as Promise<{ error: string }>));
		expect(reasons.map((reason) => reason.error)).toEqual([
			'malformed notification: _id: missing',
			'malformed notification: _id: must be a record id',
			'malformed notification: the notification is about stock.picking, and this trigger watches sale.order',
			'malformed notification: the body must be the JSON object Odoo sends (with _id and _model)',
			`payload too large: a notification is at most 256 KiB, and this body has ${oversized.length} bytes`,
			'unsupported media type: Odoo sends application/json, and this body is application/x-www-form-urlencoded',
		]);
		expect(harness.executions).toEqual([]);
	});

	test('a burst of 1,000 confirmations in one transaction is delivered in full', async () => {
		await harness.activate();
		const orders = await draftOrders(1000);
		await odoo.call('sale.order', 'action_confirm', orders);
		await sim.flushWebhooks();
		await waitFor(() => harness.executions.length >= 1000, '1,000 executions', 60_000);
		await harness.settle();

		const delivered = harness.executions.flat();
		expect(delivered).toHaveLength(1000);
		expect(new Set(delivered.map((event) => event.recordId))).toEqual(new Set(orders));
		expect(new Set(delivered.map((event) => event.eventId)).size).toBe(1000);
		expect(harness.answers.filter((answer) => answer.status === 200)).toHaveLength(1000);
	}, 120_000);

	test('an order cancelled before its notification is read back starts nothing: the committed state decides', async () => {
		await harness.activate();
		const [order] = await draftOrders(1);
		const sent = sim.stats.webhooksSent;
		sim.env('sale.order').call('action_confirm', [order]);
		// A later second: the read-back then knows the cancellation came after the notified confirmation.
		sim.clock.advance(1000);
		sim.env('sale.order').write([order], { state: 'cancel' });
		await sim.flushWebhooks();
		await harness.settle();
		expect(sim.stats.webhooksSent).toBe(sent + 1);
		expect(harness.executions).toEqual([]);
	});
});

describe('Webhook delivery, Odoo 18: notifications sent before the commit', () => {
	let sim: OdooSimulator;
	let odoo: OdooClient;
	let harness: TriggerHarness;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		odoo = adminClient(sim);
	});

	afterAll(() => closeOdoo({ sim, odoo }));

	afterEach(async () => {
		await harness.hook('delete');
		await sim.flushWebhooks();
		await harness.close();
	});

	test('a transfer notified twice with identical payloads (as Odoo does on creation) starts one execution', async () => {
		harness = new TriggerHarness(
			{ delivery: 'webhook', event: 'custom', model: 'stock.picking', customEvent: 'updated', watchFields: 'state', fields: 'name, state' },
			adminCredential(sim),
		);
		await harness.listen();
		await harness.activate();
		const [order] = await odoo.create('sale.order', [demoOrder(sim, {}, 2)]);
		const sent = sim.stats.webhooksSent;
		await odoo.call('sale.order', 'action_confirm', [order]);
		await sim.flushWebhooks();
		await harness.settle();

		// Odoo posted the new transfer in draft twice, then ready; all inside one transaction, read back once committed.
		expect(sim.stats.webhooksSent - sent).toBeGreaterThanOrEqual(2);
		const [picking] = sim.env('sale.order').read([order], ['picking_ids'])[0].picking_ids as number[];
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0][0]).toMatchObject({ recordId: picking, record: { state: 'assigned' } });
	});

	test('a notification whose transaction rolled back emits nothing', async () => {
		harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed', options: { commitWaitSeconds: 1 } }, adminCredential(sim));
		await harness.listen();
		await harness.activate();
		// A warehouse without operation types: the confirmation writes the state (Odoo posts), then fails on the delivery.
		const warehouse = sim.env('stock.warehouse').create({ name: 'Empty', code: 'EMP' });
		const [order] = await odoo.create('sale.order', [demoOrder(sim, { warehouse_id: warehouse })]);
		const sent = sim.stats.webhooksSent;
		await expect(odoo.call('sale.order', 'action_confirm', [order])).rejects.toThrow();
		await sim.flushWebhooks();
		expect(sim.stats.webhooksSent).toBe(sent + 1);
		expect(sim.env('sale.order').read([order], ['state'])[0].state).toBe('draft');
		await harness.settle();
		expect(harness.executions).toEqual([]);
	}, 30_000);
});
