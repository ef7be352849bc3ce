import type { Domain } from '../../../shared/odoo';
import { toOdooDatetime } from '../../odoo/dates';
import { dateRangeFilters, dateTerms, filtersSearch, partnerFilter, partnerTerm, selectionTerm, statusFilter } from '../common/filters';
import { searchOperation } from '../common/recordOperations';
import { TRANSFER } from './target';

/** The transfer types by their operation code. */
const TYPES: Record<string, string> = { receipt: 'incoming', delivery: 'outgoing', internal: 'internal' };

const STATES = [
	{ name: 'Draft', value: 'draft' },
	{ name: 'Waiting Another Operation', value: 'waiting' },
	{ name: 'Waiting', value: 'confirmed' },
	{ name: 'Ready', value: 'assigned' },
	{ name: 'Done', value: 'done' },
	{ name: 'Cancelled', value: 'cancel' },
];

const SCHEDULED_AFTER: [string, string] = ['scheduledAfter', 'Scheduled After'];
const SCHEDULED_BEFORE: [string, string] = ['scheduledBefore', 'Scheduled Before'];

export const search = searchOperation(
	TRANSFER,
	'search',
	filtersSearch({
		leading: [
			{
				displayName: 'Type',
				name: 'transferType',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Delivery', value: 'delivery', description: 'Outgoing to customers' },
					{ name: 'Internal', value: 'internal', description: 'Between internal locations' },
					{ name: 'Receipt', value: 'receipt', description: 'Incoming from vendors' },
				],
				default: 'any',
			},
		],
		filters: [
			{
				displayName: 'Late Only',
				name: 'lateOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only transfers not done whose scheduled date has passed',
			},
			partnerFilter('Partner ID', 'Transfers of this partner and its contacts'),
			...dateRangeFilters(SCHEDULED_AFTER, SCHEDULED_BEFORE),
			{ displayName: 'Source Document Contains', name: 'origin', type: 'string', default: '', placeholder: 'e.g. S00042' },
			statusFilter(STATES),
		],
		terms: (filters, timeZone, p) => {
			const type = TYPES[p.raw<string>('transferType', 'any')];
			const origin = typeof filters.origin === 'string' ? filters.origin.trim() : '';
			const late: Domain = filters.lateOnly
				? [
						['scheduled_date', '<', toOdooDatetime(new Date(), timeZone, 'Now')],
						['state', 'not in', ['done', 'cancel']],
					]
				: [];
			return [
				type ? [['picking_type_code', '=', type]] : [],
				selectionTerm(filters, 'states', 'state'),
				partnerTerm(filters, 'Partner ID'),
				dateTerms(filters, 'scheduled_date', SCHEDULED_AFTER, SCHEDULED_BEFORE, timeZone),
				origin ? [['origin', 'ilike', origin]] : [],
				late,
			];
		},
	}),
);
