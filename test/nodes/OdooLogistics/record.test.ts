import { getGlobalState, setGlobalState, type NodeOperationError } from 'n8n-workflow';

import { callsTo, jsonOf, model, outputOf, pairedOf, runNode, useSimulator } from './helpers';

const partnerValues = (json: string) => ({
	resource: 'record',
	model: model('res.partner'),
	valuesMode: 'json',
	valuesJson: json,
});

describe('Record (any model)', () => {
	const ctx = useSimulator();

	describe('create and get', () => {
		it('creates all items in one create call and reads them back in one read', async () => {
			const { sim } = ctx;
			const items = Array.from({ length: 25 }, (_, i) => ({ name: `Bench ${i}`, phone: `+1 555 ${i}` }));
			sim.stats.reset();
			const created = await outputOf(
				runNode(sim, { ...partnerValues('={{ JSON.stringify({ name: $json.name, phone: $json.phone }) }}'), operation: 'create' }, items),
			);
			expect(callsTo(sim, 'res.partner', 'create')).toBe(1);
			const ids = jsonOf(created).map((json) => json.id as number);
			expect(pairedOf(created)).toEqual(items.map((_, item) => ({ item })));
			expect(sim.env('res.partner').read(ids, ['name', 'phone'])).toEqual(items.map((item, i) => ({ id: ids[i], ...item })));

			sim.stats.reset();
			const read = await outputOf(
				runNode(
					sim,
					{ resource: 'record', operation: 'get', model: model('res.partner'), recordId: '={{ $json.id }}', options: { fields: ['name', 'phone', 'country_id'] } },
					ids.map((id) => ({ id })),
				),
			);
			expect(callsTo(sim, 'res.partner', 'read')).toBe(1);
			expect(jsonOf(read)).toEqual(items.map((item, i) => ({ id: ids[i], ...item, country_id: null })));
		});

		it('converts field values by type and outputs relations as {id, name} and datetimes in ISO 8601 UTC', async () => {
			const { sim } = ctx;
			const [customer] = sim.env('res.partner').search([['name', '=', 'Acme Retail Group']]);
			const [order] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'create',
					model: model('sale.order'),
					valuesMode: 'fields',
					fieldValues: {
						values: [
							{ field: 'partner_id', value: String(customer) },
							{ field: 'commitment_date', value: '2026-12-01T09:30:00+01:00' },
							{ field: 'client_order_ref', value: 'PO-77' },
						],
					},
				}),
			).then(jsonOf);
			expect(sim.env('sale.order').read([order.id as number], ['commitment_date', 'partner_id'])[0]).toMatchObject({
				commitment_date: '2026-12-01 08:30:00',
				partner_id: [customer, 'Acme Retail Group'],
			});
			const [read] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'get',
					model: model('sale.order'),
					recordId: String(order.id),
					options: { fields: ['partner_id', 'commitment_date', 'note', 'client_order_ref'] },
				}),
			).then(jsonOf);
			expect(read).toEqual({
				id: order.id,
				partner_id: { id: customer, name: 'Acme Retail Group' },
				commitment_date: '2026-12-01T08:30:00Z',
				note: null,
				client_order_ref: 'PO-77',
			});
			const [raw] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'get',
					model: model('sale.order'),
					recordId: String(order.id),
					options: { fields: ['partner_id'], relationFormat: 'raw' },
				}),
			).then(jsonOf);
			expect(raw.partner_id).toEqual([customer, 'Acme Retail Group']);
		});

		it('reads a date without a zone in the workflow time zone', async () => {
			const { sim } = ctx;
			const [customer] = sim.env('res.partner').search([['name', '=', 'Acme Retail Group']]);
			const result = await runWorkflowInZone(sim, customer);
			expect(sim.env('sale.order').read([result], ['commitment_date'])[0].commitment_date).toBe('2026-07-01 08:00:00');
		});
	});

	describe('get many and count', () => {
		it('filters with conditions, with a JSON domain and with a Python domain', async () => {
			const { sim } = ctx;
			const expected = sim.env('res.partner').search([['customer_rank', '>', 0], ['is_company', '=', true]], { order: 'name' });
			const conditions = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'getMany',
					model: model('res.partner'),
					filterMode: 'conditions',
					conditions: { condition: [{ field: 'customer_rank', operator: 'greater', value: '0' }, { field: 'is_company', operator: 'equal', value: 'true' }] },
					returnAll: true,
					options: { fields: ['name'], order: 'name' },
				}),
			);
			expect(jsonOf(conditions).map((json) => json.id)).toEqual(expected);
			const python = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'getMany',
					model: model('res.partner'),
					filterMode: 'domain',
					domain: "[('customer_rank', '>', 0), ('is_company', '=', True)]",
					returnAll: true,
					options: { fields: ['name'], order: 'name' },
				}),
			);
			expect(jsonOf(python)).toEqual(jsonOf(conditions));
			const json = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'getMany',
					model: model('res.partner'),
					filterMode: 'domain',
					domain: '[["customer_rank", ">", 0], ["is_company", "=", true]]',
					limit: 3,
					options: { fields: ['name'], order: 'name' },
				}),
			);
			expect(jsonOf(json).map((entry) => entry.id)).toEqual(expected.slice(0, 3));
			const [count] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'count',
					model: model('res.partner'),
					filterMode: 'domain',
					domain: "[('customer_rank', '>', 0), ('is_company', '=', True)]",
				}),
			).then(jsonOf);
			expect(count).toEqual({ count: expected.length });
		});

		it('returns all records page by page, and runs a query shared by several items once', async () => {
			const { sim } = ctx;
			const all = sim.env('product.product').search([]);
			sim.stats.reset();
			const output = await outputOf(
				runNode(
					sim,
					{
						resource: 'record',
						operation: 'getMany',
						model: model('product.product'),
						filterMode: 'conditions',
						returnAll: true,
						options: { fields: ['default_code'], batchSize: 4 },
					},
					[{}, {}],
				),
			);
			expect(callsTo(sim, 'product.product', 'search_read')).toBe(Math.ceil((all.length + 1) / 4));
			expect(output).toHaveLength(all.length * 2);
			expect(pairedOf(output)).toEqual([...all.map(() => ({ item: 0 })), ...all.map(() => ({ item: 1 }))]);
		});
	});

	describe('update and delete', () => {
		it('writes identical values in one write and different values in one write each', async () => {
			const { sim } = ctx;
			const ids = Array.from({ length: 6 }, (_, i) => sim.env('res.partner').create({ name: `Update ${i}` }));
			sim.stats.reset();
			await outputOf(
				runNode(sim, { ...partnerValues('{"city": "Ghent"}'), operation: 'update', recordId: '={{ $json.id }}' }, ids.map((id) => ({ id }))),
			);
			expect(callsTo(sim, 'res.partner', 'write')).toBe(1);
			expect(sim.env('res.partner').read(ids, ['city']).map((row) => row.city)).toEqual(ids.map(() => 'Ghent'));

			sim.stats.reset();
			const output = await outputOf(
				runNode(
					sim,
					{ ...partnerValues('={{ JSON.stringify({ phone: "+32 " + $json.id }) }}'), operation: 'update', recordId: '={{ $json.id }}' },
					ids.map((id) => ({ id })),
				),
			);
			expect(callsTo(sim, 'res.partner', 'write')).toBe(6);
			expect(jsonOf(output)).toEqual(ids.map((id) => ({ id })));
			expect(sim.env('res.partner').read(ids, ['phone']).map((row) => row.phone)).toEqual(ids.map((id) => `+32 ${id}`));
		});

		it('deletes records in one unlink call', async () => {
			const { sim } = ctx;
			const ids = [sim.env('res.partner').create({ name: 'Gone 1' }), sim.env('res.partner').create({ name: 'Gone 2' })];
			sim.stats.reset();
			const output = await outputOf(
				runNode(sim, { resource: 'record', operation: 'delete', model: model('res.partner'), recordId: '={{ $json.id }}' }, ids.map((id) => ({ id }))),
			);
			expect(callsTo(sim, 'res.partner', 'unlink')).toBe(1);
			expect(jsonOf(output)).toEqual(ids.map((id) => ({ id, deleted: true })));
			expect(sim.env('res.partner').search([['id', 'in', ids]])).toEqual([]);
		});
	});

	describe('create or update', () => {
		it('updates the records with the key and creates the others, in one search, one create and one write', async () => {
			const { sim } = ctx;
			const existing = sim.env('res.partner').create({ name: 'Upsert Existing', ref: 'UPS-1' });
			sim.stats.reset();
			const output = await outputOf(
				runNode(
					sim,
					{ ...partnerValues('={{ JSON.stringify($json) }}'), operation: 'upsert', keyField: 'ref' },
					[
						{ ref: 'UPS-1', name: 'Upsert Existing', city: 'Lyon' },
						{ ref: 'UPS-2', name: 'Upsert New', city: 'Nice' },
						{ ref: 'UPS-2', name: 'Upsert New', city: 'Nantes' },
					],
				),
			);
			expect([callsTo(sim, 'res.partner', 'search_read'), callsTo(sim, 'res.partner', 'create'), callsTo(sim, 'res.partner', 'write')]).toEqual([1, 1, 1]);
			const created = sim.env('res.partner').search([['ref', '=', 'UPS-2']]);
			expect(created).toHaveLength(1);
			expect(jsonOf(output)).toEqual([
				{ id: existing, action: 'updated' },
				{ id: created[0], action: 'created' },
				{ id: created[0], action: 'created' },
			]);
			expect(sim.env('res.partner').read([existing, created[0]], ['city']).map((row) => row.city)).toEqual(['Lyon', 'Nantes']);
		});
	});

	describe('execute method', () => {
		it('calls a public method with keyword arguments, on records or on the model', async () => {
			const { sim } = ctx;
			const [onRecords] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'executeMethod',
					model: model('res.partner'),
					method: 'read',
					recordIds: '1',
					keywordArguments: '{"fields": ["name"]}',
				}),
			).then(jsonOf);
			expect(onRecords).toEqual({ result: [{ id: 1, name: 'Harbor Supply Co.' }] });
			const [onModel] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'executeMethod',
					model: model('res.partner'),
					method: 'search_count',
					keywordArguments: '{"domain": [["name", "=", "Harbor Supply Co."]]}',
				}),
			).then(jsonOf);
			expect(onModel).toEqual({ result: 1 });
		});

		it('sends the JSON array of arguments by position, after the records or alone on the model', async () => {
			const { sim } = ctx;
			const partners = ['Positional A', 'Positional B'].map((name) => sim.env('res.partner').create({ name }));
			const written = await outputOf(
				runNode(
					sim,
					{
						resource: 'record',
						operation: 'executeMethod',
						model: model('res.partner'),
						method: 'write',
						recordIds: '={{ $json.id }}',
						positionalArguments: '={{ JSON.stringify([{ city: $json.city }]) }}',
					},
					[
						{ id: partners[0], city: 'Bergen' },
						{ id: partners[1], city: 'Tromsø' },
					],
				),
			).then(jsonOf);
			expect(written).toEqual([{ result: true }, { result: true }]);
			expect(sim.env('res.partner').read(partners, ['city']).map((row) => row.city)).toEqual(['Bergen', 'Tromsø']);
			const [count] = await outputOf(
				runNode(sim, {
					resource: 'record',
					operation: 'executeMethod',
					model: model('res.partner'),
					method: 'search_count',
					positionalArguments: '[[["name", "like", "Positional"]]]',
				}),
			).then(jsonOf);
			expect(count).toEqual({ result: 2 });
		});

		it('combines items calling the same method into one call when asked', async () => {
			const { sim } = ctx;
			const [customer] = sim.env('res.partner').search([['name', '=', 'Brightline Hardware']]);
			const orders = [1, 2, 3].map(() => sim.env('sale.order').create({ partner_id: customer }));
			sim.stats.reset();
			const output = await outputOf(
				runNode(
					sim,
					{
						resource: 'record',
						operation: 'executeMethod',
						model: model('sale.order'),
						method: 'action_quotation_sent',
						recordIds: '={{ $json.id }}',
						options: { combine: true },
					},
					orders.map((id) => ({ id })),
				),
			);
			expect(callsTo(sim, 'sale.order', 'action_quotation_sent')).toBe(1);
			expect(jsonOf(output)).toEqual(orders.map(() => ({ result: true })));
			expect(sim.env('sale.order').read(orders, ['state']).map((row) => row.state)).toEqual(['sent', 'sent', 'sent']);
		});
	});

	describe('bad input', () => {
		const errorOf = async (promise: ReturnType<typeof runNode>) => {
			const result = await promise;
			expect(result.status).toBe('error');
			return result.error('Odoo') as NodeOperationError;
		};

		it('names the item and the bad term of a domain that is neither JSON nor Odoo syntax, and sends nothing', async () => {
			const { sim } = ctx;
			sim.stats.reset();
			const error = await errorOf(
				runNode(
					sim,
					{ resource: 'record', operation: 'getMany', model: model('res.partner'), filterMode: 'domain', domain: '={{ $json.domain }}', limit: 5 },
					[{ domain: '[]' }, { domain: "[('name', 'like')]" }],
				),
			);
			expect(error.message).toMatch(/"Domain" is not a valid Odoo domain: term 1 .*3 items.*\[item 1\]/);
			expect(error.context.itemIndex).toBe(1);
			expect(callsTo(sim, 'res.partner')).toBe(1);
		});

		it("gives Odoo's message for an unknown model, field and method, and for a private method", async () => {
			const { sim } = ctx;
			const model404 = await errorOf(runNode(sim, { resource: 'record', operation: 'get', model: model('x_no.such.model'), recordId: '1' }));
			expect(model404.message).toMatch(/Object x_no\.such\.model doesn't exist \[item 0\]/);
			const field = await errorOf(runNode(sim, { ...partnerValues('{"no_such_field": 1}'), operation: 'create' }));
			expect(field.message).toBe("The field 'no_such_field' does not exist on res.partner [item 0]");
			const method = await errorOf(
				runNode(sim, { resource: 'record', operation: 'executeMethod', model: model('res.partner'), method: 'no_such_method', recordIds: '1' }),
			);
			expect(method.message).toMatch(/The method 'res\.partner\.no_such_method' does not exist \[item 0\]/);
			const privateMethod = await errorOf(
				runNode(sim, { resource: 'record', operation: 'executeMethod', model: model('res.partner'), method: '_compute_display_name', recordIds: '1' }),
			);
			expect(privateMethod.message).toMatch(/Private methods .* cannot be called remotely\. \[item 0\]/);
		});

		it('names the item and the field when the arguments are not a JSON array, and sends nothing', async () => {
			const { sim } = ctx;
			sim.stats.reset();
			const error = await errorOf(
				runNode(
					sim,
					{ resource: 'record', operation: 'executeMethod', model: model('res.partner'), method: 'read', recordIds: '1', positionalArguments: '={{ $json.args }}' },
					[{ args: '[["name"]]' }, { args: '{"fields": ["name"]}' }],
				),
			);
			expect(error.message).toMatch(/"Arguments \(JSON Array\)" must be a JSON list.*\[item 1\]/);
			expect(callsTo(sim, 'res.partner', 'read')).toBe(0);
		});

		it('names the item of a missing record and of a value of the wrong type', async () => {
			const { sim } = ctx;
			const missing = await errorOf(
				runNode(sim, { resource: 'record', operation: 'get', model: model('res.partner'), recordId: '={{ $json.id }}' }, [{ id: 1 }, { id: 999999 }]),
			);
			expect(missing.message).toMatch(/res\.partner 999999 does not exist.* \[item 1\]/);
			sim.stats.reset();
			const wrongType = await errorOf(
				runNode(sim, { ...partnerValues('={{ JSON.stringify($json) }}'), operation: 'create' }, [{ name: 'Fine' }, { name: 'Wrong', credit_limit: 'a lot' }]),
			);
			expect(wrongType.message).toBe("The field 'credit_limit' of res.partner (float) expects a number, not 'a lot' [item 1]");
			expect(wrongType.description).toMatch(/Nothing was written in Odoo/);
			expect(callsTo(sim, 'res.partner', 'create')).toBe(0);
		});

		it('says which records were written when a batch fails part way', async () => {
			const { sim } = ctx;
			const items = Array.from({ length: 8 }, (_, i) => ({ name: i === 5 ? '' : `Partway ${i}` }));
			const error = await errorOf(
				runNode(sim, { ...partnerValues('={{ JSON.stringify({ name: $json.name || false }) }}'), operation: 'create', options: { batchSize: 4 } }, items),
			);
			const written = sim.env('res.partner').search([['name', 'like', 'Partway']], { order: 'id' });
			expect(sim.env('res.partner').read(written, ['name']).map((row) => row.name)).toEqual(['Partway 0', 'Partway 1', 'Partway 2', 'Partway 3', 'Partway 4']);
			expect(error.message).toMatch(/Contacts require a name.*\[item 5\]/);
			expect(error.description).toContain(`Written in Odoo: items 0-4 (res.partner ids ${written.join(', ')}).`);
			expect(error.description).toContain('Not written: items 5-7.');
		});

		it('with Continue On Fail, gives each failed item its own error and writes the others', async () => {
			const { sim } = ctx;
			const items = Array.from({ length: 6 }, (_, i) => ({ name: i % 3 === 1 ? '' : `Continue ${i}` }));
			const result = await runNode(
				sim,
				{ ...partnerValues('={{ JSON.stringify({ name: $json.name || false }) }}'), operation: 'create' },
				items,
				{ continueOnFail: true },
			);
			expect(result.status).toBe('success');
			const output = result.output('Odoo');
			expect(pairedOf(output)).toEqual(items.map((_, item) => ({ item })));
			expect(output.map((item) => (item.json.error ? 'error' : 'ok'))).toEqual(['ok', 'error', 'ok', 'ok', 'error', 'ok']);
			expect(String(output[1].json.error)).toMatch(/Contacts require a name \[item 1\]/);
			const names = sim.env('res.partner').read(output.filter((item) => item.json.id).map((item) => item.json.id as number), ['name']);
			expect(names.map((row) => row.name)).toEqual(['Continue 0', 'Continue 2', 'Continue 3', 'Continue 5']);
		});
	});

	it('works the same over JSON-2 on Odoo 19', async () => {
		const { startOdooSimulator } = await import('../../odoo-sim');
		const sim19 = await startOdooSimulator({ version: '19.0' });
		try {
			const created = await outputOf(
				runNode(sim19, { ...partnerValues('={{ JSON.stringify($json) }}'), operation: 'create' }, [{ name: 'J2 a' }, { name: 'J2 b' }], { apiMode: 'json2' }),
			);
			expect(sim19.stats.calls.filter((call) => call.method === 'create').map((call) => call.transport)).toEqual(['json2']);
			const ids = jsonOf(created).map((json) => json.id as number);
			expect(sim19.env('res.partner').read(ids, ['name']).map((row) => row.name)).toEqual(['J2 a', 'J2 b']);

			sim19.stats.reset();
			const positional = await runNode(
				sim19,
				{ resource: 'record', operation: 'executeMethod', model: model('res.partner'), method: 'write', recordIds: String(ids[0]), positionalArguments: '[{"city": "Oslo"}]' },
				[{}],
				{ apiMode: 'json2' },
			);
			expect(positional.status).toBe('error');
			expect(positional.error('Odoo')?.message).toMatch(/JSON-2 \(Odoo 19\+\) has no positional arguments: give the arguments of res\.partner\.write by name instead \[item 0\]/);
			expect(callsTo(sim19, 'res.partner')).toBe(0);
			expect(sim19.env('res.partner').read([ids[0]], ['city'])[0].city).toBe(false);
		} finally {
			await sim19.close();
		}
	});
});

/** A sale order created with a commitment date typed without a zone, in a workflow running in Brussels time. */
async function runWorkflowInZone(sim: Parameters<typeof runNode>[0], customer: number): Promise<number> {
	const previous = getGlobalState();
	setGlobalState({ ...previous, defaultTimezone: 'Europe/Brussels' });
	try {
		const [order] = await outputOf(
			runNode(sim, {
				resource: 'record',
				operation: 'create',
				model: model('sale.order'),
				valuesMode: 'json',
				valuesJson: JSON.stringify({ partner_id: customer, commitment_date: '2026-07-01T10:00:00' }),
			}),
		).then(jsonOf);
		return order.id as number;
	} finally {
		setGlobalState(previous);
	}
}
