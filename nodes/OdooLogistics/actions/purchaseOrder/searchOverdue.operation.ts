import type { IDataObject } from 'n8n-workflow';

import { Domain, OdooRecord, andDomains } from '../../../shared/odoo';
import type { ItemParameters } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';
import { extraDomainProperty } from '../common/descriptions';
import { partnerTerm } from '../common/filters';
import { searchOperation } from '../common/recordOperations';
import { PURCHASE_ORDER } from './target';

const DAY_MS = 86_400_000;

/** Confirmed, not fully received, and the expected arrival has passed. */
function overdueDomain(p: ItemParameters, _schema: unknown, timeZone: string): Domain {
	const filters = p.raw<IDataObject>('filters', {});
	return andDomains(
		[
			['state', 'in', ['purchase', 'done']],
			['receipt_status', 'in', filters.partialOnly ? ['partial'] : ['pending', 'partial']],
			['date_planned', '<', toOdooDatetime(new Date(), timeZone, 'Now')],
		],
		partnerTerm(filters, 'Vendor ID'),
		p.domain('domain', 'Extra Domain'),
	);
}

function daysOverdue(record: OdooRecord): Record<string, unknown> {
	const planned = typeof record.date_planned === 'string' ? Date.parse(`${record.date_planned.replace(' ', 'T')}Z`) : NaN;
	return Number.isNaN(planned) ? {} : { daysOverdue: Math.floor((Date.now() - planned) / DAY_MS) };
}

export const searchOverdue = searchOperation(PURCHASE_ORDER, 'searchOverdue', {
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Partially Received Only',
					name: 'partialOnly',
					type: 'boolean',
					default: false,
					description: 'Whether to return only orders of which part has arrived',
				},
				{ displayName: 'Vendor ID', name: 'partnerId', type: 'string', default: '' },
			],
		},
		extraDomainProperty,
	],
	domain: overdueDomain,
	requiredFields: ['date_planned'],
	decorate: daysOverdue,
});
