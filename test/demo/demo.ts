/**
 * The one-command demo: the package installed into a real n8n, the templates imported and activated against the Odoo
 * simulator (or a real Odoo), and live business events every few seconds.
 *
 *   npx ts-node --transpile-only test/demo/demo.ts [--line 2.x|1.x] [--once | --duration <s>] [--interval <s>]
 *       [--odoo-version 16.0|17.0|18.0|19.0] [--port 5678] [--workflows <file or folder>]... [--work-dir <folder>]
 *       [--tarball <package .tgz>] [--state-file <file>]
 *
 * A real Odoo instead of the simulator: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY (all four). The settings are
 * checked first; against a real Odoo the templates are activated and the scenario writes only with DEMO_WRITE=1.
 */
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join, relative, resolve } from 'path';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { SUPPORTED_VERSIONS, type OdooSimVersion } from '../odoo-sim/version';
import { CACHE } from '../e2e/install-n8n';
import { LINES, type Line } from '../e2e/lines';
import { prepareN8n, type CredentialFixture, type N8nInstance, type OwnerAccount, type WorkflowFixture } from '../e2e/n8n-instance';
import { packPackage, PACKAGE_ROOT, type PackageManifest } from '../e2e/pack';
import { isAlive, run } from '../e2e/proc';
import { ScenarioDriver, type StepResult } from './scenario';
import { checkOdooTarget, connectionOf, DemoSettingsError, readDemoTarget, type DemoTarget } from './settings';

export const CREDENTIAL_ID = 'odooLogistics001';
export const CREDENTIAL_NAME = 'Odoo Logistics account';
export const RETURN_WEBHOOK_PATH = 'return-request';
const DEFAULT_WORKFLOWS = join(PACKAGE_ROOT, 'workflows');

export interface DemoArgs {
	line: Line;
	/** Stop after this many seconds of live events. */
	durationS?: number;
	/** One cycle of live events, then wait for the executions and stop. */
	once: boolean;
	intervalS: number;
	odooVersion: OdooSimVersion;
	port: number;
	workflows: string[];
	workDir?: string;
	tarball?: string;
	stateFile?: string;
}

const USAGE = `usage: npm run demo -- [--line ${Object.keys(LINES).join('|')}] [--once | --duration <seconds>] [--interval <seconds>]
       [--odoo-version ${SUPPORTED_VERSIONS.join('|')}] [--port 5678] [--workflows <file or folder>]... [--work-dir <folder>]
       [--tarball <package .tgz>] [--state-file <file>]
Against a real Odoo: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY (all four); DEMO_WRITE=1 lets the demo write there.`;

