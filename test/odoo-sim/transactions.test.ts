import { startOdooSimulator, type OdooSimulator } from './index';
import { rpcError, SimClient, webhookRule } from './testing/sim-client';
import { WebhookSink } from './testing/webhook-sink';

/** A simulator with an "order confirmed" webhook rule pointing at a sink with the given behaviour. */
async function setup(version: '18.0' | '19.0', onPost?: (sim: OdooSimulator) => Promise<void>) {
	const holder: { sim?: OdooSimulator } = {};
	const sink = new WebhookSink(() => onPost?.(holder.sim!));
	const url = await sink.start();
	const sim = await startOdooSimulator({ version, seed: 'demo' });
	holder.sim = sim;
	webhookRule(sim, { model: 'sale.order', trigger: 'on_state_set', state: 'sale', url: `${url}/confirmed`, fields: ['name', 'state'] });
	const [draft] = sim.env('sale.order').search([['state', '=', 'draft']], { order: 'id' });
	return { sim, sink, draft, client: new SimClient(sim), close: async () => (await sim.close(), await sink.close()) };
}

describe('transactions and webhook timing', () => {
	test.each([
		['18.0', 'draft'],
		['19.0', 'sale'],
	] as const)('%s: a receiver reading the record back during the POST sees state %s', async (version, seen) => {
		const observed: unknown[] = [];
		const t = await setup(version, async (sim) => {
			const [row] = (await new SimClient(sim).execute('sale.order', 'read', [[draft]], { fields: ['state'] })) as Array<{ state: string }>;
			observed.push(row.state);
		});
		const draft = t.draft;
		try {
			expect(await t.client.execute('sale.order', 'action_confirm', [[draft]])).toBe(true);
			expect(t.sink.received).toHaveLength(1);
			expect(observed).toEqual([seen]);
			expect(JSON.parse(t.sink.received[0].body).state).toBe('sale');
		} finally {
			await t.close();
		}
	});

	test.each([
		['18.0', 1],
		['19.0', 0],
	] as const)('%s: a call failing after a rule fired sent %i POST (before commit: already sent; after commit: dropped)', async (version, posts) => {
		const sink = new WebhookSink();
		const url = await sink.start();
		const sim = await startOdooSimulator({ version });
		try {
			webhookRule(sim, { model: 'sale.order.line', trigger: 'on_create', url, fields: ['name'] });
			const [partner] = sim.env('res.partner').search([['customer_rank', '>', 0]], { limit: 1 });
			const [product] = sim.env('product.product').search([], { limit: 1 });
			const lines = [[0, 0, { product_id: product }], [0, 0, { product_id: 999999 }]];
			const error = await rpcError(new SimClient(sim).execute('sale.order', 'create', [{ partner_id: partner, order_line: lines }]));
			expect(error.name).toBe('odoo.exceptions.MissingError');
			expect(sink.received).toHaveLength(posts);
		} finally {
			await sim.close();
			await sink.close();
		}
	});

	test('18.0: a receiver writing the record during the POST waits for the triggering call (row lock)', async () => {
		let receiverWrite: Promise<unknown> | undefined;
		const t = await setup('18.0', async (sim) => {
			receiverWrite = new SimClient(sim).execute('sale.order', 'write', [[draft], { client_order_ref: 'FROM-RECEIVER' }]);
			await receiverWrite;
		});
		const draft = t.draft;
		try {
			const started = Date.now();
			expect(await t.client.execute('sale.order', 'action_confirm', [[draft]])).toBe(true);
			// The receiver cannot answer before its own write goes through: Odoo's 1 s webhook timeout breaks the wait.
			expect(Date.now() - started).toBeGreaterThanOrEqual(900);
			expect(t.sim.stats.webhooksFailed).toBe(1);
			expect(await receiverWrite).toBe(true);
			expect(t.sim.env('sale.order').read([draft], ['state', 'client_order_ref'])[0]).toMatchObject({ state: 'sale', client_order_ref: 'FROM-RECEIVER' });
		} finally {
			await t.close();
		}
	});

	test('18.0: a concurrent change committed during the POST makes the triggering call fail and roll back', async () => {
		const t = await setup('18.0', async (sim) => sim.env('sale.order').write([draft], { note: '<p>changed meanwhile</p>' }));
		const draft = t.draft;
		try {
			const error = await rpcError(t.client.execute('sale.order', 'action_confirm', [[draft]]));
			expect([error.name, error.message]).toEqual(['psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update']);
			expect(t.sim.env('sale.order').read([draft], ['state', 'picking_ids'])[0]).toMatchObject({ state: 'draft', picking_ids: [] });
		} finally {
			await t.close();
		}
	});

	test('changes made through env() fire rules too; flushWebhooks waits for their POSTs', async () => {
		const sink = new WebhookSink(() => new Promise((resolve) => setTimeout(resolve, 50)));
		const url = await sink.start();
		const sim = await startOdooSimulator({ seed: 'empty' });
		try {
			webhookRule(sim, { model: 'res.partner', trigger: 'on_create_or_write', triggerFields: ['city'], url, fields: ['city'] });
			const id = sim.env('res.partner').create({ name: 'Direct', city: 'Ghent' });
			sim.env('res.partner').write([id], { city: 'Bruges' });
			await sim.flushWebhooks();
			expect(sink.received.map((p) => JSON.parse(p.body).city)).toEqual(['Ghent', 'Bruges']);
		} finally {
			await sim.close();
			await sink.close();
		}
	});

	test('a failed call leaves no record behind but uses up its id and sequence number', async () => {
		const sim = await startOdooSimulator({ seed: 'empty' });
		try {
			const client = new SimClient(sim);
			const [partner] = sim.env('res.partner').search([['name', '=', 'Marc Demo']]);
			const before = await client.execute('sale.order', 'search_count', [[]]);
			await rpcError(client.execute('sale.order', 'create', [{ partner_id: partner, order_line: [[0, 0, { product_id: 999999 }]] }]));
			expect(await client.execute('sale.order', 'search_count', [[]])).toBe(before);
			const id = (await client.execute('sale.order', 'create', [{ partner_id: partner }])) as number;
			expect(id).toBe(2);
			expect(sim.env('sale.order').read([id], ['name'])[0].name).toBe('S00002');
		} finally {
			await sim.close();
		}
	});
});
