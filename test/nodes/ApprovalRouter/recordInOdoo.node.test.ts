/**
 * Record in Odoo against the Odoo simulator, through n8n's execution engine: Route → Record in Odoo. With the
 * Approvals app, one submitted approval.request per item; without it (Community), one activity per approver on the
 * transfer. Asserts the records in the simulator, the calls made, and the errors for bad input.
 */
import type { IDataObject } from 'n8n-workflow';

import { ApprovalRouter } from '../../../nodes/ApprovalRouter/ApprovalRouter.node';
import { type OdooSimulator, startOdooSimulator } from '../../odoo-sim';
import { type HarnessNode, runWorkflow } from '../../helpers/n8n';
import { FINANCE, ON_HOLD, shipmentPolicy } from './helpers/policies';
import { route, routeThen } from './helpers/workflows';

const REQUESTER = 'dock.lead@acme.test';

function credentialsFor(sim: OdooSimulator) {
	return { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'auto', ignoreTls: false };
}

/** Odoo users whose logins are the policy's identities. */
function addUsers(sim: OdooSimulator, logins: string[]): Record<string, number> {
	return Object.fromEntries(
		logins.map((login) => {
			const partner = sim.env('res.partner').create({ name: login.split('@')[0], email: login });
			return [login, sim.env('res.users').create({ login, partner_id: partner })];
		}),
	);
}

/** Items → Route → (Needs Approval) → Record in Odoo. */
function routeAndRecord(sim: OdooSimulator, items: IDataObject[], record: IDataObject = {}, continueOnFail = false) {
	return routeThen(items, { ...recordNode(record), continueOnFail }, { credentials: { odooLogisticsApi: credentialsFor(sim) } });
}

/** The Record in Odoo node, on the transfer whose ID is the item's `id`. */
function recordNode(parameters: IDataObject): HarnessNode {
	return {
		name: 'Record',
		type: 'approvalRouter',
		parameters: { operation: 'recordInOdoo', businessModel: 'stock.picking', recordId: '={{ $json.id }}', ...parameters },
		credentials: ['odooLogisticsApi'],
	};
}

const outgoing = (sim: OdooSimulator) => sim.env('stock.picking').search([['picking_type_code', '=', 'outgoing']], { limit: 3 });

