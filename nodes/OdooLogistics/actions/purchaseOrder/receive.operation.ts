import { InputError } from '../../batch/inputError';
import { chunk } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { relationId } from '../../odoo/format';
import { readBack } from '../common/actionOperation';
import { forOperation, option, optionsCollection, recordId } from '../common/descriptions';
import { backorderProperty, readBackorderPolicy, validateTransfers, type ValidateRequest } from '../common/validation';
import type { Operation } from '../operation';
import { PURCHASE_ORDER, PURCHASE_ORDER_RESULT } from './target';

/** Validates the open receipts of purchase orders, as ordered: one search for the receipts, one validation per batch. */
export const receive: Operation = {
	writes: true,
	description: forOperation('purchaseOrder', 'receive', [
		recordId(PURCHASE_ORDER.id.name, PURCHASE_ORDER.id.label, PURCHASE_ORDER.id.description),
		backorderProperty,
		optionsCollection([option.context]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => ({
			indices: [p.index],
			orderId: p.id(PURCHASE_ORDER.id.name, PURCHASE_ORDER.id.label),
			backorder: readBackorderPolicy(p),
			context: p.context(),
		}));
		const validations: Array<ValidateRequest & { orderId: number }> = [];
		for (const batch of chunk(requests, session.batching.batchSize)) {
			if (outcomes.stopped) break;
			try {
				const receipts = await session.client.searchRead(
					'stock.picking',
					[
						['purchase_id', 'in', batch.map((request) => request.orderId)],
						['picking_type_code', '=', 'incoming'],
						['state', 'not in', ['draft', 'done', 'cancel']],
					],
					{ fields: ['purchase_id'], all: true, pageSize: session.batching.batchSize, context: batch[0].context },
				);
				for (const request of batch) {
					const pickingIds = receipts.filter((receipt) => relationId(receipt.purchase_id) === request.orderId).map((receipt) => receipt.id);
					if (pickingIds.length) validations.push({ ...request, pickingIds });
					else outcomes.failAll(request.indices, new InputError(`Purchase order ${request.orderId} has no receipt waiting to be received`));
				}
			} catch (error) {
				outcomes.failAll(batch.flatMap((request) => request.indices), error);
			}
		}
		const done = await validateTransfers(session, outcomes, validations);
		const received = validations.filter(({ indices }) => done.has(indices[0]));
		const output = await readBack(
			session,
			PURCHASE_ORDER.model,
			received.map(({ indices, orderId }) => ({ indices, id: orderId })),
			PURCHASE_ORDER_RESULT,
		);
		for (const { indices, pickingIds } of received) {
			const { backorderIds } = done.get(indices[0])!;
			outcomes.ok(indices[0], { ...output.get(indices[0]), receiptIds: pickingIds, backorderIds }, {
				written: { model: 'stock.picking', ids: [...pickingIds, ...backorderIds] },
			});
		}
	},
};
