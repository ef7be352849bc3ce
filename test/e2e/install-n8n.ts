/**
 * Installs the real n8n of each supported line from the npm registry into a cache outside the repository
 * (`N8N_E2E_CACHE`, default `~/.cache/n8n-odoo-logistics`), the way a self-hosting user runs `npm install n8n`,
 * with the few changes an offline CI machine needs:
 *  - n8n 1.x pins `xlsx` to a CDN tarball: overridden to the same release published on npm as `@e965/xlsx`;
 *  - install scripts download prebuilt binaries from GitHub (or need libraries such as librdkafka): install with
 *    `--ignore-scripts`, then build only what the tests use: sqlite3, and isolated-vm (n8n's `vm` expression
 *    engine) where no prebuild loads; isolated-vm 6+ does not build on Node < 22, so Node 20 gets 5.0.4;
 *  - Node 24 comes from the npm package `node-linux-<arch>`, which also ships the headers node-gyp needs.
 *
 * `npx ts-node --transpile-only test/e2e/install-n8n.ts [--line 2.x|1.x|both]`
 * Idempotent: `install.json` in the install folder marks a finished install.
 */
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { dirname, join } from 'path';
import { LINES, linesFromArgs, type Line } from './lines';
import { cleanEnv, isAlive, run, seconds } from './proc';

export const CACHE = process.env.N8N_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-odoo-logistics');

export interface N8nInstall {
	line: Line;
	n8nVersion: string;
	nodeVersion: string;
	dir: string;
	nodeBin: string;
	/** n8n's bin script; run it with `nodeBin`. */
	n8nBin: string;
	/** Headless defaults for every n8n process of this install (besides PATH with `nodeBin`'s folder first). */
	env: Record<string, string>;
	expressionEngine: 'vm' | 'legacy';
	/** The package.json it was installed from. */
	manifest: string;
	seconds: Record<string, number>;
}

const log = (msg: string) => console.error(`[install-n8n] ${msg}`);

export async function ensureN8n(line: Line): Promise<N8nInstall> {
	const spec = LINES[line];
	const nodeVersion = spec.node === 'system' ? process.version : `v${spec.node}`;
	const dir = join(CACHE, `n8n-${spec.n8n}-node-${nodeVersion}`);
	const manifest = runtimeManifest(spec.n8n, nodeVersion);
	const done = readMarker(dir, manifest);
	if (done) return done;
	mkdirSync(CACHE, { recursive: true });
	return withLock(join(CACHE, '.install.lock'), async () => readMarker(dir, manifest) ?? install(line, dir, manifest));
}

/** The install folder's package.json: n8n plus the overrides this machine needs. */
function runtimeManifest(n8nVersion: string, nodeVersion: string): string {
	const overrides: Record<string, string> = { xlsx: 'npm:@e965/xlsx@0.20.2' };
	if (Number(nodeVersion.slice(1).split('.')[0]) < 22) overrides['isolated-vm'] = '5.0.4';
	return JSON.stringify({ name: 'n8n-e2e-runtime', private: true, dependencies: { n8n: n8nVersion }, overrides }, null, '\t') + '\n';
}

/** A finished install made from the same package.json (a changed recipe reinstalls). */
function readMarker(dir: string, manifest: string): N8nInstall | undefined {
	const marker = join(dir, 'install.json');
	if (!existsSync(marker)) return undefined;
	const done = JSON.parse(readFileSync(marker, 'utf8')) as N8nInstall;
	return done.manifest === manifest && existsSync(done.nodeBin) && existsSync(done.n8nBin) ? done : undefined;
}

/** One installer per cache at a time: two test runs may start together. */
async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
	for (;;) {
		try {
			closeSync(openSync(lockFile, 'wx'));
			writeFileSync(lockFile, String(process.pid));
			break;
		} catch {
			const holder = Number(readFileSync(lockFile, 'utf8')) || 0;
			if (holder && !isAlive(holder)) rmSync(lockFile, { force: true });
			else await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		unlinkSync(lockFile);
	}
}


