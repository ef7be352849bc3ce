import { InputError } from '../../batch/inputError';
import { writeRecords, type WriteRequest } from '../../batch/records';
import { chunk } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';
import { relationId } from '../../odoo/format';
import { readBack } from '../common/actionOperation';
import { forOperation, option, optionsCollection, recordId } from '../common/descriptions';
import type { Operation } from '../operation';
import { TRANSFER, TRANSFER_RESULT } from './target';

/**
 * The deadline of a transfer is computed from its moves: it is set on its open moves. The scheduled date is a field of
 * the transfer itself. Either way, items with the same date share one `write` per batch.
 */
export const setDate: Operation = {
	writes: true,
	description: forOperation('transfer', 'setDate', [
		recordId(TRANSFER.id.name, TRANSFER.id.label, TRANSFER.id.description),
		{
			displayName: 'Date to Set',
			name: 'dateField',
			type: 'options',
			options: [
				{ name: 'Scheduled Date', value: 'scheduled_date', description: 'When the transfer is planned' },
				{ name: 'Deadline', value: 'date_deadline', description: 'When it must be done at the latest (set on its moves)' },
			],
			default: 'scheduled_date',
		},
		{
			displayName: 'Date',
			name: 'date',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Without a time zone, it is read in the workflow time zone',
		},
		optionsCollection([option.context]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => ({
			indices: [p.index],
			id: p.id(TRANSFER.id.name, TRANSFER.id.label),
			field: p.raw<string>('dateField', 'scheduled_date') === 'date_deadline' ? 'date_deadline' : 'scheduled_date',
			date: toOdooDatetime(p.required('date', 'Date'), session.timeZone, 'The parameter "Date"'),
			context: p.context(),
		}));
		const writes: WriteRequest[] = requests
			.filter((request) => request.field === 'scheduled_date')
			.map(({ indices, id, date, context }) => ({ indices, model: TRANSFER.model, id, vals: { scheduled_date: date }, context }));

		const deadlines = requests.filter((request) => request.field === 'date_deadline');
		for (const batch of chunk(deadlines, session.batching.batchSize)) {
			if (outcomes.stopped) break;
			try {
				const moves = await session.client.searchRead(
					'stock.move',
					[
						['picking_id', 'in', batch.map((request) => request.id)],
						['state', 'not in', ['done', 'cancel']],
					],
					{ fields: ['picking_id'], all: true, pageSize: session.batching.batchSize, context: batch[0].context },
				);
				for (const request of batch) {
					const moveIds = moves.filter((move) => relationId(move.picking_id) === request.id).map((move) => move.id);
					if (!moveIds.length) {
						outcomes.failAll(request.indices, new InputError(`Transfer ${request.id} has no open stock move to set a deadline on`));
						continue;
					}
					writes.push(...moveIds.map((id) => ({ indices: request.indices, model: 'stock.move', id, vals: { date_deadline: request.date }, context: request.context })));
				}
			} catch (error) {
				outcomes.failAll(batch.flatMap((request) => request.indices), error);
			}
		}
		const done = await writeRecords(session, outcomes, writes);
		const changed = requests.filter(({ indices }) => done.has(indices[0]) && outcomes.get(indices[0])?.status !== 'failed');
		const output = await readBack(session, TRANSFER.model, changed, TRANSFER_RESULT);
		for (const { indices, id } of changed) {
			outcomes.ok(indices[0], output.get(indices[0]) ?? { id }, { written: { model: TRANSFER.model, ids: [id] } });
		}
	},
};
