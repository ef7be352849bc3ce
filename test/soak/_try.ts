import { forQueueMode, startCluster } from './cluster';
import { readFixture } from './run';
(async () => {
	const wf = forQueueMode(readFixture('soak-order-milestone'), { leaseSeconds: 30 });
	const c = await startCluster({ line: '2.x', packageTarball: '/tmp/soak-pack/n8n-nodes-odoo-logistics-0.1.0.tgz', workflows: [wf], workers: 1 });
	try {
		let action: Record<string, unknown> | undefined;
		for (let i = 0; i < 120 && !action; i++) {
			[action] = c.sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url', 'name']);
			await new Promise((r) => setTimeout(r, 500));
		}
		if (!action) throw new Error('no rule');
		console.log(action);
		const so = c.sim.env('sale.order');
		const id = so.create({ partner_id: 12, order_line: [[0, 0, { product_id: 2, product_uom_qty: 1 }]] });
		c.sim.stats.reset();
		let t = Date.now();
		so.call('action_confirm', [id]);
		await c.sim.flushWebhooks();
		console.log('sim webhook', Date.now() - t, JSON.stringify({ sent: c.sim.stats.webhooksSent, failed: c.sim.stats.webhooksFailed }));
		const id2 = so.create({ partner_id: 12, order_line: [[0, 0, { product_id: 2, product_uom_qty: 1 }]] });
		so.call('action_confirm', [id2]);
		const payload = { _action: `${String(action.name)}(#${action.id})`, _id: id2, _model: 'sale.order', id: id2, state: 'sale' };
		t = Date.now();
		const r = await fetch(String(action.webhook_url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
		console.log('fetch', r.status, Date.now() - t, await r.text());
		await new Promise((r) => setTimeout(r, 3000));
		console.log(await c.executionStatuses(wf.id));
		console.log(require('fs').readFileSync(c.n8n.logFile, 'utf8').split('\n').filter((l: string) => /webhook|Enqueued|400/.test(l)).slice(-10).join('\n'));
	} finally {
		await c.dispose();
	}
})().catch((e) => { console.error(e); process.exit(1); });
