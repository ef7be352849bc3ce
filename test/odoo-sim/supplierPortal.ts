/**
 * A supplier portal next to the simulated Odoo, for the procure-to-receive template: vendors answer with the updated
 * arrival of a purchase order.
 *
 * - `GET /supplier-portal/eta?po=P00012` → `{ po, vendor, previousEta, eta, delayDays, reason, carrier, tracking,
 *   confirmed }`, 404 for an unknown order, 400 without `po`. Dates are ISO 8601 UTC.
 * - The default answer is deterministic from the data: the new arrival is the later of the expected arrival and the
 *   simulator's "now", plus the vendor's lead time (`product.supplierinfo.delay` of the first line's product, 5 days
 *   without one), at 12:00 UTC; the reason and the carrier are picked by the order id.
 * - `PUT /supplier-portal/eta?po=P00012` with a JSON body sets the answer for that order (any of `eta`, `reason`,
 *   `carrier`, `tracking`, `confirmed`; `{"status": 503}` makes the portal fail); `DELETE /supplier-portal/eta`
 *   forgets every answer set. `GET /supplier-portal/requests` lists the lookups made so far (`{ po, at }`).
 */
import type * as http from 'node:http';
import { runDirect } from './database';
import type { Env } from './orm/env';
import type { SimDatabase } from './orm/env';
import { answerWith } from './transports/http';
import type { PreparedRequest } from './transports/types';

export const SUPPLIER_PORTAL_PREFIX = '/supplier-portal/';

const DAY_MS = 86_400_000;
const DEFAULT_LEAD_DAYS = 5;

const REASONS = [
	'Supplier production delayed: the plant is running behind on this batch',
	'Container held at customs awaiting documents',
	'Carrier missed the pickup; the shipment is delayed by the backlog',
	'Batch failed the quality inspection at the supplier and is being remade',
];
const CARRIERS = ['DHL Freight', 'Maersk', 'UPS Freight', 'DB Schenker'];

interface Override {
	eta?: string;
	reason?: string;
	carrier?: string;
	tracking?: string;
	confirmed?: boolean;
	status?: number;
}

interface PortalState {
	overrides: Map<string, Override>;
	requests: Array<{ po: string; at: string }>;
}

const states = new WeakMap<SimDatabase, PortalState>();

function stateOf(db: SimDatabase): PortalState {
	let state = states.get(db);
	if (!state) {
		state = { overrides: new Map(), requests: [] };
		states.set(db, state);
	}
	return state;
}

const json = (status: number, body: unknown) => answerWith({ status, body }, { transport: 'web', method: 'supplier-portal' });

function parseOdooDatetime(value: unknown): Date | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const date = new Date(`${value.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

function vendorLeadDays(env: Env, order: Record<string, unknown>): number {
	const [lineId] = (order.order_line as number[] | undefined) ?? [];
	if (!lineId) return DEFAULT_LEAD_DAYS;
	const [line] = env.model('purchase.order.line').read([lineId], ['product_id']);
	const productId = Array.isArray(line?.product_id) ? (line.product_id[0] as number) : undefined;
	const vendorId = Array.isArray(order.partner_id) ? (order.partner_id[0] as number) : undefined;
	if (!productId || !vendorId) return DEFAULT_LEAD_DAYS;
	const sellers = env.model('product.supplierinfo').read(
		env.model('product.supplierinfo').search([
			['product_id', '=', productId],
			['partner_id', '=', vendorId],
		]),
		['delay'],
	);
	const delay = Number(sellers[0]?.delay);
	return Number.isFinite(delay) && delay > 0 ? delay : DEFAULT_LEAD_DAYS;
}

function answer(db: SimDatabase, po: string): PreparedRequest {
	const state = stateOf(db);
	state.requests.push({ po, at: db.clock.now().toISOString() });
	const override = state.overrides.get(po) ?? {};
	if (override.status) return json(override.status, { error: `the supplier portal is unavailable (HTTP ${override.status})` });
	return runDirect(db, (env) => {
		const model = env.model('purchase.order');
		const [order] = model.read(model.search([['name', '=', po]], { limit: 1 }), ['name', 'partner_id', 'date_planned', 'order_line']);
		if (!order) return json(404, { error: `no purchase order ${po}` });
		const previous = parseOdooDatetime(order.date_planned) ?? db.clock.now();
		const from = Math.max(previous.getTime(), db.clock.now().getTime());
		const computed = new Date(from + vendorLeadDays(env, order) * DAY_MS);
		computed.setUTCHours(12, 0, 0, 0);
		const eta = override.eta ? new Date(override.eta) : computed;
		if (Number.isNaN(eta.getTime())) return json(500, { error: `the answer set for ${po} has an invalid eta` });
		const id = order.id as number;
		return json(200, {
			po: order.name,
			vendor: Array.isArray(order.partner_id) ? order.partner_id[1] : null,
			previousEta: previous.toISOString(),
			eta: eta.toISOString(),
			delayDays: Math.max(0, Math.ceil((eta.getTime() - previous.getTime()) / DAY_MS)),
			reason: override.reason ?? REASONS[id % REASONS.length],
			carrier: override.carrier ?? CARRIERS[id % CARRIERS.length],
			tracking: override.tracking ?? `TRK${String(id).padStart(8, '0')}`,
			confirmed: override.confirmed ?? true,
		});
	});
}

function setAnswer(db: SimDatabase, po: string, body: string): PreparedRequest {
	let value: unknown;
	try {
		value = body ? JSON.parse(body) : {};
	} catch {
		return json(400, { error: 'the body is not JSON' });
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return json(400, { error: 'the body must be a JSON object' });
	const { eta, reason, carrier, tracking, confirmed, status } = value as Record<string, unknown>;
	if (eta !== undefined && (typeof eta !== 'string' || Number.isNaN(new Date(eta).getTime()))) return json(400, { error: 'eta must be an ISO date' });
	if (status !== undefined && (typeof status !== 'number' || status < 400 || status > 599)) return json(400, { error: 'status must be an HTTP error status' });
	const override: Override = {
		eta: eta as string | undefined,
		reason: typeof reason === 'string' ? reason : undefined,
		carrier: typeof carrier === 'string' ? carrier : undefined,
		tracking: typeof tracking === 'string' ? tracking : undefined,
		confirmed: typeof confirmed === 'boolean' ? confirmed : undefined,
		status: status as number | undefined,
	};
	stateOf(db).overrides.set(po, override);
	return json(200, { po, ...override });
}

/** The route for a request under `/supplier-portal/`. */
export function supplierPortalRoute(db: SimDatabase, req: http.IncomingMessage, body: string): PreparedRequest {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const path = url.pathname.slice(SUPPLIER_PORTAL_PREFIX.length);
	const po = url.searchParams.get('po')?.trim() ?? '';
	if (path === 'requests' && req.method === 'GET') return json(200, stateOf(db).requests);
	if (path !== 'eta') return json(404, { error: `unknown supplier portal route /${path}` });
	if (req.method === 'DELETE') {
		stateOf(db).overrides.clear();
		return json(200, { cleared: true });
	}
	if (!po) return json(400, { error: 'the query parameter po (the purchase order reference, such as P00012) is missing' });
	if (req.method === 'GET') return answer(db, po);
	if (req.method === 'PUT' || req.method === 'POST') return setAnswer(db, po, body);
	return json(405, { error: `${req.method} is not allowed` });
}
