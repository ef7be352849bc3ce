/**
 * No secret in any error, log line or output: known secrets (Odoo API key and password, Redis password, webhook token,
 * approval signing key) are fed through the error paths of every node that holds one (wrong key, unreachable server,
 * an Odoo that quotes the request, including the key, in its error, a wrong webhook token, a short signing key), and
 * everything n8n would keep or show is scanned: output items, the run data, node errors (message, description, stack,
 * JSON, inspection), credential test results, webhook answers, n8n's logger and the console.
 */
import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy, type ICredentialDataDecryptedObject, type ICredentialTestFunctions, type IDataObject, type INodeType } from 'n8n-workflow';

import { ApprovalRouter } from '../../nodes/ApprovalRouter/ApprovalRouter.node';
import { deriveExecutionKey } from '../../nodes/ApprovalRouter/links';
import { IdempotencyGuard } from '../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { odooLogisticsRedisConnectionTest } from '../../nodes/IdempotencyGuard/redisCredential';
import { closeRedisConnections } from '../../nodes/IdempotencyGuard/stores/redisConnection';
import { OdooLogistics } from '../../nodes/OdooLogistics/OdooLogistics.node';
import { odooLogisticsApiTest } from '../../nodes/shared/n8n/odooCredential';
import { runWorkflow, type HarnessNode, type RunResult } from '../helpers/n8n';
import { redisCredential, startRedis, type RedisServer } from '../helpers/redis';
import { echoingOdoo, leaksIn } from '../helpers/secrets';
import { adminCredential, TriggerHarness } from '../nodes/OdooLogisticsTrigger/harness';
import { closedPortUrl, startStubServer, type StubServer } from '../nodes/shared/odoo/helpers/stubServer';
import { ON_HOLD } from '../nodes/ApprovalRouter/helpers/policies';
import { routeNode } from '../nodes/ApprovalRouter/helpers/workflows';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';

const ODOO_KEY = 'odoo-key-5c1e9f27b04d4a8e9b3f6a7d2c8e1f40';
const ODOO_PASSWORD = 'odoo-password-Zq8!vR2#mK5@pL9';
const REDIS_PASSWORD = 'redis-password-4b7e2a9c1d6f3e8a';
const WRONG_REDIS_PASSWORD = 'redis-wrong-password-9e3a7c1b5d';
const SIGNING_KEY = 'approval-signing-key-3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e';
const SHORT_SIGNING_KEY = 'short-signing-key-8c2e';

// ---- everything n8n would log or print, captured ----------------------------------------------------------------
const logged: string[] = [];
const record = (level: string) => (message: unknown, meta?: unknown) => {
	logged.push(`${level} ${typeof message === 'string' ? message : inspect(message, { depth: 6 })} ${meta === undefined ? '' : inspect(meta, { depth: 6, showHidden: true })}`);
};
const captureLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	verbose: record('verbose'),
	scoped: () => captureLogger,
};
Container.set(Logger, captureLogger as unknown as Logger);
LoggerProxy.init(captureLogger);

/** Everything an error could show: message, description, stack, JSON, and every property, hidden ones included. */
function exposure(value: unknown): string {
	if (!value || typeof value !== 'object') return String(value);
	const properties = Object.getOwnPropertyNames(value).map((name) => (value as Record<string, unknown>)[name]);
	let json = '';
	try {
		json = JSON.stringify(value);
	} catch (error) {
		json = `unserialisable: ${String(error)}`;
	}
	return [String(value), json, inspect(value, { depth: 12, showHidden: true }), inspect(properties, { depth: 12, showHidden: true })].join('\n');
}

/** What n8n keeps of a run (saved execution data) and shows (node error, output items). */
function runExposure(result: RunResult, node: string): string {
	return [exposure(result.run.data), exposure(result.error(node)), exposure(result.run.data.resultData.runData[node])].join('\n');
}

