import type { OdooRecord } from '../../../shared/odoo';
import type { Context } from '../../batch/records';
import { notFound } from '../../batch/records';
import { runBatches, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { fromOdooDatetime } from '../../odoo/dates';
import { idList, relationId } from '../../odoo/format';
import { assessReadiness, type CreditFacts, type LineFacts, type Readiness } from '../../odoo/readiness';
import type { OdooSession } from '../../transport/session';
import { forOperation, option, optionsCollection, recordId } from '../common/descriptions';
import type { Operation } from '../operation';
import { SALE_ORDER } from './target';

const byId = (records: OdooRecord[]) => new Map(records.map((record) => [record.id, record]));
const unique = (ids: Iterable<number | undefined>) => [...new Set([...ids].filter((id): id is number => id !== undefined))];
const number = (value: unknown) => (typeof value === 'number' ? value : 0);
const label = (value: unknown, fallback: string) => (Array.isArray(value) && typeof value[1] === 'string' ? value[1] : fallback);

/**
 * Reads what the verdicts need for a batch of orders in three rounds of calls, whatever the number of orders: the
 * orders; their lines, transfers and customers; then products, open stock moves, quants and the customers' credit.
 */
async function assessOrders(session: OdooSession, orderIds: number[], context?: Context): Promise<Map<number, Readiness>> {
	const { client, schemas } = session;
	const call = { context };
	const [orderSchema, lineSchema, productSchema, moveSchema, partnerSchema, quantSchema] = await Promise.all(
		['sale.order', 'sale.order.line', 'product.product', 'stock.move', 'res.partner', 'stock.quant'].map((model) => schemas.get(model)),
	);
	const orders = await client.read(
		'sale.order',
		orderIds,
		orderSchema.existing(['name', 'state', 'partner_id', 'amount_total', 'invoice_status', 'delivery_status', 'commitment_date', 'picking_ids', 'order_line', 'warehouse_id']),
		call,
	);
	const lineIds = orders.flatMap((order) => idList(order.order_line));
	const [lines, pickings, partners] = await Promise.all([
		client.read('sale.order.line', lineIds, lineSchema.existing(['product_id', 'product_uom_qty', 'qty_delivered', 'display_type']), call),
		client.read('stock.picking', unique(orders.flatMap((order) => idList(order.picking_ids))), ['name', 'state'], call),
		client.read('res.partner', unique(orders.map((order) => relationId(order.partner_id))), ['commercial_partner_id'], call),
	]);
	const productIds = unique(lines.filter((line) => !line.display_type).map((line) => relationId(line.product_id)));
	// Odoo 16 names the reserved quantity of a move `reserved_availability`; 17+ `quantity` (reserved or picked).
	const reservedField = moveSchema.has('reserved_availability') ? 'reserved_availability' : 'quantity';
	const creditFields = partnerSchema.existing(['display_name', 'name', 'credit', 'credit_limit', 'use_partner_credit_limit', 'credit_to_invoice']);
	const quantByWarehouse = quantSchema.has('warehouse_id');
	const [products, moves, customers, quants] = await Promise.all([
		client.read('product.product', productIds, productSchema.existing(['display_name', 'type', 'is_storable']), call),
		client.searchRead(
			'stock.move',
			[
				['sale_line_id', 'in', lineIds],
				['state', 'not in', ['done', 'cancel']],
			],
			{ fields: ['sale_line_id', reservedField], all: true, pageSize: session.batching.batchSize, context },
		),
		client.read('res.partner', unique(partners.map((partner) => relationId(partner.commercial_partner_id))), creditFields, call),
		client.searchRead(
			'stock.quant',
			[
				['product_id', 'in', productIds],
				['location_id.usage', '=', 'internal'],
			],
			{
				fields: quantSchema.existing(['product_id', 'quantity', 'reserved_quantity', 'warehouse_id']),
				all: true,
				pageSize: session.batching.batchSize,
				context,
			},
		),
	]);

	const lineById = byId(lines);
	const productById = byId(products);
	const pickingById = byId(pickings);
	const commercialOf = new Map(partners.map((partner) => [partner.id, relationId(partner.commercial_partner_id) ?? partner.id]));
	const customerById = byId(customers);
	const reserved = new Map<number, number>();
	for (const move of moves) {
		const line = relationId(move.sale_line_id);
		if (line !== undefined) reserved.set(line, (reserved.get(line) ?? 0) + number(move[reservedField]));
	}
	const storable = (product: OdooRecord | undefined) =>
		product !== undefined && (productSchema.has('is_storable') ? product.is_storable === true : product.type === 'product');
	const freeStock = (warehouseId: number | undefined) => {
		const free = new Map<number, number>();
		for (const quant of quants) {
			if (quantByWarehouse && warehouseId !== undefined && relationId(quant.warehouse_id) !== warehouseId) continue;
			const product = relationId(quant.product_id);
			if (product !== undefined) free.set(product, (free.get(product) ?? 0) + number(quant.quantity) - number(quant.reserved_quantity));
		}
		return free;
	};
	const creditOf = (partnerId: number | undefined): CreditFacts | null => {
		const customer = customerById.get(commercialOf.get(partnerId ?? 0) ?? 0);
		if (!customer || !creditFields.includes('credit_limit')) return null;
		return {
			partnerId: customer.id,
			partner: String(customer.display_name ?? customer.name ?? customer.id),
			limit: number(customer.credit_limit),
			enforced: creditFields.includes('use_partner_credit_limit') ? customer.use_partner_credit_limit === true : true,
			receivable: number(customer.credit),
			toInvoice: creditFields.includes('credit_to_invoice') ? number(customer.credit_to_invoice) : null,
		};
	};

	const now = new Date();
	const result = new Map<number, Readiness>();
	for (const order of orders) {
		const orderLines: LineFacts[] = idList(order.order_line)
			.map((id) => lineById.get(id))
			.filter((line): line is OdooRecord => line !== undefined && !line.display_type && relationId(line.product_id) !== undefined)
			.map((line) => {
				const productId = relationId(line.product_id) as number;
				const product = productById.get(productId);
				return {
					id: line.id,
					productId,
					product: label(line.product_id, String(product?.display_name ?? productId)),
					ordered: number(line.product_uom_qty),
					delivered: number(line.qty_delivered),
					storable: storable(product),
					reserved: reserved.get(line.id) ?? 0,
				};
			});
		result.set(
			order.id,
			assessReadiness({
				order: {
					id: order.id,
					name: String(order.name),
					state: String(order.state),
					amountTotal: number(order.amount_total),
					deliveryStatus: typeof order.delivery_status === 'string' ? order.delivery_status : false,
					invoiceStatus: typeof order.invoice_status === 'string' ? order.invoice_status : undefined,
					commitmentDate: typeof order.commitment_date === 'string' ? (fromOdooDatetime(order.commitment_date) as string) : null,
				},
				lines: orderLines,
				freeStock: freeStock(relationId(order.warehouse_id)),
				credit: creditOf(relationId(order.partner_id)),
				pickings: idList(order.picking_ids)
					.map((id) => pickingById.get(id))
					.filter((picking): picking is OdooRecord => picking !== undefined)
					.map((picking) => ({ id: picking.id, name: String(picking.name), state: String(picking.state) })),
				now,
			}),
		);
	}
	return result;
}

export const checkReadiness: Operation = {
	writes: false,
	description: forOperation('saleOrder', 'checkReadiness', [
		recordId(SALE_ORDER.id.name, SALE_ORDER.id.label, SALE_ORDER.id.description),
		optionsCollection([option.context]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => ({
			indices: [p.index],
			id: p.id(SALE_ORDER.id.name, SALE_ORDER.id.label),
			context: p.context(),
		}));
		await runBatches(
			requests,
			{ key: (request) => stableKey(request.context), batching: session.batching, isolate: true },
			outcomes,
			async (batch) => {
				const verdicts = await assessOrders(session, unique(batch.map((request) => request.id)), batch[0].context);
				for (const { indices, id } of batch) {
					const verdict = verdicts.get(id);
					if (verdict) outcomes.ok(indices[0], verdict as unknown as Record<string, unknown>);
					else outcomes.fail(indices[0], notFound('sale.order', id));
				}
			},
		);
	},
};
