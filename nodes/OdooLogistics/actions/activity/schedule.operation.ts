import { OdooUnknownModelError, withOnceKeyMarker } from '../../../shared/odoo';
import type { Outcomes } from '../../batch/outcomes';
import { createRecords, type Context } from '../../batch/records';
import { chunk, groupBy, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { toOdooDate } from '../../odoo/dates';
import type { OdooSession } from '../../transport/session';
import { readBack } from '../common/actionOperation';
import { EVENT_KEY_PLACEHOLDER, forAnyModel, onceKeyOption, option, optionsCollection, recordId } from '../common/descriptions';
import { readOnceKey } from '../common/readers';
import type { Operation } from '../operation';

const ACTIVITY_RESULT = ['res_model', 'res_id', 'activity_type_id', 'user_id', 'date_deadline', 'summary', 'state'];

interface Scheduled {
	indices: number[];
	model: string;
	vals: Record<string, unknown>;
	context?: Context;
	onceKey?: string;
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

/**
 * "Only Once per Key": the items whose key is already on an open activity of their record report that activity (one
 * search for the batch); items of the batch with the same record and key make one activity.
 */
async function withoutScheduled(session: OdooSession, outcomes: Outcomes, requests: Scheduled[]): Promise<Scheduled[]> {
	const keyed = requests.filter((request) => request.onceKey !== undefined);
	if (!keyed.length) return requests;
	let existing: Map<number, number>;
	try {
		existing = await session.flows.findOnceKeyed(
			'activity',
			keyed.map((request) => ({ model: request.model, id: Number(request.vals.res_id), key: request.onceKey! })),
			{ context: keyed[0].context },
		);
	} catch (error) {
		outcomes.failAll(keyed.flatMap((request) => request.indices), error);
		return requests.filter((request) => request.onceKey === undefined);
	}
	const found = new Map(keyed.map((request, position) => [request, existing.get(position)]));
	const pending: Scheduled[] = [];
	const scheduled: { indices: number[]; id: number }[] = [];
	for (const request of requests) {
		const activityId = found.get(request);
		if (activityId === undefined) pending.push(request);
		else scheduled.push({ indices: request.indices, id: activityId });
	}
	const output = await readBack(session, 'mail.activity', scheduled, ACTIVITY_RESULT);
	for (const { indices, id } of scheduled) outcomes.ok(indices[0], { ...(output.get(indices[0]) ?? { id }), alreadyScheduled: true });
	const groups = groupBy(pending, (request) =>
		request.onceKey === undefined ? `item:${request.indices[0]}` : stableKey([request.model, request.vals.res_id, request.onceKey]),
	);
	return [...groups.values()].map((group) => ({ ...group[0], indices: group.flatMap((request) => request.indices) }));
}

/** Activities for the records of all items, created in one `create` per batch. */
export const schedule: Operation = {
	writes: true,
	description: forAnyModel('activity', 'schedule', [
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
			onceKeyOption(
				EVENT_KEY_PLACEHOLDER,
				'Schedules the activity only if no open activity with this key is on the record yet (for re-runs and re-delivered events); otherwise returns the existing activity with alreadyScheduled. The key is added to the note as a short reference line.',
			),
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p): Scheduled => {
			const options = p.options();
			const typeId = p.optionalId('activityTypeId', 'Activity Type');
			const userId = options.userId === undefined || options.userId === '' ? undefined : p.id('options.userId', 'Assigned To');
			const onceKey = readOnceKey(options);
			const note = typeof options.note === 'string' && options.note ? options.note : '';
			const vals: Record<string, unknown> = {
				res_id: p.id('recordId', 'Record ID'),
				...(typeId === undefined ? {} : { activity_type_id: typeId }),
				...(userId === undefined ? {} : { user_id: userId }),
				...(options.dueDate ? { date_deadline: toOdooDate(options.dueDate, session.timeZone, 'The option "Due Date"') } : {}),
				...(p.optionalText('summary') ? { summary: p.optionalText('summary') } : {}),
				...(onceKey !== undefined ? { note: withOnceKeyMarker(note, onceKey, true) } : note ? { note } : {}),
			};
			return { indices: [p.index], model: p.model(), vals, context: p.context(), onceKey };
		});
		const ready = await withModelIds(session, outcomes, await withoutScheduled(session, outcomes, requests));
		const ids = await createRecords(
			session,
			outcomes,
			ready.map(({ indices, vals, context }) => ({ indices, model: 'mail.activity', vals, context })),
		);
		const created = ready.flatMap(({ indices }) => (ids.has(indices[0]) ? [{ indices, id: ids.get(indices[0])! }] : []));
		const output = await readBack(session, 'mail.activity', created, ACTIVITY_RESULT);
		for (const { indices, id } of created) {
			const [first, ...repeats] = indices;
			const keyed = ready.find((request) => request.indices[0] === first)?.onceKey !== undefined;
			const json = output.get(first) ?? { id };
			outcomes.ok(first, keyed ? { ...json, alreadyScheduled: false } : json, { written: { model: 'mail.activity', ids: [id] } });
			for (const index of repeats) outcomes.ok(index, { ...json, alreadyScheduled: true });
		}
	},
};
