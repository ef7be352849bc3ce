import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { createRecords } from '../../batch/records';
import { ItemParameters, prepare } from '../../execution/parameters';
import { toOdooDatetime } from '../../odoo/dates';
import { readBack } from '../common/actionOperation';
import { forOperation, option, optionsCollection } from '../common/descriptions';
import type { Operation } from '../operation';
import { PURCHASE_ORDER, PURCHASE_ORDER_RESULT } from './target';

export const rfqOptions: INodeProperties[] = [
	option.context,
	{
		displayName: 'Expected Arrival',
		name: 'expectedDate',
		type: 'dateTime',
		default: '',
		description: "When the goods should arrive; empty uses the vendor's lead time",
	},
	{ displayName: 'Source Document', name: 'origin', type: 'string', default: '', placeholder: 'e.g. S00042' },
];

/** The header values every RFQ may have: source document (and vendor reference for single RFQs). */
export function rfqHeader(p: ItemParameters): IDataObject {
	const { origin, vendorReference } = p.options();
	return {
		...(typeof origin === 'string' && origin.trim() ? { origin: origin.trim() } : {}),
		...(typeof vendorReference === 'string' && vendorReference.trim() ? { partner_ref: vendorReference.trim() } : {}),
	};
}

/** A purchase line: product and quantity, with the expected arrival and a unit price when given. */
export function rfqLine(p: ItemParameters, timeZone: string, productId: number, quantity: number): IDataObject {
	const { expectedDate, unitPrice } = p.options();
	return {
		product_id: productId,
		product_qty: quantity,
		...(expectedDate ? { date_planned: toOdooDatetime(expectedDate, timeZone, 'The option "Expected Arrival"') } : {}),
		...(typeof unitPrice === 'number' ? { price_unit: unitPrice } : {}),
	};
}

export const productQuantityProperties: INodeProperties[] = [
	{ displayName: 'Product ID', name: 'productId', type: 'string', default: '', required: true, placeholder: 'e.g. 12' },
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 0 }, default: 1, required: true },
];

/** One RFQ per item, all created in one `create` per batch. */
export const createRfq: Operation = {
	writes: true,
	description: forOperation('purchaseOrder', 'createRfq', [
		{ displayName: 'Vendor ID', name: 'vendorId', type: 'string', default: '', required: true, placeholder: 'e.g. 7' },
		...productQuantityProperties,
		optionsCollection([
			...rfqOptions,
			{
				displayName: 'Unit Price',
				name: 'unitPrice',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: "Without this option, the vendor's price",
			},
			{ displayName: 'Vendor Reference', name: 'vendorReference', type: 'string', default: '' },
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const line = rfqLine(p, session.timeZone, p.id('productId', 'Product ID'), p.number('quantity', 'Quantity', { min: 0 }));
			return {
				indices: [p.index],
				model: PURCHASE_ORDER.model,
				vals: { partner_id: p.id('vendorId', 'Vendor ID'), ...rfqHeader(p), order_line: [[0, 0, line]] },
				context: p.context(),
			};
		});
		const ids = await createRecords(session, outcomes, requests);
		const created = requests.flatMap(({ indices }) => (ids.has(indices[0]) ? [{ indices, id: ids.get(indices[0])! }] : []));
		const output = await readBack(session, PURCHASE_ORDER.model, created, PURCHASE_ORDER_RESULT);
		for (const { indices, id } of created) {
			outcomes.ok(indices[0], output.get(indices[0]) ?? { id }, { written: { model: PURCHASE_ORDER.model, ids: [id] } });
		}
	},
};
