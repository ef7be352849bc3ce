import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../batch/inputError';
import { asRecordId, type ItemParameters } from '../../execution/parameters';
import { rowsProperty, shownInMode } from './descriptions';

/**
 * A list of product (or move) quantities an item gives in one of three ways: a default that needs no list, rows in the
 * node's form, or JSON. Validating a transfer (done quantities) and creating a return (lines) both take one.
 */
export interface QuantityList {
	/** The mode parameter, and the mode that needs no list. */
	mode: { name: string; label: string; none: { name: string; value: string; description: string } };
	rows: { name: string; label: string; rowLabel: string; defaultQuantity: number; description: string };
	json: { name: string; label: string; description: string; example: string };
}

export function quantityListProperties(list: QuantityList): INodeProperties[] {
	const { mode, rows, json } = list;
	return [
		// The defaults below come from the list's spec, which this rule cannot read.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
		{
			displayName: mode.label,
			name: mode.name,
			type: 'options',
			options: [
				mode.none,
				{ name: 'Per Product', value: 'products', description: rows.description },
				{ name: 'JSON', value: 'json', description: json.description },
			],
			default: mode.none.value,
		},
		rowsProperty({
			displayName: rows.label,
			name: rows.name,
			placeholder: `Add ${rows.rowLabel}`,
			displayOptions: shownInMode(mode.name, 'products'),
			row: {
				name: 'line',
				displayName: rows.rowLabel,
				fields: [
					{ displayName: 'Product ID', name: 'productId', type: 'string', default: '' },
					// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: rows.defaultQuantity,
					},
				],
			},
		}),
		{
			displayName: json.label,
			name: json.name,
			type: 'json',
			default: '[]',
			displayOptions: shownInMode(mode.name, 'json'),
			description: `Such as ${json.example}`,
		},
	];
}

/** The item's rows, or undefined when it chose the mode that needs no list. An empty list is an error. */
export function readQuantityRows(p: ItemParameters, list: QuantityList): unknown[] | undefined {
	const mode = p.raw<string>(list.mode.name, list.mode.none.value);
	if (mode === list.mode.none.value) return undefined;
	const rows =
		mode === 'json'
			? p.array(list.json.name, list.json.label)
			: (p.raw<{ line?: unknown[] }>(list.rows.name, {}).line ?? []);
	if (!rows.length) {
		throw new InputError(`No ${list.rows.rowLabel.toLowerCase()} is given: add one, or choose "${list.mode.none.name}"`);
	}
	return rows;
}

/** A row's quantity: a number, or a string holding one (form rows filled by expressions give strings). */
export function rowQuantity(row: Record<string, unknown>): unknown {
	return typeof row.quantity === 'string' && row.quantity.trim() ? Number(row.quantity) : row.quantity;
}

/** A product and a quantity above 0: a line of a return or of a credit note. */
export interface ProductLine {
	productId: number;
	quantity: number;
}

/**
 * The item's product lines, or undefined when it chose the mode that needs no list. `lineName` names a line in the
 * error for a bad one, such as "Return line".
 */
export function readProductLines(p: ItemParameters, list: QuantityList, lineName: string): ProductLine[] | undefined {
	return readQuantityRows(p, list)?.map((entry, position) => {
		const row = (entry ?? {}) as Record<string, unknown>;
		const productId = asRecordId(row.productId ?? row.product_id);
		const quantity = rowQuantity(row);
		if (productId === undefined || typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0) {
			throw new InputError(`${lineName} ${position + 1} needs a productId and a quantity above 0, not ${JSON.stringify(entry)}`);
		}
		return { productId, quantity };
	});
}
