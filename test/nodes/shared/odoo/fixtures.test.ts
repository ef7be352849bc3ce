/**
 * Replays the responses recorded from real Odoo 18.0 (JSON-RPC) and 19.0 (JSON-2) servers, and checks both what the
 * client sends and what it makes of each answer.
 */
import {
	OdooAccessError,
	OdooAuthenticationError,
	OdooBadValueError,
	OdooClient,
	OdooError,
	OdooInvalidFieldError,
	LogisticsFlows,
	OdooMissingRecordError,
	OdooServerError,
	OdooUnknownMethodError,
	OdooUnknownModelError,
	OdooUserError,
	OdooValidationError,
} from '../../../../nodes/shared/odoo';
import { failure } from './helpers/failure';
import { Fixture, FixtureVersion, loadFixture, replayServer } from './helpers/fixtures';
import { ExecuteKwCall, StubServer, jsonRpcOdoo, startStubServer } from './helpers/stubServer';

const SECRET = '8f14e45fceea167a5a36dedd4bea2543ab12cd90';

interface Replay {
	server: StubServer;
	client: OdooClient;
	fixture: Fixture;
}

const open: Replay[] = [];

async function replay(version: FixtureVersion, number: string): Promise<Replay> {
	const fixture = loadFixture(version, number);
	const server = await replayServer(version, fixture);
	const client = new OdooClient(
		{ url: server.url, database: 'logi', login: 'admin', secret: SECRET, apiMode: version === '19.0' ? 'json2' : 'jsonrpc' },
		{ retry: { maxAttempts: 1 } },
	);
	const entry = { server, client, fixture };
	open.push(entry);
	return entry;
}

afterEach(async () => {
	for (const { client, server } of open.splice(0)) {
		client.close();
		await server.close();
	}
});

/** The last request the client sent: the call itself, after the version and authentication calls. */
function lastRequest(server: StubServer) {
	return server.requests[server.requests.length - 1];
}

/** `execute_kw` params after db, uid and password: model, method, args, kwargs. */
function executeKwCall(body: unknown): unknown[] {
	return ((body as { params: { args: unknown[] } }).params.args as unknown[]).slice(3);
}

