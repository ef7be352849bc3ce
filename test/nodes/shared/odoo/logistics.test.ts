/**
 * The version-aware logistics helpers against the simulator: transfer validation through Odoo's wizards, returns,
 * chatter messages and activities, on JSON-RPC (16.0-18.0) and JSON-2 (19.0).
 */
import {
	OdooBadValueError,
	LogisticsFlows,
	OdooWizardError,
	ValidatePickingOptions,
} from '../../../../nodes/shared/odoo';
import { OdooSimulator } from '../../../odoo-sim';
import { failure } from './helpers/failure';
import { clientFor, useSimulator } from './helpers/sim';

interface Delivery {
	orderId: number;
	pickingId: number;
	moveIds: number[];
	productIds: number[];
}

/** A confirmed sale order's delivery, reserved, for a customer with a phone (so stock_sms would ask). */
function reservedDelivery(sim: OdooSimulator, quantities: number[]): Delivery {
	const [partnerId] = sim.env('res.partner').search([['phone', '!=', false]], { limit: 1 });
	const productIds = sim.env('product.product').search([['qty_available', '>=', 20]], { limit: quantities.length, order: 'id' });
	expect(productIds).toHaveLength(quantities.length);
	const orderId = sim.env('sale.order').create({
		partner_id: partnerId,
		order_line: quantities.map((quantity, index) => [0, 0, { product_id: productIds[index], product_uom_qty: quantity }]),
	});
	sim.env('sale.order').call('action_confirm', [orderId]);
	const [pickingId] = sim.env('sale.order').read([orderId], ['picking_ids'])[0].picking_ids as number[];
	sim.env('stock.picking').call('action_assign', [pickingId]);
	const moveIds = sim.env('stock.move').search([['picking_id', '=', pickingId]], { order: 'id' });
	return { orderId, pickingId, moveIds, productIds };
}

const CASES = [
	{ name: 'JSON-RPC on 18.0', version: '18.0', apiMode: 'jsonrpc' },
	{ name: 'JSON-2 on 19.0', version: '19.0', apiMode: 'json2' },
] as const;

