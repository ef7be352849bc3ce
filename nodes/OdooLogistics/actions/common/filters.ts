import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { andDomains, type Domain } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import { asRecordId, type ItemParameters } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';
import { extraDomainProperty } from './descriptions';
import type { SearchSpec } from './recordOperations';

/**
 * A search of a document model by the options of a Filters collection, then an Extra Domain: `terms` turns the
 * filters an item set into domains, all of which a record must match.
 */
export function filtersSearch(spec: {
	/** Properties shown before the Filters. */
	leading?: INodeProperties[];
	filters: INodeProperties[];
	terms: (filters: IDataObject, timeZone: string, p: ItemParameters) => Domain[];
	requiredFields?: SearchSpec['requiredFields'];
	decorate?: SearchSpec['decorate'];
}): SearchSpec {
	const { leading = [], filters, terms, requiredFields, decorate } = spec;
	return {
		properties: [
			...leading,
			{ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options: filters },
			extraDomainProperty,
		],
		domain: (p, _schema, timeZone) =>
			andDomains(...terms(p.raw<IDataObject>('filters', {}), timeZone, p), p.domain('domain', 'Extra Domain')),
		...(requiredFields ? { requiredFields } : {}),
		...(decorate ? { decorate } : {}),
	};
}

/** The filter read by `partnerTerm`: a customer, vendor or partner by its ID. */
export function partnerFilter(displayName: string, description?: string): INodeProperties {
	return { displayName, name: 'partnerId', type: 'string', default: '', ...(description ? { description } : {}) };
}

/** The filter read by `selectionTerm(filters, 'states', 'state')`. */
export function statusFilter(states: INodePropertyOptions[]): INodeProperties {
	return { displayName: 'Status', name: 'states', type: 'multiOptions', options: states, default: [] };
}

/** The two filters read by `dateTerms`, each [name, label]. */
export function dateRangeFilters(after: [string, string], before: [string, string]): INodeProperties[] {
	return [after, before].map(([name, displayName]): INodeProperties => ({ displayName, name, type: 'dateTime', default: '' }));
}

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
