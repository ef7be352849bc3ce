/**
 * Secrets and bad input in a real n8n: workflows that fail with a wrong Odoo key, with an Odoo that quotes the request
 * (key included) in its errors, and with a wrong Redis password; the webhook trigger's answers to wrong tokens and bad
 * bodies. Then n8n's own log (at debug level), the CLI log, the CLI's run output and every saved execution are scanned
 * for the Odoo keys, the Redis passwords and the webhook token.
 */
import assert from 'assert';
import { readFileSync } from 'fs';

import { startOdooSimulator } from '../odoo-sim';
import { redisCredential, startRedis } from '../helpers/redis';
import { echoingOdoo, leaksIn } from '../helpers/secrets';
import { startStubServer } from '../nodes/shared/odoo/helpers/stubServer';
import { readWorkflow } from './fixtures';
import { prepareN8n, type CredentialFixture, type N8nInstance, type WorkflowFixture } from './n8n-instance';
import type { Suite } from './runner';

const WRONG_ODOO_KEY = 'e2e-odoo-key-7d3f1a9c5e2b8d4f6a0c';
const ODOO_PASSWORD = 'e2e-odoo-password-Qz7!wK3#pR8';
const REDIS_PASSWORD = 'e2e-redis-password-2c9e4a7f1b';
const WRONG_REDIS_PASSWORD = 'e2e-redis-wrong-5f8b2d6a3c';
const TRIGGER_FLOW = 'oleOdooTrigger01';
const WEBHOOK_PATH = '/webhook/0e5a8f52-0000-4000-8000-0000000005aa/odoo';