async function install(line: Line, dir: string, manifest: string): Promise<N8nInstall> {
	const spec = LINES[line];
	const t0 = Date.now();
	const timings: Record<string, number> = {};
	const nodeBin = spec.node === 'system' ? process.execPath : await ensureNode(spec.node);
	timings.node = seconds(t0);
	const nodeDir = dirname(dirname(nodeBin));
	const nodeVersion = (await run(nodeBin, ['-v'])).stdout.trim();
	log(`n8n ${spec.n8n} on node ${nodeVersion} into ${dir}`);

	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), manifest);
	// npm (a node script) runs on the first node in PATH; node-gyp takes headers from nodedir, never the network.
	const npmEnv = cleanEnv({
		PATH: `${dirname(nodeBin)}:${process.env.PATH}`,
		...(existsSync(join(nodeDir, 'include', 'node', 'common.gypi')) ? { npm_config_nodedir: nodeDir } : {}),
		npm_config_update_notifier: 'false',
		SCARF_ANALYTICS: 'false',
	});
	const logFile = join(dir, 'install.log');
	const npm = (args: string[], cwd = dir) => run('npm', args, { cwd, env: npmEnv, logFile });

	let t = Date.now();
	log('npm install --ignore-scripts (cold: ~5 min)');
	await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
	timings.npmInstall = seconds(t);

	t = Date.now();
	log('npm rebuild sqlite3 (~1.5 min)');
	await npm(['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts']);
	await run(nodeBin, ['-e', "const s = require(require.resolve('sqlite3', { paths: [process.argv[1]] })); new s.Database(':memory:').close()", join(dir, 'node_modules', 'n8n')]);
	timings.sqlite3 = seconds(t);

	t = Date.now();
	let expressionEngine: 'vm' | 'legacy' = 'vm';
	for (const ivm of await findPackageCopies(dir, 'isolated-vm')) {
		if (await isolatedVmLoads(nodeBin, ivm)) continue;
		log(`compiling ${ivm.slice(dir.length + 1)} (~1.5 min)`);
		await npm(['run', 'rebuild', '--foreground-scripts'], ivm).catch((e: Error) => log(e.message));
		if (!(await isolatedVmLoads(nodeBin, ivm))) {
			log(`isolated-vm does not load: N8N_EXPRESSION_ENGINE=legacy`);
			expressionEngine = 'legacy';
		}
	}
	timings.isolatedVm = seconds(t);

	const result: N8nInstall = {
		line,
		n8nVersion: spec.n8n,
		nodeVersion,
		dir,
		nodeBin,
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env: runtimeEnv(line, expressionEngine),
		expressionEngine,
		manifest,
		seconds: timings,
	};
	const version = (await run(nodeBin, [result.n8nBin, '--version'], { env: n8nEnv(result) })).stdout.trim().split('\n').pop();
	if (version !== spec.n8n) throw new Error(`n8n --version printed ${version}, expected ${spec.n8n}`);
	timings.total = seconds(t0);
	const exports = Object.entries(result.env).map(([k, v]) => `export ${k}='${v}'\n`);
	writeFileSync(join(dir, 'n8n-env.sh'), `export PATH='${dirname(nodeBin)}:${dirname(result.n8nBin)}':"$PATH"\n${exports.join('')}`);
	writeFileSync(join(dir, 'install.json'), JSON.stringify(result, null, '\t') + '\n');
	log(`done in ${timings.total} s ${JSON.stringify(timings)}`);
	return result;
}

/** Fetches `node-linux-<arch>@<version>` from the npm registry into the cache; returns its `bin/node`. */
async function ensureNode(version: string): Promise<string> {
	const dest = join(CACHE, 'node', `v${version}`);
	const bin = join(dest, 'bin', 'node');
	if (existsSync(bin)) return bin;
	log(`npm pack node-linux-${process.arch}@${version}`);
	const tmp = mkdtempSync(join(CACHE, '.node-'));
	try {
		const packed = await run('npm', ['pack', `node-linux-${process.arch}@${version}`, '--silent'], { cwd: tmp });
		mkdirSync(join(tmp, 'x'));
		await run('tar', ['xzf', join(tmp, packed.stdout.trim().split('\n').pop() ?? ''), '-C', join(tmp, 'x'), '--strip-components=1']);
		mkdirSync(dirname(dest), { recursive: true });
		renameSync(join(tmp, 'x'), dest);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	await run(bin, ['-v']);
	return bin;
}

async function findPackageCopies(dir: string, name: string): Promise<string[]> {
	const found = await run('find', [join(dir, 'node_modules'), '-type', 'd', '-path', `*/node_modules/${name}`, '-prune']);
	return found.stdout.split('\n').filter(Boolean);
}

async function isolatedVmLoads(nodeBin: string, dir: string): Promise<boolean> {
	const probe = `const ivm = require(process.argv[1]); const i = new ivm.Isolate({ memoryLimit: 16 });
		process.exit(i.compileScriptSync('1 + 2').runSync(i.createContextSync()) === 3 ? 0 : 1)`;
	return (await run(nodeBin, ['-e', probe, dir], { check: false })).code === 0;
}

/** The environment for an n8n process of this install: its node first on PATH (n8n's task runner is a child node). */
export function n8nEnv(install: N8nInstall, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return cleanEnv({ ...install.env, PATH: `${dirname(install.nodeBin)}:${process.env.PATH}`, ...extra });
}

function runtimeEnv(line: Line, engine: 'vm' | 'legacy'): Record<string, string> {
	return {
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		...(line === '1.x' ? { N8N_RUNNERS_ENABLED: 'true', DB_SQLITE_POOL_SIZE: '2' } : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		...(engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
	};
}

if (require.main === module) {
	(async () => {
		for (const line of linesFromArgs(process.argv.slice(2))) {
			const t = Date.now();
			const done = await ensureN8n(line);
			console.log(`${line}: n8n ${done.n8nVersion} on node ${done.nodeVersion} in ${done.dir} (${seconds(t)} s)`);
		}
	})().catch((e: Error) => {
		console.error(e.message);
		process.exit(1);
	});
}
