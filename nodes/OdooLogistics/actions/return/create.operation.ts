import { runEach, runInOrderPerKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { readBack } from '../common/actionOperation';
import { forOperation, onceKeyOption, option, optionsCollection, recordId, REQUEST_KEY_PLACEHOLDER } from '../common/descriptions';
import { quantityListProperties, readProductLines, type QuantityList } from '../common/quantityList';
import { readOnceKey } from '../common/readers';
import { validateTransfers } from '../common/validation';
import type { Operation } from '../operation';
import { TRANSFER_RESULT } from '../transfer/target';
import { RETURN } from './target';

const RETURN_LINES: QuantityList = {
	mode: {
		name: 'linesMode',
		label: 'Lines',
		none: { name: 'All Lines', value: 'all', description: 'Return everything that was delivered and not returned yet' },
	},
	rows: {
		name: 'lines',
		label: 'Products',
		rowLabel: 'Product',
		defaultQuantity: 1,
		description: 'Return given quantities of given products',
	},
	json: {
		name: 'linesJson',
		label: 'Lines (JSON)',
		description: 'A list of products and quantities',
		example: '[{"productId": 12, "quantity": 2}]',
	},
};

/**
 * Each return goes through Odoo's return wizard (the method of the server's version), one transfer at a time; the
 * returns to validate are then validated together.
 */
export const create: Operation = {
	writes: true,
	description: forOperation('return', 'create', [
		recordId(RETURN.id.name, RETURN.id.label, RETURN.id.description),
		...quantityListProperties(RETURN_LINES),
		{
			displayName: 'Validate',
			name: 'validate',
			type: 'boolean',
			default: false,
			description: 'Whether to validate the return right away (the goods are back)',
		},
		optionsCollection([
			option.context,
			onceKeyOption(
				REQUEST_KEY_PLACEHOLDER,
				'Creates the return only if the transfer has no return with this key yet (for re-runs and re-sent requests); otherwise returns that return with alreadyCreated. The key is added to the return\'s Source Document ("Return of WH/OUT/00005 [n8n-key: …]"). A return of the transfer without any key whose products and quantities are exactly the ones asked for is taken as this one (a run that stopped before adding the key) and gets the key. Cancelled returns are ignored.',
			),
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const options = p.options();
			return {
				indices: [p.index],
				pickingId: p.id(RETURN.id.name, RETURN.id.label),
				lines: readProductLines(p, RETURN_LINES, 'Return line'),
				validate: p.raw<boolean>('validate', false) === true,
				onceKey: readOnceKey(options),
				context: p.context(),
			};
		});
		const returns = new Map<number, number>();
		/** Item index -> whether the return was there already (found with its key, or adopted): keyed items only. */
		const found = new Map<number, { alreadyCreated: boolean; adopted: boolean }>();
		const plain = requests.filter((request) => request.onceKey === undefined);
		await runEach(plain, session.batching.concurrency, outcomes, async ({ indices, pickingId, lines, context }) => {
			const { returnPickingId } = await session.flows.createReturn(pickingId, lines, { context });
			returns.set(indices[0], returnPickingId);
		});
		// "Only Once per Key": the items of one transfer run one after the other, so that an item never takes the return
		// another item of the batch has just created and not marked yet as its own.
		await runInOrderPerKey(
			requests.filter((request) => request.onceKey !== undefined),
			(request) => request.pickingId,
			session.batching.concurrency,
			outcomes,
			async ({ indices, pickingId, lines, context, onceKey }) => {
				let createdId: number | undefined;
				try {
					const existing = await session.flows.findKeyedReturn(pickingId, onceKey!, lines, { context });
					if (existing) {
						returns.set(indices[0], existing.returnPickingId);
						found.set(indices[0], { alreadyCreated: true, adopted: existing.adopted });
						return;
					}
					createdId = (await session.flows.createReturn(pickingId, lines, { context })).returnPickingId;
					await session.flows.markReturn(createdId, onceKey!, { context });
					returns.set(indices[0], createdId);
					found.set(indices[0], { alreadyCreated: false, adopted: false });
				} catch (error) {
					if (createdId === undefined) throw error;
					outcomes.fail(indices[0], error, {
						note: `The return (transfer ${createdId}) was created, but its key could not be added: run again with the same key and the same products and quantities to take it over.`,
						written: { model: RETURN.model, ids: [createdId] },
					});
				}
			},
		);
		const toValidate = requests
			.filter(({ indices, validate }) => validate && returns.has(indices[0]))
			.map(({ indices, context }) => ({ indices, pickingIds: [returns.get(indices[0])!], backorder: 'fail' as const, context }));
		const validated = await validateTransfers(session, outcomes, toValidate);
		for (const { indices } of toValidate) {
			const outcome = outcomes.get(indices[0]);
			if (outcome?.status === 'failed') {
				const id = returns.get(indices[0])!;
				outcomes.fail(indices[0], outcome.error, {
					note: `The return (transfer ${id}) was created but not validated.`,
					written: { model: RETURN.model, ids: [id] },
				});
			}
		}
		const created = requests
			.filter(({ indices }) => returns.has(indices[0]) && outcomes.get(indices[0])?.status !== 'failed')
			.map(({ indices, pickingId }) => ({ indices, id: returns.get(indices[0])!, pickingId }));
		const output = await readBack(session, RETURN.model, created, [...TRANSFER_RESULT, 'return_id']);
		for (const { indices, id, pickingId } of created) {
			const once = found.get(indices[0]);
			const json = { ...output.get(indices[0]), returnOf: pickingId, validated: validated.has(indices[0]), ...once };
			const wrote = !once?.alreadyCreated || once.adopted || validated.get(indices[0])?.alreadyDone === false;
			outcomes.ok(indices[0], json, wrote ? { written: { model: RETURN.model, ids: [id] } } : {});
		}
	},
};
