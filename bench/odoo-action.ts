/**
 * Odoo Logistics node against the per-item pattern of n8n's built-in Odoo node, side by side on the simulator with
 * 20 ms of latency per request: create, read and update 1,000 records.
 *
 * - "Odoo Logistics": the node, run by n8n's own workflow execution (n8n-core), in process.
 * - "per item": what the built-in node does (measured with n8n 1.123.81 against Odoo 18, see the anchor below): one
 *   login, then one call per item, one after the other. It is replayed here with the package's Odoo client, without
 *   n8n's per-item overhead, so it is a lower bound for the built-in node.
 * - The anchor: the built-in node's own measured request counts and times, from a real n8n and a real Odoo.
 *
 * Run: npx ts-node --transpile-only bench/odoo-action.ts [records]
 */
import '../test/helpers/env';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OdooClient } from '../nodes/shared/odoo';
import { runWorkflow } from '../test/helpers/n8n';
import { startOdooSimulator, type OdooSimulator } from '../test/odoo-sim';
import { runBenchmark } from './common';

// Under ts-node, 'OdooLogistics.node' resolves to the codex JSON before the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OdooLogistics } = require('../nodes/OdooLogistics/OdooLogistics.node.ts') as typeof import('../nodes/OdooLogistics/OdooLogistics.node');

const RECORDS = Number(process.argv[2] ?? 1000);
const LATENCY_MS = 20;

/** The built-in Odoo node as measured (n8n 1.123.81, Odoo 18.0, N = 200, +20 ms per request): anchor-baselines.md. */
const ANCHOR = {
	source: 'n8n 1.123.81 built-in Odoo node vs Odoo 18.0, N = 200, +20 ms/request (research/anchor-baselines.md)',
	requests: (records: number) => 1 + records,
	createSecondsPer200: 14.24,
	updateSecondsPer200: 13.05,
};

interface Measure {
	requests: number;
	seconds: number;
}

const partner: INodeParameters = { resource: 'record', model: { __rl: true, mode: 'name', value: 'res.partner' } };

