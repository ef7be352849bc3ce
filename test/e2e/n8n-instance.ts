/**
 * One real n8n for one test: a fresh user folder with the packed package installed as a community package (the way
 * n8n's "Install community node" does it), imported credentials and workflows, and optionally the server on free
 * loopback ports with an owner account and a public-API key.
 *
 * n8n's CLI commands and the server share one SQLite file: `cli`/`cliExecute` are meant for a stopped server.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureN8n, n8nEnv, type N8nInstall } from './install-n8n';
import type { Line } from './lines';
import { run, sleep, type RunResult } from './proc';

/** As `n8n import:credentials` takes it: `data` in plain text (n8n encrypts it with the instance's key). */
export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Workflow JSON as exported by n8n; needs an `id` (up to 16 characters). `active: true` activates it. */
export interface WorkflowFixture {
	id: string;
	name: string;
	active?: boolean;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface N8nOptions {
	line: Line;
	packageTarball: string;
	workflows?: WorkflowFixture[];
	credentials?: CredentialFixture[];
	/** Extra environment for every n8n process (e.g. `N8N_LOG_LEVEL`). */
	env?: Record<string, string>;
	/** Where the user folder and logs go (created; must not hold a user folder yet). Default: a new temporary folder. */
	workDir?: string;
	/** Keep `workDir` when the instance is disposed or the process exits (the server is still stopped). */
	keepWorkDir?: boolean;
	/** The owner account the server sets up. Default: a fixed test owner. */
	owner?: OwnerAccount;
	/** Serve on this port when it is free, else on a free one. Default: a free port. */
	port?: number;
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** Per-instance settings of `N8nInstance` (all optional; see `N8nOptions`). */
export type InstanceOptions = Pick<N8nOptions, 'workDir' | 'keepWorkDir' | 'owner' | 'port'>;

export interface CliExecution extends RunResult {
	/** The run as `n8n execute --rawOutput` prints it (IRun: `status`, `data.resultData.runData`, …), if it printed one. */
	run?: { status?: string; data: { resultData: { runData: Record<string, unknown>; error?: { message: string } } } };
}

/** An `n8n worker` process of a queue-mode instance (see `N8nInstance.startWorker`). */
export interface N8nWorker {
	/** Process id; the worker leads its own process group (it and its task runner). */
	readonly pid: number;
	readonly logFile: string;
	/** Sends a signal to the worker's process group (e.g. SIGKILL to simulate a crashed machine). */
	signal(signal: NodeJS.Signals): void;
	/** SIGTERM (n8n finishes its running jobs), SIGKILL after `graceMs`; resolves once it exited. */
	stop(graceMs?: number): Promise<void>;
	readonly exited: Promise<void>;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	data?: { resultData: { runData: Record<string, unknown>; error?: { message: string } } };
}

const OWNER: OwnerAccount = { email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Passw0rd!' };
const BROWSER_ID = 'odoo-logistics-e2e';
const live = new Set<N8nInstance>();

export class N8nInstance {
	readonly workDir: string;

	readonly userFolder: string;

	readonly logFile: string;

	baseUrl = '';

	apiKey = '';

	/** The owner's `n8n-auth` cookie; valid only with the `browser-id` header `ownerRequest` sends. */
	private authCookie = '';

	private server?: ChildProcess;

	private exited?: Promise<void>;

	private readonly workers = new Set<N8nWorker>();

	private workerCount = 0;

	readonly owner: OwnerAccount;

	constructor(
		readonly install: N8nInstall,
		private readonly env: Record<string, string>,
		private readonly options: InstanceOptions = {},
	) {
		this.owner = options.owner ?? OWNER;
		if (options.workDir) {
			if (existsSync(join(options.workDir, 'home'))) throw new Error(`${options.workDir} already holds an n8n user folder`);
			mkdirSync(options.workDir, { recursive: true });
			this.workDir = options.workDir;
		} else {
			this.workDir = mkdtempSync(join(tmpdir(), `n8n-e2e-${install.line}-`));
		}
		this.userFolder = join(this.workDir, 'home');
		this.logFile = join(this.workDir, 'n8n.log');
		live.add(this);
	}

	/** Runs an n8n CLI command against this user folder (the server should be stopped). */
	async cli(args: string[], check = true): Promise<RunResult> {
		const env = n8nEnv(this.install, { ...this.env, N8N_USER_FOLDER: this.userFolder, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		return run(this.install.nodeBin, [this.install.n8nBin, ...args], { env, check, logFile: join(this.workDir, 'cli.log') });
	}

	/**
	 * `n8n execute --id --rawOutput`; the workflow needs a Manual Trigger. Judge the outcome by `run.status`: with the
	 * `vm` expression engine, n8n sometimes dies of SIGSEGV while exiting, after it has printed and saved the run
	 * (isolated-vm teardown; seen on both lines), so the exit code can be 139 for a successful run.
	 */
	async cliExecute(workflowId: string): Promise<CliExecution> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], false);
		// Some log lines (task broker, license) precede the JSON even with --rawOutput.
		const json = result.stdout.match(/^\{[\s\S]*^\}/m)?.[0];
		try {
			return { ...result, run: json ? JSON.parse(json) : undefined };
		} catch {
			return result;
		}
	}

	async start(timeoutMs = 180_000): Promise<void> {
		if (this.server) throw new Error('n8n is already running');
		const port = this.options.port && (await portIsFree(this.options.port)) ? this.options.port : await freePort();
		let broker = await freePort();
		while (broker === port) broker = await freePort();
		this.baseUrl = `http://127.0.0.1:${port}`;
		const env = n8nEnv(this.install, {
			...this.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(broker),
		});
		const logStart = this.serverLog().length;
		const out = createWriteStream(this.logFile, { flags: 'a' });
		// Own process group: stop() ends n8n and its task runner together, and nothing else.
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, 'start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.pipe(out);
		child.stderr?.pipe(out);
		this.server = child;
		this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
		await this.waitUntilReady(child, logStart, timeoutMs);
		if (this.apiKey) await this.logIn();
		else await this.setUpOwner();
	}

	/** The server's process id (its process group), while it runs. */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	/** SIGTERM to the server's process group; SIGKILL after 30 s. The user folder stays: `start()` again to restart. */
	async stop(): Promise<void> {
		const pid = this.server?.pid;
		if (!pid) return;
		signalGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 30_000);
		await this.exited;
		clearTimeout(timer);
		// The task runner may outlive its parent for a moment.
		signalGroup(pid, 'SIGKILL');
		this.server = undefined;
	}

	/**
	 * Queue mode: starts an `n8n worker` on this user folder (same encryption key, same database and Bull Redis, from
	 * the instance's `env`), with its own task broker port and log file. Resolves once the worker says it is ready.
	 * Workers are stopped by `dispose()`.
	 */
	async startWorker(opts: { concurrency?: number; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<N8nWorker> {
		const index = ++this.workerCount;
		const logFile = join(this.workDir, `worker-${index}.log`);
		const env = n8nEnv(this.install, {
			...this.env,
			...opts.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		});
		const args = [this.install.n8nBin, 'worker', ...(opts.concurrency ? [`--concurrency=${opts.concurrency}`] : [])];
		const out = createWriteStream(logFile, { flags: 'a' });
		const child = spawn(this.install.nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.pipe(out);
		child.stderr?.pipe(out);
		const pid = child.pid;
		if (!pid) throw new Error('n8n worker did not start');
		const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
		const worker: N8nWorker = {
			pid,
			logFile,
			exited,
			signal: (signal) => signalGroup(pid, signal),
			stop: async (graceMs = 30_000) => {
				signalGroup(pid, 'SIGTERM');
				const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
				signalGroup(pid, 'SIGKILL');
			},
		};
		this.workers.add(worker);
		void exited.then(() => {
			signalGroup(pid, 'SIGKILL'); // the task runner of a killed worker
			this.workers.delete(worker);
		});
		const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
		const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
		while (!log().includes('n8n worker is now ready')) {
			if (child.exitCode !== null || child.signalCode !== null) throw new Error(`n8n worker exited ${child.exitCode ?? child.signalCode}\n${tail(log())}`);
			if (Date.now() > deadline) throw new Error(`n8n worker not ready\n${tail(log())}`);
			await sleep(250);
		}
		return worker;
	}

	/** Stops the workers and the server and deletes the user folder (kept with `N8N_E2E_KEEP=1`). */
	async dispose(): Promise<void> {
		await Promise.all([...this.workers].map((w) => w.stop()));
		await this.stop();
		this.removeWorkDir();
	}

	/** For process exit, where nothing can be awaited. */
	killNow(): void {
		for (const worker of this.workers) worker.signal('SIGKILL');
		if (this.server?.pid) signalGroup(this.server.pid, 'SIGKILL');
		this.removeWorkDir();
	}

	private removeWorkDir(): void {
		live.delete(this);
		if (this.options.keepWorkDir) return;
		if (process.env.N8N_E2E_KEEP === '1') console.log(`kept ${this.workDir}`);
		else rmSync(this.workDir, { recursive: true, force: true });
	}

	/** Public API call with the instance's API key. */
	async api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
		const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
			method: init.method ?? 'GET',
			headers: { 'X-N8N-API-KEY': this.apiKey, 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${init.method ?? 'GET'} /api/v1${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return JSON.parse(text) as T;
	}

	/** A request as the logged-in owner (the editor's way), for what the public API lacks: `/rest/…`, `/types/…`. */
	async ownerRequest<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
		const res = await fetch(`${this.baseUrl}${path}`, {
			method: init.method ?? 'GET',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: this.authCookie },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return JSON.parse(text) as T;
	}

	/** The workflow's executions, newest first, with their data. */
	async executions(workflowId: string): Promise<Execution[]> {
		const page = await this.api<{ data: Execution[] }>(`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=250`);
		return page.data;
	}

	/** Waits until the workflow has at least `n` finished executions (any outcome); resolves to them. */
	async waitForExecutions(workflowId: string, n: number, timeoutMs = 60_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.executions(workflowId)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (done.length >= n) return done;
			if (Date.now() > deadline) throw new Error(`${done.length} of ${n} executions of ${workflowId} finished after ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	serverLog(): string {
		return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
	}

	/** Ready = `/healthz/readiness` answers 200 and the log says the editor is up, which n8n prints after activating workflows. */
	private async waitUntilReady(child: ChildProcess, logStart: number, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const log = () => this.serverLog().slice(logStart);
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) throw new Error(`n8n start exited ${child.exitCode ?? child.signalCode}\n${tail(log())}`);
			if (log().includes('Editor is now accessible via') && (await status(`${this.baseUrl}/healthz/readiness`)) === 200) return;
			if (Date.now() > deadline) throw new Error(`n8n not ready after ${timeoutMs} ms\n${tail(log())}`);
			await sleep(250);
		}
	}

	private async setUpOwner(): Promise<void> {
		await this.authenticate('/rest/owner/setup', this.owner);
		const scopes = await this.ownerRequest<{ data: string[] }>('/rest/api-keys/scopes');
		const created = await this.ownerRequest<{ data: { rawApiKey: string } }>('/rest/api-keys', {
			method: 'POST',
			body: { label: 'e2e', expiresAt: null, scopes: scopes.data },
		});
		this.apiKey = created.data.rawApiKey;
	}

	/** After a restart: the API key is still valid, the session cookie is not. */
	private async logIn(): Promise<void> {
		await this.authenticate('/rest/login', { emailOrLdapLoginId: this.owner.email, password: this.owner.password });
	}

	private async authenticate(path: string, body: object): Promise<void> {
		const res = await fetch(`${this.baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify(body),
		});
		if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
		this.authCookie = (res.headers.get('set-cookie') ?? '').match(/n8n-auth=[^;]+/)?.[0] ?? '';
		if (!this.authCookie) throw new Error(`POST ${path}: no n8n-auth cookie`);
	}
}

/** A fresh n8n user folder with the package installed and the fixtures imported; the server is not started. */
export async function prepareN8n(opts: N8nOptions): Promise<N8nInstance> {
	const n8n = new N8nInstance(await ensureN8n(opts.line), opts.env ?? {}, opts);
	try {
		await importFixtures(n8n, opts);
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
	return n8n;
}

async function importFixtures(n8n: N8nInstance, opts: N8nOptions): Promise<void> {
	await installPackage(n8n.userFolder, opts.packageTarball);
	const fixtures = join(n8n.workDir, 'fixtures');
	mkdirSync(join(fixtures, 'workflows'), { recursive: true });
	if (opts.credentials?.length) {
		const file = join(fixtures, 'credentials.json');
		writeFileSync(file, JSON.stringify(opts.credentials));
		await n8n.cli(['import:credentials', `--input=${file}`]);
	}
	const workflows = opts.workflows ?? [];
	if (workflows.length) {
		for (const wf of workflows) writeFileSync(join(fixtures, 'workflows', `${wf.id}.json`), JSON.stringify({ ...wf, active: false }));
		await n8n.cli(['import:workflow', '--separate', `--input=${join(fixtures, 'workflows')}`]);
	}
	for (const wf of workflows.filter((w) => w.active)) {
		await n8n.cli(n8n.install.line === '1.x' ? ['update:workflow', `--id=${wf.id}`, '--active=true'] : ['publish:workflow', `--id=${wf.id}`]);
	}
}

/** `prepareN8n`, then the server: resolves once it serves requests, with the owner set up and an API key. */
export async function startN8n(opts: N8nOptions): Promise<N8nInstance> {
	const n8n = await prepareN8n(opts);
	try {
		await n8n.start();
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
	return n8n;
}

/** Installs the tarball into `<user folder>/.n8n/nodes`, where n8n keeps the community packages it installs. */
async function installPackage(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	// --legacy-peer-deps: no copy of the n8n-workflow peer, so the nodes use the one of the n8n that loads them.
	await run('npm', ['install', '--legacy-peer-deps', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: nodesDir });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function status(url: string): Promise<number> {
	try {
		return (await fetch(url)).status;
	} catch {
		return 0;
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}


const tail = (log: string) => log.trim().split('\n').slice(-25).join('\n');

// A crashed or interrupted test run must not leave servers or user folders behind.
process.on('exit', () => {
	for (const n8n of live) n8n.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
