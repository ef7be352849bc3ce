/** Activation in the cases that go wrong, the delivery switch, and test runs next to the active workflow. */
import type { NodeOperationError } from 'n8n-workflow';

import { startOdooSimulator, type OdooSimulator } from '../../odoo-sim';
import { adminClient, adminCredential, demoOrder, TriggerHarness, waitFor } from './harness';

async function activationError(harness: TriggerHarness): Promise<NodeOperationError> {
	try {
		await harness.activate();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('activation succeeded');
}

describe('activation', () => {
	test('webhook delivery needs Odoo 17: on Odoo 16 activation says so and points to Polling', async () => {
		const sim = await startOdooSimulator({ version: '16.0', seed: 'empty' });
		try {
			const harness = new TriggerHarness({ delivery: 'webhook', event: 'custom', model: 'res.partner', customEvent: 'created' }, adminCredential(sim));
			const error = await activationError(harness);
			expect(error.message).toBe('Webhook delivery needs Odoo 17 or later, and this server runs Odoo 16.0: choose the Polling delivery');
			expect(sim.env('base.automation').search([])).toEqual([]);
		} finally {
			await sim.close();
		}
	});

	describe('on Odoo 18', () => {
		let sim: OdooSimulator;

		beforeAll(async () => {
			sim = await startOdooSimulator({ version: '18.0' });
		});

		afterAll(() => sim.close());

		test('a user without administration rights is told why, and the key is not in the error', async () => {
			const credential = { ...adminCredential(sim), login: sim.demo.login, secret: sim.demo.apiKey };
			const harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, credential);
			const error = await activationError(harness);
			expect(error.message).toMatch(/^Odoo denied access/);
			expect(error.description).toMatch(/Administration rights/);
			expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(sim.demo.apiKey);
		});

		test('a wrong API key fails activation without showing it', async () => {
			const secret = 'not-the-key-0123456789abcdef';
			const harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, { ...adminCredential(sim), secret });
			const error = await activationError(harness);
			expect(error.message).toMatch(/credentials/);
			expect(`${error.message} ${error.description ?? ''} ${error.stack ?? ''}`).not.toContain(secret);
		});

		test('Polling delivery registers no webhook: n8n gets no method, the hooks do nothing, a call gets 404', async () => {
			const method = (parameters: Record<string, string>) => {
				const { workflow, node, trigger } = new TriggerHarness(parameters, adminCredential(sim));
				return workflow.expression.getSimpleParameterValue(node, trigger.description.webhooks![0].httpMethod, 'internal', {});
			};
			const deliveries: Array<Record<string, string>> = [{ delivery: 'webhook' }, { delivery: 'hybrid' }, { delivery: 'polling' }, {}];
			expect(deliveries.map(method)).toEqual(['POST', 'POST', '', '']);

			const harness = new TriggerHarness({ delivery: 'polling', event: 'saleOrderConfirmed' }, adminCredential(sim));

			expect(await harness.hook('checkExists')).toBe(true);
			expect(await harness.hook('create')).toBe(true);
			expect(harness.staticData.webhooks).toBeUndefined();
			await harness.listen();
			const answer = await fetch(harness.webhookUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
			expect(answer.status).toBe(404);
			await harness.close();
		});

		test('a test run has its own rule on the test URL, shows the event it received, and leaves the active rule alone', async () => {
			const odoo = adminClient(sim);
			const harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, adminCredential(sim));
			await harness.listen();
			try {
				await harness.activate();
				await harness.activate('manual');
				const registrations = harness.staticData.webhooks as Record<string, { ruleId: number; actionId: number }>;
				expect(Object.keys(registrations).sort()).toEqual(['production', 'test']);
				const [action] = sim.env('ir.actions.server').read([registrations.test.actionId], ['webhook_url']);
				expect(action.webhook_url).toMatch(new RegExp(`^${harness.webhookUrl('manual')}\\?token=`));

				const [order] = await odoo.create('sale.order', [demoOrder(sim)]);
				await odoo.call('sale.order', 'action_confirm', [order]);
				await sim.flushWebhooks();
				await waitFor(() => harness.executions.length === 2, 'the active and the test execution');
				await harness.settle();
				// n8n starts the test run of a polling-capable trigger with poll() (WorkflowExecute, manual mode), as the
				// harness does: the run still shows the event the webhook received, not a sample.
				expect(harness.executions).toHaveLength(2);
				for (const run of harness.executions) expect(run).toEqual([expect.objectContaining({ recordId: order, deliveredBy: 'webhook' })]);

				const rules = [registrations.production.ruleId, registrations.test.ruleId];
				await harness.hook('delete', 'manual');
				expect(sim.env('base.automation').search([['id', 'in', rules]])).toEqual([rules[0]]);
			} finally {
				await harness.hook('delete');
				await sim.flushWebhooks();
				await harness.close();
				odoo.close();
			}
		});
	});
});