describe('Approval Router: Record in Odoo (Enterprise Approvals)', () => {
	let sim: OdooSimulator;
	let users: Record<string, number>;
	let category: number;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0', modules: ['approvals'] });
		users = addUsers(sim, [...FINANCE, REQUESTER]);
		category = sim.env('approval.category').create({ name: 'Shipment Release', approval_minimum: 2 });
	});

	afterAll(async () => {
		await sim.close();
	});

	it('creates and submits one approval request per item, in one create call for the batch', async () => {
		const [first, second] = outgoing(sim);
		sim.stats.reset();
		const result = await routeAndRecord(
			sim,
			[
				{ ...ON_HOLD, id: first, requested_by: REQUESTER },
				{ ...ON_HOLD, id: second, name: 'WH/OUT/00043', requested_by: REQUESTER },
			],
			{ approvalCategory: 'Shipment Release' },
		);
		expect(result.error('Record')).toBeUndefined();
		const out = result.output('Record');
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const recorded = out.map((item) => (item.json.approval as IDataObject).odoo as IDataObject);
		expect(recorded[0]).toMatchObject({ kind: 'approvalRequest', model: 'approval.request', target: { model: 'stock.picking', id: first } });
		const ids = recorded.map((r) => (r.ids as number[])[0]);

		const requests = sim.env('approval.request').read(ids, ['name', 'category_id', 'request_owner_id', 'reference', 'request_status', 'approver_ids', 'reason']);
		const decisionIds = out.map((item) => (item.json.approval as IDataObject).decisionId);
		requests.forEach((request, index) => {
			expect(request).toMatchObject({
				category_id: [category, 'Shipment Release'],
				request_owner_id: [users[REQUESTER], expect.any(String)],
				reference: decisionIds[index],
				request_status: 'pending',
			});
			expect(String(request.reason)).toContain(`About stock.picking ${index === 0 ? first : second}`);
			const approvers = sim.env('approval.approver').read(request.approver_ids as number[], ['user_id', 'status', 'required']);
			expect(approvers.map((a) => (a.user_id as [number, string])[0])).toEqual(FINANCE.map((login) => users[login]));
			expect(approvers.every((a) => a.status === 'pending' && a.required === false)).toBe(true);
		});
		// The outcome decided in Odoo is request_status, which the trigger's Approval Request Status Changed event watches:
		// two approvals of three meet the category's minimum of 2.
		const [ana, ben] = sim.env('approval.approver').search([['request_id', '=', ids[0]]]);
		sim.env('approval.approver').write([ana, ben], { status: 'approved' });
		expect(sim.env('approval.request').read([ids[0]], ['request_status'])[0].request_status).toBe('approved');
		const creates = sim.stats.calls.filter((c) => c.model === 'approval.request' && c.method === 'create');
		expect(creates).toHaveLength(1);
		expect(sim.stats.calls.filter((c) => c.method === 'action_confirm')).toHaveLength(1);
	});

	it('leaves the request To Submit when asked, and finds the category by ID', async () => {
		const [first] = outgoing(sim);
		const result = await routeAndRecord(sim, [{ ...ON_HOLD, id: first }], { approvalCategory: String(category), submitRequest: false });
		const id = ((result.output('Record')[0].json.approval as IDataObject).odoo as { ids: number[] }).ids[0];
		expect(sim.env('approval.request').read([id], ['request_status'])[0].request_status).toBe('new');
	});

	it('refuses an unknown category and an approver without an Odoo user, creating nothing', async () => {
		const [first] = outgoing(sim);
		const before = sim.env('approval.request').search([]).length;
		const unknownCategory = await routeAndRecord(sim, [{ ...ON_HOLD, id: first }], { approvalCategory: 'Nope' });
		expect(unknownCategory.error('Record')?.message).toBe('Approval Category "Nope" does not exist in Odoo (approval.category)');

		const policy = shipmentPolicy();
		(policy.rules[1] as { approval: { approvers: string[] } }).approval.approvers = ['group:finance', 'ghost@acme.test'];
		const result = await route([{ ...ON_HOLD, id: first }], { policy });
		const needing = result.output('Route', 1).map((item) => item.json);
		const recorded = await routeAndRecordItems(sim, needing);
		expect(recorded.error('Record')?.message).toBe(
			'No Odoo user has the login ghost@acme.test (approvers are matched to res.users by login or user ID); nothing was recorded in Odoo',
		);
		expect(sim.env('approval.request').search([]).length).toBe(before);
	});
});

/** Record in Odoo on items that already carry an approval record. */
function routeAndRecordItems(sim: OdooSimulator, items: IDataObject[]) {
	return runWorkflow({
		items,
		nodeTypes: { approvalRouter: new ApprovalRouter() },
		chain: [recordNode({ approvalCategory: 'Shipment Release' })],
		credentials: { odooLogisticsApi: credentialsFor(sim) },
	});
}

