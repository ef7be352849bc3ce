/**
 * The client's public API over real HTTP against the Odoo simulator, in both API modes: the same calls must give the
 * same results and the same error classes whatever the transport.
 */
import {
	OdooAccessError,
	OdooAuthenticationError,
	OdooBadValueError,
	OdooClient,
	OdooConcurrencyError,
	OdooInvalidFieldError,
	OdooMissingRecordError,
	OdooUnknownDatabaseError,
	OdooUnknownMethodError,
	OdooUnknownModelError,
	OdooUserError,
	OdooValidationError,
	diagnoseConnection,
} from '../../../../nodes/shared/odoo';
import { failure } from './helpers/failure';
import { MODES, clientFor, useSimulator } from './helpers/sim';

describe.each(MODES)('OdooClient, $name', ({ version, apiMode, transport }) => {
	const context = useSimulator(() => ({ version }));
	const client = (options: Parameters<typeof clientFor>[2] = {}): OdooClient =>
		context.track(clientFor(context.sim, apiMode, options));

	it('reports the server version and the transport it uses', async () => {
		const info = await client().version();
		expect(info).toMatchObject({ major: Number(version.split('.')[0]), minor: 0, transport });
		expect(info.serverVersion.startsWith(version)).toBe(true);
	});

	it('authenticates once, even for concurrent first calls', async () => {
		const c = client();
		const before = context.sim.stats.calls.length;
		const counts = await Promise.all(Array.from({ length: 8 }, () => c.searchCount('res.partner', [])));
		await c.searchRead('res.partner', [], { limit: 1 });
		expect(new Set(counts).size).toBe(1);
		const authCalls = context.sim.stats.calls
			.slice(before)
			.filter((call) => call.method === 'authenticate' || call.method === 'context_get');
		expect(authCalls).toHaveLength(1);
		expect(c.stats.count('common', 'authenticate') + c.stats.count('res.users', 'context_get')).toBe(1);
		expect(c.uid).toBe(context.sim.admin.uid);
	});

	it('creates many records in one call and returns their ids in order', async () => {
		const c = client();
		const names = Array.from({ length: 40 }, (_, index) => `Bulk ${transport} ${apiMode} ${index}`);
		const ids = await c.create('res.partner', names.map((name) => ({ name })));
		expect(ids).toHaveLength(40);
		expect(c.stats.count('res.partner', 'create')).toBe(1);
		const stored = context.sim.env('res.partner').read(ids, ['name']);
		expect(stored.map((record) => record.name)).toEqual(names);
	});

	it('reads, writes and unlinks', async () => {
		const c = client();
		const [id] = await c.create('res.partner', [{ name: 'Dock 7 Logistics' }]);
		expect(await c.write('res.partner', [id], { email: 'dock7@example.com' })).toBe(true);
		expect(context.sim.env('res.partner').read([id], ['email'])[0].email).toBe('dock7@example.com');
		const [record] = await c.read('res.partner', [id], ['name', 'email']);
		expect(record).toEqual({ id, name: 'Dock 7 Logistics', email: 'dock7@example.com' });
		expect(await c.read('res.partner', [id, 99_999_999], ['name'])).toHaveLength(1);
		expect(await c.unlink('res.partner', [id])).toBe(true);
		expect(context.sim.env('res.partner').search([['id', '=', id]])).toEqual([]);
	});

	it('searches with a domain given as Python text', async () => {
		const c = client();
		const tag = `Domain ${apiMode}`;
		await c.create('res.partner', [{ name: `${tag} A` }, { name: `${tag} B` }, { name: `${tag} C` }]);
		const ids = await c.search('res.partner', `[('name', '=like', '${tag} %'), ('name', '!=', '${tag} B')]`, {
			order: 'id desc',
		});
		expect(ids).toEqual(context.sim.env('res.partner').search([['name', 'in', [`${tag} A`, `${tag} C`]]], { order: 'id desc' }));
		expect(await c.searchCount('res.partner', [['name', '=like', `${tag} %`]])).toBe(3);
	});

	it('pages through every record with all, one page per call, ties broken by id', async () => {
		const c = client();
		const tag = `Page ${apiMode}`;
		const ids = await c.create(
			'res.partner',
			Array.from({ length: 23 }, (_, index) => ({ name: `${tag} ${String(index % 4)}` })),
		);
		const records = await c.searchRead('res.partner', [['name', '=like', `${tag} %`]], {
			all: true,
			pageSize: 5,
			order: 'name',
			fields: ['name'],
		});
		expect(records).toHaveLength(23);
		expect(new Set(records.map((record) => record.id))).toEqual(new Set(ids));
		expect(c.stats.count('res.partner', 'search_read')).toBe(5);
		const capped = await c.searchRead('res.partner', [['name', '=like', `${tag} %`]], { all: true, pageSize: 5, limit: 12 });
		expect(capped.map((record) => record.id)).toEqual([...ids].sort((a, b) => a - b).slice(0, 12));
		expect(c.stats.count('res.partner', 'search_read')).toBe(8);
	});

	it('reads field definitions', async () => {
		const fields = await client().fieldsGet('res.partner', { fields: ['name', 'email'], attributes: ['string', 'type'] });
		expect(fields.name).toEqual({ string: expect.any(String), type: 'char' });
		expect(Object.keys(fields).sort()).toEqual(['email', 'name']);
	});

	it('calls business methods with a context', async () => {
		const c = client();
		const [partnerId] = context.sim.env('res.partner').search([['customer_rank', '>', 0]], { limit: 1 });
		const [productId] = context.sim.env('product.product').search([['type', '!=', 'service']], { limit: 1 });
		const [orderId] = await c.create('sale.order', [
			{ partner_id: partnerId, order_line: [[0, 0, { product_id: productId, product_uom_qty: 1 }]] },
		]);
		expect(await c.call('sale.order', 'action_confirm', [orderId], {}, { context: { lang: 'en_US' } })).toBe(true);
		expect(context.sim.env('sale.order').read([orderId], ['state'])[0].state).toBe('sale');
	});

	it('diagnoses the connection, naming the wrong part', async () => {
		const { sim } = context;
		const settings = { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode };
		expect(await diagnoseConnection(settings)).toEqual({
			ok: true,
			serverVersion: expect.stringMatching(new RegExp(`^${version.replace('.', '\\.')}`)),
			transport,
			uid: sim.admin.uid,
		});
		expect(await diagnoseConnection({ ...settings, database: 'no_such_db' })).toEqual({
			ok: false,
			stage: 'database',
			message: expect.stringContaining('Unknown Odoo database'),
		});
		expect(await diagnoseConnection({ ...settings, secret: 'f'.repeat(40) })).toEqual({
			ok: false,
			stage: 'login',
			message: expect.stringContaining('Odoo rejected the credentials'),
		});
	});

	describe('errors', () => {
		it('bad API key or password: authentication error', async () => {
			const error = await failure(client({ secret: 'f'.repeat(40) }).searchCount('res.partner', []));
			expect(error).toBeInstanceOf(OdooAuthenticationError);
			expect(error.hint).toContain('API key');
		});

		it('unknown database', async () => {
			const error = await failure(client({ database: 'no_such_db' }).authenticate());
			expect(error).toBeInstanceOf(OdooUnknownDatabaseError);
		});

		it('access error for a user without rights', async () => {
			const error = await failure(client({ user: context.sim.portal }).searchRead('stock.move', [], { limit: 1 }));
			expect(error).toBeInstanceOf(OdooAccessError);
			expect(error.model).toBe('stock.move');
		});

		it('validation error (required field)', async () => {
			const error = await failure(client().create('sale.order', [{ client_order_ref: 'no partner' }]));
			expect(error).toBeInstanceOf(OdooValidationError);
			expect(error.odooName).toBe('odoo.exceptions.ValidationError');
		});

		it('user error (business rule)', async () => {
			const [orderId] = context.sim.env('sale.order').search([['state', '=', 'sale']], { limit: 1 });
			const error = await failure(client().unlink('sale.order', [orderId]));
			expect(error).toBeInstanceOf(OdooUserError);
			expect(context.sim.env('sale.order').search([['id', '=', orderId]])).toEqual([orderId]);
		});

		it('missing record', async () => {
			const error = await failure(client().write('sale.order', [99_999_999], { note: 'x' }));
			expect(error).toBeInstanceOf(OdooMissingRecordError);
			expect(error.odooMessage).toContain('Record does not exist or has been deleted.');
		});

		it('unknown model and unknown method', async () => {
			expect(await failure(client().searchRead('x_no.such.model', []))).toBeInstanceOf(OdooUnknownModelError);
			expect(await failure(client().call('sale.order', 'no_such_method', [1]))).toBeInstanceOf(OdooUnknownMethodError);
		});

		it('invalid field', async () => {
			const error = await failure(client().searchRead('stock.picking', [], { fields: ['name', 'no_such_field'] }));
			expect(error).toBeInstanceOf(OdooInvalidFieldError);
			expect(error.odooMessage).toContain('no_such_field');
		});

		it('bad value and bad argument', async () => {
			const [orderId] = context.sim.env('sale.order').search([], { limit: 1 });
			expect(await failure(client().write('sale.order', [orderId], { state: 'bogus' }))).toBeInstanceOf(OdooBadValueError);
			expect(await failure(client().call('res.partner', 'search_count', null, { domian: [] }))).toBeInstanceOf(
				OdooBadValueError,
			);
		});

		it('private methods are refused without a request, naming the method', async () => {
			const c = client();
			await c.authenticate();
			const before = context.sim.stats.requests;
			const error = await failure(c.call('sale.order', '_compute_amounts', [1]));
			expect(error).toBeInstanceOf(OdooAccessError);
			expect(error.message).toContain("'sale.order._compute_amounts'");
			expect(context.sim.stats.requests).toBe(before);
		});

		it('a concurrency failure on a write is reported as retryable but not retried', async () => {
			const c = client();
			const [id] = await c.create('res.partner', [{ name: 'Concurrent' }]);
			context.sim.failNext({ kind: 'concurrency', model: 'res.partner', method: 'write' });
			const error = await failure(c.write('res.partner', [id], { name: 'Concurrent 2' }));
			expect(error).toBeInstanceOf(OdooConcurrencyError);
			expect(error.retryable).toBe(true);
			expect(error.attempts).toBe(1);
			expect(c.stats.count('res.partner', 'write')).toBe(1);
		});
	});
});