describe('JSON-RPC against the Odoo 18.0 recordings', () => {
	it('search_read sends the domain positionally and the rest by name (13)', async () => {
		const { client, server, fixture } = await replay('18.0', '13');
		const records = await client.searchRead('sale.order', [], {
			fields: ['name', 'state', 'partner_id', 'amount_total', 'commitment_date', 'date_order', 'picking_ids', 'delivery_status', 'invoice_status'],
			limit: 3,
			order: 'id asc',
		});
		expect(executeKwCall(lastRequest(server).json)).toEqual(executeKwCall(fixture.request.body));
		expect(records).toEqual((fixture.response.body as { result: unknown }).result);
	});

	it('search_count, read and action_confirm send what Odoo was sent (14, 15, 27)', async () => {
		const count = await replay('18.0', '14');
		expect(await count.client.searchCount('sale.order', "[('state', '=', 'sale')]")).toBe(19);
		expect(executeKwCall(lastRequest(count.server).json)).toEqual(executeKwCall(count.fixture.request.body));

		const read = await replay('18.0', '15');
		const [, , [ids], kwargs] = executeKwCall(read.fixture.request.body) as [string, string, [number[]], { fields: string[] }];
		await read.client.read('sale.order', ids, kwargs.fields);
		expect(executeKwCall(lastRequest(read.server).json)).toEqual(executeKwCall(read.fixture.request.body));

		const confirm = await replay('18.0', '27');
		expect(await confirm.client.call('sale.order', 'action_confirm', [25])).toBe(true);
		expect(executeKwCall(lastRequest(confirm.server).json)).toEqual(executeKwCall(confirm.fixture.request.body));
	});

	it('button_validate passes the context in kwargs (33)', async () => {
		const { client, server, fixture } = await replay('18.0', '33');
		expect(await client.call('stock.picking', 'button_validate', [18], {}, { context: { skip_sms: true } })).toBe(true);
		expect(executeKwCall(lastRequest(server).json)).toEqual(executeKwCall(fixture.request.body));
	});

	it('a response without a result key gives null (42)', async () => {
		const { client } = await replay('18.0', '42');
		expect(await client.call('sale.order', 'action_lock', [26])).toBeNull();
	});

	it('a create answering a bare id still gives a list of ids (24)', async () => {
		const { client } = await replay('18.0', '24');
		expect(await client.create('sale.order', [{ partner_id: 10 }])).toEqual([25]);
	});

	it('message_post with HTML sends body_is_html and gives the message id (60)', async () => {
		const { client, server, fixture } = await replay('18.0', '60');
		const id = await new LogisticsFlows(client).messagePost('sale.order', 25, '<p>Shipped <b>3</b> cabinets</p>', {
			html: true,
		});
		expect(id).toBe(372);
		expect(executeKwCall(lastRequest(server).json)).toEqual(executeKwCall(fixture.request.body));
	});

	it('authenticate returning false is an authentication error naming login and database (03)', async () => {
		const { client } = await replay('18.0', '03');
		// Every call of this replay answers `false`, authenticate included.
		const error = await failure(client.authenticate());
		expect(error).toBeInstanceOf(OdooAuthenticationError);
		expect(error.message).toContain("login 'admin'");
		expect(error.message).toContain("database 'logi'");
	});

	it.each<[string, new (...args: never[]) => OdooError]>([
		['12', OdooUserError],
		['20', OdooInvalidFieldError],
		['55', OdooUnknownMethodError],
		['56', OdooUserError],
		['67', OdooAccessError],
		['68', OdooAccessError],
		['69', OdooValidationError],
		['70', OdooValidationError],
		['71', OdooValidationError],
		['72', OdooBadValueError],
		['73', OdooUserError],
		['74', OdooUserError],
		['76', OdooMissingRecordError],
		['77', OdooUnknownModelError],
		['78', OdooUnknownMethodError],
		['79', OdooBadValueError],
		['81', OdooAuthenticationError],
		['82', OdooInvalidFieldError],
	])('maps the error of fixture %s', async (number, errorClass) => {
		const { client, fixture } = await replay('18.0', number);
		const [model, method] = executeKwCall(fixture.request.body) as [string, string];
		const error = await failure(client.call(model, method, [1]));
		const data = (fixture.response.body as { error: { data: { name: string; message: string } } }).error.data;
		expect(error).toBeInstanceOf(errorClass);
		expect(error.odooName).toBe(data.name);
		expect(error.odooMessage).toBe(data.message);
		expect(error.message).toContain(`${model}.${method}`);
		expect(error.hint).toBeTruthy();
		expect(error.retryable).toBe(false);
	});

	it('maps the plain-text HTTP 400 for a body that is not JSON (83)', async () => {
		const { client } = await replay('18.0', '83');
		const error = await failure(client.call('sale.order', 'read', [1]));
		expect(error).toBeInstanceOf(OdooBadValueError);
		expect(error.httpStatus).toBe(400);
		expect(error.message).toContain('Invalid JSON data');
	});

	it('refuses a private method client-side with the message Odoo gives (80)', async () => {
		const { client, server, fixture } = await replay('18.0', '80');
		const error = await failure(client.call('sale.order', '_compute_amounts', [1]));
		const data = (fixture.response.body as { error: { data: { name: string; message: string } } }).error.data;
		expect(error).toBeInstanceOf(OdooAccessError);
		expect(error.odooName).toBe(data.name);
		expect(error.odooMessage).toBe(data.message);
		expect(server.requests).toHaveLength(0);
	});
});

