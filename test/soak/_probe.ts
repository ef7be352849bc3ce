import { forQueueMode, startCluster } from './cluster';
import { confirmOrder, createDraftOrders, readFixture, webhookRule } from './run';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
(async () => {
	const wf = forQueueMode(readFixture('soak-order-milestone'), { leaseSeconds: 30 });
	const c = await startCluster({ line: '2.x', packageTarball: '/tmp/soak-pack/n8n-nodes-odoo-logistics-0.1.0.tgz', workflows: [wf], workers: 0 });
	try {
		await webhookRule(c);
		const drafts = createDraftOrders(c, 120);
		let k = 0;
		for (const [rate, n] of [[2, 20], [5, 30], [10, 40]]) {
			c.sim.stats.reset();
			const t0 = Date.now();
			let lag = 0;
			for (let i = 0; i < n; i++) {
				const t = Date.now();
				confirmOrder(c, drafts[k++]);
				await sleep(1000 / rate);
				lag = Math.max(lag, Date.now() - t - 1000 / rate);
			}
			await c.sim.flushWebhooks();
			console.log(`rate ${rate}/s: ${n} events in ${Date.now() - t0} ms, webhooks sent ${c.sim.stats.webhooksSent} failed ${c.sim.stats.webhooksFailed}, max loop lag ${lag} ms, executions ${JSON.stringify(await c.executionStatuses(wf.id))}`);
		}
	} finally {
		await c.dispose();
	}
})().catch((e) => { console.error(e); process.exit(1); });
