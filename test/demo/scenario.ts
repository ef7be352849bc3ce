/**
 * The demo's scenario driver: live business events, one every few seconds, so that the templates run while you watch.
 * It talks to Odoo with the package's own client (the simulator or a real Odoo alike):
 *  - confirms new sale orders: most in stock, some short of stock, one now and then for a customer over its credit limit;
 *  - ships a ready delivery, and makes a purchase receipt overdue;
 *  - POSTs return requests to the `return-request` webhook, and now and then the same request again (the Idempotency
 *    Guard lets it through once; the repeat gets the stored answer, or 409 while the first run is busy).
 * Without write permission (a real Odoo without DEMO_WRITE=1) it only reads, and says what it would have done.
 */
import { randomUUID } from 'crypto';
import { LogisticsFlows, OdooClient, type ConnectionSettingsInput, type OdooRecord } from '../../nodes/shared/odoo';

export type StepName = 'orderInStock' | 'orderShort' | 'orderCreditHold' | 'shipReady' | 'receiptOverdue' | 'returnRequest' | 'returnDuplicate';

/** One cycle of the scenario; the driver repeats it. */
export const CYCLE: StepName[] = ['orderInStock', 'orderShort', 'shipReady', 'returnRequest', 'orderInStock', 'receiptOverdue', 'orderCreditHold', 'returnDuplicate'];

export interface StepResult {
	step: StepName;
	/** What happened, for the console. */
	summary: string;
	/** False when there was nothing to do (no ready delivery, no delivered order, writes not allowed). */
	done: boolean;
	/** Odoo refused a call, or the webhook did not answer 2xx. */
	failed?: boolean;
}

export interface DriverOptions {
	odoo: ConnectionSettingsInput;
	/** The production URL of the return-request webhook, e.g. http://127.0.0.1:5678/webhook/return-request. */
	returnWebhookUrl?: string;
	/** Writes to Odoo and webhook POSTs that make workflows write (always on for the simulator). */
	allowWrites: boolean;
}

interface Catalogue {
	customers: OdooRecord[];
	overLimit: OdooRecord[];
	inStock: OdooRecord[];
	short: OdooRecord[];
	vendors: OdooRecord[];
}

const RETURN_REASONS = ['Box arrived crushed, contents damaged', 'Wrong item shipped', 'Defective on arrival', 'Ordered too many'];

export class ScenarioDriver {
	readonly client: OdooClient;

	private readonly flows: LogisticsFlows;

	private catalogue?: Catalogue;

	private turn = 0;

	/** The last return request sent, for the duplicate step. */
	private lastReturn?: Record<string, unknown>;

	/** Records the driver created or changed, by model (for the summary and the checks). */
	readonly touched: Record<string, number[]> = {};

	readonly webhookAnswers: Array<{ status: number; requestId: unknown }> = [];

	constructor(private readonly options: DriverOptions) {
		this.client = new OdooClient(options.odoo);
		this.flows = new LogisticsFlows(this.client);
	}

	/** Runs the next step of the cycle. Errors are returned as a failed step, never thrown: the demo goes on. */
	async next(): Promise<StepResult> {
		const step = CYCLE[this.turn++ % CYCLE.length];
		try {
			return await this.run(step);
		} catch (error) {
			return { step, done: false, failed: true, summary: `${step} failed: ${(error as Error).message}` };
		}
	}

	async run(step: StepName): Promise<StepResult> {
		const cat = await this.load();
		if (!this.options.allowWrites) return { step, done: false, summary: await this.readOnly(step) };
		switch (step) {
			case 'orderInStock':
				return this.order(step, pick(cat.customers, this.turn), cat.inStock, 'in stock');
			case 'orderShort':
				return this.order(step, pick(cat.customers, this.turn + 3), cat.short, 'short of stock');
			case 'orderCreditHold':
				if (!cat.overLimit.length) return { step, done: false, summary: 'no customer over its credit limit: skipped' };
				return this.order(step, pick(cat.overLimit, this.turn), cat.inStock, 'customer over its credit limit');
			case 'shipReady':
				return this.shipReady(step);
			case 'receiptOverdue':
				return this.receiptOverdue(step, cat);
			case 'returnRequest':
				return this.returnRequest(step, false);
			case 'returnDuplicate':
				return this.returnRequest(step, true);
		}
	}

