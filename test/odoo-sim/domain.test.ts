import { startOdooSimulator, type OdooSimulator } from './index';
import { rpcError, SimClient } from './testing/sim-client';

describe('domains, ordering and paging over JSON-RPC', () => {
	let sim: OdooSimulator;
	let client: SimClient;
	let ids: number[];
	const p: Record<string, number> = {};
	const c: Record<string, number> = {};

	beforeAll(async () => {
		sim = await startOdooSimulator({ seed: 'empty' });
		client = new SimClient(sim);
		const categories = sim.env('res.partner.category');
		c.vip = categories.create({ name: 'VIP' });
		c.gold = categories.create({ name: 'VIP Gold', parent_id: c.vip });
		c.other = categories.create({ name: 'Other' });
		const partners = sim.env('res.partner');
		p.alpha = partners.create({ name: 'Alpha Corp', is_company: true, city: 'Berlin', credit_limit: 100, ref: 'A-1', category_id: [[6, 0, [c.gold]]] });
		p.beta = partners.create({ name: 'Beta LLC', is_company: true, city: 'berlin', credit_limit: 50 });
		p.gamma = partners.create({ name: 'Gamma Inc', is_company: true, credit_limit: 200, ref: 'G_7', category_id: [c.vip, c.other] });
		p.ann = partners.create({ name: 'Ann', parent_id: p.alpha });
		p.bob = partners.create({ name: 'Bob', parent_id: p.ann });
		p.zeta = partners.create({ name: 'Zeta', is_company: true, active: false });
		ids = Object.values(p);
	});

	afterAll(() => sim.close());

	const names = async (domain: unknown[], order = 'name'): Promise<string[]> => {
		const rows = (await client.execute('res.partner', 'search_read', [[['id', 'in', ids], ...domain]], { fields: ['name'], order })) as Array<{ name: string }>;
		return rows.map((r) => r.name);
	};

	test.each([
		[[['city', '=', 'Berlin']], ['Alpha Corp']],
		[[['city', '!=', 'Berlin']], ['Ann', 'Beta LLC', 'Bob', 'Gamma Inc']],
		[[['credit_limit', '>', 50]], ['Alpha Corp', 'Gamma Inc']],
		[[['credit_limit', '>=', 100]], ['Alpha Corp', 'Gamma Inc']],
		[[['credit_limit', '<', 100]], ['Ann', 'Beta LLC', 'Bob']],
		[[['credit_limit', '<=', 50]], ['Ann', 'Beta LLC', 'Bob']],
		[[['city', 'in', ['Berlin', 'Paris']]], ['Alpha Corp']],
		[[['city', 'in', [false]]], ['Ann', 'Bob', 'Gamma Inc']],
		[[['city', 'not in', ['Berlin']]], ['Ann', 'Beta LLC', 'Bob', 'Gamma Inc']],
		[[['city', 'like', 'Ber']], ['Alpha Corp']],
		[[['city', 'ilike', 'BER']], ['Alpha Corp', 'Beta LLC']],
		[[['city', 'not like', 'Ber']], ['Ann', 'Beta LLC', 'Bob', 'Gamma Inc']],
		[[['city', 'not ilike', 'ber']], ['Ann', 'Bob', 'Gamma Inc']],
		[[['ref', '=like', 'A-%']], ['Alpha Corp']],
		[[['ref', '=like', 'G_7']], ['Gamma Inc']],
		[[['ref', '=ilike', 'a-1']], ['Alpha Corp']],
		[[['credit_limit', '=?', false]], ['Alpha Corp', 'Ann', 'Beta LLC', 'Bob', 'Gamma Inc']],
		[[['city', '=?', 'Berlin']], ['Alpha Corp']],
		[[['parent_id', '=', false]], ['Alpha Corp', 'Beta LLC', 'Gamma Inc']],
		[[['category_id', '=', false]], ['Ann', 'Beta LLC', 'Bob']],
		[[['parent_id', 'ilike', 'alpha']], ['Ann', 'Bob']],
		[[['parent_id.city', '=', 'Berlin']], ['Ann']],
		[[['parent_id.parent_id.name', '=', 'Alpha Corp']], ['Bob']],
		[[['category_id.name', 'ilike', 'gold']], ['Alpha Corp']],
		[[['category_id', 'any', [['name', '=', 'Other']]]], ['Gamma Inc']],
		[[['category_id', 'not any', [['name', '=', 'Other']]]], ['Alpha Corp', 'Ann', 'Beta LLC', 'Bob']],
		[['|', ['city', '=', 'Berlin'], ['city', '=', 'berlin']], ['Alpha Corp', 'Beta LLC']],
		[['!', ['city', '=', 'Berlin']], ['Ann', 'Beta LLC', 'Bob', 'Gamma Inc']],
		[['&', ['is_company', '=', true], '|', ['city', '=', 'Paris'], ['credit_limit', '>', 150]], ['Gamma Inc']],
	])('%j', async (domain, expected) => {
		expect(await names(domain as unknown[])).toEqual(expected);
	});

	test('child_of and parent_of follow the parent hierarchy, on the field and on id', async () => {
		expect(await names([['parent_id', 'child_of', p.alpha]])).toEqual(['Ann', 'Bob']);
		expect(await names([['id', 'child_of', p.alpha]])).toEqual(['Alpha Corp', 'Ann', 'Bob']);
		expect(await names([['id', 'parent_of', p.bob]])).toEqual(['Alpha Corp', 'Ann', 'Bob']);
		expect(await names([['category_id', 'child_of', c.vip]])).toEqual(['Alpha Corp', 'Gamma Inc']);
		expect(await names([['category_id', 'in', [c.other]]])).toEqual(['Gamma Inc']);
		expect(await names([['category_id', 'not in', [c.other]]])).toEqual(['Alpha Corp', 'Ann', 'Beta LLC', 'Bob']);
	});

	test('archived records are hidden unless the domain mentions active', async () => {
		expect(await names([['name', '=', 'Zeta']])).toEqual([]);
		expect(await names([['active', '=', false]])).toEqual(['Zeta']);
	});

	test('order takes several keys and directions; NULLs last ascending, first descending', async () => {
		expect(await names([], 'credit_limit desc, name asc')).toEqual(['Gamma Inc', 'Alpha Corp', 'Beta LLC', 'Ann', 'Bob']);
		expect(await names([], 'ref asc, id asc')).toEqual(['Alpha Corp', 'Gamma Inc', 'Beta LLC', 'Ann', 'Bob']);
		expect(await names([], 'ref desc, id asc')).toEqual(['Beta LLC', 'Ann', 'Bob', 'Gamma Inc', 'Alpha Corp']);
		expect(await names([], 'ref asc nulls first, id asc')).toEqual(['Beta LLC', 'Ann', 'Bob', 'Alpha Corp', 'Gamma Inc']);
		expect(await names([['parent_id', '!=', false]], 'parent_id')).toEqual(['Ann', 'Bob']);
	});

	test('limit and offset page through the ordered result; search_count counts', async () => {
		const page = await client.execute('res.partner', 'search', [[['id', 'in', ids]]], { order: 'credit_limit desc, name', offset: 1, limit: 2 });
		expect(page).toEqual([p.alpha, p.beta]);
		expect(await client.execute('res.partner', 'search_count', [[['id', 'in', ids], ['is_company', '=', true]]])).toBe(3);
	});

	test('unknown fields, operators and order terms raise ValueError with Odoo 18 wording', async () => {
		const field = await rpcError(names([['no_such', '=', 1]]));
		expect([field.name, field.message]).toEqual(['builtins.ValueError', "Invalid field res.partner.no_such in leaf ('no_such', '=', 1)"]);
		const operator = await rpcError(names([['name', 'likes', 'x']]));
		expect([operator.name, operator.message]).toEqual(['builtins.ValueError', "Invalid leaf ['name', 'likes', 'x']"]);
		const order = await rpcError(names([], 'nope asc'));
		expect(order.message).toBe("Invalid field 'nope' on model 'res.partner'");
		expect((await rpcError(names([], 'name; drop table'))).message).toMatch(/^Invalid "order" specified/);
		expect((await rpcError(names([['parent_id.nope', '=', 1]]))).message).toBe(
			"Invalid field res.partner.nope in leaf ('parent_id.nope', '=', 1)",
		);
	});
});
