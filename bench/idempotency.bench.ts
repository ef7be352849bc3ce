/**
 * Idempotency Guard benchmark: 100,000 items, 10% of them repeats of an earlier key, through the node in n8n's own
 * execution engine (in process), with the Local store and with Redis; plus the Local store's memory per key at
 * 1,000,000 keys. Each scenario runs in a child process of its own, so that its peak memory is its own.
 *
 *   npx ts-node --transpile-only bench/idempotency.bench.ts [--only local,local-expression,redis,memory]
 *
 * n8n's Remove Duplicates node lives in n8n-nodes-base, which is not a dependency of this package, so it does not run
 * here: its figures are the recorded anchor, printed as such with their source.
 */
import '../test/helpers/env';
import { spawnSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';
import { checkAndClaim, resolveKeys } from '../nodes/IdempotencyGuard/guard';
import { IdempotencyGuard } from '../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { LocalStore } from '../nodes/IdempotencyGuard/stores/LocalStore';
import { closeRedisConnections } from '../nodes/IdempotencyGuard/stores/redisConnection';
import { runWorkflow } from '../test/helpers/n8n';
import { redisCredential, startRedis } from '../test/helpers/redis';

const ITEMS = 100_000;
const DISTINCT = 90_000;
const MEMORY_KEYS = 1_000_000;
const GUARD = 'Idempotency Guard';

/** Recorded anchor, not run here: /work/shared/research/anchor-baselines.md, Baseline B (n8n 1.123.81, sqlite, regular mode). */
const REMOVE_DUPLICATES_ANCHOR = {
	source: 'anchor-baselines.md, Baseline B: Remove Duplicates v2, "Remove Items Processed in Previous Executions", 100k, first run',
	nodeSeconds: 14.97,
	wallSecondsMinusEmpty: 38.89,
	peakRssMiB: 1086,
};

interface ScenarioResult {
	name: string;
	nodeSeconds: number;
	workflowSeconds: number;
	newItems: number;
	duplicateItems: number;
	peakRssMiB: number;
}

const dataset = (): IDataObject[] => Array.from({ length: ITEMS }, (_unused, i) => ({ eventId: `evt-${i % DISTINCT}`, i }));

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function throughput(name: string, parameters: IDataObject, redisPort?: number): Promise<ScenarioResult> {
	const started = process.hrtime.bigint();
	const result = await runWorkflow({
		items: dataset(),
		nodeTypes: { idempotencyGuard: new IdempotencyGuard() },
		chain: [{ name: GUARD, type: 'idempotencyGuard', parameters: parameters as never, credentials: redisPort ? ['odooLogisticsRedis'] : [] }],
		credentials: redisPort ? { odooLogisticsRedis: redisCredential(redisPort) } : {},
		workflowId: `bench-${name}`,
	});
	const workflowSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.status !== 'success') throw result.error(GUARD) ?? new Error(`run ${result.status}`);
	await closeRedisConnections();
	return {
		name,
		nodeSeconds: result.run.data.resultData.runData[GUARD][0].executionTime / 1000,
		workflowSeconds,
		newItems: result.output(GUARD, 0).length,
		duplicateItems: result.output(GUARD, 1).length,
		peakRssMiB: peakRssMiB(),
	};
}

interface MemoryResult {
	keys: number;
	bytesPerKey: number;
	claimSeconds: number;
	reloadSeconds: number;
}

/** Memory of the Local store per key, measured after garbage collection (run with --expose-gc), then its reload time. */
async function bytesPerKey(): Promise<MemoryResult> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with node --expose-gc');
	const used = () => {
		gc();
		const memory = process.memoryUsage();
		return memory.heapUsed + memory.arrayBuffers;
	};
	const file = join(mkdtempSync(join(tmpdir(), 'idempotency-bench-')), 'journal');
	const store = await LocalStore.open(file, { maxKeys: MEMORY_KEYS });
	const before = used();
	const batch = 10_000;
	const started = process.hrtime.bigint();
	const policy = { scope: 'workflow:Xb7hQk2nLp9RtY3w', ttlMs: 86_400_000, leaseMs: 600_000 };
	for (let start = 0; start < MEMORY_KEYS; start += batch) {
		const items = Array.from({ length: batch }, (_unused, i) => ({ eventId: `evt-${String(start + i).padStart(8, '0')}` }));
		await checkAndClaim(store, resolveKeys(items, { mode: 'field', path: 'eventId' }), undefined, policy);
	}
	const claimSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	const after = used();
	if (store.size !== MEMORY_KEYS) throw new Error(`store holds ${store.size} keys`);
	await store.close();
	const reloadStarted = process.hrtime.bigint();
	const reloaded = await LocalStore.open(file, { maxKeys: MEMORY_KEYS });
	const reloadSeconds = Number(process.hrtime.bigint() - reloadStarted) / 1e9;
	if (reloaded.size !== MEMORY_KEYS) throw new Error(`reloaded store holds ${reloaded.size} keys`);
	return { keys: MEMORY_KEYS, bytesPerKey: (after - before) / MEMORY_KEYS, claimSeconds, reloadSeconds };
}