	close(): void {
		this.client.close();
	}

	private async load(): Promise<Catalogue> {
		if (this.catalogue) return this.catalogue;
		const customers = await this.client.searchRead('res.partner', [['customer_rank', '>', 0], ['is_company', '=', true]], {
			fields: ['name', 'credit', 'credit_limit', 'use_partner_credit_limit'],
			order: 'id',
			limit: 50,
		});
		const overLimit = customers.filter((c) => c.use_partner_credit_limit && Number(c.credit_limit) > 0 && Number(c.credit) > Number(c.credit_limit));
		const products = await this.client.searchRead('product.product', [['sale_ok', '=', true], ['type', '!=', 'service']], {
			fields: ['name', 'default_code', 'qty_available', 'list_price'],
			order: 'id',
			limit: 100,
		});
		const vendors = await this.client.searchRead('res.partner', [['supplier_rank', '>', 0]], { fields: ['name'], order: 'id', limit: 20 });
		this.catalogue = {
			customers: customers.filter((c) => !overLimit.includes(c)),
			overLimit,
			inStock: products.filter((p) => Number(p.qty_available) >= 50),
			short: products.filter((p) => Number(p.qty_available) <= 0),
			vendors,
		};
		if (!this.catalogue.customers.length) throw new Error('no customer (res.partner with customer_rank > 0) to order for');
		return this.catalogue;
	}

	private async order(step: StepName, customer: OdooRecord, products: OdooRecord[], kind: string): Promise<StepResult> {
		if (!products.length) return { step, done: false, summary: `no product ${kind}: skipped` };
		const lines = [pick(products, this.turn), pick(products, this.turn + 1)]
			.filter((p, i, all) => all.indexOf(p) === i)
			.map((p, i) => [0, 0, { product_id: p.id, product_uom_qty: kind === 'short of stock' ? 25 + 5 * i : 2 + i }]);
		const [id] = await this.client.create('sale.order', [{ partner_id: customer.id, order_line: lines, client_order_ref: `DEMO-${this.turn}` }]);
		await this.client.call('sale.order', 'action_confirm', [id]);
		const [order] = await this.client.read('sale.order', [id], ['name']);
		this.touch('sale.order', id);
		return { step, done: true, summary: `confirmed ${String(order.name)} for ${String(customer.name)} (${kind})` };
	}

	private async shipReady(step: StepName): Promise<StepResult> {
		const [picking] = await this.client.searchRead('stock.picking', [['picking_type_code', '=', 'outgoing'], ['state', '=', 'assigned']], {
			fields: ['name', 'origin'],
			order: 'id',
			limit: 1,
		});
		if (!picking) return { step, done: false, summary: 'no delivery ready to ship' };
		const result = await this.flows.validatePicking([picking.id], { backorder: 'create' });
		this.touch('stock.picking', picking.id);
		return { step, done: true, summary: `shipped ${String(picking.name)} (${String(picking.origin || 'no origin')})${result.backorderIds.length ? ', backorder created' : ''}` };
	}

	private async receiptOverdue(step: StepName, cat: Catalogue): Promise<StepResult> {
		const vendor = pick(cat.vendors, this.turn);
		const product = pick(cat.short.length ? cat.short : cat.inStock, this.turn);
		if (!vendor || !product) return { step, done: false, summary: 'no vendor or product for a purchase: skipped' };
		const [id] = await this.client.create('purchase.order', [{ partner_id: vendor.id, order_line: [[0, 0, { product_id: product.id, product_qty: 40 }]] }]);
		await this.client.call('purchase.order', 'button_confirm', [id]);
		// Expected two hours ago and not received: the Receipt Overdue preset reports it at its next poll.
		await this.client.write('purchase.order', [id], { date_planned: odooDatetime(new Date(Date.now() - 2 * 3600_000)) });
		const [order] = await this.client.read('purchase.order', [id], ['name']);
		this.touch('purchase.order', id);
		return { step, done: true, summary: `receipt of ${String(order.name)} from ${String(vendor.name)} is now overdue` };
	}

