import type { OdooSimulator } from '../../odoo-sim';

/** A demo product by its internal reference. */
export const productId = (sim: OdooSimulator, code: string): number => sim.env('product.product').search([['default_code', '=', code]])[0];

/** The demo customer the orders below are for. */
export const customerId = (sim: OdooSimulator): number => sim.env('res.partner').search([['name', '=', 'Juniper Health Clinics']])[0];

/** A confirmed sale order of the demo customer: [product code, quantity] or [product code, quantity, unit price] a line. */
function confirmedOrder(sim: OdooSimulator, lines: Array<[string, number, number?]>): number {
	const order = sim.env('sale.order').create({
		partner_id: customerId(sim),
		order_line: lines.map(([code, qty, price]) => [
			0,
			0,
			{ product_id: productId(sim, code), product_uom_qty: qty, ...(price === undefined ? {} : { price_unit: price }) },
		]),
	});
	sim.env('sale.order').call('action_confirm', [order]);
	return order;
}

/** A confirmed order's delivery, validated (everything delivered). */
export function deliver(sim: OdooSimulator, lines: Array<[string, number]>): number {
	const order = confirmedOrder(sim, lines);
	const [picking] = sim.env('sale.order').read([order], ['picking_ids'])[0].picking_ids as number[];
	sim.env('stock.picking').call('button_validate', [picking], { context: { skip_sms: true } });
	return picking;
}

/** A posted customer invoice of a confirmed order, one line per order line, at the order's prices: [code, quantity, price] a line. */
export function invoiceFor(sim: OdooSimulator, lines: Array<[string, number, number]>): number {
	const order = confirmedOrder(sim, lines);
	const orderLines = sim.env('sale.order.line').read(sim.env('sale.order.line').search([['order_id', '=', order]]), ['product_id', 'product_uom_qty', 'price_unit']);
	const invoice = sim.env('account.move').create({
		move_type: 'out_invoice',
		partner_id: customerId(sim),
		invoice_line_ids: orderLines.map((line) => [
			0,
			0,
			{ product_id: (line.product_id as [number, string])[0], quantity: line.product_uom_qty, price_unit: line.price_unit, sale_line_id: line.id },
		]),
	});
	sim.env('account.move').call('action_post', [invoice]);
	return invoice;
}