describe('JSON-2 against the Odoo 19.0 recordings', () => {
	function expectSameRequest(server: StubServer, fixture: Fixture): void {
		const request = lastRequest(server);
		expect(request.path).toBe(fixture.request.path);
		expect(request.json).toEqual(fixture.request.body);
		expect(request.headers.authorization).toBe(`bearer ${SECRET}`);
		expect(request.headers['x-odoo-database']).toBe('logi');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
	}

	it('sends search_read, read, search_count, create, write and fields_get arguments by name (02-07)', async () => {
		const searchRead = await replay('19.0', '02');
		const records = await searchRead.client.searchRead('res.partner', [['is_company', '=', true]], {
			fields: ['name', 'email', 'country_id', 'child_ids'],
			limit: 3,
			order: 'id',
		});
		expectSameRequest(searchRead.server, searchRead.fixture);
		expect(records).toEqual(searchRead.fixture.response.body);

		const read = await replay('19.0', '03');
		await read.client.read('res.partner', [1, 8], ['name', 'parent_id', 'country_id', 'write_date']);
		expectSameRequest(read.server, read.fixture);

		const count = await replay('19.0', '04');
		expect(await count.client.searchCount('res.partner', '[("is_company", "=", True)]')).toBe(12);

		const create = await replay('19.0', '05');
		const vals = (create.fixture.request.body as { vals_list: Record<string, unknown>[] }).vals_list;
		expect(await create.client.create('res.partner', vals)).toEqual([45, 46]);
		expectSameRequest(create.server, create.fixture);

		const write = await replay('19.0', '06');
		const { ids, vals: written } = write.fixture.request.body as { ids: number[]; vals: Record<string, unknown> };
		expect(await write.client.write('res.partner', ids, written)).toBe(true);
		expectSameRequest(write.server, write.fixture);

		const fieldsGet = await replay('19.0', '07');
		const fields = await fieldsGet.client.fieldsGet('res.partner', {
			fields: ['name', 'email', 'country_id', 'child_ids', 'type'],
			attributes: ['string', 'type', 'required', 'relation', 'selection'],
		});
		expectSameRequest(fieldsGet.server, fieldsGet.fixture);
		expect(fields.name).toEqual({ required: false, string: 'Name', type: 'char' });
	});

	it('sends the context with a business method (13)', async () => {
		const { client, server, fixture } = await replay('19.0', '13');
		expect(await client.call('stock.picking', 'button_validate', [50], {}, { context: { skip_sms: true } })).toBe(true);
		expectSameRequest(server, fixture);
	});

	it('message_post answering [id] gives the id (22)', async () => {
		const { client, server, fixture } = await replay('19.0', '22');
		expect(await new LogisticsFlows(client).messagePost('sale.order', 25, 'Posted through JSON-2')).toBe(608);
		expectSameRequest(server, fixture);
	});

	it('read of a missing id gives [] (32)', async () => {
		const { client } = await replay('19.0', '32');
		expect(await client.read('res.partner', [99999999], ['name'])).toEqual([]);
	});

	it.each<[string, new (...args: never[]) => OdooError]>([
		['23', OdooAuthenticationError],
		['24', OdooAuthenticationError],
		['25', OdooUnknownModelError],
		['26', OdooUnknownMethodError],
		['28', OdooAccessError],
		['29', OdooAccessError],
		['30', OdooValidationError],
		['31', OdooUserError],
		['33', OdooMissingRecordError],
		['34', OdooBadValueError],
		['35', OdooBadValueError],
		['36', OdooBadValueError],
		['37', OdooBadValueError],
		['38', OdooBadValueError],
		['39', OdooServerError],
		['40', OdooValidationError],
		['42', OdooBadValueError],
	])('maps the error of fixture %s', async (number, errorClass) => {
		const { client, fixture } = await replay('19.0', number);
		const [, , , model, method] = fixture.request.path.split('/');
		const error = await failure(client.call(model, method, null));
		const body = fixture.response.body as { name: string; message: string };
		expect(error).toBeInstanceOf(errorClass);
		expect(error.odooName).toBe(body.name);
		expect(error.odooMessage).toBe(body.message);
		expect(error.httpStatus).toBe(fixture.response.status);
		expect(error.message).toContain(`${model}.${method}`);
		expect(error.retryable).toBe(false);
	});

	it('describes the HTML 415 page by its title, without the HTML (41)', async () => {
		const { client } = await replay('19.0', '41');
		const error = await failure(client.call('res.partner', 'search_count', null, { domain: [] }));
		expect(error).toBeInstanceOf(OdooBadValueError);
		expect(error.httpStatus).toBe(415);
		expect(error.message).toContain('"415 Unsupported Media Type"');
		expect(error.message).not.toContain('<');
	});

	it('auto mode reads /web/version and picks JSON-2 on 19.0 (01)', async () => {
		const { server } = await replay('19.0', '04');
		const autoClient = new OdooClient({ url: server.url, database: 'logi', login: 'admin', secret: SECRET });
		try {
			expect(await autoClient.version()).toEqual({ serverVersion: '19.0-20251227', major: 19, minor: 0, transport: 'json2' });
			expect(await autoClient.searchCount('res.partner', [['is_company', '=', true]])).toBe(12);
			expect(lastRequest(server).path).toBe('/json/2/res.partner/search_count');
		} finally {
			autoClient.close();
		}
	});

	it('auto mode falls back to common.version on 18.0 and picks JSON-RPC (01)', async () => {
		const { server } = await replay('18.0', '14');
		const autoClient = new OdooClient({ url: server.url, database: 'logi', login: 'admin', secret: SECRET });
		try {
			expect(await autoClient.version()).toEqual({ serverVersion: '18.0', major: 18, minor: 0, transport: 'jsonrpc' });
			expect(server.requests.map((request) => request.path)).toEqual(['/web/version', '/jsonrpc']);
		} finally {
			autoClient.close();
		}
	});
});

