import { z } from 'zod';

/**
 * Version of the taxonomy and of the built-in rules that map onto it (`rules/`). Bump the minor version when a
 * category or a mapping is added, the major version when one changes meaning or is removed: every decision carries
 * this version, so downstream reports can tell which mapping produced it.
 */
export const TAXONOMY_VERSION = '1.1.0';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OWNER_TEAMS = ['warehouse', 'procurement', 'customer_service', 'finance', 'quality', 'logistics'] as const;
export type OwnerTeam = (typeof OWNER_TEAMS)[number];

export const CATEGORY_GROUPS = ['supply', 'fulfilment', 'quality', 'carrier', 'returns', 'finance', 'none'] as const;

/**
 * `exception`: a problem someone must handle. `informational`: a normal status (in transit, delivered) that carrier
 * feeds send along with the exceptions. `unclassified`: no rule matched.
 */
export const CATEGORY_KINDS = ['exception', 'informational', 'unclassified'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const categorySchema = z
	.object({
		id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
		label: z.string().min(1),
		group: z.enum(CATEGORY_GROUPS),
		kind: z.enum(CATEGORY_KINDS),
		severity: z.enum(SEVERITIES),
		ownerTeam: z.enum(OWNER_TEAMS),
		/** The recommended next step, written for the owner team. */
		action: z.string().min(1),
		/** Whether a person must decide; `false` means the next step is safe to automate. */
		needsHuman: z.boolean(),
	})
	.strict();

export const taxonomySchema = z
	.object({
		version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version'),
		categories: z.array(categorySchema).min(1),
	})
	.strict()
	.superRefine((taxonomy, ctx) => {
		const seen = new Set<string>();
		taxonomy.categories.forEach((category, index) => {
			if (seen.has(category.id)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['categories', index, 'id'], message: `"${category.id}" is defined twice` });
			}
			seen.add(category.id);
		});
		if (taxonomy.categories.filter((category) => category.kind === 'unclassified').length !== 1) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['categories'], message: 'needs exactly one unclassified category' });
		}
	});

export type Category = z.infer<typeof categorySchema>;

/**
 * The seed rule: low-risk, repetitive exceptions are safe to automate; high-impact ones (high or critical severity,
 * money, customer commitments) go to a person.
 */
export const TAXONOMY = {
	version: TAXONOMY_VERSION,
	categories: [
		{
			id: 'supplier_delay',
			label: 'Supplier delay',
			group: 'supply',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'procurement',
			action: 'Ask the supplier for a confirmed receipt date and update the purchase order',
			needsHuman: false,
		},
		{
			id: 'stock_shortage',
			label: 'Stock shortage',
			group: 'supply',
			kind: 'exception',
			severity: 'high',
			ownerTeam: 'warehouse',
			action: 'Check availability, then replenish, substitute or ship a partial delivery with a backorder',
			needsHuman: true,
		},
		{
			id: 'warehouse_delay',
			label: 'Late transfer',
			group: 'fulfilment',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'warehouse',
			action: 'Re-prioritise the transfer and confirm a new scheduled date',
			needsHuman: false,
		},
		{
			id: 'cancellation',
			label: 'Cancellation',
			group: 'fulfilment',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Confirm the cancellation with the customer and release the reserved stock',
			needsHuman: true,
		},
		{
			id: 'customer_issue',
			label: 'Customer issue',
			group: 'fulfilment',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Read the ticket, find the order or shipment it concerns and answer the customer',
			needsHuman: true,
		},
		{
			id: 'quality_hold',
			label: 'Quality hold',
			group: 'quality',
			kind: 'exception',
			severity: 'high',
			ownerTeam: 'quality',
			action: 'Inspect the held goods and release, rework or reject them',
			needsHuman: true,
		},
		{
			id: 'damage',
			label: 'Damage',
			group: 'quality',
			kind: 'exception',
			severity: 'high',
			ownerTeam: 'quality',
			action: 'Document the damage, open a claim and arrange a replacement',
			needsHuman: true,
		},
		{
			id: 'carrier_delay',
			label: 'Carrier delay',
			group: 'carrier',
			kind: 'exception',
			severity: 'low',
			ownerTeam: 'logistics',
			action: 'Send the customer the new delivery estimate',
			needsHuman: false,
		},
		{
			id: 'failed_delivery_attempt',
			label: 'Failed delivery attempt',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Ask the customer to arrange a new delivery or to collect the parcel',
			needsHuman: false,
		},
		{
			id: 'address_issue',
			label: 'Address issue',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Confirm the delivery address with the customer and send the correction to the carrier',
			needsHuman: true,
		},
		{
			id: 'customs_hold',
			label: 'Customs hold',
			group: 'carrier',
			kind: 'exception',
			severity: 'high',
			ownerTeam: 'logistics',
			action: 'Send the missing customs documents to the carrier or broker',
			needsHuman: true,
		},
		{
			id: 'payment_hold',
			label: 'Held for payment',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Ask the consignee to pay the duties or charges the carrier holds the parcel for',
			needsHuman: false,
		},
		{
			id: 'lost',
			label: 'Lost shipment',
			group: 'carrier',
			kind: 'exception',
			severity: 'critical',
			ownerTeam: 'logistics',
			action: 'Open a claim with the carrier and reship the order',
			needsHuman: true,
		},
		{
			id: 'refused',
			label: 'Delivery refused',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Ask the customer why the delivery was refused and prepare the return receipt',
			needsHuman: true,
		},
		{
			id: 'return_to_sender',
			label: 'Returned to sender',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'warehouse',
			action: 'Expect the parcel back: prepare the return receipt and tell the customer',
			needsHuman: false,
		},
		{
			id: 'carrier_exception',
			label: 'Carrier exception',
			group: 'carrier',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'logistics',
			action: 'Check the tracking details with the carrier',
			needsHuman: true,
		},
		{
			id: 'return_requested',
			label: 'Return requested',
			group: 'returns',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'customer_service',
			action: 'Authorise the return and send the customer a return label',
			needsHuman: false,
		},
		{
			id: 'invoice_dispute',
			label: 'Invoice dispute',
			group: 'finance',
			kind: 'exception',
			severity: 'medium',
			ownerTeam: 'finance',
			action: 'Review the disputed invoice with the customer and issue a credit note if it is due',
			needsHuman: true,
		},
		{
			id: 'credit_hold',
			label: 'Credit hold',
			group: 'finance',
			kind: 'exception',
			severity: 'high',
			ownerTeam: 'finance',
			action: "Review the customer's credit before the order is released",
			needsHuman: true,
		},
		{
			id: 'no_exception',
			label: 'No exception',
			group: 'none',
			kind: 'informational',
			severity: 'low',
			ownerTeam: 'logistics',
			action: 'None: the order or shipment progresses normally',
			needsHuman: false,
		},
		{
			id: 'unclassified',
			label: 'Unclassified',
			group: 'none',
			kind: 'unclassified',
			severity: 'medium',
			ownerTeam: 'logistics',
			action: 'Read the signal and classify it by hand',
			needsHuman: true,
		},
	],
} as const satisfies z.input<typeof taxonomySchema>;

export type CategoryId = (typeof TAXONOMY.categories)[number]['id'];

export const CATEGORIES: ReadonlyMap<string, Category> = new Map(
	TAXONOMY.categories.map((category) => [category.id, category]),
);

export const UNCLASSIFIED: CategoryId = 'unclassified';
