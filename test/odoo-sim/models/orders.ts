/** What sale and purchase orders share: their lines' section/note kinds and the date their first transfer was done. */
import type { Rec } from '../orm/env';

/** `display_type` of a sale or purchase order line: a section or note line carries no product. */
export const LINE_DISPLAY_TYPES = [
	['line_section', 'Section'],
	['line_note', 'Note'],
] as const;

/**
 * `effective_date`: when the order's first transfer from or to a location of the given usage was done (a receipt
 * from a supplier, a delivery to a customer), or `false`.
 */
export function firstDoneTransferDate(order: Rec, locationField: 'location_id' | 'location_dest_id', usage: string): string | false {
	const done = order
		.x2m('picking_ids')
		.filter((p) => p.get('state') === 'done' && p.m2o(locationField)?.get('usage') === usage)
		.map((p) => p.str('date_done'))
		.sort();
	return done[0] ?? false;
}