async function scenario(name: string, redisPort?: number): Promise<unknown> {
	const folder = mkdtempSync(join(tmpdir(), 'idempotency-bench-'));
	const local = { options: { storeFolder: folder, maxKeys: 1_000_000 } };
	switch (name) {
		case 'local':
			return throughput('Local, key field', local);
		case 'local-expression':
			return throughput('Local, key expression', { ...local, keySource: 'expression', keyExpression: '={{ $json.eventId }}' });
		case 'redis':
			return throughput('Redis, key field', { store: 'redis' }, redisPort);
		case 'memory':
			return bytesPerKey();
	}
	throw new Error(`unknown scenario ${name}`);
}

function runChild(name: string, redisPort?: number): unknown {
	const child = spawnSync(
		process.execPath,
		['--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, '--scenario', name, String(redisPort ?? '')],
		{ cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 26 },
	);
	if (child.status !== 0) throw new Error(`scenario ${name} failed: ${child.stderr}`);
	return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const rate = (seconds: number) => Math.round(ITEMS / seconds).toLocaleString('en-US');

const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const THROUGHPUT = ['local', 'local-expression', 'redis'].filter((name) => !ONLY || ONLY.includes(name));

function printMemory(memory: MemoryResult): void {
	console.log(
		`\nLocal store memory: ${fixed(memory.bytesPerKey, 1)} bytes per key at ${memory.keys.toLocaleString('en-US')} keys (heap + array buffers after GC); claiming them took ${fixed(memory.claimSeconds)} s (batches of 10,000), reloading them from the journal after a restart ${fixed(memory.reloadSeconds)} s.`,
	);
	console.log(`Target Local ≤ 300 bytes per key at 1,000,000 keys: ${fixed(memory.bytesPerKey, 1)} (${memory.bytesPerKey <= 300 ? 'met' : 'MISSED'})`);
}

async function main(): Promise<void> {
	const redis = THROUGHPUT.length > 0 ? await startRedis() : undefined;
	let results: ScenarioResult[];
	try {
		results = THROUGHPUT.map((name) => runChild(name, redis?.port) as ScenarioResult);
	} finally {
		await redis?.stop();
	}
	const memory = !ONLY || ONLY.includes('memory') ? (runChild('memory') as MemoryResult) : undefined;
	if (results.length === 0) {
		if (memory) printMemory(memory);
		return;
	}
	const anchorRate = ITEMS / REMOVE_DUPLICATES_ANCHOR.nodeSeconds;
	console.log(`Idempotency Guard, ${ITEMS.toLocaleString('en-US')} items, ${DISTINCT.toLocaleString('en-US')} distinct keys (10% repeats), first run`);
	console.log('node: the node\'s execution time in n8n\'s run data; workflow: the whole in-process execution; RSS: the scenario process\'s peak\n');
	console.log('| scenario | node s | items/s (node) | × Remove Duplicates | workflow s | New / Duplicate | peak RSS MiB |');
	console.log('|---|---|---|---|---|---|---|');
	for (const r of results) {
		console.log(
			`| ${r.name} | ${fixed(r.nodeSeconds)} | ${rate(r.nodeSeconds)} | ${fixed(ITEMS / r.nodeSeconds / anchorRate, 1)}× | ${fixed(r.workflowSeconds)} | ${r.newItems} / ${r.duplicateItems} | ${fixed(r.peakRssMiB, 0)} |`,
		);
	}
	const a = REMOVE_DUPLICATES_ANCHOR;
	console.log(
		`| Remove Duplicates (RECORDED ANCHOR, not run here) | ${fixed(a.nodeSeconds)} | ${rate(a.nodeSeconds)} | 1.0× | ${fixed(a.wallSecondsMinusEmpty)} (n8n execute wall − empty) | 100000 / 0 | ${a.peakRssMiB} (whole n8n process) |`,
	);
	console.log(`\nAnchor source: ${a.source}.`);
	if (memory) printMemory(memory);
	const byName = (name: string) => results.find((r) => r.name.toLowerCase().startsWith(name));
	const local = byName('local, key field');
	const redisResult = byName('redis');
	console.log('\nTargets:');
	if (local) console.log(`  Local ≥ 10× Remove Duplicates: ${fixed(ITEMS / local.nodeSeconds / anchorRate, 1)}× (against the recorded anchor)`);
	if (redisResult) console.log(`  Redis ≥ 20,000 keys/s: ${rate(redisResult.nodeSeconds)} keys/s`);
}

const scenarioIndex = process.argv.indexOf('--scenario');
if (scenarioIndex >= 0) {
	const port = Number(process.argv[scenarioIndex + 2]) || undefined;
	scenario(process.argv[scenarioIndex + 1], port).then(
		(result) => {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error: Error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		},
	);
} else {
	main().catch((error: Error) => {
		console.error(error);
		process.exit(1);
	});
}
