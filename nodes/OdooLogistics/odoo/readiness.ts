/**
 * Fulfilment readiness of a sale order: can it ship now? Stock per line (what is reserved for the order, plus free
 * stock), the customer's credit exposure against its limit, and the delivery status, reduced to one verdict with the
 * reasons behind it. Pure: the caller reads the data from Odoo.
 */

export type Verdict = 'ready' | 'at_risk' | 'blocked' | 'delivered';

export interface Reason {
	code:
		| 'order_cancelled'
		| 'stock_short'
		| 'credit_limit_exceeded'
		| 'not_confirmed'
		| 'commitment_date_passed'
		| 'waiting_another_operation'
		| 'fully_delivered';
	severity: 'blocking' | 'warning' | 'info';
	message: string;
	[detail: string]: unknown;
}

export interface OrderFacts {
	id: number;
	name: string;
	state: string;
	amountTotal: number;
	/** `delivery_status` (sale_stock), false when nothing is to be delivered. */
	deliveryStatus: string | false;
	invoiceStatus?: string;
	/** ISO 8601 UTC, or null. */
	commitmentDate: string | null;
}

export interface LineFacts {
	id: number;
	productId: number;
	product: string;
	ordered: number;
	delivered: number;
	/** Tracked in stock (storable); services and consumables are not checked. */
	storable: boolean;
	/** Reserved (or picked) for this line by its open stock moves. */
	reserved: number;
}

export interface CreditFacts {
	partnerId: number;
	partner: string;
	limit: number;
	/** The limit applies to this customer (Odoo's "Partner Limit"). */
	enforced: boolean;
	/** Total receivable (posted, unpaid invoices). */
	receivable: number;
	/** Confirmed orders not invoiced yet, when the server computes it (Odoo 17+); this order's share included. */
	toInvoice: number | null;
}

export interface PickingFacts {
	id: number;
	name: string;
	state: string;
}

export interface ReadinessInput {
	order: OrderFacts;
	lines: LineFacts[];
	/** Free stock (on hand minus reserved) by product, in the order's warehouse. */
	freeStock: ReadonlyMap<number, number>;
	credit: CreditFacts | null;
	pickings: PickingFacts[];
	now: Date;
}

export interface LineReadiness {
	lineId: number;
	productId: number;
	product: string;
	ordered: number;
	delivered: number;
	remaining: number;
	reserved: number;
	/** Free stock this line can take, after the earlier lines of the same product. */
	available: number;
	missing: number;
	status: 'delivered' | 'reserved' | 'available' | 'short' | 'not_tracked';
}

export interface Readiness {
	orderId: number;
	name: string;
	verdict: Verdict;
	ready: boolean;
	reasons: Reason[];
	lines: LineReadiness[];
	credit: (CreditFacts & { orderAmount: number; exposure: number; exceeded: boolean }) | null;
	delivery: { status: string | false; pickings: PickingFacts[] };
}

const EPSILON = 1e-6;
const round = (value: number) => Math.round(value * 1e4) / 1e4;

function lineReadiness(lines: LineFacts[], freeStock: ReadonlyMap<number, number>): LineReadiness[] {
	const free = new Map(freeStock);
	return lines.map((line) => {
		const remaining = Math.max(0, line.ordered - line.delivered);
		const base = { lineId: line.id, productId: line.productId, product: line.product, ordered: line.ordered, delivered: line.delivered };
		if (!line.storable) return { ...base, remaining, reserved: 0, available: 0, missing: 0, status: 'not_tracked' };
		const reserved = Math.min(line.reserved, remaining);
		const pool = Math.max(0, free.get(line.productId) ?? 0);
		const available = Math.min(pool, remaining - reserved);
		free.set(line.productId, pool - available);
		const missing = round(remaining - reserved - available);
		const status =
			remaining <= EPSILON ? 'delivered' : missing > EPSILON ? 'short' : reserved >= remaining - EPSILON ? 'reserved' : 'available';
		return { ...base, remaining: round(remaining), reserved: round(reserved), available: round(available), missing: Math.max(0, missing), status };
	});
}

/** What the customer would owe: receivable, orders to invoice, and this order when it is not counted in them yet. */
function creditExposure(order: OrderFacts, credit: CreditFacts) {
	const quotation = order.state === 'draft' || order.state === 'sent';
	const counted = credit.toInvoice !== null && !quotation;
	const orderAmount = order.state === 'cancel' || order.invoiceStatus === 'invoiced' || counted ? 0 : order.amountTotal;
	const exposure = round(credit.receivable + (credit.toInvoice ?? 0) + orderAmount);
	return { ...credit, orderAmount, exposure, exceeded: credit.enforced && credit.limit > 0 && exposure > credit.limit + EPSILON };
}

export function assessReadiness(input: ReadinessInput): Readiness {
	const { order } = input;
	const lines = lineReadiness(input.lines, input.freeStock);
	const credit = input.credit ? creditExposure(order, input.credit) : null;
	const reasons: Reason[] = [];
	const delivered = order.deliveryStatus === 'full';

	if (order.state === 'cancel') {
		reasons.push({ code: 'order_cancelled', severity: 'blocking', message: `${order.name} is cancelled` });
	}
	if (delivered) {
		reasons.push({ code: 'fully_delivered', severity: 'info', message: `${order.name} is fully delivered` });
	} else {
		for (const line of lines.filter((entry) => entry.status === 'short')) {
			reasons.push({
				code: 'stock_short',
				severity: 'blocking',
				message: `${line.product}: ${line.missing} missing (${line.remaining} to deliver, ${line.reserved} reserved, ${line.available} free)`,
				productId: line.productId,
				lineId: line.lineId,
				missing: line.missing,
			});
		}
		if (credit?.exceeded) {
			reasons.push({
				code: 'credit_limit_exceeded',
				severity: 'blocking',
				message: `${credit.partner} would owe ${credit.exposure}, over its credit limit of ${credit.limit}`,
				exposure: credit.exposure,
				limit: credit.limit,
			});
		}
		if (order.state === 'draft' || order.state === 'sent') {
			reasons.push({ code: 'not_confirmed', severity: 'warning', message: `${order.name} is a quotation, not confirmed yet` });
		}
		if (order.commitmentDate && Date.parse(order.commitmentDate) < input.now.getTime()) {
			reasons.push({
				code: 'commitment_date_passed',
				severity: 'warning',
				message: `The delivery date promised to the customer (${order.commitmentDate}) has passed`,
				commitmentDate: order.commitmentDate,
			});
		}
		const waiting = input.pickings.filter((picking) => picking.state === 'waiting');
		if (waiting.length) {
			reasons.push({
				code: 'waiting_another_operation',
				severity: 'warning',
				message: `${waiting.map((picking) => picking.name).join(', ')} wait for another operation first`,
				pickingIds: waiting.map((picking) => picking.id),
			});
		}
	}

	const verdict: Verdict = reasons.some((reason) => reason.severity === 'blocking')
		? 'blocked'
		: delivered
			? 'delivered'
			: reasons.some((reason) => reason.severity === 'warning')
				? 'at_risk'
				: 'ready';
	return {
		orderId: order.id,
		name: order.name,
		verdict,
		ready: verdict === 'ready',
		reasons,
		lines,
		credit,
		delivery: { status: order.deliveryStatus, pickings: input.pickings },
	};
}