describe('auto mode with a password instead of an API key on 19.0', () => {
	const context = useSimulator(() => ({ version: '19.0' }));

	it('falls back to JSON-RPC, which still takes passwords', async () => {
		const { sim } = context;
		const c = context.track(clientFor(sim, 'auto', { secret: sim.admin.password }));
		expect(await c.authenticate()).toBe(sim.admin.uid);
		expect(await c.version()).toMatchObject({ major: 19, transport: 'jsonrpc' });
		expect(await c.searchCount('res.partner', [])).toBe(sim.env('res.partner').search([]).length);
		expect(c.stats.count('res.partner', 'search_count')).toBe(1);
		expect(sim.stats.calls.filter((call) => call.transport === 'json2' && call.model === 'res.partner')).toEqual([]);
	});

	it('reports the JSON-2 refusal when the password is wrong too', async () => {
		const { sim } = context;
		const error = await failure(context.track(clientFor(sim, 'auto', { secret: 'not-the-password' })).authenticate());
		expect(error).toBeInstanceOf(OdooAuthenticationError);
		expect(error.httpStatus).toBe(401);
	});
});

describe('JSON-2 forced on 18.0', () => {
	const context = useSimulator(() => ({ version: '18.0' }));

	it('is refused by the connection test, which names the setting', async () => {
		const { sim } = context;
		expect(
			await diagnoseConnection({ url: sim.url, database: sim.db, login: 'admin', secret: sim.admin.apiKey, apiMode: 'json2' }),
		).toEqual({ ok: false, stage: 'settings', message: expect.stringContaining('JSON-2 needs Odoo 19 or later') });
	});

	it('fails calls with an error that says the server may have no JSON-2', async () => {
		const error = await failure(context.track(clientFor(context.sim, 'json2')).searchCount('res.partner', []));
		expect(error.message).toContain('no JSON-2 API (Odoo 19 or later)');
	});
});
