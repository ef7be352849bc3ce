import { OdooRecord } from '../../../shared/odoo';
import { toOdooDatetime } from '../../odoo/dates';
import { filtersSearch, partnerFilter, partnerTerm } from '../common/filters';
import { searchOperation } from '../common/recordOperations';
import { PURCHASE_ORDER } from './target';

const DAY_MS = 86_400_000;

function daysOverdue(record: OdooRecord): Record<string, unknown> {
	const planned = typeof record.date_planned === 'string' ? Date.parse(`${record.date_planned.replace(' ', 'T')}Z`) : NaN;
	return Number.isNaN(planned) ? {} : { daysOverdue: Math.floor((Date.now() - planned) / DAY_MS) };
}

export const searchOverdue = searchOperation(
	PURCHASE_ORDER,
	'searchOverdue',
	filtersSearch({
		filters: [
			{
				displayName: 'Partially Received Only',
				name: 'partialOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only orders of which part has arrived',
			},
			partnerFilter('Vendor ID'),
		],
		/** Confirmed, not fully received, and the expected arrival has passed. */
		terms: (filters, timeZone) => [
			[
				['state', 'in', ['purchase', 'done']],
				['receipt_status', 'in', filters.partialOnly ? ['partial'] : ['pending', 'partial']],
				['date_planned', '<', toOdooDatetime(new Date(), timeZone, 'Now')],
			],
			partnerTerm(filters, 'Vendor ID'),
		],
		requiredFields: ['date_planned'],
		decorate: daysOverdue,
	}),
);
