import { startOdooSimulator, type OdooSimulator } from './index';
import { jsonRpcBody, post, rpcError, SimClient, webhookRule } from './testing/sim-client';
import { WebhookSink } from './testing/webhook-sink';

describe('protocol details (18.0)', () => {
	let sim: OdooSimulator;
	let admin: SimClient;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0', db: 'acme' });
		admin = new SimClient(sim);
	});

	afterAll(() => sim.close());

	test('users: admin is uid 2 with a 40-hex API key; every user has a distinct key', () => {
		expect(sim.admin).toMatchObject({ uid: 2, login: 'admin', password: 'admin' });
		expect(sim.admin.apiKey).toMatch(/^[0-9a-f]{40}$/);
		expect(new Set([sim.admin.apiKey, sim.portal.apiKey, sim.demo.apiKey]).size).toBe(3);
	});

	test('authenticate: the password or an API key gives the uid; anything else false, not an error', async () => {
		const auth = (db: string, login: string, secret: string) =>
			post(`${sim.url}/jsonrpc`, jsonRpcBody('common', 'authenticate', [db, login, secret, {}])).then((a) => (a.json as { result: unknown }).result);
		expect(await auth('acme', 'admin', 'admin')).toBe(2);
		expect(await auth('acme', 'admin', sim.admin.apiKey)).toBe(2);
		expect(await auth('acme', 'admin', sim.portal.apiKey)).toBe(false);
		expect(await auth('acme', 'nobody', 'admin')).toBe(false);
		const login = await post(`${sim.url}/jsonrpc`, jsonRpcBody('common', 'login', ['acme', 'portal', 'portal']));
		expect((login.json as { result: unknown }).result).toBe(sim.portal.uid);
	});

	test('execute_kw with bad credentials is AccessDenied; an unknown database names itself', async () => {
		const denied = await rpcError(new SimClient(sim, { ...sim.admin, password: 'nope' }).execute('res.partner', 'search_count', [[]]));
		expect([denied.name, denied.message]).toEqual(['odoo.exceptions.AccessDenied', 'Access Denied']);
		const apiKey = new SimClient(sim, { ...sim.admin, password: sim.admin.apiKey });
		expect(await apiKey.execute('res.partner', 'search_count', [[]])).toEqual(expect.any(Number));
		const missing = await rpcError(new SimClient(sim, sim.admin, 'nodb').execute('res.partner', 'search_count', [[]]));
		expect(missing.name).toBe('psycopg2.OperationalError');
		expect(missing.message).toContain('database "nodb" does not exist');
	});

	test('JSON-2 and /web/version do not exist before 19.0', async () => {
		const json2 = await admin.json2('res.partner', 'search_count', { domain: [] });
		expect([json2.status, json2.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
		expect((await fetch(`${sim.url}/web/version`)).status).toBe(404);
	});

	test('a non-JSON body is a plain 400, not a JSON-RPC error', async () => {
		const answer = await post(`${sim.url}/jsonrpc`, '{"jsonrpc": ');
		expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([400, 'Invalid JSON data', 'text/html; charset=utf-8']);
	});

	test('values: many2one [id, name] or a bare id with load null; floats keep a fraction; empty is false', async () => {
		const [order] = sim.env('sale.order').search([['state', '=', 'draft']], { order: 'id', limit: 1 });
		const answer = await post(
			`${sim.url}/jsonrpc`,
			jsonRpcBody('object', 'execute_kw', ['acme', 2, 'admin', 'sale.order', 'read', [[order]], { fields: ['partner_id', 'amount_total', 'commitment_date', 'order_line'] }]),
		);
		expect(answer.text).toMatch(/"partner_id": \[\d+, "[^"]+"\], "amount_total": \d+\.\d+, "commitment_date": false, "order_line": \[\d+(, \d+)*\]/);
		const bare = (await admin.execute('sale.order', 'read', [[order]], { fields: ['partner_id'], load: null })) as Array<{ partner_id: unknown }>;
		expect(bare[0].partner_id).toEqual(expect.any(Number));
	});

	test('read keeps the order of the ids asked and drops missing ones; write on a missing id is MissingError', async () => {
		const ids = sim.env('sale.order').search([], { order: 'id', limit: 2 });
		const rows = (await admin.execute('sale.order', 'read', [[ids[1], 999999, ids[0]]], { fields: ['name'] })) as Array<{ id: number }>;
		expect(rows.map((r) => r.id)).toEqual([ids[1], ids[0]]);
		const error = await rpcError(admin.execute('sale.order', 'write', [[ids[0], 999999], { note: 'x' }]));
		expect([error.name, error.message]).toEqual([
			'odoo.exceptions.MissingError',
			'Record does not exist or has been deleted.\n(Record: sale.order(999999,), User: 2)',
		]);
	});

	test('create returns an int for one dict and a list for a list; a None result has no "result" key', async () => {
		const [partner] = sim.env('res.partner').search([['customer_rank', '>', 0]], { limit: 1 });
		expect(await admin.execute('sale.order', 'create', [{ partner_id: partner }])).toEqual(expect.any(Number));
		expect(await admin.execute('sale.order', 'create', [[{ partner_id: partner }, { partner_id: partner }]])).toEqual([expect.any(Number), expect.any(Number)]);
		const [confirmed] = sim.env('sale.order').search([['state', '=', 'sale']], { limit: 1 });
		const lock = await post(`${sim.url}/jsonrpc`, jsonRpcBody('object', 'execute_kw', ['acme', 2, 'admin', 'sale.order', 'action_lock', [[confirmed]]]));
		expect(lock.json).toEqual({ jsonrpc: '2.0', id: 1 });
		expect(sim.env('sale.order').read([confirmed], ['locked'])[0].locked).toBe(true);
	});

	test('argument errors are Python TypeErrors; private and unknown methods are refused', async () => {
		expect((await rpcError(admin.execute('sale.order', 'search_count', []))).message).toBe(
			"BaseModel.search_count() missing 1 required positional argument: 'domain'",
		);
		expect((await rpcError(admin.execute('sale.order', 'search_count', [[]], { domian: [] }))).message).toBe(
			"BaseModel.search_count() got an unexpected keyword argument 'domian'",
		);
		expect((await rpcError(admin.execute('sale.order', 'message_post', [[1], '<p>x</p>']))).message).toBe(
			'MailThread.message_post() takes 1 positional argument but 2 were given',
		);
		expect((await rpcError(admin.execute('sale.order', '_compute_amounts', [[1]]))).name).toBe('odoo.exceptions.AccessError');
		expect((await rpcError(admin.execute('sale.order', 'nope', [[1]]))).name).toBe('builtins.AttributeError');
		expect((await rpcError(admin.execute('x.nope', 'search', [[]]))).message).toBe("Object x.nope doesn't exist");
	});

	test('message_post escapes a plain body and keeps HTML with body_is_html', async () => {
		const [order] = sim.env('sale.order').search([], { limit: 1 });
		const plain = (await admin.execute('sale.order', 'message_post', [[order]], { body: '<b>5 & 6</b>\nok', message_type: 'comment' })) as number;
		const html = (await admin.execute('sale.order', 'message_post', [[order]], { body: '<b>bold</b>', body_is_html: true })) as number;
		const rows = sim.env('mail.message').read([plain, html], ['body', 'model', 'res_id', 'subtype_id']);
		expect(rows.map((r) => r.body)).toEqual(['<p>&lt;b&gt;5 &amp; 6&lt;/b&gt;<br>ok</p>', '<b>bold</b>']);
		expect(rows[0]).toMatchObject({ model: 'sale.order', res_id: order, subtype_id: [expect.any(Number), 'Note'] });
	});

	test('portal: ACL error on stock.move, record rule on others\' orders, own documents visible', async () => {
		const portal = new SimClient(sim, sim.portal);
		const acl = await rpcError(portal.execute('stock.move', 'search_read', [[]], { fields: ['name'] }));
		expect(acl.message).toMatch(/^You are not allowed to access 'Stock Move' \(stock\.move\) records\./);
		const [foreign] = sim.env('sale.order').search([['partner_id.name', '!=', 'Coastal Home Centers']], { limit: 1 });
		expect((await rpcError(portal.execute('sale.order', 'read', [[foreign]], { fields: ['name'] }))).message).toMatch(/^Uh-oh!/);
		const own = sim.env('sale.order').create({ partner_id: sim.env('res.partner').search([['name', '=', 'Coastal Home Centers']])[0] });
		expect(await portal.execute('sale.order', 'search', [[]])).toEqual([own]);
		expect(await portal.execute('stock.picking', 'search_read', [[]], { fields: ['name'] })).toEqual([]);
	});

	test('the internal demo user cannot manage automation rules', async () => {
		const demo = new SimClient(sim, sim.demo);
		const error = await rpcError(demo.execute('base.automation', 'search_read', [[]], {}));
		expect(error.message).toContain("You are not allowed to access 'Automation Rule' (base.automation) records.");
		expect(await demo.execute('sale.order', 'search_count', [[]])).toEqual(expect.any(Number));
	});

	test('web session: authenticate sets the cookie; call_kw needs it; API keys are made through it', async () => {
		const auth = await post(`${sim.url}/web/session/authenticate`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db: 'acme', login: 'admin', password: 'admin' }, id: 1 }));
		const cookie = /session_id=[^;]+/.exec(auth.headers.get('set-cookie') ?? '')![0];
		expect((auth.json as { result: { uid: number } }).result.uid).toBe(2);
		const callKw = (model: string, method: string, args: unknown[], withCookie = true) =>
			post(`${sim.url}/web/dataset/call_kw/${model}/${method}`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { model, method, args, kwargs: {} }, id: 2 }), {
				'Content-Type': 'application/json',
				...(withCookie ? { Cookie: cookie } : {}),
			}).then((a) => a.json as { result?: Record<string, unknown>; error?: { code: number; data: { name: string } } });
		expect((await callKw('res.partner', 'search_count', [[]], false)).error).toMatchObject({ code: 100, data: { name: 'odoo.http.SessionExpiredException' } });
		const description = (await callKw('res.users.apikeys.description', 'create', [{ name: 'ci', duration: '7' }])).result as unknown as number;
		const check = (await callKw('res.users.apikeys.description', 'make_key', [[description]])).result!;
		expect(check).toMatchObject({ res_model: 'res.users.identitycheck' });
		await callKw('res.users.identitycheck', 'write', [[check.res_id], { password: 'admin' }]);
		const shown = (await callKw('res.users.identitycheck', 'run_check', [[check.res_id]])).result!;
		const key = (shown.context as { default_key: string }).default_key;
		expect(key).toMatch(/^[0-9a-f]{40}$/);
		expect(await new SimClient(sim, { ...sim.admin, password: key }).execute('res.partner', 'search_count', [[]])).toEqual(expect.any(Number));
	});
});

