import type { Target } from '../common/target';

export const INVOICE: Target & { model: string } = {
	resource: 'invoice',
	model: 'account.move',
	id: { name: 'invoiceId', label: 'Invoice ID', description: 'The ID of the posted customer invoice or vendor bill (not its number such as INV/2026/00012)' },
	defaultFields: [
		'name',
		'move_type',
		'state',
		'partner_id',
		'invoice_origin',
		'ref',
		'invoice_date',
		'invoice_date_due',
		'amount_untaxed',
		'amount_total',
		'amount_residual',
		'payment_state',
		'currency_id',
		'reversed_entry_id',
		'invoice_line_ids',
	],
};

/** What the credit note operation outputs. */
export const CREDIT_NOTE_RESULT = [
	'name',
	'move_type',
	'state',
	'partner_id',
	'ref',
	'invoice_date',
	'amount_total',
	'amount_residual',
	'payment_state',
	'reversed_entry_id',
];
