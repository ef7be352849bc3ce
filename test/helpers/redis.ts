/**
 * Starts a real `redis-server` on a free loopback port with persistence off, for tests and benchmarks.
 * `.ci/run` installs redis-server when it is missing.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createConnection, createServer } from 'net';
import type { RedisConfig } from '../../nodes/IdempotencyGuard/config';
import { closeRedisConnections } from '../../nodes/IdempotencyGuard/stores/redisConnection';

export interface RedisServer {
	port: number;
	url: string;
	/** Stops the server (by its pid) and waits for it to exit. */
	stop(): Promise<void>;
}

export interface RedisServerOptions {
	/** Reuse a port, e.g. to restart a server that was stopped. */
	port?: number;
	password?: string;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function answersPing(port: number, password?: string): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write(password ? `AUTH ${password}\r\nPING\r\n` : 'PING\r\n'));
		socket.on('data', (data) => {
			if (data.toString().includes('PONG')) done(true);
		});
		socket.setTimeout(500, () => done(false));
	});
}

function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
	const port = options.port ?? (await freePort());
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
	if (options.password) args.push('--requirepass', options.password);
	const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
	let failure = '';
	let spawnError: Error | undefined;
	child.once('error', (error) => (spawnError = error));
	child.stderr?.on('data', (data) => (failure += data.toString()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited(child);
	};
	for (let attempt = 0; attempt < 100; attempt++) {
		if (spawnError) throw new Error(`Cannot start redis-server: ${spawnError.message}`);
		if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}: ${failure}`);
		if (await answersPing(port, options.password)) {
			return { port, url: `redis://127.0.0.1:${port}`, stop };
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	await stop();
	throw new Error(`redis-server did not answer on port ${port}`);
}

/** The Odoo Logistics Redis credential (a `RedisConfig`) for a test server on 127.0.0.1. */
export function redisCredential(port: number, password = ''): RedisConfig {
	return { host: '127.0.0.1', port, user: '', password, database: 0, tls: false, tlsIgnoreInvalidCert: false };
}

/**
 * One Redis server for the enclosing `describe` (or the file): started before its tests, stopped after them together
 * with the package's pooled connections. Read `port` and `url` inside hooks and tests, once the server is started.
 */
export function redisForSuite(options: RedisServerOptions = {}): RedisServer {
	let server: RedisServer | undefined;
	beforeAll(async () => {
		server = await startRedis(options);
	});
	afterAll(async () => {
		await closeRedisConnections();
		await server?.stop();
	});
	const started = (): RedisServer => {
		if (!server) throw new Error('The suite Redis server is not started: use it inside hooks and tests');
		return server;
	};
	return {
		get port() {
			return started().port;
		},
		get url() {
			return started().url;
		},
		stop: () => started().stop(),
	};
}
