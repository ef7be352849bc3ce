/**
 * A throwaway PostgreSQL server for n8n's database in queue mode: a fresh data folder, loopback only, a random port,
 * trust authentication, durability off (it is deleted at the end). Uses the Debian packages (PostgreSQL 15 or any
 * other installed major); as root on a machine without them, installs `postgresql` with apt-get first.
 *
 * PostgreSQL refuses to run as root: when this process is root, initdb and postgres run as the `postgres` user.
 */
import { spawn, type ChildProcess } from 'child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from '../e2e/n8n-instance';
import { run } from '../e2e/proc';

export interface PostgresServer {
	port: number;
	host: string;
	user: string;
	database: string;
	/** Runs SQL with psql; resolves to the rows, tab-separated columns. */
	query(sql: string): Promise<string[][]>;
	stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';

function findBinDir(): string | undefined {
	if (!existsSync(PG_ROOT)) return undefined;
	const majors = readdirSync(PG_ROOT)
		.filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(PG_ROOT, majors[0], 'bin') : undefined;
}

/** The folder holding initdb, postgres and psql; installs the Debian package when missing and allowed to. */
export async function ensurePostgres(): Promise<string> {
	let bin = findBinDir();
	if (bin) return bin;
	if (process.getuid?.() !== 0) throw new Error('The soak test needs PostgreSQL (Debian package postgresql). Install it and run again.');
	console.log('== installing postgresql (needed by the soak test)');
	await run('apt-get', ['update', '-qq']);
	await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	bin = findBinDir();
	if (!bin) throw new Error(`postgresql installed, but no initdb under ${PG_ROOT}`);
	return bin;
}

/** As the `postgres` user when we are root (runuser), else as ourselves. */
function asOwner(cmd: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function startPostgres(database = 'n8n'): Promise<PostgresServer> {
	const bin = await ensurePostgres();
	const root = mkdtempSync(join(tmpdir(), 'odoo-logistics-pg-'));
	const dataDir = join(root, 'data');
	if (process.getuid?.() === 0) {
		const { uid, gid } = await postgresIds();
		chownSync(root, uid, gid);
	}
	chmodSync(root, 0o700);
	const [initCmd, initArgs] = asOwner(join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
	await run(initCmd, initArgs, { cwd: root });
	const port = await freePort();
	const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${root}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
	const [cmd, args] = asOwner(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]);
	let log = '';
	// Own process group: stop() reaches postgres through runuser.
	const child: ChildProcess = spawn(cmd, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const pid = child.pid!;
	const signal = (s: NodeJS.Signals) => {
		try {
			process.kill(-pid, s);
		} catch {
			// gone
		}
	};
	const cleanup = () => {
		signal('SIGKILL');
		rmSync(root, { recursive: true, force: true });
	};
	process.on('exit', cleanup);
	const psql = (db: string, sql: string) =>
		run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`postgres exited ${child.exitCode}\n${log.slice(-2000)}`);
		const ready = await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { check: false });
		if (ready.code === 0) break;
		if (Date.now() > deadline) throw new Error(`postgres not ready on ${port}\n${log.slice(-2000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	await psql('postgres', `CREATE DATABASE ${database}`);
	return {
		port,
		host: '127.0.0.1',
		user: 'postgres',
		database,
		async query(sql: string) {
			const { stdout } = await psql(database, sql);
			return stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		async stop() {
			signal('SIGINT'); // fast shutdown
			const timer = setTimeout(() => signal('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
			process.off('exit', cleanup);
			rmSync(root, { recursive: true, force: true });
		},
	};
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
	const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
	const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
	return { uid, gid };
}

/** n8n's environment for this database. */
export function postgresEnv(pg: PostgresServer): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}
