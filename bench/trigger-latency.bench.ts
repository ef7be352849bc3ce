/**
 * Odoo Logistics Trigger latency: `npx ts-node --prefer-ts-exts --transpile-only bench/trigger-latency.bench.ts [--changes 200]
 * [--poll-seconds 5]` (`--prefer-ts-exts`: the node's codex, `OdooLogisticsTrigger.node.json`, would shadow its source).
 *
 * From an Odoo change (the start of the `action_confirm` call that confirms a sale order) to the start of the
 * workflow execution it triggers, for Webhook delivery and for Polling delivery, side by side against the simulated
 * Odoo 18 (webhooks sent before the commit) and Odoo 19 (after it). The node runs in n8n-core's contexts and its
 * executions in n8n-core's WorkflowExecute; webhooks travel over real HTTP. Changes arrive at random moments.
 *
 * Polling latency is set by the poll interval: n8n polls at most once a minute, so a real installation waits about
 * half a minute on average. The bench polls every few seconds to stay short, and prints what that interval implies.
 */
import '../test/helpers/env';

import type { OdooClient } from '../nodes/shared/odoo';
import type { OdooSimulator } from '../test/odoo-sim';
import { adminCredential, demoOrder, odooOnRealTime, TriggerHarness, waitFor } from '../test/nodes/OdooLogisticsTrigger/harness';
import { runBenchmark } from './common';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? Number(args[index + 1]) : fallback;
};
const CHANGES = option('changes', 200);
const POLL_MS = option('poll-seconds', 5) * 1000;
/** Changes arrive every 0 to this many ms. */
const MAX_GAP_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function draftOrders(sim: OdooSimulator, odoo: OdooClient, count: number): Promise<number[]> {
	const vals = demoOrder(sim);
	return odoo.create('sale.order', Array.from({ length: count }, () => vals));
}

/** Confirms the orders one call each, at random moments, noting in `started` when each call began. */
async function confirmAtRandom(odoo: OdooClient, orders: number[], started: Map<number, number>): Promise<void> {
	for (const order of orders) {
		await sleep(Math.random() * MAX_GAP_MS);
		started.set(order, performance.now());
		await odoo.call('sale.order', 'action_confirm', [order]);
	}
}

async function webhookLatencies(sim: OdooSimulator, odoo: OdooClient): Promise<number[]> {
	const harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, adminCredential(sim));
	await harness.listen();
	await harness.activate();
	try {
		const started = new Map<number, number>();
		await confirmAtRandom(odoo, await draftOrders(sim, odoo, CHANGES), started);
		await waitFor(() => harness.starts.length >= CHANGES, 'every webhook execution', 120_000);
		return harness.starts.map(({ at, events }) => at - started.get(events[0].recordId)!);
	} finally {
		await harness.hook('delete');
		await sim.flushWebhooks();
		await harness.close();
	}
}

async function pollingLatencies(sim: OdooSimulator, odoo: OdooClient): Promise<{ latencies: number[]; pollMs: number[] }> {
	const harness = new TriggerHarness({ delivery: 'polling', event: 'saleOrderConfirmed' }, adminCredential(sim));
	await harness.poll();
	const orders = await draftOrders(sim, odoo, CHANGES);
	const latencies: number[] = [];
	const pollMs: number[] = [];
	const started = new Map<number, number>();
	const changes = confirmAtRandom(odoo, orders, started);
	while (latencies.length < CHANGES) {
		await sleep(POLL_MS);
		const before = performance.now();
		const events = (await harness.poll()) ?? [];
		const at = performance.now();
		pollMs.push(at - before);
		for (const event of events) latencies.push(at - started.get(event.recordId)!);
	}
	await changes;
	return { latencies, pollMs };
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

async function main(): Promise<void> {
	console.log(`Odoo change → workflow execution start; ${CHANGES} sale order confirmations per run, one call each, 0-${MAX_GAP_MS} ms apart.\n`);
	console.log(`${'Odoo'.padEnd(6)}${'delivery'.padEnd(28)}${'p50'.padStart(10)}${'p95'.padStart(10)}`);
	for (const version of ['18.0', '19.0'] as const) {
		// Demo data written before the triggers start, and the clock on real time, like n8n's.
		const { sim, odoo } = await odooOnRealTime(version);
		try {
			const webhook = await webhookLatencies(sim, odoo);
			console.log(`${version.padEnd(6)}${'webhook'.padEnd(28)}${ms(percentile(webhook, 50)).padStart(10)}${ms(percentile(webhook, 95)).padStart(10)}`);
			const { latencies, pollMs } = await pollingLatencies(sim, odoo);
			const label = `polling every ${POLL_MS / 1000} s`;
			console.log(`${version.padEnd(6)}${label.padEnd(28)}${ms(percentile(latencies, 50)).padStart(10)}${ms(percentile(latencies, 95)).padStart(10)}`);
			console.log(`${''.padEnd(6)}${'  (one poll took'.padEnd(28)}${ms(percentile(pollMs, 50)).padStart(10)}${`${ms(percentile(pollMs, 95))})`.padStart(11)}`);
		} finally {
			odoo.close();
			await sim.close();
		}
	}
	console.log(
		`\nPolling waits for the next poll: about half the interval at p50 and the whole interval at p95. n8n polls at most once a minute: expect about 30 s and 57 s there.`,
	);
}

runBenchmark(main);
