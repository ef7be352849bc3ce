import { PRESETS, PRESET_NAMES, type PresetName } from '../../OdooLogisticsTrigger/presets';
import type { CategoryId } from '../taxonomy';
import { RuleDefinition } from './types';

/*
 * Odoo events, by the `eventType` of the Odoo Logistics Trigger. The event types of the trigger's presets are read
 * from the presets themselves (plain data, no n8n), so a preset renamed there is renamed here too; `PRESET_RULES`
 * must give every preset a rule, or the package does not compile. `aliases` are further names for the same
 * condition, as custom trigger events (`<model>.<what happened>`) or other sources name it.
 */

interface OdooEventRule {
	id: string;
	category: CategoryId;
	confidence: number;
	label: string;
	aliases: readonly string[];
}

/** Odoo versions whose preset event types the rules recognise. */
const ODOO_MAJORS = [16, 17, 18, 19] as const;

/** Events that name an exception: they decide before the text rules. */
const SPECIFIC: readonly OdooEventRule[] = [
	{
		id: 'odoo.event.late_transfer',
		category: 'warehouse_delay',
		confidence: 0.95,
		label: 'a transfer is past its scheduled date',
		aliases: ['stock.picking.late'],
	},
	{
		id: 'odoo.event.backorder',
		category: 'stock_shortage',
		confidence: 0.9,
		label: 'a backorder was created',
		aliases: ['stock.picking.backorder', 'stock.picking.backorder_created'],
	},
	{
		id: 'odoo.event.stock_shortage',
		category: 'stock_shortage',
		confidence: 0.95,
		label: 'stock cannot be reserved',
		aliases: ['stock.move.shortage', 'stock.picking.shortage', 'stock.move.unavailable'],
	},
	{
		id: 'odoo.event.purchase_delay',
		category: 'supplier_delay',
		confidence: 0.95,
		label: 'a purchase receipt is overdue',
		aliases: ['purchase.order.receipt_overdue', 'purchase.order.late'],
	},
	{
		id: 'odoo.event.quality_hold',
		category: 'quality_hold',
		confidence: 0.95,
		label: 'goods are held by quality control',
		aliases: ['quality.check.failed', 'quality.alert.created', 'stock.picking.quality_hold'],
	},
	{
		id: 'odoo.event.cancelled',
		category: 'cancellation',
		confidence: 0.95,
		label: 'a move, transfer or order was cancelled',
		aliases: ['stock.move.cancelled', 'stock.picking.cancelled', 'sale.order.cancelled'],
	},
	{
		id: 'odoo.event.credit_hold',
		category: 'credit_hold',
		confidence: 0.9,
		label: 'the customer is over the credit limit',
		aliases: ['sale.order.credit_hold', 'res.partner.credit_limit_exceeded'],
	},
	{
		id: 'odoo.event.invoice_dispute',
		category: 'invoice_dispute',
		confidence: 0.9,
		label: 'an invoice is disputed',
		aliases: ['account.move.disputed'],
	},
	{
		id: 'odoo.event.return',
		category: 'return_requested',
		confidence: 0.9,
		label: 'a return was created',
		aliases: ['stock.picking.return_created', 'stock.return.created'],
	},
];

/**
 * Events of normal progress, and events whose meaning is in their text: they come after the text rules, so a
 * helpdesk ticket whose description says "damaged" is damage, and one that says nothing is a customer issue.
 */
const GENERIC: readonly OdooEventRule[] = [
	{
		id: 'odoo.event.customer_issue',
		category: 'customer_issue',
		confidence: 0.6,
		label: 'a customer opened a helpdesk ticket',
		aliases: [],
	},
	{
		id: 'odoo.event.progress',
		category: 'no_exception',
		confidence: 0.95,
		label: 'normal progress (an order confirmed, a delivery ready or done, an approval decided)',
		aliases: [],
	},
];

/** The rule each trigger preset's events go to. */
export const PRESET_RULES: Readonly<Record<PresetName, string>> = {
	saleOrderConfirmed: 'odoo.event.progress',
	deliveryReady: 'odoo.event.progress',
	deliveryDone: 'odoo.event.progress',
	deliveryLate: 'odoo.event.late_transfer',
	receiptOverdue: 'odoo.event.purchase_delay',
	stockShortage: 'odoo.event.stock_shortage',
	returnCreated: 'odoo.event.return',
	helpdeskTicketCreated: 'odoo.event.customer_issue',
	approvalStatusChanged: 'odoo.event.progress',
};

/** The event types a trigger preset emits, on every Odoo version the rules cover. */
export function presetEventTypes(preset: PresetName): string[] {
	return [...new Set(ODOO_MAJORS.map((major) => PRESETS[preset].define(major).eventType))];
}

function toRules(rules: readonly OdooEventRule[]): RuleDefinition[] {
	return rules.map(({ id, category, confidence, label, aliases }) => {
		const presets = PRESET_NAMES.filter((preset) => PRESET_RULES[preset] === id);
		return { id, field: 'event', equals: [...new Set([...presets.flatMap(presetEventTypes), ...aliases])], category, confidence, label };
	});
}

/** Odoo events that name an exception. */
export const ODOO_EVENT_RULES: RuleDefinition[] = toRules(SPECIFIC);

/** Odoo events of normal progress or that only say where to look. */
export const ODOO_GENERIC_EVENT_RULES: RuleDefinition[] = toRules(GENERIC);
