/**
 * End-to-end check of the one-command demo, run as users run it (a child process), for a bounded time:
 *  1. `demo.ts --duration <s>`: n8n starts with the package and the templates; while the scenario runs, every active
 *     template has successful executions and none failed, and the workflows (n8n's Odoo user, not the scenario's) changed
 *     records in the simulator; a repeated return request is a duplicate for the Idempotency Guard; the demo then stops by itself with exit code 0, leaving no n8n process behind;
 *  2. the same demo stopped with SIGTERM right after it is up: it stops n8n and the simulator and exits 0.
 *
 *   npx ts-node --transpile-only test/demo/demo.check.ts [--line 2.x|1.x] [--duration 90] [--tarball <package .tgz>]
 *       [--workflows <file or folder>]...
 * Last line: "demo check passed" or "demo check FAILED: <reason>"; exit code 0 or 1.
 */
import assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OdooClient } from '../../nodes/shared/odoo';
import { packPackage, PACKAGE_ROOT } from '../e2e/pack';
import { odooDatetime } from './scenario';
import { sleep } from '../e2e/proc';

interface DemoState {
	pid: number;
	n8nPid: number;
	editorUrl: string;
	apiKey: string;
	odoo: { url: string; database: string; login: string; secret: string };
	workflows: Array<{ id: string; name: string; activated: boolean }>;
}

/** Business models the templates act on; automation rules and the like are left out. */
const BUSINESS_MODELS = ['sale.order', 'stock.picking', 'stock.move', 'purchase.order', 'mail.message', 'mail.activity', 'helpdesk.ticket', 'approval.request'];


class DemoProcess {
	readonly child: ChildProcess;

	output = '';

	readonly exited: Promise<number | null>;

	constructor(
		args: string[],
		readonly workDir: string,
	) {
		this.child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'demo.ts'), ...args, '--work-dir', join(workDir, 'n8n'), '--state-file', join(workDir, 'state.json')], {
			cwd: PACKAGE_ROOT,
			env: { ...process.env, ODOO_URL: '', ODOO_DB: '', ODOO_USER: '', ODOO_API_KEY: '' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const collect = (chunk: Buffer) => {
			this.output += chunk.toString();
			process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '    │ '));
		};
		this.child.stdout!.on('data', collect);
		this.child.stderr!.on('data', collect);
		this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
	}

	/** The state file the demo writes once n8n is up. */
	async ready(timeoutMs = 600_000): Promise<DemoState> {
		const file = join(this.workDir, 'state.json');
		const deadline = Date.now() + timeoutMs;
		while (!existsSync(file)) {
			if (this.child.exitCode !== null) throw new Error(`the demo exited ${this.child.exitCode} before n8n was up`);
			if (Date.now() > deadline) throw new Error('n8n was not up in time');
			await sleep(500);
		}
		await sleep(200);
		return JSON.parse(readFileSync(file, 'utf8')) as DemoState;
	}

	kill(): void {
		if (this.child.exitCode === null) this.child.kill('SIGKILL');
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** No process of n8n's process group is left (n8n and its task runner). */
async function groupGone(pgid: number, timeoutMs = 10_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let any = false;
		try {
			process.kill(-pgid, 0);
			any = true;
		} catch {
			// no process in the group
		}
		if (!any) return true;
		if (Date.now() > deadline) return false;
		await sleep(250);
	}
}

async function executions(state: DemoState, workflowId: string): Promise<Array<{ status: string }>> {
	const res = await fetch(`${state.editorUrl}/api/v1/executions?workflowId=${workflowId}&limit=250`, { headers: { 'X-N8N-API-KEY': state.apiKey } });
	assert.equal(res.status, 200, `GET executions of ${workflowId}: HTTP ${res.status}`);
	return ((await res.json()) as { data: Array<{ status: string }> }).data;
}

type RunData = Record<string, Array<{ data?: { main: Array<unknown[] | null> } }>>;

/**
 * The duplicate return requests of the scenario: an execution of the workflow behind the return-request webhook where
 * its Idempotency Guard (Check & Claim) sent the request to its Duplicate output. Undefined if there is no such workflow.
 */
async function duplicatesCaught(state: DemoState): Promise<{ workflow: string; duplicates: number } | undefined> {
	const get = async <T>(path: string) => {
		const res = await fetch(`${state.editorUrl}/api/v1${path}`, { headers: { 'X-N8N-API-KEY': state.apiKey } });
		assert.equal(res.status, 200, `GET ${path}: HTTP ${res.status}`);
		return (await res.json()) as T;
	};
	for (const wf of state.workflows.filter((w) => w.activated)) {
		const { nodes } = await get<{ nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }>(`/workflows/${wf.id}`);
		const webhook = nodes.some((n) => n.type === 'n8n-nodes-base.webhook' && n.parameters.path === 'return-request');
		const guard = nodes.find((n) => n.type.endsWith('.idempotencyGuard') && (n.parameters.operation ?? 'checkAndClaim') === 'checkAndClaim');
		if (!webhook || !guard) continue;
		const runs = await get<{ data: Array<{ data?: { resultData: { runData: RunData } } }> }>(`/executions?workflowId=${wf.id}&includeData=true&limit=250`);
		const duplicates = runs.data.reduce((n, e) => n + (e.data?.resultData.runData[guard.name]?.[0]?.data?.main[1]?.length ?? 0), 0);
		return { workflow: wf.name, duplicates };
	}
	return undefined;
}

