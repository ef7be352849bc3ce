/**
 * Re-delivery in a real n8n: an Odoo Logistics Trigger (Polling, one execution per event, re-delivery on the Local
 * Guard store) → Idempotency Guard → a chatter note per order → Complete, or Release and stop on failure. Odoo fails
 * the note of one of two confirmed orders: that run releases its event and ends in error, and a later poll of the
 * trigger brings the event again, which now runs to Complete. Each order ends with exactly one note.
 */
import assert from 'assert';
import { startOdooSimulator } from '../odoo-sim';
import { output, until } from './executions';
import { sleep } from './proc';
import { simulatorCredential } from './fixtures';
import { startN8n, type Execution, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import type { Suite } from './runner';

const WORKFLOW_ID = 'oleRedelivery001';
const NOTE = 'redelivery-e2e note for event';
const PACKAGE = 'n8n-nodes-odoo-logistics';

function workflow(startFrom: string): WorkflowFixture {
	const odoo = { odooLogisticsApi: { id: 'odooLogistics001', name: 'Odoo' } };
	const key = "={{ $('Claim').item.json.eventId }}";
	let count = 0;
	const node = (name: string, type: string, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: `00000000-0000-4000-8000-${String((count += 1)).padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
		...extra,
	});
	return {
		id: WORKFLOW_ID,
		name: 'Re-delivery (e2e)',
		active: true,
		settings: { executionOrder: 'v1' },
		connections: {
			Confirmed: { main: [[{ node: 'Claim', type: 'main', index: 0 }]] },
			Claim: { main: [[{ node: 'Note', type: 'main', index: 0 }], [{ node: 'Duplicate', type: 'main', index: 0 }], [{ node: 'Duplicate', type: 'main', index: 0 }]] },
			Note: { main: [[{ node: 'Complete', type: 'main', index: 0 }], [{ node: 'Release', type: 'main', index: 0 }]] },
			Release: { main: [[{ node: 'Stop', type: 'main', index: 0 }]] },
		},
		nodes: [
			node(
				'Confirmed',
				`${PACKAGE}.odooLogisticsTrigger`,
				[0, 0],
				{
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					delivery: 'polling',
					event: 'saleOrderConfirmed',
					redelivery: 'local',
					options: { executions: 'perEvent', redeliverAfterSeconds: 1, startFrom },
				},
				{ credentials: odoo },
			),
			node('Claim', `${PACKAGE}.idempotencyGuard`, [200, 0], { operation: 'checkAndClaim', store: 'local', keySource: 'field', keyField: 'eventId', options: {} }),
			node('Duplicate', 'n8n-nodes-base.noOp', [400, 200], {}),
			node(
				'Note',
				`${PACKAGE}.odooLogistics`,
				[400, 0],
				{
					resource: 'message',
					operation: 'post',
					model: { __rl: true, mode: 'name', value: 'sale.order' },
					recordId: "={{ $('Claim').item.json.recordId }}",
					messageType: 'note',
					body: `=<p>${NOTE} {{ $('Claim').item.json.eventId }}</p>`,
					options: {},
				},
				{ credentials: odoo, onError: 'continueErrorOutput' },
			),
			node('Complete', `${PACKAGE}.idempotencyGuard`, [600, 0], { operation: 'complete', store: 'local', keySource: 'expression', keyExpression: key, resultReference: 'noted', options: {} }),
			node('Release', `${PACKAGE}.idempotencyGuard`, [600, 200], { operation: 'release', store: 'local', keySource: 'expression', keyExpression: key, options: {} }),
			node('Stop', 'n8n-nodes-base.stopAndError', [800, 200], { errorMessage: "={{ 'note failed, event ' + $json._idempotency.key + ' released' }}" }),
		],
	};
}

const odooDatetime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

export const redelivery: Suite = async (t, { line, packageTarball }) => {
	const sim = await t.check('Odoo simulator starts', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	let n8n: N8nInstance | undefined;
	try {
		// The demo data's orders were confirmed as the simulator started: the trigger starts after them.
		const startFrom = new Date(Date.now() + 2_000).toISOString();
		const instance = await t.check('n8n starts with the workflow active (Polling, one execution per event, re-delivery on)', () =>
			startN8n({ line, packageTarball, credentials: [simulatorCredential(sim, { id: 'odooLogistics001', name: 'Odoo' })], workflows: [workflow(startFrom)] }),
		);
		n8n = instance;
		await sleep(Math.max(0, Date.parse(startFrom) + 1_500 - Date.now()));
		const partner = sim.env('res.partner').search([['customer_rank', '>', 0]])[0];
		const product = sim.env('product.product').search([['is_storable', '=', true]])[0];
		const orders = [0, 1].map(() => sim.env('sale.order').create({ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }));
		const finished = async () => (await instance.executions(WORKFLOW_ID)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		const eventOf = (e: Execution) => output(e, 'Claim', 0)[0]?.json as { eventId: string; recordId: number; deliveredBy: string } | undefined;

		let failed: Execution | undefined;
		await t.check('two orders confirmed, Odoo fails one note: one execution per event, one of them released and in error', async () => {
			sim.failNext({ kind: 'http503', model: 'sale.order', method: 'message_post', count: 1 });
			for (const id of orders) sim.env('sale.order').call('action_confirm', [id]);
			const runs = await until('two executions from the poll', async () => {
				const done = await finished();
				return done.length >= 2 ? done : undefined;
			}, 150_000);
			assert.deepEqual(runs.map((e) => eventOf(e)?.recordId).sort(), [...orders].sort());
			assert.deepEqual(runs.map((e) => eventOf(e)?.deliveredBy), ['poll', 'poll']);
			failed = runs.find((e) => e.status === 'error');
			assert.ok(failed, `one run in error: ${runs.map((e) => e.status).join(', ')}`);
			assert.deepEqual(runs.filter((e) => e !== failed).map((e) => e.status), ['success']);
			assert.equal(output(failed, 'Release').length, 1);
			return `execution ${failed.id} released ${eventOf(failed)?.eventId}`;
		});

		await t.check('a later poll delivers the released event again; it runs to Complete', async () => {
			const event = eventOf(failed!)!;
			const again = await until('the re-delivered run', async () => (await finished()).find((e) => e.id !== failed!.id && eventOf(e)?.eventId === event.eventId), 150_000);
			assert.equal(again.status, 'success', again.data?.resultData.error?.message);
			assert.equal(eventOf(again)?.deliveredBy, 'redelivery');
			assert.equal(output(again, 'Complete').length, 1);
			return `execution ${again.id}`;
		});

		await t.check('each order has exactly one note in Odoo, and no run is left over', async () => {
			const notes = sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['res_id', 'in', orders], ['body', 'ilike', NOTE]], ['res_id']);
			assert.deepEqual(notes.map((m) => m.res_id).sort(), [...orders].sort());
			const all = await finished();
			assert.equal(all.length, 3, all.map((e) => `${e.id} ${e.status} ${eventOf(e)?.deliveredBy}`).join('; '));
			return odooDatetime(new Date());
		});
	} finally {
		await n8n?.dispose();
		await sim.close();
	}
};
