/**
 * The demo's Odoo settings check, against the Odoo simulator over real HTTP: which Odoo the environment asks for, and a
 * wrong setting stopping the demo with a message that names it (and never shows the API key).
 */
import { spawn } from 'child_process';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { parseDemoArgs } from './demo';
import { checkOdooTarget, DemoSettingsError, readDemoTarget, type DemoTarget } from './settings';

type OdooTarget = Extract<DemoTarget, { kind: 'odoo' }>;

const ROOT = join(__dirname, '..', '..');

let sim: OdooSimulator;
let notOdoo: Server;
let notOdooUrl: string;
let closedPortUrl: string;

beforeAll(async () => {
	sim = await startOdooSimulator({ version: '18.0', seed: 'empty', db: 'logistics' });
	notOdoo = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end('<html><body>Welcome to nginx!</body></html>');
	});
	await new Promise<void>((resolve) => notOdoo.listen(0, '127.0.0.1', resolve));
	notOdooUrl = `http://127.0.0.1:${(notOdoo.address() as AddressInfo).port}`;
	// A port that was free a moment ago: nothing listens there.
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
	await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
	await sim.close();
	await new Promise((resolve) => notOdoo.close(resolve));
});

const env = (overrides: Record<string, string | undefined>): NodeJS.ProcessEnv => ({
	ODOO_URL: sim.url,
	ODOO_DB: sim.db,
	ODOO_USER: sim.admin.login,
	ODOO_API_KEY: sim.admin.apiKey,
	...overrides,
});

/** The check's error for these settings (fails the test if the check passes). */
async function refusal(overrides: Record<string, string | undefined>): Promise<DemoSettingsError> {
	const target = readDemoTarget(env(overrides)) as OdooTarget;
	const error = await checkOdooTarget(target).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(DemoSettingsError);
	const refused = error as DemoSettingsError;
	expect(refused.message).not.toContain(sim.admin.apiKey);
	if (overrides.ODOO_API_KEY) expect(refused.message).not.toContain(overrides.ODOO_API_KEY);
	return refused;
}

describe('which Odoo the demo uses', () => {
	test('none of the four settings: the simulator', () => {
		expect(readDemoTarget({})).toEqual({ kind: 'simulator' });
		expect(readDemoTarget({ ODOO_URL: '', ODOO_DB: '  ' })).toEqual({ kind: 'simulator' });
	});

	test('all four: that Odoo', () => {
		expect(readDemoTarget(env({}))).toEqual({ kind: 'odoo', url: sim.url, database: sim.db, login: 'admin', secret: sim.admin.apiKey, ignoreTls: false });
		expect(readDemoTarget(env({ ODOO_IGNORE_TLS: '1' }))).toMatchObject({ ignoreTls: true });
	});

	test('only some: an error naming the missing ones', () => {
		const only = (vars: NodeJS.ProcessEnv) => {
			try {
				readDemoTarget(vars);
			} catch (error) {
				return error as DemoSettingsError;
			}
			throw new Error('accepted');
		};
		const one = only({ ODOO_URL: 'https://acme.odoo.com' });
		expect(one).toBeInstanceOf(DemoSettingsError);
		expect(one.settings).toEqual(['ODOO_DB', 'ODOO_USER', 'ODOO_API_KEY']);
		expect(one.message).toMatch(/^ODOO_DB, ODOO_USER and ODOO_API_KEY are not set, but ODOO_URL is/);
		const three = only({ ODOO_URL: 'https://acme.odoo.com', ODOO_DB: 'acme', ODOO_USER: 'ops', ODOO_API_KEY: '' });
		expect(three.settings).toEqual(['ODOO_API_KEY']);
		expect(three.message).toMatch(/^ODOO_API_KEY is not set, but ODOO_URL, ODOO_DB and ODOO_USER are/);
	});
});

