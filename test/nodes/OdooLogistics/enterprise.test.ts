import { startOdooSimulator } from '../../odoo-sim';
import { jsonOf, outputOf, runNode, useSimulator } from './helpers';

describe('Helpdesk Ticket and Approval Request (Enterprise apps)', () => {
	const ctx = useSimulator();

	it('creates, gets, updates and searches helpdesk tickets', async () => {
		const { sim } = ctx;
		const [customer] = sim.env('res.partner').search([['name', '=', 'Delta Office Supplies']]);
		const [created] = await outputOf(
			runNode(sim, {
				resource: 'helpdeskTicket',
				operation: 'create',
				valuesMode: 'json',
				valuesJson: JSON.stringify({ name: 'Late delivery S00042', partner_id: customer, priority: '2' }),
			}),
		).then(jsonOf);
		const id = created.id as number;
		expect(sim.env('helpdesk.ticket').read([id], ['name', 'priority'])[0]).toMatchObject({ name: 'Late delivery S00042', priority: '2' });

		await outputOf(
			runNode(sim, { resource: 'helpdeskTicket', operation: 'update', ticketId: String(id), valuesMode: 'fields', fieldValues: { values: [{ field: 'priority', value: '3' }] } }),
		);
		const [ticket] = await outputOf(runNode(sim, { resource: 'helpdeskTicket', operation: 'get', ticketId: String(id) })).then(jsonOf);
		expect(ticket).toMatchObject({ id, name: 'Late delivery S00042', priority: '3', partner_id: { id: customer, name: 'Delta Office Supplies' } });

		const found = await outputOf(
			runNode(sim, {
				resource: 'helpdeskTicket',
				operation: 'search',
				filterMode: 'conditions',
				conditions: { condition: [{ field: 'priority', operator: 'oneOf', value: '2, 3' }] },
				returnAll: true,
				options: { fields: ['name'] },
			}),
		).then(jsonOf);
		expect(found.map((json) => json.id).sort()).toEqual(sim.env('helpdesk.ticket').search([['priority', 'in', ['2', '3']]]).sort());
	});

	it('rejects a priority that is not one of its choices, naming them', async () => {
		const { sim } = ctx;
		const result = await runNode(sim, {
			resource: 'helpdeskTicket',
			operation: 'create',
			valuesMode: 'json',
			valuesJson: JSON.stringify({ name: 'Bad', priority: 'high' }),
		});
		expect(result.error('Odoo')?.message).toBe(
			"The field 'priority' of helpdesk.ticket (selection) expects one of '0', '1', '2', '3', not 'high' [item 0]",
		);
	});

	it('creates, gets, updates and searches approval requests', async () => {
		const { sim } = ctx;
		const [category] = sim.env('approval.category').search([['name', '=', 'Expedited Freight']]);
		const [created] = await outputOf(
			runNode(sim, {
				resource: 'approvalRequest',
				operation: 'create',
				valuesMode: 'json',
				valuesJson: JSON.stringify({ name: 'Air freight for S00042', category_id: category, amount: 1250 }),
			}),
		).then(jsonOf);
		const id = created.id as number;
		await outputOf(
			runNode(sim, { resource: 'approvalRequest', operation: 'update', requestId: String(id), valuesMode: 'json', valuesJson: '{"amount": "1400.50"}' }),
		);
		const [request] = await outputOf(runNode(sim, { resource: 'approvalRequest', operation: 'get', requestId: String(id) })).then(jsonOf);
		expect(request).toMatchObject({ id, name: 'Air freight for S00042', amount: 1400.5, category_id: { id: category, name: 'Expedited Freight' } });
		const found = await outputOf(
			runNode(sim, { resource: 'approvalRequest', operation: 'search', filterMode: 'domain', domain: `[("category_id", "=", ${category})]`, returnAll: true }),
		).then(jsonOf);
		expect(found.map((json) => json.id)).toEqual(sim.env('approval.request').search([['category_id', '=', category]], { order: 'name' }));
	});

	it('says clearly when the app is not installed', async () => {
		const community = await startOdooSimulator({ modules: [] });
		try {
			const helpdesk = await runNode(community, { resource: 'helpdeskTicket', operation: 'get', ticketId: '1' });
			const error = helpdesk.error('Odoo') as { message: string; description?: string };
			expect(error.message).toBe('The Helpdesk app is not installed on this Odoo database: the model helpdesk.ticket does not exist [item 0]');
			expect(error.description).toMatch(/Odoo Enterprise/);
			const approvals = await runNode(community, { resource: 'approvalRequest', operation: 'create', valuesMode: 'json', valuesJson: '{"name": "x"}' });
			expect(approvals.error('Odoo')?.message).toMatch(/^The Approvals app is not installed/);
		} finally {
			await community.close();
		}
	});
});
