import type { INodeProperties } from 'n8n-workflow';

import { writeRecords } from '../../batch/records';
import { ItemParameters, prepare } from '../../execution/parameters';
import type { ModelSchema } from '../../odoo/schema';
import { toOdooValues } from '../../odoo/values';
import type { Operation } from '../operation';
import { readBack } from './actionOperation';
import { forOperation, option, optionsCollection, recordId } from './descriptions';
import type { Target } from './target';

export interface SetValuesConfig {
	target: Target & { model: string };
	operation: string;
	properties: INodeProperties[];
	/** The values to write, from the item's parameters (converted and checked against the model's fields after). */
	values: (p: ItemParameters, schema: ModelSchema) => Record<string, unknown>;
	resultFields: readonly string[];
}

/** Writes a few fields on the records of all items; items with the same values share one `write` per batch. */
export function setValuesOperation(config: SetValuesConfig): Operation {
	const { target } = config;
	return {
		writes: true,
		description: forOperation(target.resource, config.operation, [
			recordId(target.id.name, target.id.label, target.id.description),
			...config.properties,
			optionsCollection([option.context]),
		]),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, async (p) => {
				const schema = await session.schemas.get(target.model);
				return {
					indices: [p.index],
					model: target.model,
					id: p.id(target.id.name, target.id.label),
					vals: toOdooValues(schema, config.values(p, schema), session.timeZone),
					context: p.context(),
				};
			});
			const done = await writeRecords(session, outcomes, requests);
			const changed = requests.filter(({ indices }) => done.has(indices[0]));
			const output = await readBack(session, target.model, changed, config.resultFields);
			for (const { indices, id } of changed) {
				outcomes.ok(indices[0], output.get(indices[0]) ?? { id }, { written: { model: target.model, ids: [id] } });
			}
		},
	};
}