describe('JSON-2 (19.0)', () => {
	let sim: OdooSimulator;
	let client: SimClient;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '19.0' });
		client = new SimClient(sim);
	});

	afterAll(() => sim.close());

	test('the scheme is case-insensitive; a wrong database is a 404 HTML page', async () => {
		const lower = await post(`${sim.url}/json/2/res.partner/search_count`, '{"domain": []}', { 'Content-Type': 'application/json', Authorization: `bearer ${sim.admin.apiKey}` });
		expect(lower.status).toBe(200);
		const wrong = await post(`${sim.url}/json/2/res.partner/search_count`, '{"domain": []}', {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${sim.admin.apiKey}`,
			'X-Odoo-Database': 'other',
		});
		expect([wrong.status, wrong.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
	});

	test('create always answers a list; recordsets become id lists (message_post: [id])', async () => {
		expect((await client.json2('res.partner', 'create', { vals_list: { name: 'Solo' } })).json).toEqual([expect.any(Number)]);
		const [order] = sim.env('sale.order').search([], { limit: 1 });
		expect((await client.json2('sale.order', 'message_post', { ids: [order], body: 'hi' })).json).toEqual([expect.any(Number)]);
		expect((await client.json2('res.partner', 'search', { domain: [['name', '=', 'Solo']] })).json).toEqual([expect.any(Number)]);
	});

	test('status mapping: 422 user errors, 403 access, 404 missing, 500 others', async () => {
		const [confirmed] = sim.env('sale.order').search([['state', '=', 'sale']], { limit: 1 });
		expect((await client.json2('sale.order', 'unlink', { ids: [confirmed] })).status).toBe(422);
		expect((await client.json2('ir.config_parameter', 'search_read', { domain: [] }, sim.demo.apiKey)).status).toBe(403);
		expect((await client.json2('res.partner', 'write', { ids: [999999], vals: { name: 'x' } })).status).toBe(404);
		expect((await client.json2('res.partner', 'search_count', { domain: [['name', 'likes', 'x']] })).status).toBe(500);
		expect((await client.json2('stock.move', 'search_count', { domain: [] }, sim.portal.apiKey)).status).toBe(403);
	});

	test('19.0 keeps the name given to a webhook action and sends after the commit', async () => {
		const sink = new WebhookSink();
		const url = await sink.start();
		try {
			webhookRule(sim, { model: 'res.partner', trigger: 'on_create', url, fields: ['name'] });
			await client.json2('res.partner', 'create', { vals_list: [{ name: 'Zoë' }] });
			expect(sink.received).toHaveLength(1);
			expect(sink.received[0].body).toMatch(/^\{"_action": "test webhook\(#\d+\)", "_id": \d+, "_model": "res.partner", "id": \d+, "name": "Zo\\u00eb"\}$/);
		} finally {
			await sink.close();
		}
	});
});

describe('older versions', () => {
	test('17.0: returns are made with create_returns; action_create_returns does not exist yet', async () => {
		const sim = await startOdooSimulator({ version: '17.0' });
		try {
			const client = new SimClient(sim);
			const [done] = sim.env('stock.picking').search([['state', '=', 'done'], ['picking_type_code', '=', 'outgoing']], { limit: 1 });
			const context = { active_id: done, active_ids: [done], active_model: 'stock.picking' };
			const wizard = (await client.execute('stock.return.picking', 'create', [{}], { context })) as number;
			const [line] = sim.env('stock.return.picking').read([wizard], ['product_return_moves'])[0].product_return_moves as number[];
			expect(sim.env('stock.return.picking.line').read([line], ['quantity'])[0].quantity).toBeGreaterThan(0);
			expect((await rpcError(client.execute('stock.return.picking', 'action_create_returns', [[wizard]], { context }))).name).toBe('builtins.AttributeError');
			const action = (await client.execute('stock.return.picking', 'create_returns', [[wizard]], { context })) as { res_id: number };
			expect(sim.env('stock.picking').read([action.res_id], ['return_id', 'picking_type_code'])[0]).toMatchObject({ return_id: [done, expect.any(String)], picking_type_code: 'incoming' });
		} finally {
			await sim.close();
		}
	});

	test('16.0: no webhook server actions', async () => {
		const sim = await startOdooSimulator({ version: '16.0', seed: 'empty' });
		try {
			const error = await rpcError(
				new SimClient(sim).execute('ir.actions.server', 'create', [{ name: 'hook', model_id: 1, state: 'webhook' }]),
			);
			expect([error.name, error.message]).toEqual(['builtins.ValueError', "Wrong value for ir.actions.server.state: 'webhook'"]);
		} finally {
			await sim.close();
		}
	});
});

describe('introspection a client uses', () => {
	test('context_get tells a key its user; access checks answer without raising when asked to', async () => {
		const sim = await startOdooSimulator({ version: '19.0', seed: 'empty' });
		try {
			const client = new SimClient(sim);
			expect((await client.json2('res.users', 'context_get', {}, sim.demo.apiKey)).json).toEqual({ lang: 'en_US', tz: 'Europe/Brussels', uid: sim.demo.uid });
			expect((await client.json2('base.automation', 'has_access', { ids: [], operation: 'create' }, sim.demo.apiKey)).json).toBe(false);
			expect((await client.json2('base.automation', 'has_access', { ids: [], operation: 'create' })).json).toBe(true);
			expect((await client.json2('stock.move', 'check_access', { ids: [], operation: 'read' }, sim.portal.apiKey)).status).toBe(403);
		} finally {
			await sim.close();
		}
		const legacy = await startOdooSimulator({ version: '17.0', seed: 'empty' });
		try {
			const portal = new SimClient(legacy, legacy.portal);
			expect(await portal.execute('stock.move', 'check_access_rights', ['read'], { raise_exception: false })).toBe(false);
			expect((await rpcError(portal.execute('stock.move', 'check_access_rights', ['read']))).name).toBe('odoo.exceptions.AccessError');
		} finally {
			await legacy.close();
		}
	});
});
