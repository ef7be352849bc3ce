import type { INodeProperties } from 'n8n-workflow';

import type { Domain, OdooRecord } from '../../../shared/odoo';
import {
	countRecords,
	createRecords,
	readRecords,
	searchRecords,
	unlinkRecords,
	writeRecords,
	type ReadRequest,
	type SearchRequest,
} from '../../batch/records';
import { ItemParameters, prepare } from '../../execution/parameters';
import { formatRecord, type RelationFormat } from '../../odoo/format';
import type { ModelSchema } from '../../odoo/schema';
import type { Operation } from '../operation';
import {
	filterProperties,
	forOperation,
	limitProperties,
	modelLocator,
	option,
	optionsCollection,
	readOptions,
	recordId,
	valuesProperties,
} from './descriptions';
import { readFields, readFilter, readLimit, readRelationFormat, readValues } from './readers';
import { Target, modelAndSchemaOf, modelOf } from './target';

function targetProperties(target: Target, withId: boolean): INodeProperties[] {
	return [
		...(target.model ? [] : [modelLocator]),
		...(withId ? [recordId(target.id.name, target.id.label, target.id.description)] : []),
	];
}

/** The properties of an operation whose only option is the Odoo context: the target, `properties`, then Options. */
function contextOnlyDescription(target: Target, operation: string, withId: boolean, properties: INodeProperties[]): INodeProperties[] {
	return forOperation(target.resource, operation, [
		...targetProperties(target, withId),
		...properties,
		optionsCollection([option.context]),
	]);
}

interface Shaped {
	schema: ModelSchema;
	format: RelationFormat;
}

/** Reads records by id, one `read` per batch. */
export function getOperation(target: Target, operation = 'get'): Operation {
	return {
		writes: false,
		description: forOperation(target.resource, operation, [
			...targetProperties(target, true),
			optionsCollection(readOptions),
		]),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p): Promise<ReadRequest & Shaped> => {
				const { model, schema } = await modelAndSchemaOf(p, session, target);
				return {
					indices: [p.index],
					model,
					id: p.id(target.id.name, target.id.label),
					fields: readFields(p, schema, target.defaultFields),
					context: p.context(),
					schema,
					format: readRelationFormat(p),
				};
			});
			const records = await readRecords(session, outcomes, requests);
			for (const request of requests) {
				const [index] = request.indices;
				const record = records.get(index);
				if (record) outcomes.ok(index, formatRecord(record, request.schema, request.format));
			}
		},
	};
}

export interface SearchSpec {
	properties: INodeProperties[];
	domain: (p: ItemParameters, schema: ModelSchema, timeZone: string) => Domain;
	/** Fields read whatever the Fields option says, for `decorate`. */
	requiredFields?: string[];
	/** More output computed from the record as Odoo returned it. */
	decorate?: (record: OdooRecord) => Record<string, unknown>;
}

const GENERIC_FILTERS: SearchSpec = { properties: filterProperties, domain: readFilter };

/** `search_read` with a filter, a limit or every record (page by page), fields, order and context. */
export function searchOperation(target: Target, operation = 'search', filters: SearchSpec = GENERIC_FILTERS): Operation {
	return {
		writes: false,
		description: forOperation(target.resource, operation, [
			...targetProperties(target, false),
			...filters.properties,
			...limitProperties,
			optionsCollection([...readOptions, option.order, option.offset]),
		]),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p): Promise<SearchRequest & Shaped> => {
				const { model, schema } = await modelAndSchemaOf(p, session, target);
				const options = p.options();
				return {
					indices: [p.index],
					model,
					domain: filters.domain(p, schema, session.timeZone),
					fields: [...new Set([...readFields(p, schema, target.defaultFields), ...(filters.requiredFields ?? [])])],
					order: typeof options.order === 'string' && options.order.trim() ? options.order.trim() : undefined,
					offset: typeof options.offset === 'number' && options.offset > 0 ? options.offset : undefined,
					...readLimit(p),
					context: p.context(),
					schema,
					format: readRelationFormat(p),
				};
			});
			const results = await searchRecords(session, outcomes, requests);
			for (const request of requests) {
				const [index] = request.indices;
				const records = results.get(index);
				if (!records) continue;
				outcomes.ok(
					index,
					records.map((record) => ({ ...formatRecord(record, request.schema, request.format), ...filters.decorate?.(record) })),
				);
			}
		},
	};
}

/** Creates records, one `create` per batch; outputs `{ id }` for each item. */
export function createOperation(target: Target, operation = 'create'): Operation {
	return {
		writes: true,
		description: contextOnlyDescription(target, operation, false, valuesProperties),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p) => {
				const { model, schema } = await modelAndSchemaOf(p, session, target);
				return { indices: [p.index], model, vals: readValues(p, schema, session.timeZone), context: p.context() };
			});
			const ids = await createRecords(session, outcomes, requests);
			for (const request of requests) {
				const [index] = request.indices;
				const id = ids.get(index);
				if (id !== undefined) outcomes.ok(index, { id }, { written: { model: request.model, ids: [id] } });
			}
		},
	};
}

/** Writes records; items with the same values share one `write`. Outputs `{ id }`. */
export function updateOperation(target: Target, operation = 'update'): Operation {
	return {
		writes: true,
		description: contextOnlyDescription(target, operation, true, valuesProperties),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p) => {
				const { model, schema } = await modelAndSchemaOf(p, session, target);
				return {
					indices: [p.index],
					model,
					id: p.id(target.id.name, target.id.label),
					vals: readValues(p, schema, session.timeZone),
					context: p.context(),
				};
			});
			const done = await writeRecords(session, outcomes, requests);
			for (const { indices, model, id } of requests) {
				if (done.has(indices[0])) outcomes.ok(indices[0], { id }, { written: { model, ids: [id] } });
			}
		},
	};
}

export function deleteOperation(target: Target, operation = 'delete'): Operation {
	return {
		writes: true,
		description: contextOnlyDescription(target, operation, true, []),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, (p) => ({
				indices: [p.index],
				model: modelOf(p, target),
				id: p.id(target.id.name, target.id.label),
				context: p.context(),
			}));
			const done = await unlinkRecords(session, outcomes, requests);
			for (const { indices, model, id } of requests) {
				if (done.has(indices[0])) outcomes.ok(indices[0], { id, deleted: true }, { written: { model, ids: [id] } });
			}
		},
	};
}

export function countOperation(target: Target, operation = 'count'): Operation {
	return {
		writes: false,
		description: contextOnlyDescription(target, operation, false, filterProperties),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p) => {
				const { model, schema } = await modelAndSchemaOf(p, session, target);
				return { indices: [p.index], model, domain: readFilter(p, schema, session.timeZone), context: p.context() };
			});
			const counts = await countRecords(session, outcomes, requests);
			for (const { indices } of requests) {
				const count = counts.get(indices[0]);
				if (count !== undefined) outcomes.ok(indices[0], { count });
			}
		},
	};
}
