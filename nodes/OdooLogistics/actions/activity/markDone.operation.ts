import { runBatches, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { forOperation, option, optionsCollection, recordId } from '../common/descriptions';
import type { Operation } from '../operation';

/** Marks activities done, with the same feedback in one call per batch (Odoo posts the feedback in the chatter). */
export const markDone: Operation = {
	writes: true,
	description: forOperation('activity', 'markDone', [
		recordId('activityId', 'Activity ID', 'The ID of the activity (mail.activity)'),
		{ displayName: 'Feedback', name: 'feedback', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Posted in the chatter of the record' },
		optionsCollection([option.context]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => ({
			indices: [p.index],
			id: p.id('activityId', 'Activity ID'),
			feedback: p.optionalText('feedback'),
			context: p.context(),
		}));
		await runBatches(
			requests,
			{ key: (r) => stableKey([r.feedback, r.context]), batching: session.batching, isolate: true },
			outcomes,
			async (batch) => {
				const ids = [...new Set(batch.map((request) => request.id))];
				await session.flows.markActivityDone(ids, batch[0].feedback, { context: batch[0].context });
				for (const { indices, id } of batch) {
					outcomes.ok(indices[0], { id, done: true }, { written: { model: 'mail.activity', ids: [id] } });
				}
			},
		);
	},
};
