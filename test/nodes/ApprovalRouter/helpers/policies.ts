/** Policies and items shared by the Approval Router tests. */

export const FINANCE = ['controller@acme.test', 'cfo@acme.test', 'treasury@acme.test'];

export function shipmentPolicy(overrides: Record<string, unknown> = {}) {
	return {
		id: 'shipment-release',
		version: '2026.11.1',
		hitPolicy: 'FIRST',
		groups: { finance: FINANCE, warehouse: ['dock.lead@acme.test', 'picker@acme.test'] },
		rules: [
			{
				id: 'blocked-customer',
				when: [{ field: 'customer.credit_status', op: 'eq', value: 'blocked' }],
				outcome: 'reject',
				reason: 'customer is blocked',
			},
			{
				id: 'credit-hold',
				when: [
					{ field: 'customer.credit_status', op: 'eq', value: 'hold' },
					{ field: 'amount', op: 'gt', value: 10000 },
				],
				outcome: 'needs_approval',
				approval: { approvers: ['group:finance'], minApprovals: 2, escalateAfter: '4h', escalateTo: ['cfo@acme.test'] },
			},
			{
				id: 'expedited-freight',
				when: [{ field: 'category', op: 'eq', value: 'expedited_freight' }],
				outcome: 'needs_approval',
				approval: { approvers: ['dock.lead@acme.test'], escalateAfter: '2h' },
			},
		],
		noMatch: { outcome: 'auto_approve' },
		...overrides,
	};
}

export const ON_HOLD = {
	name: 'WH/OUT/00042',
	amount: 12500,
	category: 'standard',
	customer: { credit_status: 'hold' },
	requested_by: 'picker@acme.test',
};
