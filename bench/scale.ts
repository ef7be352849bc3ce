/**
 * Scale benchmark: throughput of the order-to-ship journey (workflows/order-to-ship.json) in n8n queue mode with 1 and
 * then 2 workers, same setup as the soak test (test/soak/cluster.ts), no faults.
 *
 * The main process takes the Odoo events (confirmed sale orders, by webhook) while no worker runs, so they wait in
 * the queue; then the workers start and the time from the first execution start to the last execution end is the
 * workers' throughput, independent of the webhook intake.
 *
 *   npx ts-node --transpile-only bench/scale.ts [--events 200] [--tarball <packed package>] [--workflow <json file>]
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { WorkflowFixture } from '../test/e2e/n8n-instance';
import { packPackage } from '../test/e2e/pack';
import { forQueueMode, guardKeys, startCluster } from '../test/soak/cluster';
import { confirmOrder, createDraftOrders, webhookRule, withShortReconciliation } from '../test/soak/run';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function argValue(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The template, with a one-minute reconciliation so that an event whose webhook failed still arrives in time. */
function benchWorkflow(file: string): WorkflowFixture {
	return withShortReconciliation({ ...forQueueMode(JSON.parse(readFileSync(file, 'utf8')) as WorkflowFixture), active: true });
}

interface Measure {
	workers: number;
	events: number;
	executions: number;
	failed: number;
	seconds: number;
	eventsPerSecond: number;
}

async function measure(workers: number, events: number, tarball: string, workflow: WorkflowFixture): Promise<Measure> {
	const cluster = await startCluster({ line: '2.x', packageTarball: tarball, workflows: [workflow], workers: 0 });
	try {
		await webhookRule(cluster);
		const drafts = createDraftOrders(cluster, events);
		// Intake at a pace the main process answers within Odoo's 1 s webhook timeout (about 5 a second on 2 shared
		// cores; beyond that nearly every POST times out and the reconciliation poll brings the events in batches).
		for (const orderId of drafts) {
			confirmOrder(cluster, orderId);
			await sleep(250);
		}
		// Until every event is queued, or nothing came for longer than a reconciliation poll period.
		let last = -1;
		let since = Date.now();
		for (;;) {
			const queued = Object.values(await cluster.executionStatuses(workflow.id)).reduce((a, b) => a + b, 0);
			if (queued !== last) [last, since] = [queued, Date.now()];
			if (queued >= events || Date.now() - since > 75_000) break;
			await sleep(5000);
		}
		console.log(`  ${workers} worker(s): ${last} executions queued for ${events} events`);
		await Promise.all(Array.from({ length: workers }, () => cluster.addWorker()));
		for (;;) {
			const statuses = await cluster.executionStatuses(workflow.id);
			const open = (statuses.new ?? 0) + (statuses.running ?? 0);
			if (open === 0 && (await cluster.queueDepth()) === 0) break;
			await sleep(1000);
		}
		const [[executions, failed, span]] = await cluster.postgres.query(
			`SELECT count(*), count(*) FILTER (WHERE status <> 'success'), extract(epoch FROM max("stoppedAt") - min("startedAt")) FROM execution_entity WHERE "workflowId" = '${workflow.id}'`,
		);
		const keys = await guardKeys(cluster.guardRedis, workflow.id, 24 * 3600);
		const completed = [...keys.values()].filter((k) => k.status === 'c').length;
		const seconds = Number(span);
		return { workers, events: completed, executions: Number(executions), failed: Number(failed), seconds, eventsPerSecond: completed / seconds };
	} finally {
		await cluster.dispose();
	}
}

async function main(): Promise<void> {
	const events = Number(argValue('events') ?? 200);
	const tarball = argValue('tarball') ?? (await packPackage()).tarball;
	const workflow = benchWorkflow(argValue('workflow') ?? join(__dirname, '..', 'workflows', 'order-to-ship.json'));
	const results: Measure[] = [];
	for (const workers of [1, 2]) {
		const result = await measure(workers, events, tarball, workflow);
		console.log(`${workers} worker(s): ${result.events} events in ${result.seconds.toFixed(1)} s = ${result.eventsPerSecond.toFixed(1)} events/s (${result.executions} executions, ${result.failed} not successful)`);
		results.push(result);
	}
	const [one, two] = results;
	console.log(`\n| workers | events | executions | not successful | seconds | events/s |\n| --- | --- | --- | --- | --- | --- |`);
	for (const r of results) console.log(`| ${r.workers} | ${r.events} | ${r.executions} | ${r.failed} | ${r.seconds.toFixed(1)} | ${r.eventsPerSecond.toFixed(1)} |`);
	console.log(`\n2 workers / 1 worker: ${(two.eventsPerSecond / one.eventsPerSecond).toFixed(2)}x`);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
