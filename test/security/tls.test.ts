/**
 * The TLS options of both credentials do what they say, checked against local TLS servers with a self-signed
 * certificate made by openssl for this run: an HTTPS proxy in front of the Odoo simulator, and a TLS proxy in front of
 * a real redis-server. Without the "ignore" option the certificate is refused before any request reaches the server;
 * with it, the connection is TLS and works.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

import type { IDataObject } from 'n8n-workflow';

import { IdempotencyGuard } from '../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { closeRedisConnections, redisConnection } from '../../nodes/IdempotencyGuard/stores/redisConnection';
import { OdooLogistics } from '../../nodes/OdooLogistics/OdooLogistics.node';
import { OdooClient, OdooError } from '../../nodes/shared/odoo';
import { runWorkflow } from '../helpers/n8n';
import { startRedis, type RedisServer } from '../helpers/redis';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';

interface Certificate {
	key: Buffer;
	cert: Buffer;
}

/** A throw-away self-signed certificate for 127.0.0.1 (EC keys: made in milliseconds). */
function selfSigned(): Certificate {
	const folder = mkdtempSync(join(tmpdir(), 'tls-test-'));
	try {
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
			'-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
			'-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'),
		], { stdio: 'ignore' });
		return { key: readFileSync(join(folder, 'key.pem')), cert: readFileSync(join(folder, 'cert.pem')) };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

interface Proxy {
	port: number;
	/** TLS handshakes completed, with the protocol negotiated. */
	handshakes: string[];
	close(): Promise<void>;
}

async function listen(server: net.Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
	return () =>
		new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		});
}