	private async returnRequest(step: StepName, duplicate: boolean): Promise<StepResult> {
		const url = this.options.returnWebhookUrl;
		if (!url) return { step, done: false, summary: 'no return-request webhook among the workflows: skipped' };
		let body = duplicate ? this.lastReturn : undefined;
		if (!body) {
			body = await this.newReturnRequest();
			if (!body) return { step, done: false, summary: 'no delivered order to return yet' };
			this.lastReturn = body;
		}
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		// The workflow answers with the outcome: 200 done/declined, 202 awaiting approval, 409 in progress (a repeat
		// while the first run is busy: a portal sends it again later), 422 invalid, 503 send again.
		const answer = await res.text();
		let outcome = '';
		try {
			const json = JSON.parse(answer) as { status?: unknown; error?: unknown };
			outcome = String(json.status ?? json.error ?? '');
		} catch {
			// not JSON: the status says it
		}
		this.webhookAnswers.push({ status: res.status, requestId: body.requestId });
		const what = `${duplicate ? 'the same return request again' : 'return request'} ${String(body.requestId)}: ${String(body.quantity)} × ${String(body.productCode)} of ${String(body.orderRef)}`;
		const handled = res.ok || res.status === 409;
		return { step, done: handled, failed: !handled, summary: `${what}: webhook answered HTTP ${res.status}${outcome ? ` (${outcome})` : ''}` };
	}

	/**
	 * A return request as a customer portal sends it to the return-request webhook: `requestId`, `orderRef`,
	 * `productCode`, `quantity`, `reason`, `customerEmail`. One unit of a product of a delivered order.
	 */
	private async newReturnRequest(): Promise<Record<string, unknown> | undefined> {
		const delivered = await this.client.searchRead('stock.picking', [['picking_type_code', '=', 'outgoing'], ['state', '=', 'done'], ['sale_id', '!=', false]], {
			fields: ['name', 'sale_id', 'partner_id', 'move_ids'],
			order: 'id desc',
			limit: 20,
		});
		const picking = pick(delivered, this.turn);
		if (!picking) return undefined;
		const moves = await this.client.read('stock.move', picking.move_ids as number[], ['product_id']);
		const productIds = moves.map((m) => (m.product_id as [number, string])[0]);
		const products = (await this.client.read('product.product', productIds, ['default_code'])).filter((p) => p.default_code);
		const product = pick(products, this.turn);
		if (!product) return undefined;
		const partnerId = (picking.partner_id as [number, string] | false) || undefined;
		const [partner] = partnerId ? await this.client.read('res.partner', [partnerId[0]], ['email', 'parent_id']) : [];
		return {
			requestId: `RR-${randomUUID().slice(0, 8).toUpperCase()}`,
			orderRef: (picking.sale_id as [number, string])[1],
			productCode: product.default_code,
			quantity: 1,
			reason: pick(RETURN_REASONS, this.turn),
			customerEmail: partner?.email || 'customer@example.com',
		};
	}

	/** What a write step would do, and a read that shows the state it would act on. */
	private async readOnly(step: StepName): Promise<string> {
		const count = async (model: string, domain: unknown[]) => this.client.searchCount(model, domain as never);
		switch (step) {
			case 'orderInStock':
			case 'orderShort':
			case 'orderCreditHold':
				return `read only (DEMO_WRITE=1 to confirm demo orders): ${await count('sale.order', [['state', '=', 'sale']])} confirmed sale orders`;
			case 'shipReady':
				return `read only: ${await count('stock.picking', [['picking_type_code', '=', 'outgoing'], ['state', '=', 'assigned']])} deliveries ready to ship`;
			case 'receiptOverdue':
				return `read only: ${await count('purchase.order', [['state', '=', 'purchase'], ['receipt_status', 'in', ['pending', 'partial']], ['date_planned', '<', odooDatetime(new Date())]])} overdue receipts`;
			default:
				return 'read only: return requests make the return workflow write to Odoo (DEMO_WRITE=1 to send them)';
		}
	}

	private touch(model: string, id: number): void {
		(this.touched[model] ??= []).push(id);
	}
}

function pick<T>(list: readonly T[], n: number): T {
	return list[Math.abs(n) % Math.max(list.length, 1)];
}

/** Odoo's datetime format, UTC. */
export function odooDatetime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}