async function measure(sim: OdooSimulator, work: () => Promise<void>): Promise<Measure> {
	sim.stats.reset();
	const started = process.hrtime.bigint();
	await work();
	return { requests: sim.stats.requests, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function runNode(sim: OdooSimulator, parameters: INodeParameters, items: IDataObject[]) {
	const result = await runWorkflow({
		items,
		nodeTypes: { odooLogistics: new OdooLogistics() },
		chain: [{ name: 'Odoo', type: 'odooLogistics', parameters, credentials: ['odooLogisticsApi'] }],
		credentials: {
			odooLogisticsApi: { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'auto', ignoreTls: false },
		},
	});
	const error = result.error('Odoo');
	if (error) throw error;
	return result.output('Odoo').map((item) => item.json);
}

/** One login, then one call per item, awaited one after the other. */
async function perItem(sim: OdooSimulator, call: (client: OdooClient, index: number) => Promise<unknown>): Promise<void> {
	const client = new OdooClient({ url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'jsonrpc' });
	try {
		await client.authenticate();
		for (let index = 0; index < RECORDS; index += 1) await call(client, index);
	} finally {
		client.close();
	}
}

function row(name: string, ours: Measure, baseline: Measure, wallTarget: number, requestTarget?: number) {
	const requestRatio = baseline.requests / ours.requests;
	const wallRatio = baseline.seconds / ours.seconds;
	const verdict = wallRatio >= wallTarget && (requestTarget === undefined || requestRatio >= requestTarget) ? 'met' : 'MISSED';
	const targets = `${requestTarget ? `>= ${requestTarget}x fewer requests, ` : ''}>= ${wallTarget}x less time`;
	return [
		name,
		`${ours.requests}`,
		`${ours.seconds.toFixed(2)} s`,
		`${baseline.requests}`,
		`${baseline.seconds.toFixed(2)} s`,
		`${requestRatio.toFixed(1)}x`,
		`${wallRatio.toFixed(1)}x`,
		`${targets}: ${verdict}`,
	];
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
	return rows.map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n');
}

async function main(): Promise<void> {
	const sim = await startOdooSimulator({ seed: 'empty', faults: { latencyMs: LATENCY_MS } });
	try {
		const names = Array.from({ length: RECORDS }, (_, i) => ({ name: `Bench ${i}` }));
		let ids: number[] = [];
		const ours = {
			create: await measure(sim, async () => {
				const output = await runNode(sim, { ...partner, operation: 'create', valuesMode: 'json', valuesJson: '={{ JSON.stringify($json) }}' }, names);
				ids = output.map((json) => json.id as number);
			}),
			read: await measure(sim, async () => {
				await runNode(sim, { ...partner, operation: 'get', recordId: '={{ $json.id }}', options: { fields: ['name', 'phone'] } }, ids.map((id) => ({ id })));
			}),
			update: await measure(sim, async () => {
				await runNode(
					sim,
					{ ...partner, operation: 'update', recordId: '={{ $json.id }}', valuesMode: 'json', valuesJson: '={{ JSON.stringify({ phone: String($json.phone) }) }}' },
					ids.map((id, phone) => ({ id, phone })),
				);
			}),
		};

		const baselineIds: number[] = [];
		const baseline = {
			create: await measure(sim, () =>
				perItem(sim, async (client, index) => {
					baselineIds.push(...(await client.create('res.partner', [{ name: `Baseline ${index}` }])));
				}),
			),
			read: await measure(sim, () => perItem(sim, (client, index) => client.read('res.partner', [baselineIds[index]], ['name', 'phone']))),
			update: await measure(sim, () => perItem(sim, (client, index) => client.write('res.partner', [baselineIds[index]], { phone: String(index) }))),
		};

		const check = sim.env('res.partner').read(ids.slice(0, 3), ['phone']).map((record) => record.phone);
		if (check.join() !== '0,1,2') throw new Error(`the node's update did not land: ${check.join()}`);

		console.log(`Odoo Logistics node vs the per-item pattern: ${RECORDS} records, simulator Odoo 18.0, +${LATENCY_MS} ms per request`);
		console.log('');
		console.log(
			table([
				['operation', 'node requests', 'node wall', 'per-item requests', 'per-item wall', 'fewer requests', 'less time', 'target'],
				row('create', ours.create, baseline.create, 10, 20),
				row('read', ours.read, baseline.read, 10, 20),
				row('update (different values)', ours.update, baseline.update, 5),
			]),
		);
		console.log('');
		console.log(`Anchor, measured elsewhere (${ANCHOR.source}):`);
		console.log(`  requests: 1 login + 1 call per item = ${ANCHOR.requests(RECORDS)} for ${RECORDS} records (create, read by ID, update)`);
		const perRecord = (seconds: number) => (seconds / 200) * RECORDS;
		console.log(
			`  node time at +20 ms: create ${ANCHOR.createSecondsPer200} s and update ${ANCHOR.updateSecondsPer200} s per 200 records, ` +
				`about ${perRecord(ANCHOR.createSecondsPer200).toFixed(0)} s and ${perRecord(ANCHOR.updateSecondsPer200).toFixed(0)} s for ${RECORDS} if linear (extrapolated, not measured here)`,
		);
		console.log(
			`  against the anchor's requests: create ${(ANCHOR.requests(RECORDS) / ours.create.requests).toFixed(0)}x, read ${(ANCHOR.requests(RECORDS) / ours.read.requests).toFixed(0)}x, update ${(ANCHOR.requests(RECORDS) / ours.update.requests).toFixed(1)}x fewer`,
		);
		console.log('');
		console.log('The side by side with the built-in node itself, in a real n8n, is the job of the end-to-end bench.');
	} finally {
		await sim.close();
	}
}

runBenchmark(main);
