import { prepare } from '../../execution/parameters';
import type { Operation } from '../operation';
import { readBack } from './actionOperation';
import { forOperation, option, optionsCollection, recordId } from './descriptions';
import type { Target } from './target';
import { backorderProperty, quantityProperties, readBackorderPolicy, readQuantities, validateTransfers } from './validation';

/** Validates transfers (deliveries, receipts, returns) with done quantities and a backorder policy. */
export function validateOperation(target: Target & { model: string }, resultFields: readonly string[]): Operation {
	return {
		writes: true,
		description: forOperation(target.resource, 'validate', [
			recordId(target.id.name, target.id.label, target.id.description),
			...quantityProperties,
			backorderProperty,
			optionsCollection([option.context]),
		]),
		async execute(items, session, outcomes) {
			const requests = await prepare(this, items, outcomes, (p) => ({
				indices: [p.index],
				pickingIds: [p.id(target.id.name, target.id.label)],
				backorder: readBackorderPolicy(p),
				quantities: readQuantities(p),
				context: p.context(),
			}));
			const validations = await validateTransfers(session, outcomes, requests);
			const changed = requests
				.filter(({ indices }) => validations.has(indices[0]))
				.map(({ indices, pickingIds }) => ({ indices, id: pickingIds[0] }));
			const output = await readBack(session, target.model, changed, resultFields);
			for (const { indices, id } of changed) {
				const { backorderIds, wizards, alreadyDone } = validations.get(indices[0])!;
				// A transfer that was already done (a re-run) is reported as it is, with alreadyDone: nothing was written.
				outcomes.ok(indices[0], { ...output.get(indices[0]), backorderIds, wizards, alreadyDone }, alreadyDone ? {} : {
					written: { model: target.model, ids: [id, ...backorderIds] },
				});
			}
		},
	};
}
