import { dateRangeFilters, dateTerms, filtersSearch, partnerFilter, partnerTerm, selectionTerm, statusFilter } from '../common/filters';
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

const ORDERED_AFTER: [string, string] = ['orderedAfter', 'Ordered After'];
const ORDERED_BEFORE: [string, string] = ['orderedBefore', 'Ordered Before'];

export const search = searchOperation(
	SALE_ORDER,
	'search',
	filtersSearch({
		filters: [
			partnerFilter('Customer ID', 'Orders of this customer and its contacts'),
			{ displayName: 'Delivery Status', name: 'deliveryStatuses', type: 'multiOptions', options: DELIVERY_STATUSES, default: [] },
			...dateRangeFilters(ORDERED_AFTER, ORDERED_BEFORE),
			{
				displayName: 'Reference Contains',
				name: 'reference',
				type: 'string',
				default: '',
				description: "In the order's reference (S00042) or the customer's reference",
			},
			statusFilter(STATES),
		],
		terms: (filters, timeZone) => {
			const reference = typeof filters.reference === 'string' ? filters.reference.trim() : '';
			return [
				selectionTerm(filters, 'states', 'state'),
				selectionTerm(filters, 'deliveryStatuses', 'delivery_status'),
				partnerTerm(filters, 'Customer ID'),
				dateTerms(filters, 'date_order', ORDERED_AFTER, ORDERED_BEFORE, timeZone),
				reference ? ['|', ['name', 'ilike', reference], ['client_order_ref', 'ilike', reference]] : [],
			];
		},
	}),
);
