import type { IDataObject } from 'n8n-workflow';

import { Domain, andDomains } from '../../../shared/odoo';
import type { ItemParameters } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';
import { extraDomainProperty } from '../common/descriptions';
import { dateTerms, partnerTerm, selectionTerm } from '../common/filters';
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

function transferDomain(p: ItemParameters, _schema: unknown, timeZone: string): Domain {
	const type = TYPES[p.raw<string>('transferType', 'any')];
	const filters = p.raw<IDataObject>('filters', {});
	const origin = typeof filters.origin === 'string' ? filters.origin.trim() : '';
	const late: Domain = filters.lateOnly
		? [
				['scheduled_date', '<', toOdooDatetime(new Date(), timeZone, 'Now')],
				['state', 'not in', ['done', 'cancel']],
			]
		: [];
	return andDomains(
		type ? [['picking_type_code', '=', type]] : [],
		selectionTerm(filters, 'states', 'state'),
		partnerTerm(filters, 'Partner ID'),
		dateTerms(filters, 'scheduled_date', ['scheduledAfter', 'Scheduled After'], ['scheduledBefore', 'Scheduled Before'], timeZone),
		origin ? [['origin', 'ilike', origin]] : [],
		late,
		p.domain('domain', 'Extra Domain'),
	);
}

export const search = searchOperation(TRANSFER, 'search', {
	properties: [
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
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Late Only',
					name: 'lateOnly',
					type: 'boolean',
					default: false,
					description: 'Whether to return only transfers not done whose scheduled date has passed',
				},
				{ displayName: 'Partner ID', name: 'partnerId', type: 'string', default: '', description: 'Transfers of this partner and its contacts' },
				{ displayName: 'Scheduled After', name: 'scheduledAfter', type: 'dateTime', default: '' },
				{ displayName: 'Scheduled Before', name: 'scheduledBefore', type: 'dateTime', default: '' },
				{ displayName: 'Source Document Contains', name: 'origin', type: 'string', default: '', placeholder: 'e.g. S00042' },
				{ displayName: 'Status', name: 'states', type: 'multiOptions', options: STATES, default: [] },
			],
		},
		extraDomainProperty,
	],
	domain: transferDomain,
});
