/**
 * The package against its anchors, side by side in the real n8n (1.123.81 by default): every workflow runs by
 * `n8n execute` in one n8n user folder where the packed package is installed as users install it.
 *
 * 1. Odoo: n8n's built-in Odoo node (`n8n-nodes-base.odoo` v1) against Odoo Logistics (`odooLogistics`), both talking
 *    to the Odoo simulator (Odoo 18.0, +20 ms per request) that runs in this process and counts the requests.
 * 2. Dedupe: 100,000 items, 10% of them repeats of an earlier key, through Remove Duplicates v2 ("Remove Items
 *    Processed in Previous Executions", history 1,000,000) against the Idempotency Guard's Check & Claim, with the
 *    Local store (by default, and with Pass New Items Unchanged) and with a real redis-server. n8n's No Operation node
 *    on the same items shows n8n's own share of every node's time (preparing its input and output): its ratio to
 *    Remove Duplicates is the most any node can reach in that setting.
 *
 * Per run: node = the node's executionTime in the saved run; wall = the whole `n8n execute` process, also minus an
 * empty workflow (Manual Trigger only); RSS = the process's peak from /usr/bin/time -v; load1 when the run started.
 * The n8n settings match the anchor measurements: Code nodes in process (task runners off), legacy expression engine;
 * `--runners on` runs Code nodes in n8n's task runners instead, where their items come back as plain objects; n8n 2.x
 * has no in-process Code node, so there the setting changes nothing.
 *
 *   npx ts-node --transpile-only bench/anchors.ts [--only odoo|dedupe] [--line 1.x|2.x] [--records 1000] [--items 100000]
 *     [--runners on|off] [--cases make,noop,rd,local,unchanged,redis] [--profile <folder>]
 */
import { randomUUID } from 'crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { loadavg } from 'os';
import { join } from 'path';
import { n8nEnv } from '../test/e2e/install-n8n';
import { linesFromArgs, type Line } from '../test/e2e/lines';
import { prepareN8n, type CredentialFixture, type N8nInstance, type WorkflowFixture } from '../test/e2e/n8n-instance';
import { packPackage } from '../test/e2e/pack';
import { run } from '../test/e2e/proc';
import { redisCredential, startRedis, type RedisServer } from '../test/helpers/redis';
import { startOdooSimulator, type OdooSimulator } from '../test/odoo-sim';

const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const ONLY = arg('--only');
const LINE: Line = arg('--line') ? linesFromArgs(argv)[0] : '1.x';
const RECORDS = Number(arg('--records') ?? 1000);
const ITEMS = Number(arg('--items') ?? 100_000);
const LATENCY_MS = 20;

const PACKAGE = 'n8n-nodes-odoo-logistics';
/**
 * `--runners on` runs Code nodes in n8n's task runners; off (the default, as the anchors were measured) runs them in
 * process, where their output items reach the next node as vm2 sandbox proxies. n8n 2.x always uses task runners.
 */
const RUNNERS = argv.includes('--runners') && arg('--runners') !== 'off';
/** `--profile <folder>`: a V8 CPU profile of every `n8n execute` into that folder. */
const PROFILE = arg('--profile');
/** `--cases make,noop,rd,local,unchanged,redis`: which dedupe workflows run (all by default). */
const DEDUPE_CASES = (arg('--cases') ?? 'make,noop,rd,local,unchanged,redis').split(',');
const ENV = { N8N_RUNNERS_ENABLED: String(RUNNERS), N8N_EXPRESSION_ENGINE: 'legacy' };

// ------------------------------------------------------------------------------------------------ workflows

interface NodeJson {
	name: string;
	type: string;
	typeVersion?: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

const credential = (fixture: CredentialFixture) => ({ [fixture.type]: { id: fixture.id, name: fixture.name } });
const code = (name: string, jsCode: string): NodeJson => ({ name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } });

/** Manual Trigger, then the nodes one after the other; the last node's name is `Measured` when there is one. */
function workflow(id: string, ...nodes: NodeJson[]): WorkflowFixture {
	const chain = [{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', parameters: {} }, ...nodes];
	const connections: Record<string, unknown> = {};
	chain.slice(1).forEach((node, i) => (connections[chain[i].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] }));
	return {
		id,
		name: `Bench ${id}`,
		settings: { executionOrder: 'v1' },
		nodes: chain.map((node, i) => ({ typeVersion: 1, ...node, id: randomUUID(), position: [i * 220, 0] })),
		connections,
	};
}

// Items as the anchor workflows make them; the name prefix and the ids come from the environment of each run.
const makeNames = code('Make items', `const tag = $env.BENCH_TAG;\nreturn Array.from({ length: ${RECORDS} }, (_, i) => ({ json: { name: tag + String(i).padStart(4, '0'), idx: i } }));`);
const makeIds = code('Make ids', `return $env.BENCH_IDS.split(',').map((id) => ({ json: { id: Number(id) } }));`);
const makeUpdates = code('Make updates', `return $env.BENCH_IDS.split(',').map((id, i) => ({ json: { id: Number(id), phone: String(i) } }));`);
const oneItem = code('One item', `return [{ json: { tag: $env.BENCH_TAG } }];`);
const makeKeys = code('Make items', `const n = ${ITEMS};\nconst u = Math.round(n * 0.9);\nconst out = new Array(n);\nfor (let i = 0; i < n; i++) out[i] = { json: { key: 'k' + (i % u), i } };\nreturn out;`);

// ------------------------------------------------------------------------------------------------ measuring

interface Measure {
	ok: boolean;
	error?: string;
	nodeS: number;
	wallS: number;
	rssMiB: number;
	load1: number;
	outputs: number[];
	requests?: number;
	calls?: string;
}

const emptyWall: number[] = [];

/** `n8n execute` under /usr/bin/time -v; the node called `Measured` is the one timed. */
async function execute(n8n: N8nInstance, id: string, env: Record<string, string> = {}): Promise<Measure> {
	const [timeFile, outFile] = ['time', 'stdout'].map((ext) => join(n8n.workDir, `${id}.${ext}`));
	const load1 = loadavg()[0];
	const started = process.hrtime.bigint();
	// stdout into a file: n8n exits right after printing the run, and a pipe can lose the end of a large one.
	const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`, `--cpu-prof-name=${id}.cpuprofile`] : [];
	const command = ['/usr/bin/time', '-v', '-o', timeFile, n8n.install.nodeBin, ...profile, n8n.install.n8nBin, 'execute', `--id=${id}`, '--rawOutput'];
	const res = await run('sh', ['-c', 'exec "$@" > "$0"', outFile, ...command], {
		env: n8nEnv(n8n.install, {
			...ENV,
			N8N_USER_FOLDER: n8n.userFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...env,
		}),
		check: false,
	});
	const wallS = Number(process.hrtime.bigint() - started) / 1e9;
	const rssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1] ?? 0);
	res.stdout = readFileSync(outFile, 'utf8');
	rmSync(outFile);
	type Run = { status: string; data: { resultData: { error?: { message: string }; runData: Record<string, Array<{ executionTime: number; error?: { message: string }; data?: { main: Array<unknown[] | null> } }>> } } };
	const json = res.stdout.match(/^\{[\s\S]*^\}/m)?.[0];
	const irun = json ? (JSON.parse(json) as Run) : undefined;
	const measured = irun?.data.resultData.runData.Measured?.[0];
	const ok = irun?.status === 'success';
	return {
		ok,
		error: ok ? undefined : (irun?.data.resultData.error?.message ?? `exit ${res.code}, status ${irun?.status}: ${(res.stderr.trim() || res.stdout.trim()).split('\n').slice(-5).join(' | ').slice(-500)}`),
		nodeS: (measured?.executionTime ?? NaN) / 1000,
		wallS,
		rssMiB: rssKiB / 1024,
		load1,
		outputs: (measured?.data?.main ?? []).map((items) => items?.length ?? 0),
	};
}

/** Like `execute`, with the simulator's request count and calls. */
async function executeOdoo(n8n: N8nInstance, sim: OdooSimulator, id: string, env: Record<string, string> = {}): Promise<Measure> {
	sim.stats.reset();
	const m = await execute(n8n, id, env);
	const calls: Record<string, number> = {};
	for (const { model, method } of sim.stats.calls) {
		const key = model ? `${model}.${method}` : method;
		calls[key] = (calls[key] ?? 0) + 1;
	}
	return { ...m, requests: sim.stats.requests, calls: Object.entries(calls).map(([k, v]) => `${v} ${k}`).join(', ') };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer().once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
	samples: number[];
	timeDeltas: number[];
}

/**
 * From a CPU profile: seconds from the first sample inside the node's `execute` (`entry`: function name and file) to
 * the last sample in any function of the node's files (`files`). This leaves out what n8n does with the node's input
 * before calling it, which is part of the node's executionTime.
 */
function executeSpanS(profileFile: string, entry: { name: string; file: RegExp }, files: RegExp): number {
	const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const inEntry = new Map<number, boolean>();
	const inFiles = new Map<number, boolean>();
	const mark = (id: number): void => {
		if (inEntry.has(id)) return;
		const { callFrame } = byId.get(id)!;
		const up = parent.get(id);
		if (up !== undefined) mark(up);
		inEntry.set(id, (up !== undefined && inEntry.get(up)!) || (callFrame.functionName === entry.name && entry.file.test(callFrame.url)));
		inFiles.set(id, (up !== undefined && inFiles.get(up)!) || (callFrame.lineNumber > 0 && files.test(callFrame.url)));
	};
	let time = 0;
	let first = NaN;
	let last = NaN;
	profile.samples.forEach((id, i) => {
		time += profile.timeDeltas[i];
		mark(id);
		if (Number.isNaN(first) && inEntry.get(id)) first = time;
		if (!Number.isNaN(first) && inFiles.get(id)) last = time;
	});
	return (last - first) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const s = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const overEmpty = (m: Measure) => m.wallS - median(emptyWall);
/** a ÷ b, or a floor when b is within the noise of the empty run (±0.4 s). */
const ratio = (a: number, b: number, floor = 0) => (b > floor ? a / b : a / floor);
const x = (a: number, b: number, floor = 0) => `${b > floor ? '' : '≥ '}${ratio(a, b, floor).toFixed(1)}×`;

function table(rows: string[][]): void {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	rows.forEach((r, i) => {
		console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
		if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	});
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

// ------------------------------------------------------------------------------------------------ 1. Odoo

async function odooBench(n8n: N8nInstance, sim: OdooSimulator, builtinCred: CredentialFixture, oursCred: CredentialFixture): Promise<void> {
	const builtin = (operation: Record<string, unknown>): NodeJson => ({ name: 'Measured', type: 'n8n-nodes-base.odoo', parameters: operation, credentials: credential(builtinCred) });
	const ours = (operation: string, parameters: Record<string, unknown>): NodeJson => ({
		name: 'Measured',
		type: `${PACKAGE}.odooLogistics`,
		parameters: { resource: 'record', operation, model: { __rl: true, mode: 'name', value: 'res.partner' }, ...parameters },
		credentials: credential(oursCred),
	});
	const recordId = '={{ $json.id }}';
	const flows = {
		biCreate: workflow('anbBiCreate', makeNames, builtin({ resource: 'contact', operation: 'create', contactName: '={{ $json.name }}', additionalFields: {} })),
		biGetAll: workflow('anbBiGetAll', oneItem, builtin({
			resource: 'custom', customResource: 'res.partner', operation: 'getAll', returnAll: true, options: {},
			filterRequest: { filter: [{ fieldName: 'name', operator: 'like', value: '={{ $env.BENCH_TAG }}' }] },
		})),
		biGet: workflow('anbBiGet', makeIds, builtin({ resource: 'contact', operation: 'get', contactId: recordId })),
		biUpdate: workflow('anbBiUpdate', makeUpdates, builtin({ resource: 'contact', operation: 'update', contactId: recordId, updateFields: { phone: '={{ $json.phone }}' } })),
		olCreate: workflow('anbOlCreate', makeNames, ours('create', { valuesMode: 'json', valuesJson: '={{ JSON.stringify({ name: $json.name }) }}', options: {} })),
		olGetMany: workflow('anbOlGetMany', oneItem, ours('getMany', { filterMode: 'domain', domain: '={{ JSON.stringify([["name", "=like", $env.BENCH_TAG + "%"]]) }}', returnAll: true, options: {} })),
		olGet: workflow('anbOlGet', makeIds, ours('get', { recordId, options: {} })),
		olUpdate: workflow('anbOlUpdate', makeUpdates, ours('update', { recordId, valuesMode: 'json', valuesJson: '={{ JSON.stringify({ phone: $json.phone }) }}', options: {} })),
	};
	await importWorkflows(n8n, Object.values(flows));

	const partners = sim.env('res.partner');
	const side = async (prefix: 'bi' | 'ol', tag: string) => {
		const create = await executeOdoo(n8n, sim, flows[`${prefix}Create`].id, { BENCH_TAG: tag });
		const ids = partners.search([['name', '=like', `${tag}%`]], { order: 'name' });
		const env = { BENCH_TAG: tag, BENCH_IDS: ids.join(',') };
		const getMany = await executeOdoo(n8n, sim, flows[prefix === 'bi' ? 'biGetAll' : 'olGetMany'].id, env);
		const get = await executeOdoo(n8n, sim, flows[`${prefix}Get`].id, env);
		const update = await executeOdoo(n8n, sim, flows[`${prefix}Update`].id, env);
		const phones = partners.read(ids, ['phone']).filter((p, i) => p.phone === String(i)).length;
		return { create, getMany, get, update, created: ids.length, phones };
	};
	const bi = await side('bi', `anb-bi-${Date.now()}-`);
	const ol = await side('ol', `anb-ol-${Date.now()}-`);

	const check = (m: Measure, expected: string) => (m.ok ? expected : `FAILED: ${m.error}`);
	const row = (who: string, what: string, m: Measure, result: string) => [
		who, what, String(m.requests), m.calls ?? '', s(m.nodeS), s(m.wallS), s(overEmpty(m)), m.load1.toFixed(2), check(m, result),
	];
	console.log(`\n## Odoo: ${RECORDS} records, simulator Odoo ${sim.version}, +${LATENCY_MS} ms per request, n8n ${n8n.install.n8nVersion} (${LINE})\n`);
	table([
		['node', 'workflow', 'requests', 'calls', 'node s', 'wall s', 'wall − empty s', 'load1', 'result'],
		row('built-in Odoo', 'create (contact)', bi.create, `${bi.created} in Odoo`),
		row('Odoo Logistics', 'Record create', ol.create, `${ol.created} in Odoo`),
		row('built-in Odoo', 'get many (custom, name like)', bi.getMany, `${bi.getMany.outputs[0]} items`),
		row('Odoo Logistics', 'Record get many (domain)', ol.getMany, `${ol.getMany.outputs[0]} items`),
		row('built-in Odoo', 'get (contact, per item)', bi.get, `${bi.get.outputs[0]} items`),
		row('Odoo Logistics', 'Record get (by ids)', ol.get, `${ol.get.outputs[0]} items`),
		row('built-in Odoo', 'update phone (contact)', bi.update, `${bi.phones} phones = index`),
		row('Odoo Logistics', 'Record update, values per item', ol.update, `${ol.phones} phones = index`),
	]);
	const targets: Array<[string, Measure, Measure, number, number?]> = [
		['create', bi.create, ol.create, 10, 20],
		['read: get by ids vs built-in get per item', bi.get, ol.get, 10, 20],
		['read: get many vs built-in get many', bi.getMany, ol.getMany, 10, 20],
		['update, different values', bi.update, ol.update, 5],
	];
	console.log(`\nRatios (built-in ÷ Odoo Logistics; "≥" where Odoo Logistics's wall − empty is under 0.4 s, the empty run's noise, and 0.4 s is used):\n`);
	table([
		['operation', 'fewer requests', 'less node time', 'less wall − empty', 'less wall', 'target', 'verdict'],
		...targets.map(([name, b, o, wallTarget, requestTarget]) => {
			const requestsOk = requestTarget === undefined || ratio(b.requests!, o.requests!) >= requestTarget;
			const met = b.ok && o.ok && requestsOk && ratio(overEmpty(b), overEmpty(o), 0.4) >= wallTarget;
			return [
				name, x(b.requests!, o.requests!), x(b.nodeS, o.nodeS), x(overEmpty(b), overEmpty(o), 0.4), x(b.wallS, o.wallS),
				`${requestTarget ? `≥ ${requestTarget}× fewer requests, ` : ''}≥ ${wallTarget}× less wall`, verdict(met),
			];
		}),
	]);
}

// ------------------------------------------------------------------------------------------------ 2. Dedupe

async function dedupeBench(n8n: N8nInstance, redisCred: CredentialFixture): Promise<void> {
	const unchangedStore = join(n8n.workDir, 'guard-store-unchanged');
	mkdirSync(unchangedStore, { recursive: true });
	const guard = (store: string, parameters: Record<string, unknown>, credentials?: NodeJson['credentials']): NodeJson => ({
		name: 'Measured',
		type: `${PACKAGE}.idempotencyGuard`,
		parameters: { operation: 'checkAndClaim', store, keySource: 'field', keyField: 'key', ...parameters },
		credentials,
	});
	const flows = {
		make: workflow('anbDdMake', makeKeys),
		// n8n's own per-item work for any node that takes these items: its input prepared, its output saved.
		noOp: workflow('anbDdNoOp', makeKeys, { name: 'Measured', type: 'n8n-nodes-base.noOp', parameters: {} }),
		removeDuplicates: workflow('anbDdRemoveDup', makeKeys, {
			name: 'Measured', type: 'n8n-nodes-base.removeDuplicates', typeVersion: 2,
			parameters: {
				operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.key }}',
				options: { scope: 'node', historySize: 1_000_000 },
			},
		}),
		local: workflow('anbDdLocal', makeKeys, guard('local', { options: { maxKeys: 1_000_000 } })),
		// A store file of its own, so that it starts empty like the first Local run's.
		unchanged: workflow('anbDdLocalUnchanged', makeKeys, guard('local', { options: { maxKeys: 1_000_000, passNewUnchanged: true, storeFolder: unchangedStore } })),
		redis: workflow('anbDdRedis', makeKeys, guard('redis', { options: {} }, credential(redisCred))),
	};
	await importWorkflows(n8n, Object.values(flows));
	const skipped: Measure = { ok: false, error: 'skipped (--cases)', nodeS: NaN, wallS: NaN, rssMiB: NaN, load1: NaN, outputs: [] };
	const runCase = (name: string, id: string) => (DEDUPE_CASES.includes(name) ? execute(n8n, id) : Promise.resolve(skipped));
	const make = await runCase('make', flows.make.id);
	const noOp = await runCase('noop', flows.noOp.id);
	const rd = await runCase('rd', flows.removeDuplicates.id);
	const local = await runCase('local', flows.local.id);
	const unchanged = await runCase('unchanged', flows.unchanged.id);
	const redis = await runCase('redis', flows.redis.id);

	const rate = (m: Measure) => ITEMS / m.nodeS;
	// With --profile: the nodes' own execute() time, without n8n's preparation of their input.
	const ours = { name: 'executeGuard', file: /\/IdempotencyGuard\/execute\.js$/ };
	const spans = PROFILE
		? {
				rd: rd.ok ? executeSpanS(join(PROFILE, `${flows.removeDuplicates.id}.cpuprofile`), { name: 'execute', file: /\/RemoveDuplicatesV2\.node\.js$/ }, /\/RemoveDuplicates\//) : NaN,
				local: local.ok ? executeSpanS(join(PROFILE, `${flows.local.id}.cpuprofile`), ours, /\/IdempotencyGuard\//) : NaN,
				unchanged: unchanged.ok ? executeSpanS(join(PROFILE, `${flows.unchanged.id}.cpuprofile`), ours, /\/IdempotencyGuard\//) : NaN,
				redis: redis.ok ? executeSpanS(join(PROFILE, `${flows.redis.id}.cpuprofile`), ours, /\/IdempotencyGuard\//) : NaN,
			}
		: undefined;
	const row = (name: string, m: Measure) => [
		name, m.ok ? m.outputs.join(' / ') : `FAILED: ${m.error}`, s(m.nodeS), m.ok ? Math.round(rate(m)).toLocaleString('en-US') : '-',
		s(m.wallS), s(overEmpty(m)), s(m.wallS - make.wallS), m.rssMiB.toFixed(0), m.load1.toFixed(2),
	];
	console.log(`\n## Dedupe: ${ITEMS.toLocaleString('en-US')} items, ${(ITEMS * 0.9).toLocaleString('en-US')} distinct keys (10% repeats), first run, n8n ${n8n.install.n8nVersion} (${LINE})\n`);
	table([
		['workflow', 'outputs', 'node s', 'items/s (node)', 'wall s', 'wall − empty s', 'wall − make items s', 'peak RSS MiB', 'load1'],
		['Make items only', make.ok ? '-' : `FAILED: ${make.error}`, '-', '-', s(make.wallS), s(overEmpty(make)), '0.00', make.rssMiB.toFixed(0), make.load1.toFixed(2)],
		row('No Operation (n8n\'s own share)', noOp),
		row('Remove Duplicates (history 1,000,000)', rd),
		row('Idempotency Guard, Local', local),
		row('Idempotency Guard, Local, Pass New Items Unchanged', unchanged),
		row('Idempotency Guard, Redis', redis),
	]);
	console.log('\nOutputs: No Operation and Remove Duplicates kept; the Guard New / Duplicate / Conflict.\n');
	if (spans) {
		console.log("execute() only (CPU profile: first sample in the node's execute to the last in its files; the profiler slows every node alike):\n");
		const spanRow = (name: string, m: Measure, span: number) => [name, s(m.nodeS), s(span), s(m.nodeS - span), Number.isFinite(span) ? Math.round(ITEMS / span).toLocaleString('en-US') : '-'];
		table([
			['workflow', 'node s', 'execute() s', 'n8n before execute() s', 'items/s (execute)'],
			spanRow('Remove Duplicates', rd, spans.rd),
			spanRow('Idempotency Guard, Local', local, spans.local),
			spanRow('Idempotency Guard, Local, New unchanged', unchanged, spans.unchanged),
			spanRow('Idempotency Guard, Redis', redis, spans.redis),
		]);
		console.log(
			`\nexecute() ratio to Remove Duplicates: Local ${(spans.rd / spans.local).toFixed(1)}×, Local with New unchanged ${(spans.rd / spans.unchanged).toFixed(1)}×, Redis ${(spans.rd / spans.redis).toFixed(1)}×\n`,
		);
	}
	table([
		['target', 'measured', 'verdict'],
		['Local ≥ 10× Remove Duplicates items/s', `${(rate(local) / rate(rd)).toFixed(1)}× (wall − make items: ${x(rd.wallS - make.wallS, local.wallS - make.wallS, 0.4)})`, verdict(local.ok && rd.ok && rate(local) / rate(rd) >= 10)],
		['same, Pass New Items Unchanged', `${(rate(unchanged) / rate(rd)).toFixed(1)}× (wall − make items: ${x(rd.wallS - make.wallS, unchanged.wallS - make.wallS, 0.4)})`, verdict(unchanged.ok && rd.ok && rate(unchanged) / rate(rd) >= 10)],
		['(reference) No Operation, a node that does nothing', `${(rate(noOp) / rate(rd)).toFixed(1)}×: n8n's own work on these items bounds every node`, '-'],
		['Redis ≥ 20,000 keys/s', `${Math.round(rate(redis)).toLocaleString('en-US')} keys/s (${(rate(redis) / rate(rd)).toFixed(1)}× Remove Duplicates)`, verdict(redis.ok && rate(redis) >= 20_000)],
	]);
}

// ------------------------------------------------------------------------------------------------ main

async function importWorkflows(n8n: N8nInstance, flows: WorkflowFixture[]): Promise<void> {
	const folder = join(n8n.workDir, 'bench-workflows');
	mkdirSync(folder, { recursive: true });
	for (const wf of flows) writeFileSync(join(folder, `${wf.id}.json`), JSON.stringify({ ...wf, active: false }));
	await n8n.cli(['import:workflow', '--separate', `--input=${folder}`]);
}

async function main(): Promise<void> {
	const started = Date.now();
	const { tarball } = await packPackage();
	let sim: OdooSimulator | undefined;
	let redis: RedisServer | undefined;
	let n8n: N8nInstance | undefined;
	try {
		sim = ONLY === 'dedupe' ? undefined : await startOdooSimulator({ version: '18.0', seed: 'demo', faults: { latencyMs: LATENCY_MS } });
		redis = ONLY === 'odoo' ? undefined : await startRedis();
		const creds: CredentialFixture[] = [
			...(sim
				? [
						{ id: 'anbOdooBuiltin01', name: 'Odoo (built-in)', type: 'odooApi', data: { url: sim.url, username: sim.admin.login, password: sim.admin.password, db: sim.db } },
						{ id: 'anbOdooLogist001', name: 'Odoo Logistics', type: 'odooLogisticsApi', data: { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'auto', ignoreTls: false } },
					]
				: []),
			...(redis ? [{ id: 'anbRedis00000001', name: 'Redis', type: 'odooLogisticsRedis', data: redisCredential(redis.port) }] : []),
		];
		const empty = workflow('anbEmpty');
		n8n = await prepareN8n({ line: LINE, packageTarball: tarball, credentials: creds, workflows: [empty], env: ENV });
		await execute(n8n, empty.id); // warm-up
		for (let i = 0; i < 3; i++) emptyWall.push((await execute(n8n, empty.id)).wallS);
		console.log(`n8n ${n8n.install.n8nVersion} on Node ${n8n.install.nodeVersion}, task runners ${RUNNERS ? 'on' : 'off'}; empty workflow wall ${emptyWall.map(s).join(' / ')} s (median ${s(median(emptyWall))}); load1 ${loadavg()[0].toFixed(2)}`);
		if (sim) await odooBench(n8n, sim, creds[0], creds[1]);
		if (redis) await dedupeBench(n8n, creds[creds.length - 1]);
		console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s; load1 at the end ${loadavg()[0].toFixed(2)}`);
	} finally {
		await n8n?.dispose();
		await redis?.stop();
		await sim?.close();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