/** Parses the command line; a bad option throws an error naming it. */
export function parseDemoArgs(argv: string[]): DemoArgs {
	const args: DemoArgs = { line: '2.x', once: false, intervalS: 5, odooVersion: '18.0', port: 5678, workflows: [] };
	const seconds = (flag: string, value: string, min: number) => {
		const n = Number(value);
		if (!/^\d+(\.\d+)?$/.test(value) || n < min) throw new Error(`${flag} must be a number of seconds of at least ${min} (got ${value})`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--once') {
			args.once = true;
			continue;
		}
		const value = argv[++i];
		if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
		switch (flag) {
			case '--line':
				if (!(value in LINES)) throw new Error(`--line must be one of ${Object.keys(LINES).join(', ')} (got ${value})`);
				args.line = value as Line;
				break;
			case '--duration':
				args.durationS = seconds(flag, value, 1);
				break;
			case '--interval':
				args.intervalS = seconds(flag, value, 1);
				break;
			case '--odoo-version':
				if (!SUPPORTED_VERSIONS.includes(value as OdooSimVersion)) throw new Error(`--odoo-version must be one of ${SUPPORTED_VERSIONS.join(', ')} (got ${value})`);
				args.odooVersion = value as OdooSimVersion;
				break;
			case '--port':
				if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new Error(`--port must be a port number (got ${value})`);
				args.port = Number(value);
				break;
			case '--workflows':
				args.workflows.push(resolve(value));
				break;
			case '--work-dir':
				args.workDir = resolve(value);
				break;
			case '--tarball':
				if (!existsSync(value)) throw new Error(`--tarball: no such file ${value}`);
				args.tarball = resolve(value);
				break;
			case '--state-file':
				args.stateFile = resolve(value);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	if (args.once && args.durationS !== undefined) throw new Error('--once and --duration cannot be combined');
	return args;
}

/** The workflow files: every *.json of the given folders, plus the given files. Each must be an n8n workflow with an id. */
export function loadWorkflows(paths: string[]): Array<WorkflowFixture & { file: string }> {
	const files = paths.flatMap((path) => {
		if (!existsSync(path)) throw new Error(`no such workflow file or folder: ${path}`);
		if (!statSync(path).isDirectory()) return [path];
		return readdirSync(path)
			.filter((f) => f.endsWith('.json'))
			.sort()
			.map((f) => join(path, f));
	});
	if (!files.length) throw new Error(`no workflow (*.json) in ${paths.join(', ')}`);
	return files.map((file) => {
		let wf: WorkflowFixture;
		try {
			wf = JSON.parse(readFileSync(file, 'utf8')) as WorkflowFixture;
		} catch (error) {
			throw new Error(`${relative(process.cwd(), file)} is not valid JSON: ${(error as Error).message}`);
		}
		if (!wf || typeof wf.id !== 'string' || !wf.id || wf.id.length > 16) throw new Error(`${relative(process.cwd(), file)}: the workflow needs an "id" of 1 to 16 characters`);
		if (!Array.isArray(wf.nodes) || !wf.nodes.length) throw new Error(`${relative(process.cwd(), file)}: the workflow has no "nodes"`);
		return { ...wf, file };
	});
}

interface WorkflowNode {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

const NOT_ACTIVATING = /\.(manualTrigger|errorTrigger|executeWorkflowTrigger|formTrigger)$/;

/** Whether n8n can activate the workflow: it has a trigger, poller or webhook node. */
export function hasActivatingTrigger(wf: WorkflowFixture): boolean {
	return (wf.nodes as WorkflowNode[]).some((n) => !NOT_ACTIVATING.test(n.type) && (/trigger$/i.test(n.type) || n.type === 'n8n-nodes-base.webhook'));
}

/** The workflow with every Odoo Logistics credential pointing at the demo's credential. */
function withDemoCredential(wf: WorkflowFixture): WorkflowFixture {
	const nodes = (wf.nodes as WorkflowNode[]).map((n) =>
		n.credentials?.odooLogisticsApi ? { ...n, credentials: { ...n.credentials, odooLogisticsApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } } } : n,
	);
	return { ...wf, nodes };
}

const DEMO_SCHEDULE_SECONDS = 30;

/**
 * With the simulator, what a template expects next to Odoo is the simulator's: the supplier portal (`supplierPortalUrl`
 * in a Settings node) is the one it serves, and a schedule of an hour or more runs every 30 s, so that the demo shows
 * its runs. Returns the workflow and what was changed.
 */
export function forSimulator(wf: WorkflowFixture, simUrl: string): { workflow: WorkflowFixture; changes: string[] } {
	const changes: string[] = [];
	const nodes = (wf.nodes as WorkflowNode[]).map((node) => {
		const params = node.parameters ?? {};
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			const intervals = ((params.rule as { interval?: Array<{ field?: string }> })?.interval ?? []).map((i) => i.field ?? 'days');
			if (intervals.some((field) => ['hours', 'days', 'weeks', 'months'].includes(field))) {
				changes.push(`"${node.name}" every ${DEMO_SCHEDULE_SECONDS} s`);
				return { ...node, parameters: { ...params, rule: { interval: [{ field: 'seconds', secondsInterval: DEMO_SCHEDULE_SECONDS }] } } };
			}
		}
		const assignments = (params.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments;
		const portal = assignments?.find((a) => a.name === 'supplierPortalUrl');
		if (portal && /^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(String(portal.value))) {
			changes.push(`supplier portal of the simulator`);
			const copy = assignments!.map((a) => (a === portal ? { ...a, value: `${simUrl}/supplier-portal` } : a));
			return { ...node, parameters: { ...params, assignments: { ...(params.assignments as object), assignments: copy } } };
		}
		return node;
	});
	return { workflow: { ...wf, nodes }, changes };
}

function webhookPaths(wf: WorkflowFixture): string[] {
	return (wf.nodes as WorkflowNode[]).filter((n) => n.type === 'n8n-nodes-base.webhook').map((n) => String(n.parameters?.path ?? ''));
}

export interface DemoOptions {
	line: Line;
	target: DemoTarget;
	odooVersion: OdooSimVersion;
	workflows: Array<WorkflowFixture & { file?: string }>;
	/** Activate the workflows that have a trigger (default: yes with the simulator, DEMO_WRITE=1 with a real Odoo). */
	activate: boolean;
	port?: number;
	workDir: string;
	tarball?: string;
	log?: (line: string) => void;
}

export interface RunningDemo {
	n8n: N8nInstance;
	sim?: OdooSimulator;
	owner: OwnerAccount;
	/** The Odoo the credential points at. */
	odoo: { url: string; database: string; login: string; secret: string };
	/** As imported; `demoChanges` says what the demo changed for the simulator. */
	workflows: Array<WorkflowFixture & { activated: boolean; demoChanges: string[] }>;
	returnWebhookUrl?: string;
	/** Stops n8n (its process group) and the simulator; the work folder stays. */
	stop(): Promise<void>;
}

/** Packs the package, starts the simulator (or takes the real Odoo), prepares and starts n8n with everything imported. */
export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
	const log = opts.log ?? ((line: string) => console.log(line));
	let tarball = opts.tarball;
	if (!tarball) {
		log('Building and packing the package (npm run build, npm pack)…');
		tarball = (await packPackage()).tarball;
	}
	await checkTarball(tarball);
	let sim: OdooSimulator | undefined;
	let odoo: RunningDemo['odoo'];
	if (opts.target.kind === 'simulator') {
		sim = await startOdooSimulator({ version: opts.odooVersion, seed: 'demo', host: '127.0.0.1', modules: ['stock_delivery', 'helpdesk', 'approvals'] });
		odoo = { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey };
		log(`Odoo ${sim.version} simulator with demo data on ${sim.url}`);
	} else {
		odoo = { url: opts.target.url, database: opts.target.database, login: opts.target.login, secret: opts.target.secret };
	}
	const credential: CredentialFixture = {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'odooLogisticsApi',
		data: { ...odoo, apiMode: 'auto', ignoreTls: opts.target.kind === 'odoo' && opts.target.ignoreTls },
	};
	const workflows = opts.workflows.map((wf) => {
		const { file: _file, ...rest } = wf;
		let workflow = withDemoCredential(rest as WorkflowFixture);
		let demoChanges: string[] = [];
		if (sim) ({ workflow, changes: demoChanges } = forSimulator(workflow, sim.url));
		return { ...workflow, activated: opts.activate && hasActivatingTrigger(wf), demoChanges };
	});
	const owner: OwnerAccount = { email: 'demo@example.com', firstName: 'Demo', lastName: 'Owner', password: newPassword() };

	rmSync(opts.workDir, { recursive: true, force: true });
	log(`n8n ${LINES[opts.line].n8n}: installing if missing (the first time takes about 5 minutes), then importing the package, credential and ${workflows.length} workflow(s)…`);
	let n8n: N8nInstance | undefined;
	try {
		n8n = await prepareN8n({
			line: opts.line,
			packageTarball: tarball,
			credentials: [credential],
			workflows: workflows.map(({ activated, demoChanges: _changes, ...wf }) => ({ ...wf, active: activated })),
			workDir: opts.workDir,
			keepWorkDir: true,
			owner,
			port: opts.port,
		});
		log('Starting n8n…');
		await n8n.start();
		await checkNodesLoaded(n8n, workflows);
	} catch (error) {
		await n8n?.stop();
		await sim?.close();
		throw error;
	}
	const running = n8n;
	const returnWorkflow = workflows.find((wf) => wf.activated && webhookPaths(wf).includes(RETURN_WEBHOOK_PATH));
	return {
		n8n: running,
		sim,
		owner,
		odoo,
		workflows,
		returnWebhookUrl: returnWorkflow ? `${running.baseUrl}/webhook/${RETURN_WEBHOOK_PATH}` : undefined,
		stop: async () => {
			await running.stop();
			await sim?.close();
		},
	};
}

/** Every node and credential file the package declares is in the tarball (a `dist/` rebuilt while packing is not). */
async function checkTarball(tarball: string): Promise<void> {
	const files = new Set((await run('tar', ['-tzf', tarball])).stdout.split('\n').map((f) => f.replace(/^package\//, '')));
	const manifest = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout) as PackageManifest;
	const missing = [...(manifest.n8n.nodes ?? []), ...(manifest.n8n.credentials ?? [])].filter((f) => !files.has(f));
	if (missing.length) throw new Error(`the packed package lacks ${missing.join(', ')}: run the demo again (dist/ was incomplete when it was packed)`);
}

/** n8n loaded the package: every node type of the package that the workflows use is known to the editor. */
async function checkNodesLoaded(n8n: N8nInstance, workflows: WorkflowFixture[]): Promise<void> {
	const types = new Set((await n8n.ownerRequest<Array<{ name: string }>>('/types/nodes.json')).map((t) => t.name));
	const used = new Set(workflows.flatMap((wf) => (wf.nodes as WorkflowNode[]).map((n) => n.type)).filter((t) => t.startsWith('n8n-nodes-odoo-logistics.')));
	const unknown = [...used].filter((t) => !types.has(t));
	if (!unknown.length) return;
	const reason = n8n.serverLog().split('\n').filter((l) => /Failed to load package|Cannot find module/.test(l)).slice(0, 3).join('\n');
	throw new Error(`n8n did not load the package (${unknown.join(', ')} unknown)${reason ? `:\n${reason}` : ''}\nSee ${n8n.logFile}`);
}

/** n8n's rules: 8 to 64 characters, a digit and a capital letter. */
function newPassword(): string {
	return `Demo-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}-7`;
}

export type Tally = Record<string, Record<string, number>>;

/** Executions of each workflow by status (success, error, running, waiting, …). */
export async function tallyExecutions(demo: RunningDemo): Promise<Tally> {
	const tally: Tally = {};
	for (const wf of demo.workflows) {
		const page = await demo.n8n.api<{ data: Array<{ status: string }> }>(`/executions?workflowId=${encodeURIComponent(wf.id)}&limit=250`);
		tally[wf.id] = {};
		for (const e of page.data) tally[wf.id][e.status] = (tally[wf.id][e.status] ?? 0) + 1;
	}
	return tally;
}

function formatTally(demo: RunningDemo, tally: Tally): string {
	if (!demo.workflows.some((wf) => wf.activated)) return 'none (no workflow is active)';
	return demo.workflows
		.filter((wf) => wf.activated)
		.map((wf) => {
			const counts = tally[wf.id] ?? {};
			const parts = Object.entries(counts)
				.sort(([a], [b]) => statusRank(a) - statusRank(b))
				.map(([status, n]) => `${n} ${status}`);
			return `${wf.name}: ${parts.length ? parts.join(', ') : 'no execution yet'}`;
		})
		.join(' | ');
}

const FAILED = ['error', 'crashed'];

const STATUS_ORDER = ['success', 'waiting', 'running', 'new', 'error', 'crashed', 'canceled'];
const statusRank = (status: string) => (STATUS_ORDER.includes(status) ? STATUS_ORDER.indexOf(status) : STATUS_ORDER.length);

const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done);
	});