/** HTTPS in front of an HTTP server (the simulator), forwarding every request as is. */
async function httpsProxy(certificate: Certificate, target: string): Promise<Proxy> {
	const handshakes: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = https.createServer(certificate, (req, res) => {
		const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('secureConnection', (socket: tls.TLSSocket) => handshakes.push(String(socket.getProtocol())));
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return { port: await listen(server), handshakes, close: closer(server, sockets) };
}

/** TLS in front of a plain TCP server (redis-server), piping bytes both ways. */
async function tlsProxy(certificate: Certificate, targetPort: number): Promise<Proxy> {
	const handshakes: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = tls.createServer(certificate, (socket) => {
		handshakes.push(String(socket.getProtocol()));
		const upstream = net.connect(targetPort, '127.0.0.1');
		socket.pipe(upstream).pipe(socket);
		socket.on('error', () => upstream.destroy());
		upstream.on('error', () => socket.destroy());
	});
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return { port: await listen(server), handshakes, close: closer(server, sockets) };
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
	try {
		await run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

const certificate = selfSigned();

describe('Odoo credential: Ignore SSL Issues reaches the HTTPS agent', () => {
	let sim: OdooSimulator;
	let proxy: Proxy;
	let url: string;
	const settings = () => ({ url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'jsonrpc' as const });

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		proxy = await httpsProxy(certificate, sim.url);
		url = `https://127.0.0.1:${proxy.port}`;
	});

	afterAll(async () => {
		await proxy.close();
		await sim.close();
	});

	it('refuses the self-signed certificate by default, before any request reaches Odoo', async () => {
		sim.stats.reset();
		const client = new OdooClient(settings(), { retry: { maxAttempts: 1 } });
		try {
			const error = await failure(() => client.authenticate());
			expect(error).toBeInstanceOf(OdooError);
			expect(error.message).toMatch(/TLS failure with https:\/\/127\.0\.0\.1:\d+ \((?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
			expect((error as OdooError).hint).toContain("'Ignore TLS issues'");
			expect(sim.stats.requests).toBe(0);
		} finally {
			client.close();
		}
	});

	it('connects over TLS with ignoreTls, and the calls reach Odoo', async () => {
		sim.stats.reset();
		const before = proxy.handshakes.length;
		const client = new OdooClient({ ...settings(), ignoreTls: true });
		try {
			expect(await client.authenticate()).toBe(sim.admin.uid);
			expect(await client.searchCount('res.partner', [])).toBeGreaterThan(0);
		} finally {
			client.close();
		}
		expect(proxy.handshakes.length).toBeGreaterThan(before);
		expect(proxy.handshakes.slice(before).every((protocol) => /^TLSv1\.[23]$/.test(protocol))).toBe(true);
		expect(sim.stats.calls.some((call) => call.model === 'res.partner')).toBe(true);
	});

	it.each([false, true])('through the node, the credential option decides (ignoreTls: %s)', async (ignoreTls) => {
		sim.stats.reset();
		const result = await runWorkflow({
			items: [{}],
			nodeTypes: { odooLogistics: new OdooLogistics() },
			chain: [
				{
					name: 'Odoo',
					type: 'odooLogistics',
					parameters: { resource: 'record', operation: 'count', model: { __rl: true, mode: 'name', value: 'res.partner' } } as never,
					credentials: ['odooLogisticsApi'],
				},
			],
			credentials: { odooLogisticsApi: { ...settings(), ignoreTls } },
		});
		if (ignoreTls) {
			expect(result.error('Odoo')).toBeUndefined();
			expect(sim.stats.calls.some((call) => call.model === 'res.partner')).toBe(true);
		} else {
			expect(result.error('Odoo')?.message).toMatch(/TLS failure/);
			expect(sim.stats.requests).toBe(0);
		}
	});
});

describe('Redis credential: TLS and Ignore Invalid TLS Certificate reach ioredis', () => {
	let redis: RedisServer;
	let proxy: Proxy;
	let workflow = 0;
	const credential = (options: { tls: boolean; tlsIgnoreInvalidCert: boolean; port?: number }) => ({
		host: '127.0.0.1',
		port: options.port ?? proxy.port,
		user: '',
		password: 'redis-tls-password',
		database: 0,
		tls: options.tls,
		tlsIgnoreInvalidCert: options.tlsIgnoreInvalidCert,
	});

	function guard(data: IDataObject) {
		return runWorkflow({
			items: [{ eventId: `tls-${workflow}` }],
			nodeTypes: { idempotencyGuard: new IdempotencyGuard() },
			chain: [{ name: 'Guard', type: 'idempotencyGuard', parameters: { store: 'redis' }, credentials: ['odooLogisticsRedis'] }],
			credentials: { odooLogisticsRedis: data as never },
			workflowId: `wf-tls-${(workflow += 1)}`,
		});
	}

	beforeAll(async () => {
		redis = await startRedis({ password: 'redis-tls-password' });
		proxy = await tlsProxy(certificate, redis.port);
	});

	afterAll(async () => {
		await closeRedisConnections();
		await proxy.close();
		await redis.stop();
	});

	it('makes a TLS connection config for ioredis, with the certificate check as set', async () => {
		const client = await redisConnection({ ...credential({ tls: true, tlsIgnoreInvalidCert: true }) });
		expect(client.options.tls).toMatchObject({ rejectUnauthorized: false });
		expect(await client.ping()).toBe('PONG');
		await closeRedisConnections();
	});

	it('refuses the self-signed certificate unless told to ignore it; no key is claimed', async () => {
		const before = proxy.handshakes.length;
		const result = await guard(credential({ tls: true, tlsIgnoreInvalidCert: false }));
		const error = result.error('Guard');
		expect(error?.message).toMatch(/Redis at 127\.0\.0\.1:\d+ \(database 0\) is unavailable: .*(?:self[- ]signed|certificate)/i);
		expect(error?.message).not.toContain('redis-tls-password');
		expect(proxy.handshakes.length).toBe(before);
	});

	it('claims keys over TLS when the certificate is accepted', async () => {
		const before = proxy.handshakes.length;
		const result = await guard(credential({ tls: true, tlsIgnoreInvalidCert: true }));
		expect(result.error('Guard')).toBeUndefined();
		expect(result.output('Guard', 0)).toHaveLength(1);
		expect(proxy.handshakes.length).toBeGreaterThan(before);
		expect(proxy.handshakes.slice(before).every((protocol) => /^TLSv1\.[23]$/.test(protocol))).toBe(true);
	});

	it('a plain connection to the TLS port fails cleanly, and TLS to the plain port too', async () => {
		for (const data of [credential({ tls: false, tlsIgnoreInvalidCert: false }), credential({ tls: true, tlsIgnoreInvalidCert: true, port: redis.port })]) {
			const result = await guard(data);
			expect(result.error('Guard')?.message).toMatch(/^Redis at 127\.0\.0\.1:\d+ \(database 0\) is unavailable: /);
		}
	});
});
