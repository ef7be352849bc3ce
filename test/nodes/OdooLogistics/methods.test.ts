import type { ICredentialTestFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { OdooLogistics } from '../../../nodes/OdooLogistics/OdooLogistics.node';
import type { OdooSimulator } from '../../odoo-sim';
import { credentialsFor, useSimulator } from './helpers';

/** What n8n's editor gives the pickers: the credential and the parameters set so far. */
function pickerContext(sim: OdooSimulator, parameters: Record<string, unknown>, secret?: string): ILoadOptionsFunctions {
	return {
		getCredentials: async () => ({ ...credentialsFor(sim), ...(secret ? { secret } : {}) }),
		getNode: () => ({ id: 'odoo', name: 'Odoo', type: 'odooLogistics', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) => {
			const value = parameters[name] as { value?: unknown } | undefined;
			return options?.extractValue && value && typeof value === 'object' ? value.value : value;
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('Pickers and credential test', () => {
	const ctx = useSimulator();
	const node = new OdooLogistics();

	it('tests the credential for real and says what is wrong', async () => {
		const { sim } = ctx;
		const test = node.methods.credentialTest.odooLogisticsApiTest;
		const self = {} as ICredentialTestFunctions;
		const ok = await test.call(self, { id: '1', name: 'Odoo', type: 'odooLogisticsApi', data: credentialsFor(sim) });
		expect(ok).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to Odoo 18\.0 over JSON-RPC as user 2$/) });
		const wrongKey = await test.call(self, { id: '1', name: 'Odoo', type: 'odooLogisticsApi', data: { ...credentialsFor(sim), secret: 'not-the-key' } });
		expect(wrongKey.status).toBe('Error');
		expect(wrongKey.message).toMatch(/refused the login 'admin'/);
		expect(wrongKey.message).not.toContain('not-the-key');
		const wrongDb = await test.call(self, { id: '1', name: 'Odoo', type: 'odooLogisticsApi', data: { ...credentialsFor(sim), database: 'nope' } });
		expect(wrongDb).toEqual({ status: 'Error', message: expect.stringMatching(/database/i) });
	});

	it('searches models by name, a page at a time', async () => {
		const { sim } = ctx;
		const { results } = await node.methods.listSearch.searchModels.call(pickerContext(sim, {}), 'stock.pick');
		expect(results.map((result) => result.value)).toEqual(expect.arrayContaining(['stock.picking', 'stock.picking.type']));
		expect(results.find((result) => result.value === 'stock.picking')?.name).toBe('Transfer (stock.picking)');
		const first = await node.methods.listSearch.searchModels.call(pickerContext(sim, {}));
		const all = sim.env('ir.model').search([['transient', '=', false]]);
		expect(first.results).toHaveLength(Math.min(100, all.length));
		if (all.length > 100) expect(first.paginationToken).toBe('100');
	});

	it("lists the fields of the chosen model, or of the resource's model", async () => {
		const { sim } = ctx;
		const record = await node.methods.loadOptions.getFields.call(
			pickerContext(sim, { resource: 'record', model: { __rl: true, mode: 'list', value: 'res.partner' } }),
		);
		expect(record).toEqual(expect.arrayContaining([{ name: 'Credit Limit (credit_limit)', value: 'credit_limit', description: 'float' }]));
		const transfer = await node.methods.loadOptions.getFields.call(pickerContext(sim, { resource: 'transfer' }));
		expect(transfer.map((option) => option.value)).toEqual(expect.arrayContaining(['scheduled_date', 'picking_type_code']));
		expect(await node.methods.loadOptions.getFields.call(pickerContext(sim, { resource: 'record' }))).toEqual([]);
	});

	it('lists activity types and internal users', async () => {
		const { sim } = ctx;
		const types = await node.methods.loadOptions.getActivityTypes.call(pickerContext(sim, {}));
		expect(types.map((type) => type.name)).toEqual(expect.arrayContaining(['To-Do', 'Call']));
		const users = await node.methods.loadOptions.getUsers.call(pickerContext(sim, {}));
		expect(users.map((user) => user.description)).toEqual(expect.arrayContaining([sim.admin.login, sim.demo.login]));
		expect(users.map((user) => user.description)).not.toContain(sim.portal.login);
	});

	it("shows Odoo's message in the picker when the credential is wrong, without the secret", async () => {
		const { sim } = ctx;
		await expect(node.methods.loadOptions.getUsers.call(pickerContext(sim, {}, 'wrong-secret-123'))).rejects.toThrow(/refused the login/);
	});
});