describe('Approval Router: Record in Odoo (Community: activities)', () => {
	let sim: OdooSimulator;
	let users: Record<string, number>;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '17.0', modules: [] });
		users = addUsers(sim, FINANCE);
	});

	afterAll(async () => {
		await sim.close();
	});

	it('puts one activity per approver on the transfer when Odoo has no Approvals app', async () => {
		const [first, second] = outgoing(sim);
		sim.stats.reset();
		const result = await routeAndRecord(sim, [
			{ ...ON_HOLD, id: first },
			{ ...ON_HOLD, id: second, name: 'WH/OUT/00043' },
		]);
		expect(result.error('Record')).toBeUndefined();
		const out = result.output('Record');
		const recorded = out.map((item) => (item.json.approval as IDataObject).odoo as { kind: string; ids: number[] });
		expect(recorded.map((r) => r.kind)).toEqual(['activities', 'activities']);
		expect(recorded.map((r) => r.ids.length)).toEqual([3, 3]);

		for (const [index, picking] of [first, second].entries()) {
			const activities = sim.env('mail.activity').read(recorded[index].ids, ['res_model', 'res_id', 'user_id', 'summary', 'date_deadline', 'note']);
			expect(activities.map((a) => [a.res_model, a.res_id])).toEqual(FINANCE.map(() => ['stock.picking', picking]));
			expect(activities.map((a) => (a.user_id as [number, string])[0])).toEqual(FINANCE.map((login) => users[login]));
			const deadline = ((out[index].json.approval as IDataObject).required as { deadline: string }).deadline;
			expect(activities.every((a) => a.date_deadline === deadline.slice(0, 10))).toBe(true);
			expect(String(activities[0].summary)).toMatch(/^Approval: /);
			expect(String(activities[0].note)).toContain('2 of controller@acme.test, cfo@acme.test, treasury@acme.test (in any order)');
		}
		expect(sim.stats.calls.filter((c) => c.model === 'mail.activity' && c.method === 'create')).toHaveLength(1);
		expect(sim.stats.calls.some((c) => c.model === 'approval.request')).toBe(false);
	});

	it('asked for approval requests on Community, says the Approvals app is missing', async () => {
		const [first] = outgoing(sim);
		const result = await routeAndRecord(sim, [{ ...ON_HOLD, id: first }], { odooTarget: 'approvalRequest', approvalCategory: 'x' });
		expect(result.error('Record')?.message).toBe(
			'This Odoo has no approval.request model: install the Approvals app (Odoo Enterprise), or record the request as Activities',
		);
	});

	it('names a missing business record; with Continue On Fail the other items are recorded', async () => {
		const [first] = outgoing(sim);
		const items = [
			{ ...ON_HOLD, id: 999_999 },
			{ ...ON_HOLD, id: first },
		];
		const failing = await routeAndRecord(sim, items);
		expect(failing.error('Record')?.message).toBe('stock.picking record 999999 does not exist in Odoo; nothing was recorded in Odoo');

		const before = sim.env('mail.activity').search([]).length;
		const tolerant = await routeAndRecord(sim, items, {}, true);
		const out = tolerant.output('Record');
		expect(out[0].json.error).toBe('stock.picking record 999999 does not exist in Odoo');
		expect(((out[1].json.approval as IDataObject).odoo as { ids: number[] }).ids).toHaveLength(3);
		expect(sim.env('mail.activity').search([]).length).toBe(before + 3);
	});

	it('refuses a record that is not Needs Approval, a malformed one and a bad record ID, naming the field', async () => {
		const [first] = outgoing(sim);
		const routed = await route([{ ...ON_HOLD, id: first, customer: { credit_status: 'ok' } }]);
		const approved = routed.output('Route', 0).map((item) => item.json);
		expect(approved).toHaveLength(1);
		const notNeeded = await routeAndRecordItems(sim, approved);
		expect(notNeeded.error('Record')?.message).toBe(
			"The approval record's outcome is auto_approve: only Needs Approval items are recorded in Odoo",
		);
		const malformed = await routeAndRecordItems(sim, [{ id: first, approval: { outcome: 'needs_approval' } }]);
		expect(malformed.error('Record')?.message).toMatch(/^The approval record is not one Route produced: approval\.decisionId: /);
		const badId = await routeAndRecord(sim, [{ ...ON_HOLD, id: 'WH/OUT/1' }]);
		expect(badId.error('Record')?.message).toBe('Record ID must be the positive whole number of the stock.picking record, not "WH/OUT/1"');
	});
});
