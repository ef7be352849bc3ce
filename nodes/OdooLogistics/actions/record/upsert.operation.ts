import type { Domain, DomainValue, OdooRecord } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import { createRecords, searchRecords, writeRecords, type Context } from '../../batch/records';
import { chunk, groupBy, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { relationId } from '../../odoo/format';
import { forAnyModel, option, optionsCollection, valuesProperties } from '../common/descriptions';
import { readValues } from '../common/readers';
import type { Operation } from '../operation';

interface UpsertItem {
	index: number;
	model: string;
	key: string;
	keyValue: unknown;
	vals: Record<string, unknown>;
	context?: Context;
}

/** Key values compare as Odoo returns them: a many2one as its id. */
function comparable(value: unknown): string {
	return JSON.stringify(relationId(value) ?? value);
}

function groupKey(item: UpsertItem): string {
	return stableKey([item.model, item.key, item.context]);
}

export const upsert: Operation = {
	writes: true,
	description: forAnyModel('record', 'upsert', [
		{
			displayName: 'Key Field Name or ID',
			name: 'keyField',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['model.value'] },
			default: '',
			required: true,
			description:
				'The field that identifies a record (such as ref or default_code). Its value must be among the values below. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...valuesProperties,
		optionsCollection([option.context]),
	]),
	/**
	 * One `search_read` per batch of keys finds the existing records; the others are created in one `create` per batch
	 * and the existing ones written like an update. Items with the same new key make one record.
	 */
	async execute(items, session, outcomes) {
		const upserts = await prepare(this, items, outcomes, async (p): Promise<UpsertItem> => {
			const model = p.model();
			const schema = await session.schemas.get(model);
			const key = p.text('keyField', 'Key Field');
			schema.require(key);
			const vals = readValues(p, schema, session.timeZone);
			if (vals[key] === undefined || vals[key] === false) {
				throw new InputError(`The values must include the key field '${key}', with a value`);
			}
			return { index: p.index, model, key, keyValue: vals[key], vals, context: p.context() };
		});

		const lookups = [...groupBy(upserts, groupKey).values()].flatMap((group) =>
			chunk([...new Map(group.map((item) => [comparable(item.keyValue), item])).values()], session.batching.batchSize).map(
				(keys) => {
					const { model, key, context } = keys[0];
					const wanted = new Set(keys.map((item) => comparable(item.keyValue)));
					const domain: Domain = [[key, 'in', keys.map((item) => item.keyValue) as DomainValue]];
					return {
						indices: group.filter((item) => wanted.has(comparable(item.keyValue))).map((item) => item.index),
						model,
						domain,
						fields: ['id', key],
						all: true,
						context,
					};
				},
			),
		);
		const found = await searchRecords(session, outcomes, lookups);

		const existing = new Map<UpsertItem, number>();
		const newKeys: UpsertItem[] = [];
		for (const item of upserts) {
			const records = found.get(item.index);
			if (!records) continue;
			const matches = records.filter((record: OdooRecord) => comparable(record[item.key]) === comparable(item.keyValue));
			if (matches.length > 1) {
				const ids = matches.map((record) => record.id).join(', ');
				const problem = `${matches.length} ${item.model} records (${ids}) have ${item.key} = ${comparable(item.keyValue)}`;
				outcomes.fail(item.index, new InputError(`${problem}: the key must identify one record`));
			} else if (matches.length === 1) existing.set(item, matches[0].id);
			else newKeys.push(item);
		}
		if (outcomes.stopped) return;

		const toCreate = groupBy(newKeys, (item) => stableKey([groupKey(item), comparable(item.keyValue)]));
		const creations = [...toCreate.values()].map((same) => ({
			indices: same.map((item) => item.index),
			model: same[0].model,
			vals: Object.assign({}, ...same.map((item) => item.vals)) as Record<string, unknown>,
			context: same[0].context,
		}));
		const updates = [...existing].map(([item, id]) => ({ indices: [item.index], model: item.model, id, vals: item.vals, context: item.context }));
		const [created, updated] = await Promise.all([
			createRecords(session, outcomes, creations),
			writeRecords(session, outcomes, updates),
		]);
		for (const item of upserts) {
			const id = created.get(item.index) ?? existing.get(item);
			if (id === undefined || (existing.has(item) && !updated.has(item.index))) continue;
			const action = created.has(item.index) ? 'created' : 'updated';
			outcomes.ok(item.index, { id, action }, { written: { model: item.model, ids: [id] } });
		}
	},
};
