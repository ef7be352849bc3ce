import { OdooUnknownModelError } from '../../../shared/odoo';
import type { Outcomes } from '../../batch/outcomes';
import { createRecords, type Context } from '../../batch/records';
import { chunk } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { toOdooDate } from '../../odoo/dates';
import type { OdooSession } from '../../transport/session';
import { readBack } from '../common/actionOperation';
import { forOperation, modelLocator, option, optionsCollection, recordId } from '../common/descriptions';
import type { Operation } from '../operation';

const ACTIVITY_RESULT = ['res_model', 'res_id', 'activity_type_id', 'user_id', 'date_deadline', 'summary', 'state'];

interface Scheduled {
	indices: number[];
	model: string;
	vals: Record<string, unknown>;
	context?: Context;
}

/** `mail.activity` needs the `ir.model` id of the record's model: one search for all the models of the items. */
async function withModelIds(session: OdooSession, outcomes: Outcomes, requests: Scheduled[]): Promise<Scheduled[]> {
	const models = [...new Set(requests.map((request) => request.model))];
	const ids = new Map<string, number>();
	try {
		for (const names of chunk(models, session.batching.batchSize)) {
			const found = await session.client.searchRead('ir.model', [['model', 'in', names]], { fields: ['model'] });
			for (const entry of found) ids.set(String(entry.model), entry.id);
		}
	} catch (error) {
		outcomes.failAll(requests.flatMap((request) => request.indices), error);
		return [];
	}
	return requests.flatMap((request) => {
		const modelId = ids.get(request.model);
		if (modelId !== undefined) return [{ ...request, vals: { ...request.vals, res_model_id: modelId } }];
		outcomes.failAll(
			request.indices,
			new OdooUnknownModelError({
				odooName: 'ir.model',
				odooMessage: `the model '${request.model}' does not exist`,
				model: request.model,
				hint: 'Check the technical model name (for example sale.order) and that its app is installed.',
			}),
		);
		return [];
	});
}

/** Activities for the records of all items, created in one `create` per batch. */
export const schedule: Operation = {
	writes: true,
	description: forOperation('activity', 'schedule', [
		modelLocator,
		recordId('recordId', 'Record ID', 'The ID of the record the activity is about'),
		{
			displayName: 'Activity Type Name or ID',
			name: 'activityTypeId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getActivityTypes' },
			default: '',
			description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'Empty uses the default type (To-Do)',
		},
		{ displayName: 'Summary', name: 'summary', type: 'string', default: '', placeholder: 'e.g. Call the carrier' },
		optionsCollection([
			option.context,
			{
				displayName: 'Assigned To Name or ID',
				name: 'userId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'The user who must do it; empty assigns the user of the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Due Date',
				name: 'dueDate',
				type: 'dateTime',
				default: '',
				description: 'The day it is due (in the workflow time zone); empty uses the delay of the activity type',
			},
			{ displayName: 'Note', name: 'note', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'Details, in HTML' },
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p): Scheduled => {
			const options = p.options();
			const typeId = p.optionalId('activityTypeId', 'Activity Type');
			const userId = options.userId === undefined || options.userId === '' ? undefined : p.id('options.userId', 'Assigned To');
			const vals: Record<string, unknown> = {
				res_id: p.id('recordId', 'Record ID'),
				...(typeId === undefined ? {} : { activity_type_id: typeId }),
				...(userId === undefined ? {} : { user_id: userId }),
				...(options.dueDate ? { date_deadline: toOdooDate(options.dueDate, session.timeZone, 'The option "Due Date"') } : {}),
				...(p.optionalText('summary') ? { summary: p.optionalText('summary') } : {}),
				...(typeof options.note === 'string' && options.note ? { note: options.note } : {}),
			};
			return { indices: [p.index], model: p.model(), vals, context: p.context() };
		});
		const ready = await withModelIds(session, outcomes, requests);
		const ids = await createRecords(
			session,
			outcomes,
			ready.map(({ indices, vals, context }) => ({ indices, model: 'mail.activity', vals, context })),
		);
		const created = ready.flatMap(({ indices }) => (ids.has(indices[0]) ? [{ indices, id: ids.get(indices[0])! }] : []));
		const output = await readBack(session, 'mail.activity', created, ACTIVITY_RESULT);
		for (const { indices, id } of created) {
			outcomes.ok(indices[0], output.get(indices[0]) ?? { id }, { written: { model: 'mail.activity', ids: [id] } });
		}
	},
};