describe('validatePicking through the recorded chain of wizards (44, 38, 45)', () => {
	it('answers the backorder wizard, then the SMS wizard that process returned, and reports the backorder', async () => {
		const backorderAction = (loadFixture('18.0', '44').response.body as { result: Record<string, unknown> }).result;
		const smsAction = (loadFixture('18.0', '45').response.body as { result: Record<string, unknown> }).result;
		const calls: ExecuteKwCall[] = [];
		const server = await startStubServer(
			jsonRpcOdoo((call) => {
				calls.push(call);
				const validations = calls.filter((seen) => seen.method === 'button_validate').length;
				switch (`${call.model}/${call.method}`) {
					case 'stock.picking/button_validate':
						// This server ignores skip_sms on the first call, as Odoo does when the wizard chain drops it.
						return validations === 1 ? backorderAction : true;
					case 'stock.backorder.confirmation/create':
						return 3;
					case 'stock.backorder.confirmation/process':
						return smsAction;
					case 'stock.picking/read':
						// Open before the validation (validatePicking reads the states first), done after it.
						return [{ id: 22, state: validations ? 'done' : 'assigned' }];
					case 'stock.picking/search':
						return [23];
				}
				throw new Error(`unexpected call ${call.model}.${call.method}`);
			}),
		);
		const client = new OdooClient({ url: server.url, database: 'logi', login: 'admin', secret: SECRET, apiMode: 'jsonrpc' });
		try {
			const result = await new LogisticsFlows(client).validatePicking([22], { backorder: 'create' });
			expect(result).toEqual({
				pickingIds: [22],
				donePickingIds: [22],
				backorderIds: [23],
				wizards: ['stock.backorder.confirmation', 'confirm.stock.sms'],
				alreadyDonePickingIds: [],
			});
			const [create, process, revalidate] = calls.filter((call) => call.method !== 'read' && call.method !== 'search').slice(1);
			expect(create).toEqual({
				model: 'stock.backorder.confirmation',
				method: 'create',
				args: [[{}]],
				kwargs: { context: backorderAction.context },
			});
			expect(process).toEqual({
				model: 'stock.backorder.confirmation',
				method: 'process',
				args: [[3]],
				kwargs: { context: backorderAction.context },
			});
			expect(revalidate).toEqual({
				model: 'stock.picking',
				method: 'button_validate',
				args: [[22]],
				kwargs: { context: { ...(smsAction.context as object), skip_sms: true } },
			});
		} finally {
			client.close();
			await server.close();
		}
	});
});
