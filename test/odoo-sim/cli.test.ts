import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from './cli';
import { jsonRpcBody, post } from './testing/sim-client';

describe('simulator CLI', () => {
	test('parses its options and refuses bad ones', () => {
		expect(parseArgs(['--port', '0', '--version', '19.0', '--db', 'demo', '--seed', 'empty', '--modules', 'stock_delivery', '--demo'])).toEqual({
			port: 0,
			version: '19.0',
			db: 'demo',
			seed: 'empty',
			modules: ['stock_delivery'],
		});
		expect(parseArgs([])).toEqual({ port: 8069 });
		expect(() => parseArgs(['--version', '15.0'])).toThrow('unsupported version: 15.0');
		expect(() => parseArgs(['--port'])).toThrow('--port needs a value');
		expect(() => parseArgs(['--bogus', '1'])).toThrow('unknown option: --bogus');
	});

	test('starts, prints how to connect, serves, and stops cleanly on SIGTERM', async () => {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'cli.ts'), '--port', '0', '--seed', 'empty', '--db', 'cli'], {
			cwd: path.join(__dirname, '..', '..'),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const url = await new Promise<string>((resolve, reject) => {
				const timer = setInterval(() => {
					const match = /listening on (http:\/\/\S+)/.exec(output);
					if (match) {
						clearInterval(timer);
						resolve(match[1]);
					}
				}, 50);
				void exited.then(() => reject(new Error(`CLI exited early: ${output}`)));
			});
			expect(output).toMatch(/database\s+cli/);
			expect(output).toMatch(/API key\s+[0-9a-f]{40}/);
			const answer = await post(`${url}/jsonrpc`, jsonRpcBody('common', 'authenticate', ['cli', 'admin', 'admin', {}]));
			expect((answer.json as { result: number }).result).toBe(2);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			child.kill('SIGKILL');
		}
	}, 30000);
});
