/**
 * No API key or password in any error: not in its message, stack, properties, JSON or inspection, whatever failed,
 * even when the server echoes the request (a JSON-RPC body carries the password) back in its answer.
 */
import { inspect } from 'node:util';

import { OdooClient, OdooError, diagnoseConnection, parseConnectionSettings } from '../../../../nodes/shared/odoo';
import { MODES, clientFor, useSimulator } from './helpers/sim';
import { StubRequest, StubResponse, closedPortUrl, startStubServer } from './helpers/stubServer';

/** Everything an error could show: message, stack, JSON, and every property, hidden ones included. */
function exposure(value: unknown): string {
	const error = value as Record<string, unknown>;
	const properties = value && typeof value === 'object' ? Object.getOwnPropertyNames(value).map((name) => error[name]) : [];
	return [
		String(value),
		JSON.stringify(value),
		inspect(value, { depth: 10, showHidden: true }),
		inspect(properties, { depth: 10, showHidden: true }),
	].join('\n');
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail');
}

function expectClean(error: unknown, secret: string): void {
	expect(error).toBeInstanceOf(OdooError);
	expect(exposure(error)).not.toContain(secret);
}

describe('no secret in errors from servers that echo requests', () => {
	const SECRET = 'pw-3c9e1f0a7b2d4c6e8f0a1b2c3d4e5f60718293a4';

	/** A server quoting the whole request (body and headers) in its error answers. */
	function echoing(request: StubRequest): StubResponse {
		const quoted = `${request.body} ${JSON.stringify(request.headers)}`;
		if (request.path === '/web/version') return { status: 404, body: '' };
		if (request.path.startsWith('/json/2/')) {
			return { status: 500, body: { name: 'builtins.TypeError', message: `bad call: ${quoted}` } };
		}
		const { id, params } = request.json as { id: number; params: { method: string } };
		if (params.method === 'version') {
			return { body: { jsonrpc: '2.0', id, result: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''] } } };
		}
		if (params.method === 'authenticate') return { body: { jsonrpc: '2.0', id, result: 2 } };
		return {
			body: {
				jsonrpc: '2.0',
				id,
				error: { code: 200, message: 'Odoo Server Error', data: { name: 'builtins.ValueError', message: quoted, debug: quoted } },
			},
		};
	}

	it.each(['jsonrpc', 'json2'] as const)('%s: the echoed secret is removed', async (apiMode) => {
		const server = await startStubServer(echoing);
		const client = new OdooClient({ url: server.url, database: 'odoo', login: 'admin', secret: SECRET, apiMode });
		try {
			const error = (await caught(() => client.searchRead('res.partner', [], { limit: 1 }))) as OdooError;
			expectClean(error, SECRET);
			expect(error.odooMessage).toContain('***');
			expect(exposure(client)).not.toContain(SECRET);
		} finally {
			client.close();
			await server.close();
		}
	});

	it('a proxy page quoting the secret in its title', async () => {
		const server = await startStubServer(() => ({
			status: 502,
			headers: { 'Content-Type': 'text/html' },
			body: `<title>Bad gateway for ${SECRET}</title>`,
		}));
		const client = new OdooClient(
			{ url: server.url, database: 'odoo', login: 'admin', secret: SECRET, apiMode: 'json2' },
			{ retry: { maxAttempts: 1 } },
		);
		try {
			expectClean(await caught(() => client.call('res.partner', 'search_count', null, { domain: [] })), SECRET);
		} finally {
			client.close();
			await server.close();
		}
	});

	it('connection failures, TLS failures and settings errors', async () => {
		const settings = { database: 'odoo', login: 'admin', secret: SECRET };
		const closed = new OdooClient({ ...settings, url: await closedPortUrl() });
		expectClean(await caught(() => closed.authenticate()), SECRET);
		closed.close();
		const tls = await startStubServer(() => ({ body: {} }), { tls: true });
		const untrusted = new OdooClient({ ...settings, url: tls.url });
		expectClean(await caught(() => untrusted.authenticate()), SECRET);
		untrusted.close();
		await tls.close();
		expectClean(await caught(async () => parseConnectionSettings({ ...settings, url: `https://u:${SECRET}@x` })), SECRET);
		expect(JSON.stringify(await diagnoseConnection({ ...settings, url: 'http://odoo-logistics-test.invalid' }))).not.toContain(
			SECRET,
		);
	});
});

describe.each(MODES.filter((mode) => mode.apiMode !== 'auto'))('no secret in errors, $name', ({ version, apiMode }) => {
	const context = useSimulator(() => ({ version }));

	it('in every kind of failure the simulator can produce', async () => {
		const { sim } = context;
		const key = sim.admin.apiKey;
		const client = context.track(clientFor(sim, apiMode, { timeoutMs: 300, retry: { maxAttempts: 1 } }));
		const [orderId] = sim.env('sale.order').search([['state', '=', 'sale']], { limit: 1 });
		const errors: unknown[] = [];
		const collect = async (run: () => Promise<unknown>) => errors.push(await caught(run));

		await collect(() => client.create('sale.order', [{ client_order_ref: 'no partner' }]));
		await collect(() => client.unlink('sale.order', [orderId]));
		await collect(() => client.write('sale.order', [99_999_999], { note: 'x' }));
		await collect(() => client.searchRead('x_no.such.model', []));
		await collect(() => client.call('sale.order', 'no_such_method', [1]));
		await collect(() => client.searchRead('sale.order', [], { fields: ['no_such_field'] }));
		await collect(() => client.call('res.partner', 'search_count', null, { domian: [] }));
		await collect(() => client.call('sale.order', '_private', [1]));
		for (const kind of ['http503', 'http502', 'concurrency', 'reset'] as const) {
			sim.failNext({ kind, model: 'res.partner', method: 'write' });
			await collect(() => client.write('res.partner', [1], { comment: 'x' }));
		}
		sim.failNext({ kind: 'timeout', model: 'res.partner', method: 'create', delayMs: 800 });
		await collect(() => client.create('res.partner', [{ name: 'Timeout secret test' }]));
		await collect(() => context.track(clientFor(sim, apiMode, { user: sim.portal })).searchRead('stock.move', []));
		await collect(() => context.track(clientFor(sim, apiMode, { database: 'nope' })).authenticate());

		const wrongKey = `${key.slice(0, 20)}${'0'.repeat(20)}`;
		await collect(() => context.track(clientFor(sim, apiMode, { secret: wrongKey })).authenticate());

		expect(errors).toHaveLength(16);
		// The failures are of every kind, not one error repeated.
		expect(new Set(errors.map((error) => (error as Error).name)).size).toBeGreaterThanOrEqual(10);
		for (const error of errors) {
			expectClean(error, key);
			expectClean(error, wrongKey);
			expectClean(error, sim.portal.apiKey);
		}
		expect(JSON.stringify(await diagnoseConnection({ url: sim.url, database: sim.db, login: 'admin', secret: wrongKey }))).not.toContain(
			wrongKey,
		);
		await new Promise((resolve) => setTimeout(resolve, 900));
	});
});
