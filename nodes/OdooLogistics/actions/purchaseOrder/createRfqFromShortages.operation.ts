import type { IDataObject } from 'n8n-workflow';

import type { Domain, OdooRecord } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import type { Outcomes } from '../../batch/outcomes';
import { createRecords, type Context } from '../../batch/records';
import { chunk, groupBy, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { relationId } from '../../odoo/format';
import type { OdooSession } from '../../transport/session';
import { readBack } from '../common/actionOperation';
import { forOperation, optionsCollection } from '../common/descriptions';
import type { Operation } from '../operation';
import { productQuantityProperties, rfqHeader, rfqLine, rfqOptions } from './createRfq.operation';
import { PURCHASE_ORDER, PURCHASE_ORDER_RESULT } from './target';

interface Shortage {
	index: number;
	productId: number;
	quantity: number;
	vendorId?: number;
	header: IDataObject;
	line: IDataObject;
	context?: Context;
}

/**
 * The main vendor of each product: its first vendor price-list entry in Odoo's order (sequence, then quantity and
 * price). An entry may name the variant or, as most do, only the product template.
 */
async function mainVendors(session: OdooSession, productIds: number[], context?: Context): Promise<Map<number, number>> {
	const { client } = session;
	const byTemplate = (await session.schemas.get('product.supplierinfo')).has('product_tmpl_id');
	const vendors = new Map<number, number>();
	for (const ids of chunk(productIds, session.batching.batchSize)) {
		const products = byTemplate ? await client.read('product.product', ids, ['product_tmpl_id'], { context }) : [];
		const templates = new Map(products.map((product) => [product.id, relationId(product.product_tmpl_id)]));
		const templateIds = [...new Set(templates.values())].filter((id): id is number => id !== undefined);
		const domain: Domain = byTemplate
			? ['|', ['product_id', 'in', ids], '&', ['product_id', '=', false], ['product_tmpl_id', 'in', templateIds]]
			: [['product_id', 'in', ids]];
		const entries = await client.searchRead('product.supplierinfo', domain, {
			fields: byTemplate ? ['partner_id', 'product_id', 'product_tmpl_id'] : ['partner_id', 'product_id'],
			all: true,
			pageSize: session.batching.batchSize,
			context,
		});
		for (const productId of ids) {
			const entry =
				entries.find((row: OdooRecord) => relationId(row.product_id) === productId) ??
				entries.find((row) => !row.product_id && relationId(row.product_tmpl_id) === templates.get(productId));
			const vendor = relationId(entry?.partner_id);
			if (vendor !== undefined) vendors.set(productId, vendor);
		}
	}
	return vendors;
}

async function assignVendors(session: OdooSession, outcomes: Outcomes, shortages: Shortage[]): Promise<Shortage[]> {
	const missing = shortages.filter((shortage) => shortage.vendorId === undefined);
	if (!missing.length) return shortages;
	let vendors: Map<number, number>;
	try {
		vendors = await mainVendors(session, [...new Set(missing.map((shortage) => shortage.productId))], missing[0].context);
	} catch (error) {
		outcomes.failAll(missing.map((shortage) => shortage.index), error);
		return shortages.filter((shortage) => shortage.vendorId !== undefined);
	}
	const assigned: Shortage[] = [];
	for (const shortage of shortages) {
		const vendorId = shortage.vendorId ?? vendors.get(shortage.productId);
		if (vendorId !== undefined) assigned.push({ ...shortage, vendorId });
		else {
			outcomes.fail(
				shortage.index,
				new InputError(
					`Product ${shortage.productId} has no vendor`,
					"Add a vendor on the product's Purchase tab in Odoo, or give a Vendor ID for this item.",
				),
			);
		}
	}
	return assigned;
}

/** Shortages grouped by vendor, one RFQ each; the quantities of a product are added up into one line. */
function groupByVendor(shortages: Shortage[]) {
	const groups = groupBy(shortages, (shortage) => stableKey([shortage.vendorId, shortage.header, shortage.context]));
	return [...groups.values()].map((group) => {
		const lines = new Map<string, IDataObject>();
		for (const { line } of group) {
			const key = stableKey({ ...line, product_qty: undefined });
			const previous = lines.get(key);
			lines.set(key, previous ? { ...previous, product_qty: Number(previous.product_qty) + Number(line.product_qty) } : line);
		}
		const { vendorId, header, context } = group[0];
		return {
			indices: group.map((shortage) => shortage.index),
			model: PURCHASE_ORDER.model,
			vals: { partner_id: vendorId, ...header, order_line: [...lines.values()].map((line) => [0, 0, line]) },
			context,
			lines: [...lines.values()].map((line) => ({ productId: line.product_id, quantity: line.product_qty })),
		};
	});
}

/** All the items' shortages become one RFQ per vendor, created in one `create` per batch of RFQs. */
export const createRfqFromShortages: Operation = {
	writes: true,
	description: forOperation('purchaseOrder', 'createRfqFromShortages', [
		...productQuantityProperties,
		{
			displayName: 'Vendor ID',
			name: 'vendorId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 7',
			description: "Empty uses the product's main vendor (the first on its Purchase tab)",
		},
		optionsCollection(rfqOptions),
	]),
	async execute(items, session, outcomes) {
		const shortages = await prepare(this, items, outcomes, (p): Shortage => {
			const productId = p.id('productId', 'Product ID');
			const quantity = p.number('quantity', 'Quantity', { min: 0 });
			return {
				index: p.index,
				productId,
				quantity,
				vendorId: p.optionalId('vendorId', 'Vendor ID'),
				header: rfqHeader(p),
				line: rfqLine(p, session.timeZone, productId, quantity),
				context: p.context(),
			};
		});
		const rfqs = groupByVendor(await assignVendors(session, outcomes, shortages));
		if (outcomes.stopped) return;
		const ids = await createRecords(session, outcomes, rfqs);
		const created = rfqs.flatMap((rfq) => (ids.has(rfq.indices[0]) ? [{ ...rfq, id: ids.get(rfq.indices[0])! }] : []));
		const output = await readBack(session, PURCHASE_ORDER.model, created, PURCHASE_ORDER_RESULT);
		for (const { indices, id, lines } of created) {
			const [first, ...others] = indices;
			const written = { model: PURCHASE_ORDER.model, ids: [id] };
			outcomes.ok(first, { ...output.get(first), lines }, { pairedItems: indices, written });
			for (const index of others) outcomes.merged(index, written);
		}
	},
};