/** Business records last written (or created) by n8n's Odoo user since `since`, by model. */
async function changedByWorkflows(odoo: OdooClient, uid: number, since: string): Promise<Record<string, number>> {
	const changed: Record<string, number> = {};
	for (const model of BUSINESS_MODELS) {
		const n = await odoo
			.searchCount(model, ['|', '&', ['write_uid', '=', uid], ['write_date', '>=', since], '&', ['create_uid', '=', uid], ['create_date', '>=', since]])
			.catch(() => 0);
		if (n) changed[model] = n;
	}
	return changed;
}

async function runCheck(argv: string[]): Promise<void> {
	const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
	const line = flag('--line') ?? '2.x';
	const duration = Number(flag('--duration') ?? 90);
	const workflowArgs = argv.flatMap((a, i) => (argv[i - 1] === '--workflows' ? ['--workflows', a] : []));
	const tarball = flag('--tarball') ?? (await packPackage()).tarball;
	const common = ['--line', line, '--tarball', tarball, '--interval', '3', '--port', '5699', ...workflowArgs];

	const root = mkdtempSync(join(tmpdir(), 'odoo-logistics-demo-check-'));
	let demo: DemoProcess | undefined;
	try {
		console.log(`1. demo --duration ${duration}`);
		demo = new DemoProcess([...common, '--duration', String(duration)], join(root, 'bounded'));
		const state = await demo.ready();
		const since = odooDatetime(new Date(Date.now() - 1000));
		const odoo = new OdooClient({ ...state.odoo, apiMode: 'auto' });
		const uid = await odoo.authenticate();
		const active = state.workflows.filter((w) => w.activated);
		assert.ok(active.length, 'no active workflow');
		// While the scenario runs: executions of every active workflow, and records written by the workflows.
		let changed: Record<string, number> = {};
		let pending = active.map((w) => w.name);
		const duplicateSent = () => /the same return request again .*HTTP 20[02]|no return-request webhook/.test(demo!.output);
		while (demo.child.exitCode === null && (pending.length || !Object.keys(changed).length || !duplicateSent())) {
			await sleep(3000);
			const stillPending: string[] = [];
			for (const wf of active) {
				const runs = await executions(state, wf.id).catch(() => []);
				if (!runs.some((e) => e.status === 'success')) stillPending.push(wf.name);
			}
			pending = stillPending;
			changed = await changedByWorkflows(odoo, uid, since).catch(() => changed);
		}
		for (const wf of active) {
			const runs = await executions(state, wf.id);
			const failed = runs.filter((e) => ['error', 'crashed'].includes(e.status));
			console.log(`   ${wf.name}: ${runs.length} executions, ${runs.filter((e) => e.status === 'success').length} succeeded, ${failed.length} failed`);
			assert.ok(runs.some((e) => e.status === 'success'), `${wf.name}: no successful execution`);
			assert.equal(failed.length, 0, `${wf.name}: ${failed.length} failed executions`);
		}
		const caught = await duplicatesCaught(state);
		if (caught) {
			console.log(`   ${caught.workflow}: ${caught.duplicates} duplicate return request(s) stopped by the Idempotency Guard`);
			assert.ok(caught.duplicates > 0, `${caught.workflow}: the repeated return request was not reported as a duplicate`);
		}
		console.log(`   records changed by the workflows (Odoo user ${uid}): ${JSON.stringify(changed)}`);
		assert.ok(Object.keys(changed).length, 'the workflows changed no record in Odoo');
		odoo.close();
		const code = await Promise.race([demo.exited, sleep((duration + 180) * 1000).then(() => 'timeout')]);
		assert.equal(code, 0, `the demo ended with ${code}`);
		assert.match(demo.output, /Stopped\./);
		assert.ok(!alive(state.n8nPid) && (await groupGone(state.n8nPid)), `n8n (process group ${state.n8nPid}) is still running`);
		console.log('   stopped by itself after the duration, exit code 0, no n8n process left');

		console.log('2. demo stopped with SIGTERM');
		demo = new DemoProcess(common, join(root, 'signal'));
		const second = await demo.ready();
		await sleep(4000);
		demo.child.kill('SIGTERM');
		const signalled = await Promise.race([demo.exited, sleep(60_000).then(() => 'timeout')]);
		assert.equal(signalled, 0, `after SIGTERM the demo ended with ${signalled}`);
		assert.match(demo.output, /SIGTERM: stopping the demo[\s\S]*Stopped\./);
		assert.ok(await groupGone(second.n8nPid), `n8n (process group ${second.n8nPid}) is still running after SIGTERM`);
		console.log('   exit code 0, no n8n process left');
	} finally {
		demo?.kill();
		rmSync(root, { recursive: true, force: true });
	}
}

runCheck(process.argv.slice(2)).then(
	() => {
		console.log('demo check passed');
		process.exit(0);
	},
	(error: Error) => {
		console.log(`demo check FAILED: ${error.message}`);
		process.exit(1);
	},
);