describe('the check against the server (real HTTP)', () => {
	test('right settings: authenticated, with the version and transport', async () => {
		await expect(checkOdooTarget(readDemoTarget(env({})) as OdooTarget)).resolves.toEqual({ serverVersion: '18.0', transport: 'jsonrpc', uid: 2 });
		// The password works too on JSON-RPC.
		await expect(checkOdooTarget(readDemoTarget(env({ ODOO_API_KEY: 'admin' })) as OdooTarget)).resolves.toMatchObject({ uid: 2 });
	});

	test('nothing listens at ODOO_URL', async () => {
		const error = await refusal({ ODOO_URL: closedPortUrl });
		expect(error.settings).toEqual(['ODOO_URL']);
		expect(error.message).toMatch(/^ODOO_URL is not reachable or not valid\. /);
	});

	test('ODOO_URL is not an address', async () => {
		const error = await refusal({ ODOO_URL: 'acme odoo' });
		expect(error.settings).toEqual(['ODOO_URL']);
		expect(error.message).toMatch(/ODOO_URL.*not a valid address/);
	});

	test('ODOO_URL answers, but is not Odoo', async () => {
		const error = await refusal({ ODOO_URL: notOdooUrl });
		expect(error.settings).toEqual(['ODOO_URL']);
		expect(error.message).toMatch(/^ODOO_URL does not answer like an Odoo server\. /);
	});

	test('unknown ODOO_DB', async () => {
		const error = await refusal({ ODOO_DB: 'no_such_db' });
		expect(error.settings).toEqual(['ODOO_DB']);
		expect(error.message).toMatch(/^ODOO_DB is not a database of this Odoo\. /);
		expect(error.message).toContain('no_such_db');
	});

	test('wrong ODOO_API_KEY, or unknown ODOO_USER: refused, the key never shown', async () => {
		const wrongKey = await refusal({ ODOO_API_KEY: '0123456789abcdef0123456789abcdef01234567' });
		expect(wrongKey.settings).toEqual(['ODOO_USER', 'ODOO_API_KEY']);
		expect(wrongKey.message).toMatch(/^ODOO_USER \/ ODOO_API_KEY were refused\. /);
		const wrongUser = await refusal({ ODOO_USER: 'nobody' });
		expect(wrongUser.settings).toEqual(['ODOO_USER', 'ODOO_API_KEY']);
	});
});

describe('the demo command', () => {
	/** Runs the demo with these settings; it must stop at the check, before building or starting anything. */
	function runDemo(vars: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number | null; output: string }> {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'demo.ts'), ...args], {
			cwd: ROOT,
			env: { PATH: process.env.PATH, HOME: process.env.HOME, ...vars },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		return new Promise((resolve) =>
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, output });
			}),
		);
	}

	test('stops at once, naming the setting, when a real Odoo is misconfigured', async () => {
		const partial = await runDemo({ ODOO_URL: sim.url, ODOO_DB: sim.db });
		expect(partial.code).toBe(2);
		expect(partial.output).toContain('ODOO_USER and ODOO_API_KEY are not set');
		const wrongDb = await runDemo(env({ ODOO_DB: 'wrong_db' }));
		expect(wrongDb.code).toBe(2);
		expect(wrongDb.output).toMatch(/The demo cannot use this Odoo: ODOO_DB is not a database of this Odoo/);
		expect(wrongDb.output).not.toContain(sim.admin.apiKey);
		expect(wrongDb.output).not.toMatch(/Building|Starting n8n/);
	}, 120_000);

	test('refuses bad options, naming them', () => {
		expect(parseDemoArgs([])).toMatchObject({ line: '2.x', once: false, intervalS: 5, port: 5678 });
		expect(parseDemoArgs(['--line', '1.x', '--duration', '30'])).toMatchObject({ line: '1.x', durationS: 30 });
		expect(() => parseDemoArgs(['--line', '3.x'])).toThrow('--line must be one of 2.x, 1.x (got 3.x)');
		expect(() => parseDemoArgs(['--duration', 'soon'])).toThrow('--duration must be a number of seconds');
		expect(() => parseDemoArgs(['--duration'])).toThrow('--duration needs a value');
		expect(() => parseDemoArgs(['--once', '--duration', '5'])).toThrow('--once and --duration cannot be combined');
		expect(() => parseDemoArgs(['--odoo-version', '15.0'])).toThrow('--odoo-version must be one of');
		expect(() => parseDemoArgs(['--bogus', '1'])).toThrow('unknown option --bogus');
	});
});