describe('no secret in any output, error or log', () => {
	const collected: Array<{ scenario: string; text: string }> = [];
	const forbidden: Array<{ name: string; value: string }> = [
		{ name: 'Odoo API key', value: ODOO_KEY },
		{ name: 'Odoo password', value: ODOO_PASSWORD },
		{ name: 'Redis password', value: REDIS_PASSWORD },
		{ name: 'wrong Redis password', value: WRONG_REDIS_PASSWORD },
		{ name: 'approval signing key', value: SIGNING_KEY },
		{ name: 'short signing key', value: SHORT_SIGNING_KEY },
	];
	let sim: OdooSimulator;
	let echo: StubServer;
	let redis: RedisServer;
	let consoleCalls: string[];
	let restoreConsole: () => void;

	const keep = (scenario: string, text: string) => collected.push({ scenario, text });

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		echo = await startStubServer(echoingOdoo);
		redis = await startRedis({ password: REDIS_PASSWORD });
		consoleCalls = [];
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
			jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				consoleCalls.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '));
			}),
		);
		restoreConsole = () => spies.forEach((spy) => spy.mockRestore());
	});

	afterAll(async () => {
		restoreConsole();
		await closeRedisConnections();
		await redis?.stop();
		await echo?.close();
		await sim?.close();
	});

	// ---- the credentials fed through each failure ----------------------------------------------------------------
	const odooCredentials = async (): Promise<Array<[string, ICredentialDataDecryptedObject]>> => [
		['wrong API key', { url: sim.url, database: sim.db, login: sim.admin.login, secret: ODOO_KEY, apiMode: 'auto', ignoreTls: false }],
		['wrong password', { url: sim.url, database: sim.db, login: sim.admin.login, secret: ODOO_PASSWORD, apiMode: 'jsonrpc', ignoreTls: false }],
		['unknown database', { url: sim.url, database: 'no_such_db', login: sim.admin.login, secret: ODOO_KEY, apiMode: 'jsonrpc', ignoreTls: false }],
		['unreachable Odoo', { url: await closedPortUrl(), database: 'odoo', login: 'admin', secret: ODOO_KEY, apiMode: 'auto', ignoreTls: false }],
		['Odoo quoting the request (JSON-RPC)', { url: echo.url, database: 'odoo', login: 'admin', secret: ODOO_KEY, apiMode: 'jsonrpc', ignoreTls: false }],
		['Odoo quoting the request (JSON-2)', { url: echo.url, database: 'odoo', login: 'admin', secret: ODOO_KEY, apiMode: 'json2', ignoreTls: false }],
		['Odoo quoting the password (JSON-RPC)', { url: echo.url, database: 'odoo', login: 'admin', secret: ODOO_PASSWORD, apiMode: 'jsonrpc', ignoreTls: false }],
		['URL holding the key', { url: `http://admin:${ODOO_KEY}@127.0.0.1:1`, database: 'odoo', login: 'admin', secret: ODOO_KEY, apiMode: 'auto', ignoreTls: false }],
	];

	it('Odoo Logistics: reads and writes with bad credentials, unreachable or echoing Odoo', async () => {
		const operations: Array<[string, IDataObject, IDataObject[]]> = [
			['count', { resource: 'record', operation: 'count', model: { __rl: true, mode: 'name', value: 'res.partner' } }, [{}]],
			['create', { resource: 'record', operation: 'create', model: { __rl: true, mode: 'name', value: 'res.partner' }, valuesMode: 'json', valuesJson: '{"name": "x"}' }, [{}, {}]],
			['getMany', { resource: 'record', operation: 'getMany', model: { __rl: true, mode: 'name', value: 'sale.order' }, returnAll: true }, [{}]],
		];
		for (const [credentialName, credential] of await odooCredentials()) {
			for (const [operationName, parameters, items] of operations) {
				for (const continueOnFail of [false, true]) {
					const node: HarnessNode = { name: 'Odoo', type: 'odooLogistics', parameters: parameters as never, credentials: ['odooLogisticsApi'], continueOnFail };
					const result = await runWorkflow({ items, nodeTypes: { odooLogistics: new OdooLogistics() }, chain: [node], credentials: { odooLogisticsApi: credential } });
					const scenario = `Odoo Logistics ${operationName}, ${credentialName}${continueOnFail ? ', continue on fail' : ''}`;
					// Each of these fails: as a node error, or as items carrying the error.
					expect(result.error('Odoo') ?? (result.output('Odoo')[0]?.json as IDataObject | undefined)?.error).toBeDefined();
					keep(scenario, runExposure(result, 'Odoo'));
				}
			}
		}
		// The echoing Odoo did receive the key and the password: the scan below is not vacuous.
		expect(echo.requests.some((request) => request.body.includes(ODOO_KEY) || JSON.stringify(request.headers).includes(ODOO_KEY))).toBe(true);
		expect(echo.requests.some((request) => request.body.includes(ODOO_PASSWORD))).toBe(true);
	});

	it('Odoo Logistics Trigger: activation, polling and the webhook with bad credentials or a wrong token', async () => {
		for (const [credentialName, credential] of await odooCredentials()) {
			for (const delivery of ['webhook', 'polling'] as const) {
				const harness = new TriggerHarness({ delivery, event: 'saleOrderConfirmed' }, credential);
				await harness.listen();
				try {
					const attempt = delivery === 'webhook' ? () => harness.hook('create') : () => harness.poll();
					const error = await attempt().then(
						() => undefined,
						(failure: unknown) => failure,
					);
					expect(error).toBeDefined();
					expect((error as Error).name).toBe('NodeOperationError');
					keep(`Trigger ${delivery}, ${credentialName}`, `${exposure(error)}\n${exposure(harness.staticData)}`);
				} finally {
					await harness.close();
				}
			}
		}
		// A genuine activation, then requests with wrong tokens: the real token must not show anywhere either.
		const harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed' }, adminCredential(sim));
		await harness.listen();
		try {
			await harness.activate();
			const [action] = sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url']);
			const token = new URL(String(action.webhook_url)).searchParams.get('token') ?? '';
			expect(token).toMatch(/^[\w-]{32}$/);
			forbidden.push({ name: 'webhook token', value: token }, { name: 'Odoo API key of the simulator', value: sim.admin.apiKey });
			const body = JSON.stringify({ _id: 1, _model: 'sale.order' });
			for (const query of ['', '?token=', `?token=${token.slice(0, -2)}`, `?token=${token.toUpperCase()}`, `?token=${token}&token=x`]) {
				await fetch(`${harness.webhookUrl()}${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
			}
			await fetch(`${harness.webhookUrl()}?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: `${token} ${ODOO_KEY}` });
			await fetch(`${harness.webhookUrl()}?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ _id: token, _model: ODOO_KEY }) });
			await harness.settle();
			keep('Trigger webhook answers', JSON.stringify(harness.answers));
			keep('Trigger events', JSON.stringify(harness.executions));
			// The static data is saved with executions (n8n 1.x) and shown by n8n's API: it holds the token's digest only.
			keep('Trigger static data', JSON.stringify(harness.staticData));
			// The token is in Odoo's rule (that is how Odoo sends it) and in the node's static data, nowhere else.
			expect(sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url']).map((action) => action.webhook_url)).toEqual([
				`${harness.webhookUrl()}?token=${token}`,
			]);
		} finally {
			await harness.hook('delete');
			await harness.close();
		}
	});

	it('credential tests: Odoo and Redis, every failure', async () => {
		const context = {} as ICredentialTestFunctions;
		for (const [credentialName, data] of await odooCredentials()) {
			const result = await odooLogisticsApiTest.call(context, { id: '1', name: 'Odoo', type: 'odooLogisticsApi', data });
			// The echoing Odoo accepts any login (its test may pass); its answer must be clean all the same.
			if (!credentialName.startsWith('Odoo quoting')) expect(result.status).toBe('Error');
			keep(`Odoo credential test, ${credentialName}`, exposure(result));
		}
		for (const [name, data] of [
			['wrong Redis password', { host: '127.0.0.1', port: redis.port, password: WRONG_REDIS_PASSWORD, database: 0 }],
			['unreachable Redis', { host: '127.0.0.1', port: 1, password: REDIS_PASSWORD, database: 0 }],
		] as const) {
			const result = await odooLogisticsRedisConnectionTest.call(context, { id: '2', name: 'Redis', type: 'odooLogisticsRedis', data: data as never });
			expect(result.status).toBe('Error');
			keep(`Redis credential test, ${name}`, exposure(result));
		}
	});

	it('Idempotency Guard: wrong Redis password, unreachable Redis, every operation', async () => {
		const stopped = await startRedis({ password: REDIS_PASSWORD });
		const stoppedPort = stopped.port;
		await stopped.stop();
		for (const [name, credential] of [
			['wrong password', redisCredential(redis.port, WRONG_REDIS_PASSWORD)],
			['unreachable Redis', redisCredential(stoppedPort, REDIS_PASSWORD)],
		] as const) {
			for (const operation of ['checkAndClaim', 'complete', 'release']) {
				for (const continueOnFail of [false, true]) {
					const result = await runWorkflow({
						items: [{ eventId: 'a' }, { eventId: 'b' }],
						nodeTypes: { idempotencyGuard: new IdempotencyGuard() },
						chain: [{ name: 'Guard', type: 'idempotencyGuard', parameters: { store: 'redis', operation }, credentials: ['odooLogisticsRedis'], continueOnFail }],
						credentials: { odooLogisticsRedis: credential },
						workflowId: `wf-secrets-${name}-${operation}`,
					});
					expect(result.error('Guard') ?? result.run.data.resultData.runData.Guard?.[0]?.data).toBeDefined();
					keep(`Idempotency Guard ${operation}, ${name}${continueOnFail ? ', continue on fail' : ''}`, runExposure(result, 'Guard'));
				}
			}
		}
	});

	it('Approval Router: signed links and sealed records reveal nothing of the signing key; a bad key is not echoed', async () => {
		const router = () => new ApprovalRouter() as unknown as INodeType;
		const hasSigningKeyCredential = (new ApprovalRouter().description.credentials ?? []).some((credential) => credential.name === 'approvalRouterSigningKey');
		for (const signingKey of [SIGNING_KEY, SHORT_SIGNING_KEY]) {
			const result = await runWorkflow({
				items: [ON_HOLD, { ...ON_HOLD, category: 'expedited_freight' }],
				nodeTypes: { approvalRouter: router() },
				chain: [
					routeNode({ parameters: { policySource: 'json' }, credentials: hasSigningKeyCredential ? ['approvalRouterSigningKey'] : [] }),
				],
				credentials: { approvalRouterSigningKey: { signingKey } },
				workflowId: 'wf-secrets-approval',
			});
			if (hasSigningKeyCredential && signingKey === SIGNING_KEY) {
				expect(result.error('Route')).toBeUndefined();
				const links = JSON.stringify(result.output('Route', 1));
				expect(links).toContain('token=');
				// The derived key of this execution, in every usual encoding, must not show either.
				const derived = deriveExecutionKey(Buffer.from(SIGNING_KEY, 'utf8'), 'harness-execution');
				for (const encoding of ['hex', 'base64', 'base64url'] as const) forbidden.push({ name: `derived signing key (${encoding})`, value: derived.toString(encoding) });
			}
			if (hasSigningKeyCredential && signingKey === SHORT_SIGNING_KEY) expect(result.error('Route')?.message).toContain('characters long');
			if (!hasSigningKeyCredential) expect(result.error('Route')).toBeUndefined();
			keep(`Approval Router route, signing key of ${signingKey.length} characters`, runExposure(result, 'Route'));
		}
		for (const encoding of ['hex', 'base64', 'base64url'] as const) forbidden.push({ name: `signing key (${encoding})`, value: Buffer.from(SIGNING_KEY).toString(encoding) });
	});

	it('finds none of the secrets in anything collected, n8n logs and console included', () => {
		keep('n8n logger', logged.join('\n'));
		keep('console', consoleCalls.join('\n'));
		expect(collected.length).toBeGreaterThan(50);
		// Odoo's quoted requests did reach the errors, with the secret blanked out: the scan looks at the right texts.
		expect(collected.some(({ scenario, text }) => scenario.includes('quoting') && text.includes('***'))).toBe(true);
		// The log capture works: n8n logged the runs above.
		expect(logged.some((line) => /Workflow execution (started|finished)/.test(line))).toBe(true);
		expect(leaksIn(collected, forbidden)).toEqual([]);
	});
});