/** Manual Trigger → one of our nodes, with a credential. */
function manualFlow(id: string, node: Record<string, unknown>): WorkflowFixture {
	return {
		id,
		name: `E2E security: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-manual`, name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-node`, name: 'Node', typeVersion: 1, position: [220, 0], ...node },
		],
		connections: { Manual: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
	};
}

const odooCount = (credentialId: string) => ({
	type: 'n8n-nodes-odoo-logistics.odooLogistics',
	parameters: { resource: 'record', operation: 'count', model: { __rl: true, mode: 'name', value: 'res.partner' } },
	credentials: { odooLogisticsApi: { id: credentialId, name: credentialId } },
});

export const security: Suite = async (t, { line, packageTarball }) => {
	const sim = await t.check('Odoo simulator, echoing Odoo and redis-server start', () => startOdooSimulator({ version: line === '2.x' ? '19.0' : '18.0', seed: 'demo' }));
	const echo = await startStubServer(echoingOdoo);
	const redis = await startRedis({ password: REDIS_PASSWORD });
	const secrets: Record<string, string> = {
		'Odoo API key': sim.admin.apiKey,
		'wrong Odoo API key': WRONG_ODOO_KEY,
		'Odoo password': ODOO_PASSWORD,
		'Redis password': REDIS_PASSWORD,
		'wrong Redis password': WRONG_REDIS_PASSWORD,
	};
	const odoo = (id: string, url: string, secret: string, apiMode = 'auto'): CredentialFixture => ({
		id,
		name: id,
		type: 'odooLogisticsApi',
		data: { url, database: sim.db, login: sim.admin.login, secret, apiMode, ignoreTls: false },
	});
	const credentials: CredentialFixture[] = [
		odoo('oleOdooSim000001', sim.url, sim.admin.apiKey),
		odoo('oleSecWrongKey01', sim.url, WRONG_ODOO_KEY),
		odoo('oleSecWrongPw001', sim.url, ODOO_PASSWORD, 'jsonrpc'),
		odoo('oleSecEchoRpc001', echo.url, WRONG_ODOO_KEY, 'jsonrpc'),
		odoo('oleSecEchoJson01', echo.url, ODOO_PASSWORD, 'json2'),
		{
			id: 'oleSecRedisWrong',
			name: 'oleSecRedisWrong',
			type: 'odooLogisticsRedis',
			data: redisCredential(redis.port, WRONG_REDIS_PASSWORD),
		},
	];
	const failing: Record<string, WorkflowFixture> = {
		'wrong Odoo key': manualFlow('oleSecWrongKey01', odooCount('oleSecWrongKey01')),
		'wrong Odoo password': manualFlow('oleSecWrongPw001', odooCount('oleSecWrongPw001')),
		'Odoo quoting the key (JSON-RPC)': manualFlow('oleSecEchoRpc001', odooCount('oleSecEchoRpc001')),
		'Odoo quoting the password (JSON-2)': manualFlow('oleSecEchoJson01', odooCount('oleSecEchoJson01')),
		'wrong Redis password': manualFlow('oleSecRedisWrong', {
			type: 'n8n-nodes-odoo-logistics.idempotencyGuard',
			parameters: { operation: 'checkAndClaim', store: 'redis', keySource: 'expression', keyExpression: '={{ "e2e-security" }}', options: {} },
			credentials: { odooLogisticsRedis: { id: 'oleSecRedisWrong', name: 'oleSecRedisWrong' } },
		}),
	};
	const exposed: string[] = [];
	let n8n: N8nInstance | undefined;
	try {
		const instance = await t.check('n8n prepared (debug log level) with the credentials and workflows', () =>
			prepareN8n({
				line,
				packageTarball,
				credentials,
				workflows: [readWorkflow('odoo-trigger'), ...Object.values(failing)],
				env: { N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console' },
			}),
		);
		n8n = instance;

		for (const [name, workflow] of Object.entries(failing)) {
			await t.check(`n8n execute fails cleanly: ${name}`, async () => {
				const res = await instance.cliExecute(workflow.id);
				exposed.push(res.stdout, res.stderr, JSON.stringify(res.run ?? null));
				// n8n execute prints the run when it has one; for a failed node it may only log the error and exit 1.
				const message = res.run?.data.resultData.error?.message ?? /(?:Odoo |Redis |Invalid |unavailable)[^\n]*/.exec(`${res.stdout}\n${res.stderr}`)?.[0].split(String.fromCharCode(27))[0];
				assert.ok(res.run ? res.run.status === 'error' : res.code !== 0, `status ${res.run?.status}, exit ${res.code}\n${res.stdout.slice(-1500)}${res.stderr.slice(-1500)}`);
				assert.ok(message, `an error message\n${res.stdout.slice(-1500)}${res.stderr.slice(-1500)}`);
				return message.slice(0, 160);
			});
		}
		assert.ok(echo.requests.some((request) => request.body.includes(WRONG_ODOO_KEY)), 'the echoing Odoo received the key it quotes');

		let token = '';
		await t.check('n8n start activates the trigger; its rule URL carries a token', async () => {
			await instance.start();
			const deadline = Date.now() + 30_000;
			while (!token && Date.now() < deadline) {
				const [action] = sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url']);
				token = action ? (new URL(String(action.webhook_url)).searchParams.get('token') ?? '') : '';
				if (!token) await new Promise((resolve) => setTimeout(resolve, 250));
			}
			assert.ok(token, 'a webhook rule with a token');
			secrets['webhook token'] = token;
		});

		await t.check('the webhook refuses wrong tokens (401), other media types (415), huge (413) and malformed (400) bodies', async () => {
			const post = async (query: string, body: string, type = 'application/json') => {
				const res = await fetch(`${instance.baseUrl}${WEBHOOK_PATH}${query}`, { method: 'POST', headers: { 'content-type': type }, body });
				const text = await res.text();
				exposed.push(text);
				return res.status;
			};
			const notice = JSON.stringify({ _id: 1, _model: 'sale.order' });
			const statuses = {
				noToken: await post('', notice),
				wrongToken: await post('?token=wrong', notice),
				almostToken: await post(`?token=${token.slice(0, -1)}`, notice),
				twoTokens: await post(`?token=${token}&token=wrong`, notice),
				text: await post(`?token=${token}`, `${token} ${WRONG_ODOO_KEY}`, 'text/plain'),
				huge: await post(`?token=${token}`, JSON.stringify({ _id: 1, _model: 'sale.order', note: 'x'.repeat(400 * 1024) })),
				badId: await post(`?token=${token}`, JSON.stringify({ _id: 'x', _model: 'sale.order' })),
				otherModel: await post(`?token=${token}`, JSON.stringify({ _id: 1, _model: 'res.partner' })),
				brokenJson: await post(`?token=${token}`, '{"_id": 1,'),
			};
			assert.deepEqual(statuses, { noToken: 401, wrongToken: 401, almostToken: 401, twoTokens: 401, text: 415, huge: 413, badId: 400, otherModel: 400, brokenJson: statuses.brokenJson });
			// n8n answers broken JSON itself (422 on 2.x) before the node runs; either way it is refused.
			assert.ok(statuses.brokenJson >= 400 && statuses.brokenJson < 500, `broken JSON: ${statuses.brokenJson}`);
			return JSON.stringify(statuses);
		});

		await t.check('a genuine change still runs the workflow', async () => {
			const [orderId] = sim.env('sale.order').search([['state', '=', 'draft']], { limit: 1 });
			sim.env('sale.order').call('action_confirm', [orderId]);
			await sim.flushWebhooks();
			const executions = await instance.waitForExecutions(TRIGGER_FLOW, 1);
			assert.equal(executions[0].status, 'success');
			return `${executions.length} execution(s)`;
		});

		await t.check('no secret in n8n.log, cli.log, CLI output, webhook answers or saved executions', async () => {
			const all = await instance.api<{ data: unknown[] }>('/executions?includeData=true&limit=250');
			exposed.push(JSON.stringify(all.data));
			const logs = [instance.logFile, instance.logFile.replace(/n8n\.log$/, 'cli.log')].map((file) => {
				try {
					return readFileSync(file, 'utf8');
				} catch {
					return '';
				}
			});
			assert.ok(logs[0].length > 1000, `n8n.log holds the debug log (${logs[0].length} bytes)`);
			exposed.push(...logs);
			const text = exposed.join('\n');
			const leaks = leaksIn([{ scenario: 'what n8n kept or printed', text }], Object.entries(secrets).map(([name, value]) => ({ name, value })));
			assert.deepEqual(leaks, []);
			return `${Math.round(text.length / 1024)} KiB scanned for ${Object.keys(secrets).length} secrets`;
		});

		await t.check('after deactivation the old token opens nothing', async () => {
			await instance.api(`/workflows/${TRIGGER_FLOW}/deactivate`, { method: 'POST' });
			const deadline = Date.now() + 30_000;
			while (sim.env('ir.actions.server').search([['state', '=', 'webhook']]).length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
			assert.deepEqual(sim.env('ir.actions.server').search([['state', '=', 'webhook']]), []);
			const res = await fetch(`${instance.baseUrl}${WEBHOOK_PATH}?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ _id: 1, _model: 'sale.order' }) });
			assert.ok(res.status === 404 || res.status === 401, `status ${res.status}`);
		});
	} finally {
		await n8n?.dispose();
		await redis.stop();
		await echo.close();
		await sim.close();
	}
};