const time = () => new Date().toISOString().slice(11, 19);

async function main(): Promise<number> {
	let args: DemoArgs;
	let target: DemoTarget;
	try {
		args = parseDemoArgs(process.argv.slice(2));
		target = readDemoTarget();
	} catch (error) {
		console.error(`${(error as Error).message}\n${error instanceof DemoSettingsError ? '' : USAGE}`);
		return 2;
	}
	// 1. A real Odoo is checked before anything is built, installed or started.
	const writes = target.kind === 'simulator' || process.env.DEMO_WRITE === '1';
	if (target.kind === 'odoo') {
		console.log(`Checking the Odoo settings (${target.url}, database ${target.database}, user ${target.login})…`);
		try {
			const ok = await checkOdooTarget(target);
			console.log(`Connected to Odoo ${ok.serverVersion} over ${ok.transport === 'json2' ? 'JSON-2' : 'JSON-RPC'} as user ${ok.uid}.`);
		} catch (error) {
			console.error(`The demo cannot use this Odoo: ${(error as Error).message}`);
			return 2;
		}
		if (!writes) console.log('Read-only: the templates are imported but not activated, and the scenario only reads. Set DEMO_WRITE=1 to let them write to this Odoo.');
	}
	let workflows: ReturnType<typeof loadWorkflows>;
	try {
		workflows = loadWorkflows(args.workflows.length ? args.workflows : [DEFAULT_WORKFLOWS]);
	} catch (error) {
		console.error((error as Error).message);
		return 2;
	}

	const workDir = args.workDir ?? join(CACHE, 'demo', args.line);
	// Next to the folder, which the demo empties at start: a second demo on the same folder is refused.
	const pidFile = `${workDir}.pid`;
	const holder = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
	if (holder && holder !== process.pid && isAlive(holder)) {
		console.error(`Another demo (process ${holder}) is running in ${workDir}: stop it first, or pass --work-dir <another folder>.`);
		return 2;
	}

	// Ctrl-C and SIGTERM stop n8n and the simulator before exiting; a second signal exits at once (n8n's process group
	// is then killed on exit by the instance's own handler).
	process.removeAllListeners('SIGINT');
	process.removeAllListeners('SIGTERM');
	const stopping = new AbortController();
	let signals = 0;
	let up = false;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			// Before n8n is up (install, build, start), exit at once: the exit handlers kill what was started.
			if (!up || ++signals > 1) {
				console.log(`\n${signal}: stopped.`);
				rmSync(pidFile, { force: true });
				process.exit(130);
			}
			console.log(`\n${signal}: stopping the demo…`);
			stopping.abort();
		});
	}

	mkdirSync(resolve(workDir, '..'), { recursive: true });
	writeFileSync(pidFile, String(process.pid));
	let demo: RunningDemo;
	try {
		demo = await startDemo({ line: args.line, target, odooVersion: args.odooVersion, workflows, activate: writes, port: args.port, workDir, tarball: args.tarball });
	} catch (error) {
		console.error(`The demo could not start: ${(error as Error).message}`);
		rmSync(pidFile, { force: true });
		return 1;
	}
	up = true;
	if (args.stateFile) {
		mkdirSync(resolve(args.stateFile, '..'), { recursive: true });
		const state = { pid: process.pid, n8nPid: demo.n8n.pid, editorUrl: demo.n8n.baseUrl, apiKey: demo.n8n.apiKey, odoo: demo.odoo, workflows: demo.workflows.map((w) => ({ id: w.id, name: w.name, activated: w.activated })) };
		writeFileSync(args.stateFile, JSON.stringify(state, null, '\t'), { mode: 0o600 });
	}
	const home = homedir();
	console.log(
		[
			'',
			'The Odoo Logistics demo is running.',
			`  n8n editor  ${demo.n8n.baseUrl}`,
			`  login       ${demo.owner.email} / ${demo.owner.password}`,
			demo.sim
				? `  Odoo        simulator ${demo.sim.version} at ${demo.sim.url}, database ${demo.sim.db} (credential "${CREDENTIAL_NAME}" in n8n)`
				: `  Odoo        ${demo.odoo.url}, database ${demo.odoo.database} (credential "${CREDENTIAL_NAME}" in n8n)`,
			...demo.workflows.map(
				(wf) =>
					`  workflow    ${wf.name}${wf.activated ? ' (active)' : hasActivatingTrigger(wf) ? ' (imported, inactive)' : ' (imported; run it from the editor)'}` +
					(wf.demoChanges.length ? `; for the demo: ${wf.demoChanges.join(', ')}` : ''),
			),
			`  n8n folder  ${workDir.startsWith(home) ? `~${workDir.slice(home.length)}` : workDir} (n8n.log)`,
			'',
			'Watch the runs in the editor (each workflow → Executions) and their effects in Odoo (chatter, activities, RFQs, returns).',
			args.once
				? 'One round of live events, then the demo stops.'
				: `Live events every ${args.intervalS} s${args.durationS ? ` for ${args.durationS} s` : ''}. Press Ctrl-C to stop.`,
			'',
		].join('\n'),
	);

	const driver = new ScenarioDriver({
		odoo: demo.sim ? { url: demo.sim.url, database: demo.sim.db, login: demo.sim.demo.login, secret: demo.sim.demo.password } : connectionOf(target as Extract<DemoTarget, { kind: 'odoo' }>),
		returnWebhookUrl: demo.returnWebhookUrl,
		allowWrites: writes,
	});
	const startedAt = Date.now();
	const results: StepResult[] = [];
	let code = 0;
	try {
		const steps = args.once ? 8 : Infinity;
		for (let i = 0; i < steps && !stopping.signal.aborted; i++) {
			if (args.durationS !== undefined && Date.now() - startedAt >= args.durationS * 1000) break;
			const result = await driver.next();
			results.push(result);
			console.log(`${time()}  ${result.summary}`);
			if ((i + 1) % 4 === 0) console.log(`${time()}  executions: ${formatTally(demo, await tallyExecutions(demo))}`);
			await sleep(args.intervalS * 1000, stopping.signal);
		}
		if (args.once || args.durationS !== undefined) {
			if (!stopping.signal.aborted) await settle(demo, stopping.signal);
			const tally = await tallyExecutions(demo);
			console.log(`${time()}  executions: ${formatTally(demo, tally)}`);
			const failed = Object.values(tally).reduce((n, counts) => n + FAILED.reduce((m, s) => m + (counts[s] ?? 0), 0), 0);
			const stepsFailed = results.filter((r) => r.failed).length;
			// With the simulator every active template gets events (and schedules are shortened): each must have run.
			const silent = demo.sim ? demo.workflows.filter((wf) => wf.activated && !Object.keys(tally[wf.id] ?? {}).length).map((wf) => wf.name) : [];
			if (failed || stepsFailed || silent.length) {
				console.log(
					`${failed} execution(s) failed, ${stepsFailed} scenario step(s) failed${silent.length ? `, no execution of ${silent.join(', ')}` : ''}; see the editor and n8n.log.`,
				);
				code = 1;
			}
		}
	} finally {
		driver.close();
		console.log(demo.sim ? 'Stopping n8n and the Odoo simulator…' : 'Stopping n8n…');
		await demo.stop();
		rmSync(pidFile, { force: true });
		console.log('Stopped.');
	}
	return code;
}

/** Waits until no execution is running and (with the simulator) the active workflows each ran, or 60 s. */
async function settle(demo: RunningDemo, signal: AbortSignal): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline && !signal.aborted) {
		const tally = await tallyExecutions(demo);
		const busy = Object.values(tally).some((c) => (c.running ?? 0) + (c.new ?? 0) > 0);
		const silent = Boolean(demo.sim) && demo.workflows.some((wf) => wf.activated && !Object.keys(tally[wf.id] ?? {}).length);
		if (!busy && !silent) return;
		await sleep(2000, signal);
	}
}


if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(error.stack);
			process.exit(1);
		},
	);
}
