/**
 * What the client and the credential test say when the URL is wrong: nothing listens, no such host, a TLS problem,
 * a web server that is not Odoo, a redirect, a proxy answering 503.
 */
import {
	OdooClient,
	OdooError,
	OdooNotOdooServerError,
	OdooTransientError,
	OdooUnreachableError,
	diagnoseConnection,
} from '../../../../nodes/shared/odoo';
import { failure } from './helpers/failure';
import { StubRequest, StubResponse, StubServer, closedPortUrl, jsonRpcOdoo, startStubServer } from './helpers/stubServer';

const SECRET = '0d5b2f6a9c41e8d7b3a2f1e0c9d8b7a6f5e4d3c2';
const settings = (url: string) => ({ url, database: 'odoo', login: 'admin', secret: SECRET });

const servers: StubServer[] = [];
async function stub(handler: (request: StubRequest) => StubResponse, options?: { tls?: boolean }): Promise<StubServer> {
	const server = await startStubServer(handler, options);
	servers.push(server);
	return server;
}
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const NGINX_PAGE =
	'<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>body { width: 35em; }</style>\n</head>\n<body><h1>Welcome to nginx!</h1></body>\n</html>\n';

function expectNoSecret(error: OdooError): void {
	expect(`${JSON.stringify(error)} ${error.message} ${error.stack}`).not.toContain(SECRET);
}

describe('connection diagnosis', () => {
	it('says the URL is not reachable when nothing listens', async () => {
		const url = await closedPortUrl();
		const diagnosis = await diagnoseConnection(settings(url));
		expect(diagnosis).toEqual({ ok: false, stage: 'url', message: expect.stringContaining('the connection was refused') });
		const client = new OdooClient(settings(url));
		const error = await failure(client.version());
		client.close();
		expect(error).toBeInstanceOf(OdooUnreachableError);
		expect(error.retryable).toBe(false);
		expectNoSecret(error);
	});

	it('says the host name cannot be resolved', async () => {
		const diagnosis = await diagnoseConnection(settings('http://odoo-logistics-test.invalid'));
		expect(diagnosis).toEqual({ ok: false, stage: 'url', message: expect.stringContaining('cannot be resolved') });
	});

	it('says which setting is invalid before connecting', async () => {
		expect(await diagnoseConnection({ ...settings('ftp://x'), secret: SECRET })).toEqual({
			ok: false,
			stage: 'url',
			message: expect.stringContaining('must start with http:// or https://'),
		});
		expect(await diagnoseConnection({ ...settings('http://x'), login: '' })).toMatchObject({ ok: false, stage: 'login' });
		expect(await diagnoseConnection({ ...settings('http://x'), database: '' })).toMatchObject({ ok: false, stage: 'database' });
	});

	it('says an HTML site is not Odoo, naming the page by its title without dumping it', async () => {
		const server = await stub(() => ({ headers: { 'Content-Type': 'text/html' }, body: NGINX_PAGE }));
		const diagnosis = await diagnoseConnection(settings(server.url));
		expect(diagnosis).toEqual({ ok: false, stage: 'not_odoo', message: expect.stringContaining('"Welcome to nginx!"') });
		expect(diagnosis.ok || diagnosis.message).not.toContain('<');
	});

	it('says a JSON API that is not JSON-RPC is not Odoo', async () => {
		const server = await stub(() => ({ body: { status: 'ok', service: 'something else' } }));
		const diagnosis = await diagnoseConnection(settings(server.url));
		expect(diagnosis).toEqual({ ok: false, stage: 'not_odoo', message: expect.stringContaining('not JSON-RPC') });
	});

	it('says a server without /jsonrpc is not Odoo', async () => {
		const server = await stub(() => ({ status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not Found</h1>' }));
		const diagnosis = await diagnoseConnection(settings(server.url));
		expect(diagnosis).toEqual({ ok: false, stage: 'not_odoo', message: expect.stringContaining('/jsonrpc does not exist') });
	});

	it('names the address a redirect leads to', async () => {
		const server = await stub(() => ({ status: 301, headers: { Location: 'https://erp.example.com/odoo?x=1' }, body: '' }));
		const client = new OdooClient({ ...settings(server.url), apiMode: 'jsonrpc' });
		const error = await failure(client.version());
		client.close();
		expect(error).toBeInstanceOf(OdooNotOdooServerError);
		expect(error.message).toContain('redirects (HTTP 301) to https://erp.example.com/odoo');
		expect(error.message).not.toContain('x=1');
	});

	it('says the TLS certificate is not trusted, and connects when TLS issues are ignored', async () => {
		const server = await stub(jsonRpcOdoo(() => []), { tls: true });
		const refused = await diagnoseConnection(settings(server.url));
		expect(refused).toEqual({ ok: false, stage: 'tls', message: expect.stringContaining('TLS') });
		expect(await diagnoseConnection({ ...settings(server.url), ignoreTls: true })).toEqual({
			ok: true,
			serverVersion: '18.0',
			transport: 'jsonrpc',
			uid: 2,
		});
	});
});

describe('proxy errors', () => {
	it('retries a 503 page on a read, then names the page in the error', async () => {
		const server = await stub(() => ({
			status: 503,
			headers: { 'Content-Type': 'text/html' },
			body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>',
		}));
		const sleeps: number[] = [];
		const client = new OdooClient(settings(server.url), {
			clock: { sleep: async (ms) => void sleeps.push(ms) },
		});
		const error = await failure(client.version());
		client.close();
		expect(error).toBeInstanceOf(OdooTransientError);
		expect(error.attempts).toBe(4);
		expect(sleeps).toHaveLength(3);
		expect(server.requests).toHaveLength(4);
		expect(error.message).toBe(
			'Odoo is temporarily unavailable: HTTP 503 with an HTML page titled "503 Service Temporarily Unavailable"',
		);
	});

	it('honours Retry-After on 429', async () => {
		let calls = 0;
		const server = await stub((request) => {
			calls += 1;
			return calls === 1 ? { status: 429, headers: { 'Retry-After': '2' }, body: 'slow down' } : jsonRpcOdoo(() => [])(request);
		});
		const sleeps: number[] = [];
		const client = new OdooClient({ ...settings(server.url), apiMode: 'jsonrpc' }, {
			clock: { sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
		});
		expect(await client.version()).toMatchObject({ major: 18 });
		client.close();
		expect(sleeps).toEqual([2_000]);
	});
});
