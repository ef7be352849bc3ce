import type { IDataObject } from 'n8n-workflow';

import type { Domain } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import { asRecordId } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';

/** Filters shared by the searches of documents with a customer or vendor and dates. */
export function partnerTerm(filters: IDataObject, label: string): Domain {
	if (filters.partnerId === undefined || filters.partnerId === '') return [];
	const id = asRecordId(filters.partnerId);
	if (id === undefined) throw new InputError(`The filter "${label}" must be a record ID, not '${String(filters.partnerId)}'`);
	// child_of: a company's contacts order on its behalf.
	return [['partner_id', 'child_of', id]];
}

export function dateTerms(filters: IDataObject, field: string, after: [string, string], before: [string, string], timeZone: string): Domain {
	const terms: Domain = [];
	for (const [[name, label], operator] of [
		[after, '>='],
		[before, '<'],
	] as const) {
		const value = filters[name];
		if (value !== undefined && value !== '') terms.push([field, operator, toOdooDatetime(value, timeZone, `The filter "${label}"`)]);
	}
	return terms;
}

export function selectionTerm(filters: IDataObject, name: string, field: string): Domain {
	const values = filters[name];
	return Array.isArray(values) && values.length ? [[field, 'in', values.map(String)]] : [];
}