describe.each(CASES)('LogisticsFlows, $name', ({ version, apiMode }) => {
	const context = useSimulator(() => ({ version }));
	const setup = () => {
		const client = context.track(clientFor(context.sim, apiMode));
		return { client, logistics: new LogisticsFlows(client) };
	};
	const picking = (id: number) => context.sim.env('stock.picking').read([id], ['name', 'state', 'backorder_id'])[0];

	describe('validatePicking', () => {
		const validate = async (delivery: Delivery, options: ValidatePickingOptions) => {
			const { client, logistics } = setup();
			const result = await logistics.validatePicking([delivery.pickingId], options);
			return { client, result };
		};

		it('validates a fully reserved transfer in one call, without the SMS confirmation', async () => {
			const delivery = reservedDelivery(context.sim, [3, 2]);
			const { client, result } = await validate(delivery, { backorder: 'fail' });
			expect(result).toEqual({ pickingIds: [delivery.pickingId], donePickingIds: [delivery.pickingId], backorderIds: [], wizards: [], alreadyDonePickingIds: [] });
			expect(picking(delivery.pickingId).state).toBe('done');
			expect(client.stats.count('stock.picking', 'button_validate')).toBe(1);
		});

		it('creates a backorder for what was not done', async () => {
			const delivery = reservedDelivery(context.sim, [5]);
			const { result } = await validate(delivery, {
				backorder: 'create',
				quantities: [{ productId: delivery.productIds[0], quantity: 2 }],
			});
			expect(result.wizards).toEqual(['stock.backorder.confirmation']);
			expect(result.donePickingIds).toEqual([delivery.pickingId]);
			expect(result.backorderIds).toHaveLength(1);
			const backorder = picking(result.backorderIds[0]);
			expect(backorder.backorder_id).toEqual([delivery.pickingId, picking(delivery.pickingId).name]);
			expect(backorder.state).not.toBe('done');
			const [remaining] = context.sim.env('stock.move').searchRead([['picking_id', '=', result.backorderIds[0]]], ['product_uom_qty']);
			expect(remaining.product_uom_qty).toBe(3);
		});

		it('cancels what was not done when the policy is none', async () => {
			const delivery = reservedDelivery(context.sim, [4]);
			const { result } = await validate(delivery, { backorder: 'none', quantities: [{ moveId: delivery.moveIds[0], quantity: 1 }] });
			expect(result.wizards).toEqual(['stock.backorder.confirmation']);
			expect(result.donePickingIds).toEqual([delivery.pickingId]);
			expect(result.backorderIds).toEqual([]);
			expect(context.sim.env('stock.picking').search([['backorder_id', '=', delivery.pickingId]])).toEqual([]);
			const [move] = context.sim.env('stock.move').read([delivery.moveIds[0]], ['quantity', 'state']);
			expect(move).toMatchObject({ quantity: 1, state: 'done' });
		});

		it('stops with a clear error naming the transfer when the policy is fail, and leaves it unvalidated', async () => {
			const delivery = reservedDelivery(context.sim, [5]);
			const { logistics } = setup();
			const error = await failure(
				logistics.validatePicking([delivery.pickingId], {
					backorder: 'fail',
					quantities: [{ productId: delivery.productIds[0], quantity: 2 }],
				}),
			);
			expect(error).toBeInstanceOf(OdooWizardError);
			expect((error as OdooWizardError).wizardModel).toBe('stock.backorder.confirmation');
			expect(error.message).toContain(String(picking(delivery.pickingId).name));
			expect(picking(delivery.pickingId).state).not.toBe('done');
			expect(context.sim.env('stock.picking').search([['backorder_id', '=', delivery.pickingId]])).toEqual([]);
		});

		it('refuses a product that is not in the transfer, before validating', async () => {
			const delivery = reservedDelivery(context.sim, [1]);
			const { client, logistics } = setup();
			const error = await failure(
				logistics.validatePicking([delivery.pickingId], { backorder: 'create', quantities: [{ productId: 999_999, quantity: 1 }] }),
			);
			expect(error).toBeInstanceOf(OdooBadValueError);
			expect(error.message).toContain('product 999999 has no open move');
			expect(client.stats.count('stock.picking', 'button_validate')).toBe(0);
		});
	});

	describe('createReturn', () => {
		async function deliveredPicking(quantities: number[]): Promise<Delivery> {
			const delivery = reservedDelivery(context.sim, quantities);
			await setup().logistics.validatePicking([delivery.pickingId], { backorder: 'fail' });
			return delivery;
		}

		it('returns every line in full by default', async () => {
			const delivery = await deliveredPicking([3, 2]);
			const { client, logistics } = setup();
			const { returnPickingId } = await logistics.createReturn(delivery.pickingId);
			const moves = context.sim.env('stock.move').searchRead([['picking_id', '=', returnPickingId]], ['product_id', 'product_uom_qty']);
			expect(moves.map((move) => [(move.product_id as [number])[0], move.product_uom_qty])).toEqual([
				[delivery.productIds[0], 3],
				[delivery.productIds[1], 2],
			]);
			expect(client.stats.count('stock.return.picking', 'action_create_returns')).toBe(1);
		});

		it('returns only the lines asked for', async () => {
			const delivery = await deliveredPicking([3, 2]);
			const { logistics } = setup();
			const { returnPickingId } = await logistics.createReturn(delivery.pickingId, [
				{ productId: delivery.productIds[1], quantity: 1 },
			]);
			const moves = context.sim.env('stock.move').searchRead([['picking_id', '=', returnPickingId]], ['product_id', 'product_uom_qty']);
			expect(moves.map((move) => [(move.product_id as [number])[0], move.product_uom_qty])).toEqual([[delivery.productIds[1], 1]]);
		});
	});

	describe('chatter and activities', () => {
		it('posts HTML as HTML, and plain text escaped, returning the message id', async () => {
			const [orderId] = context.sim.env('sale.order').search([], { limit: 1 });
			const { logistics } = setup();
			const htmlId = await logistics.messagePost('sale.order', orderId, '<p>Shipped <b>3</b> cabinets</p>', { html: true });
			const plainId = await logistics.messagePost('sale.order', orderId, 'Shipped <b>3</b> cabinets');
			expect(typeof htmlId).toBe('number');
			const bodies = context.sim.env('mail.message').read([htmlId, plainId], ['body', 'model', 'res_id']);
			expect(bodies[0]).toMatchObject({ body: '<p>Shipped <b>3</b> cabinets</p>', model: 'sale.order', res_id: orderId });
			expect(bodies[1].body).toBe('<p>Shipped &lt;b&gt;3&lt;/b&gt; cabinets</p>');
		});

		it('schedules activities by type id, looks the model up once, and marks them done', async () => {
			const { sim } = context;
			const [orderId] = sim.env('sale.order').search([], { limit: 1 });
			const [todoTypeId] = sim.env('mail.activity.type').search([['name', '=', 'To-Do']], { limit: 1 });
			const { client, logistics } = setup();
			const first = await logistics.scheduleActivity('sale.order', orderId, {
				activityTypeId: todoTypeId,
				userId: sim.admin.uid,
				dateDeadline: '2026-12-01',
				summary: 'Call the customer about the dock hours',
				note: '<p>Dock 3 closes at 16:00</p>',
			});
			const second = await logistics.scheduleActivity('sale.order', orderId, {
				activityTypeId: todoTypeId,
				dateDeadline: new Date(Date.UTC(2026, 11, 2)),
				summary: 'Second call',
			});
			expect(client.stats.count('ir.model')).toBe(1);
			const [activity] = sim.env('mail.activity').read([first], ['res_model', 'res_id', 'activity_type_id', 'date_deadline', 'summary']);
			expect(activity).toMatchObject({
				res_model: 'sale.order',
				res_id: orderId,
				activity_type_id: [todoTypeId, 'To-Do'],
				date_deadline: '2026-12-01',
				summary: 'Call the customer about the dock hours',
			});
			expect(sim.env('mail.activity').read([second], ['date_deadline'])[0].date_deadline).toBe('2026-12-02');

			const messageId = await logistics.markActivityDone([first], 'Customer called');
			expect(sim.env('mail.activity').search([['id', '=', first]])).toEqual([]);
			expect(typeof messageId).toBe('number');
			expect(String(sim.env('mail.message').read([messageId as number], ['body'])[0].body)).toContain('Customer called');
		});

		it('schedules an activity by the external id of its type', async () => {
			const { sim } = context;
			const [orderId] = sim.env('sale.order').search([], { limit: 1 });
			const [todoTypeId] = sim.env('mail.activity.type').search([['name', '=', 'To-Do']], { limit: 1 });
			const { logistics } = setup();
			const id = await logistics.scheduleActivity('sale.order', orderId, { activityTypeXmlId: 'mail.mail_activity_data_todo' });
			expect(sim.env('mail.activity').read([id], ['activity_type_id'])[0].activity_type_id).toEqual([todoTypeId, 'To-Do']);
			const error = await failure(logistics.scheduleActivity('sale.order', orderId, { activityTypeXmlId: 'mail.no_such_type' }));
			expect(error).toBeInstanceOf(OdooBadValueError);
			expect(error.message).toContain("'mail.no_such_type'");
		});

		it('refuses a malformed deadline before calling Odoo', async () => {
			const { client, logistics } = setup();
			const error = await failure(logistics.scheduleActivity('sale.order', 1, { activityTypeId: 1, dateDeadline: '01/12/2026' }));
			expect(error).toBeInstanceOf(OdooBadValueError);
			expect(client.stats.count('mail.activity', 'create')).toBe(0);
		});
	});
});

