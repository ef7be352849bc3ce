import type { IDataObject, INodeProperties } from 'n8n-workflow';

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
	/** "Skip Shortages Already Ordered" is on for the item. */
	skipOrdered?: boolean;
	/** The open RFQ or purchase order that already has the product, for the same source document and vendor. */
	orderedOn?: { id: number; name: string; state: string };
}

const skipOrderedOption: INodeProperties = {
	displayName: 'Skip Shortages Already Ordered',
	name: 'skipAlreadyOrdered',
	type: 'boolean',
	default: false,
	description:
		'Whether to leave out the products already on an open RFQ or purchase order (draft, sent, to approve, purchase) of the same vendor with the same Source Document, so a re-run does not order them twice. Needs the Source Document option.',
};

/**
 * "Skip Shortages Already Ordered": one search of the open purchase order lines for all the items' source documents,
 * vendors and products; a shortage found there is marked with its order and is not ordered again.
 */
async function markOrdered(session: OdooSession, outcomes: Outcomes, shortages: Shortage[]): Promise<Shortage[]> {
	const checked = shortages.filter((shortage) => shortage.skipOrdered);
	if (!checked.length) return shortages;
	let lines;
	try {
		lines = await session.flows.findOpenPurchaseLines(
			[...new Set(checked.map((shortage) => String(shortage.header.origin)))],
			[...new Set(checked.map((shortage) => shortage.vendorId!))],
			[...new Set(checked.map((shortage) => shortage.productId))],
			{ context: checked[0].context },
		);
	} catch (error) {
		outcomes.failAll(checked.map((shortage) => shortage.index), error);
		return shortages.filter((shortage) => !shortage.skipOrdered);
	}
	return shortages.map((shortage) => {
		if (!shortage.skipOrdered) return shortage;
		const line = lines.find(
			(candidate) =>
				candidate.origin === shortage.header.origin && candidate.vendorId === shortage.vendorId && candidate.productId === shortage.productId,
		);
		return line ? { ...shortage, orderedOn: { id: line.orderId, name: line.orderName, state: line.state } } : shortage;
	});
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
		const skipped = new Map<string, IDataObject>();
		for (const { productId, orderedOn } of group) {
			if (orderedOn) skipped.set(stableKey([productId, orderedOn.id]), { product: productId, existingPurchaseOrder: orderedOn });
		}
		for (const { line, orderedOn } of group) {
			if (orderedOn) continue;
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
			skipped: group.some((shortage) => shortage.skipOrdered) ? [...skipped.values()] : undefined,
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
		optionsCollection([...rfqOptions, skipOrderedOption]),
	]),
	async execute(items, session, outcomes) {
		const shortages = await prepare(this, items, outcomes, (p): Shortage => {
			const productId = p.id('productId', 'Product ID');
			const quantity = p.number('quantity', 'Quantity', { min: 0 });
			const header = rfqHeader(p);
			const skipOrdered = p.options().skipAlreadyOrdered === true;
			if (skipOrdered && header.origin === undefined) {
				throw new InputError(
					'The option "Skip Shortages Already Ordered" needs the option "Source Document"',
					'Give the source document (such as the sale order name) the RFQs are for; it is how earlier RFQs are found.',
				);
			}
			return {
				skipOrdered,
				index: p.index,
				productId,
				quantity,
				vendorId: p.optionalId('vendorId', 'Vendor ID'),
				header,
				line: rfqLine(p, session.timeZone, productId, quantity),
				context: p.context(),
			};
		});
		const all = groupByVendor(await markOrdered(session, outcomes, await assignVendors(session, outcomes, shortages)));
		if (outcomes.stopped) return;
		// Groups whose every shortage is already ordered create nothing and report what they skipped.
		for (const { indices, skipped } of all.filter((rfq) => !rfq.lines.length)) {
			const [first, ...others] = indices;
			outcomes.ok(first, { created: false, skipped: skipped ?? [] }, { pairedItems: indices });
			for (const index of others) outcomes.merged(index);
		}
		const rfqs = all.filter((rfq) => rfq.lines.length);
		const ids = await createRecords(session, outcomes, rfqs);
		const created = rfqs.flatMap((rfq) => (ids.has(rfq.indices[0]) ? [{ ...rfq, id: ids.get(rfq.indices[0])! }] : []));
		const output = await readBack(session, PURCHASE_ORDER.model, created, PURCHASE_ORDER_RESULT);
		for (const { indices, id, lines, skipped } of created) {
			const [first, ...others] = indices;
			const written = { model: PURCHASE_ORDER.model, ids: [id] };
			const json = skipped === undefined ? { ...output.get(first), lines } : { ...output.get(first), lines, created: true, skipped };
			outcomes.ok(first, json, { pairedItems: indices, written });
			for (const index of others) outcomes.merged(index, written);
		}
	},
};
