import { spawn } from 'child_process';
import { appendFileSync } from 'fs';
import { constants as osConstants } from 'os';

export interface RunResult {
	/** The exit code, or 128 + the signal number when a signal ended the process (as shells report it). */
	code: number;
	signal?: NodeJS.Signals;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Append stdout and stderr to this file as well. */
	logFile?: string;
	/** Reject when the exit code is not 0 (default true). */
	check?: boolean;
}

// npm settings worth passing on to a child npm: where and how to reach the registry.
const NPM_CONNECTION = /^npm_config_(registry|cache|proxy|https_proxy|noproxy|cafile|ca|strict_ssl|fetch_\w+|offline|prefer_offline)$/i;

/**
 * The environment without the `npm_*` variables of an enclosing `npm run`: npm exports its whole effective config,
 * the project's `.npmrc` (`ignore-scripts`, `local-prefix`, …) included, and a child npm would take it as its own.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if ((!/^npm_/i.test(k) || NPM_CONNECTION.test(k)) && k !== 'INIT_CWD') env[k] = v;
	}
	return { ...env, ...extra };
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		const sink = (into: Buffer[]) => (chunk: Buffer) => {
			into.push(chunk);
			if (opts.logFile) appendFileSync(opts.logFile, chunk);
		};
		child.stdout.on('data', sink(out));
		child.stderr.on('data', sink(err));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			const result: RunResult = {
				code: code ?? 128 + (signal ? osConstants.signals[signal] : 0),
				signal: signal ?? undefined,
				stdout: Buffer.concat(out).toString(),
				stderr: Buffer.concat(err).toString(),
			};
			if (opts.check === false || result.code === 0) return resolve(result);
			const tail = (result.stderr || result.stdout).trim().split('\n').slice(-20).join('\n');
			reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}${opts.logFile ? ` (log: ${opts.logFile})` : ''}\n${tail}`));
		});
	});
}

export const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Calls `get` every 250 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function poll<T>(get: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await get();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms`);
		await sleep(250);
	}
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
