import type { INodeProperties } from 'n8n-workflow';

import { OdooBadValueError, OdooUserError, type DoneQuantity, type ValidatePickingResult } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import type { Outcomes } from '../../batch/outcomes';
import type { Context, ItemResults } from '../../batch/records';
import { ItemRequest, groupBy, runBatches, runEach, stableKey } from '../../batch/runner';
import { asRecordId, type ItemParameters } from '../../execution/parameters';
import { relationId } from '../../odoo/format';
import type { OdooSession } from '../../transport/session';
import { quantityListProperties, readQuantityRows, rowQuantity, type QuantityList } from './quantityList';

export type BackorderPolicy = 'create' | 'none' | 'fail';

export const backorderProperty: INodeProperties = {
	displayName: 'Backorder Policy',
	name: 'backorder',
	type: 'options',
	options: [
		{ name: 'Create Backorder', value: 'create', description: 'Keep the rest to do in a new transfer' },
		{ name: 'No Backorder', value: 'none', description: 'Cancel the rest' },
		{ name: 'Fail', value: 'fail', description: 'Validate nothing when less than the demand is done' },
	],
	default: 'create',
	description: 'What to do when less than the demand is done',
};

export const DONE_QUANTITIES: QuantityList = {
	mode: {
		name: 'quantitiesMode',
		label: 'Done Quantities',
		none: { name: 'As Reserved', value: 'reserved', description: 'What Odoo has reserved or picked (its default)' },
	},
	rows: {
		name: 'quantities',
		label: 'Quantities',
		rowLabel: 'Quantity',
		defaultQuantity: 0,
		description: 'A quantity for each product',
	},
	json: {
		name: 'quantitiesJson',
		label: 'Quantities (JSON)',
		description: 'A list of product or move quantities',
		example: '[{"productId": 12, "quantity": 3}] or [{"moveId": 40, "quantity": 3}]',
	},
};

export const quantityProperties = quantityListProperties(DONE_QUANTITIES);

function doneQuantity(entry: unknown, position: number): DoneQuantity {
	const row = (entry ?? {}) as Record<string, unknown>;
	const quantity = rowQuantity(row);
	if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
		throw new InputError(`Done quantity ${position + 1} must have a quantity of at least 0, not ${JSON.stringify(row.quantity)}`);
	}
	const moveId = asRecordId(row.moveId ?? row.move_id);
	if (moveId !== undefined) return { moveId, quantity };
	const productId = asRecordId(row.productId ?? row.product_id);
	if (productId !== undefined) return { productId, quantity };
	throw new InputError(`Done quantity ${position + 1} needs a productId or a moveId`);
}

/** The item's done quantities, or none (validate as reserved). */
export function readQuantities(p: ItemParameters): DoneQuantity[] | undefined {
	return readQuantityRows(p, DONE_QUANTITIES)?.map(doneQuantity);
}

export function readBackorderPolicy(p: ItemParameters): BackorderPolicy {
	const policy = p.raw<string>('backorder', 'create');
	if (policy !== 'create' && policy !== 'none' && policy !== 'fail') throw new InputError(`Unknown backorder policy '${policy}'`);
	return policy;
}

export interface ValidateRequest extends ItemRequest {
	pickingIds: number[];
	backorder: BackorderPolicy;
	quantities?: DoneQuantity[];
	context?: Context;
}

export interface Validation {
	validated: number[];
	/** Backorders created for the remaining quantities. */
	backorderIds: number[];
	/** The confirmations Odoo asked for and that were answered. */
	wizards: string[];
	/** Every transfer of the request was already done: nothing was written (a re-run). */
	alreadyDone: boolean;
}

const QUANTITIES_NOTE = 'Its done quantities may have been saved on its stock moves before the validation failed.';

/**
 * Validates transfers through Odoo's wizards. Requests without quantities are validated together, one validation per
 * batch and policy (a refused batch is split to find the transfers at fault: Odoo validates all or none); requests with
 * quantities one by one, as the quantities are written first.
 */
export async function validateTransfers(
	session: OdooSession,
	outcomes: Outcomes,
	requests: readonly ValidateRequest[],
): Promise<ItemResults<Validation>> {
	const results: ItemResults<Validation> = new Map();
	const validate = async (batch: ValidateRequest[]) => {
		const { backorder, quantities, context } = batch[0];
		const pickingIds = [...new Set(batch.flatMap((request) => request.pickingIds))];
		const result = await session.flows.validatePicking(pickingIds, { backorder, quantities, context });
		const backorderOf = await backordersByOrigin(session, result, context);
		for (const request of batch) {
			const notDone = request.pickingIds.filter((id) => !result.donePickingIds.includes(id));
			if (notDone.length) {
				outcomes.failAll(request.indices, stillOpen(notDone));
				continue;
			}
			const alreadyDone = request.pickingIds.every((id) => result.alreadyDonePickingIds.includes(id));
			const validation = {
				validated: request.pickingIds,
				backorderIds: request.pickingIds.flatMap((id) => backorderOf.get(id) ?? []),
				wizards: alreadyDone ? [] : result.wizards,
				alreadyDone,
			};
			for (const index of request.indices) results.set(index, validation);
		}
	};
	const plain = requests.filter((request) => !request.quantities);
	const withQuantities = requests.filter((request) => request.quantities);
	await Promise.all([
		runBatches(plain, { key: (r) => stableKey([r.backorder, r.context]), batching: session.batching, isolate: true }, outcomes, validate),
		runEach(withQuantities, session.batching.concurrency, outcomes, async (request) => {
			try {
				await validate([request]);
			} catch (error) {
				const nothingWritten = error instanceof OdooBadValueError && error.odooName === 'client.argument';
				outcomes.failAll(request.indices, error, nothingWritten ? {} : { note: QUANTITIES_NOTE });
			}
		}),
	]);
	return results;
}

async function backordersByOrigin(session: OdooSession, result: ValidatePickingResult, context?: Context): Promise<Map<number, number[]>> {
	if (!result.backorderIds.length) return new Map();
	const backorders = await session.client.read('stock.picking', result.backorderIds, ['backorder_id'], { context });
	const byOrigin = groupBy(backorders, (backorder) => relationId(backorder.backorder_id));
	return new Map([...byOrigin].flatMap(([origin, list]) => (origin === undefined ? [] : [[origin, list.map((backorder) => backorder.id)]])));
}

function stillOpen(ids: number[]): OdooUserError {
	return new OdooUserError({
		odooName: 'stock.picking.button_validate',
		odooMessage: `transfer ${ids.join(', ')} is not done after the validation`,
		model: 'stock.picking',
		method: 'button_validate',
		hint: 'Check the transfer in Odoo: a step may need to be done by hand (lots, serial numbers, quality checks).',
	});
}
