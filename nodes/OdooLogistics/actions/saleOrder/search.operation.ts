import type { IDataObject } from 'n8n-workflow';

import { Domain, andDomains } from '../../../shared/odoo';
import type { ItemParameters } from '../../execution/parameters';
import { extraDomainProperty } from '../common/descriptions';
import { dateTerms, partnerTerm, selectionTerm } from '../common/filters';
import { searchOperation } from '../common/recordOperations';
import { SALE_ORDER } from './target';

const STATES = [
	{ name: 'Quotation', value: 'draft' },
	{ name: 'Quotation Sent', value: 'sent' },
	{ name: 'Sales Order', value: 'sale' },
	{ name: 'Cancelled', value: 'cancel' },
];

const DELIVERY_STATUSES = [
	{ name: 'Not Delivered', value: 'pending' },
	{ name: 'Started', value: 'started' },
	{ name: 'Partially Delivered', value: 'partial' },
	{ name: 'Fully Delivered', value: 'full' },
];

function saleOrderDomain(p: ItemParameters, _schema: unknown, timeZone: string): Domain {
	const filters = p.raw<IDataObject>('filters', {});
	const reference = typeof filters.reference === 'string' ? filters.reference.trim() : '';
	return andDomains(
		selectionTerm(filters, 'states', 'state'),
		selectionTerm(filters, 'deliveryStatuses', 'delivery_status'),
		partnerTerm(filters, 'Customer ID'),
		dateTerms(filters, 'date_order', ['orderedAfter', 'Ordered After'], ['orderedBefore', 'Ordered Before'], timeZone),
		reference ? ['|', ['name', 'ilike', reference], ['client_order_ref', 'ilike', reference]] : [],
		p.domain('domain', 'Extra Domain'),
	);
}

export const search = searchOperation(SALE_ORDER, 'search', {
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Customer ID', name: 'partnerId', type: 'string', default: '', description: 'Orders of this customer and its contacts' },
				{ displayName: 'Delivery Status', name: 'deliveryStatuses', type: 'multiOptions', options: DELIVERY_STATUSES, default: [] },
				{ displayName: 'Ordered After', name: 'orderedAfter', type: 'dateTime', default: '' },
				{ displayName: 'Ordered Before', name: 'orderedBefore', type: 'dateTime', default: '' },
				{
					displayName: 'Reference Contains',
					name: 'reference',
					type: 'string',
					default: '',
					description: "In the order's reference (S00042) or the customer's reference",
				},
				{ displayName: 'Status', name: 'states', type: 'multiOptions', options: STATES, default: [] },
			],
		},
		extraDomainProperty,
	],
	domain: saleOrderDomain,
});
