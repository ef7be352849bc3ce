import { OdooWizardError } from '../../../shared/odoo';
import { Outcomes, type Json } from '../../batch/outcomes';
import { callMethod, readRecords, type Context } from '../../batch/records';
import { prepare } from '../../execution/parameters';
import { formatRecord } from '../../odoo/format';
import type { OdooSession } from '../../transport/session';
import type { Operation } from '../operation';
import { forOperation, option, optionsCollection, recordId } from './descriptions';
import type { Target } from './target';

interface Written {
	indices: number[];
	id: number;
}

/**
 * The records after a change, as output: one `read` per batch. A record that cannot be read back is still reported as
 * changed, with its id only: the change is done, whatever happens to the read.
 */
export async function readBack(
	session: OdooSession,
	model: string,
	changed: readonly Written[],
	fields: readonly string[],
	context?: Context,
): Promise<Map<number, Json>> {
	const output = new Map<number, Json>();
	for (const { indices, id } of changed) for (const index of indices) output.set(index, { id });
	try {
		const schema = await session.schemas.get(model);
		const requests = changed.map(({ indices, id }) => ({ indices, model, id, fields: schema.existing(['id', ...fields]), context }));
		const records = await readRecords(session, new Outcomes(0, false), requests);
		for (const [index, record] of records) output.set(index, formatRecord(record, schema, 'object'));
	} catch {
		// The ids are enough to go on.
	}
	return output;
}

function isWindowAction(value: unknown): value is { res_model: string; name?: unknown } {
	const action = value as { type?: unknown; res_model?: unknown } | null;
	return typeof action === 'object' && action !== null && action.type === 'ir.actions.act_window' && typeof action.res_model === 'string';
}

function wizardError(model: string, method: string, action: { res_model: string; name?: unknown }, ids: number[]): OdooWizardError {
	const title = typeof action.name === 'string' ? ` "${action.name}"` : '';
	return new OdooWizardError({
		odooName: action.res_model,
		odooMessage: `Odoo answered with the${title} wizard (${action.res_model}) instead of doing it; nothing was changed`,
		model,
		method,
		hint: 'Finish this step in Odoo, or call the wizard with Record → Execute Method.',
		wizardModel: action.res_model,
		recordIds: ids,
	});
}

export interface ActionConfig {
	target: Target & { model: string };
	operation: string;
	method: string;
	/** Context the method needs (merged under the Context option). */
	context?: Context;
	/** Fields output after the change. */
	resultFields: readonly string[];
}

/**
 * A business method (confirm, cancel, reserve) on the records of all items: one call per batch. Odoo applies such a
 * call to all its records or none, so a refused batch is split to find the records at fault. The records are then
 * read back for the output.
 */
export function actionOperation(config: ActionConfig): Operation {
	const { target, method } = config;
	return {
		writes: true,
		description: forOperation(target.resource, config.operation, [
			recordId(target.id.name, target.id.label, target.id.description),
			optionsCollection([option.context]),
		]),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, (p) => ({
				indices: [p.index],
				model: target.model,
				method,
				ids: [p.id(target.id.name, target.id.label)],
				kwargs: {},
				context: { ...config.context, ...p.context() },
			}));
			const results = await callMethod(session, outcomes, requests, { combine: true, isolate: true });
			const changed: Written[] = [];
			for (const { indices, ids } of requests) {
				if (!results.has(indices[0])) continue;
				const result = results.get(indices[0]);
				if (isWindowAction(result)) outcomes.fail(indices[0], wizardError(target.model, method, result, ids ?? []));
				else changed.push({ indices, id: (ids ?? [])[0] });
			}
			const output = await readBack(session, target.model, changed, config.resultFields);
			for (const { indices, id } of changed) {
				outcomes.ok(indices[0], output.get(indices[0]) ?? { id }, { written: { model: target.model, ids: [id] } });
			}
		},
	};
}