describe('LogisticsFlows on 17.0', () => {
	const context = useSimulator(() => ({ version: '17.0' }));

	it('validates with quantity and picked, and creates returns with create_returns', async () => {
		const client = context.track(clientFor(context.sim, 'auto'));
		const logistics = new LogisticsFlows(client);
		const delivery = reservedDelivery(context.sim, [4]);
		const result = await logistics.validatePicking([delivery.pickingId], {
			backorder: 'create',
			quantities: [{ moveId: delivery.moveIds[0], quantity: 3 }],
		});
		expect(result.backorderIds).toHaveLength(1);
		const { returnPickingId } = await logistics.createReturn(delivery.pickingId);
		const [move] = context.sim.env('stock.move').searchRead([['picking_id', '=', returnPickingId]], ['product_uom_qty']);
		expect(move.product_uom_qty).toBe(3);
		expect(client.stats.count('stock.return.picking', 'create_returns')).toBe(1);
		expect(client.stats.count('stock.return.picking', 'action_create_returns')).toBe(0);
	});
});

describe('LogisticsFlows on 16.0', () => {
	const context = useSimulator(() => ({ version: '16.0' }));

	it('validates with quantity_done, and creates returns with create_returns', async () => {
		const client = context.track(clientFor(context.sim, 'auto'));
		const logistics = new LogisticsFlows(client);
		const delivery = reservedDelivery(context.sim, [4]);
		const result = await logistics.validatePicking([delivery.pickingId], {
			backorder: 'create',
			quantities: [{ productId: delivery.productIds[0], quantity: 3 }],
		});
		expect(result.backorderIds).toHaveLength(1);
		expect(context.sim.env('stock.move').read([delivery.moveIds[0]], ['quantity_done', 'state'])[0]).toMatchObject({ quantity_done: 3, state: 'done' });
		const { returnPickingId } = await logistics.createReturn(delivery.pickingId);
		const [move] = context.sim.env('stock.move').searchRead([['picking_id', '=', returnPickingId]], ['product_uom_qty']);
		expect(move.product_uom_qty).toBe(3);
		expect(client.stats.count('stock.move', 'write')).toBe(1);
		expect(client.stats.count('stock.return.picking', 'create_returns')).toBe(1);
	});
});
