import { userError } from '../errors';
import { param, recordMethod } from '../orm/base-methods';
import type { Env, Rec } from '../orm/env';
import { char, date, float, many2many, many2one, monetary, one2many, roundCurrency, selection, text } from '../orm/fields';
import type { ModelDef } from '../orm/model';

const ACCOUNT_GROUPS = { read: ['Invoicing/Billing', 'Invoicing/Invoicing'] };

const MOVE_TYPES = [
	['entry', 'Journal Entry'],
	['out_invoice', 'Customer Invoice'],
	['out_refund', 'Customer Credit Note'],
	['in_invoice', 'Vendor Bill'],
	['in_refund', 'Vendor Credit Note'],
	['out_receipt', 'Sales Receipt'],
	['in_receipt', 'Purchase Receipt'],
] as const;

const SEQUENCE_PREFIX: Record<string, string> = {
	out_invoice: 'INV',
	out_refund: 'RINV',
	in_invoice: 'BILL',
	in_refund: 'RBILL',
	entry: 'MISC',
	out_receipt: 'RCPT',
	in_receipt: 'PREC',
};

function post(env: Env, moves: Rec[]): void {
	for (const move of moves) {
		if (move.get('state') !== 'draft') throw userError('Only draft journal entries can be posted.');
		if (!move.get<number[]>('invoice_line_ids').length) throw userError('You need to add a line before posting.');
		const type = move.str('move_type');
		const year = (move.str('invoice_date') || env.today()).slice(0, 4);
		move.write({
			state: 'posted',
			name: env.nextSequence(`account.move.${type}.${year}`, `${SEQUENCE_PREFIX[type]}/${year}/`, 5),
			invoice_date: move.get('invoice_date') || env.today(),
			invoice_date_due: move.get('invoice_date_due') || move.get('invoice_date') || env.today(),
			amount_residual: move.num('amount_total'),
		});
	}
}

/** Credit notes for the given invoices (draft, as the "Reverse" button makes them). */
function reverse(env: Env, moves: Rec[], reason: string | false, refundDate: string | false): number[] {
	return moves.map((move) => {
		if (move.get('state') !== 'posted') throw userError('You can only reverse posted moves.');
		const refundType = move.get('move_type') === 'in_invoice' ? 'in_refund' : 'out_refund';
		return env.model('account.move').create({
			move_type: refundType,
			partner_id: move.get('partner_id'),
			invoice_origin: move.get('invoice_origin'),
			ref: reason ? `Reversal of: ${move.str('name')}, ${reason}` : `Reversal of: ${move.str('name')}`,
			reversed_entry_id: move.id,
			invoice_date: refundDate || env.today(),
			invoice_line_ids: move.x2m('invoice_line_ids').map((line) => [
				0,
				0,
				{
					product_id: line.get('product_id'),
					name: line.get('name'),
					quantity: line.num('quantity'),
					price_unit: line.num('price_unit'),
					sale_line_id: line.get('sale_line_id'),
				},
			]),
		});
	});
}

export const ACCOUNT_MODELS: ModelDef[] = [
	{
		name: 'account.move',
		description: 'Journal Entry',
		order: 'date desc, name desc, id desc',
		displayName: (rec) => (rec.get('state') === 'draft' ? 'Draft' : rec.str('name')),
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Number', { default: '/', copy: false }),
			ref: char('Reference'),
			date: date('Date', { defaultFn: (env) => env.today() }),
			move_type: selection(MOVE_TYPES, 'Type', { required: true, default: 'entry' }),
			state: selection(
				[
					['draft', 'Draft'],
					['posted', 'Posted'],
					['cancel', 'Cancelled'],
				],
				'Status',
				{ required: true, readonly: true, default: 'draft', copy: false },
			),
			partner_id: many2one('res.partner', 'Partner'),
			currency_id: many2one('res.currency', 'Currency', { default: 1 }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			invoice_date: date('Invoice/Bill Date', { copy: false }),
			invoice_date_due: date('Due Date'),
			invoice_origin: char('Origin'),
			invoice_line_ids: one2many('account.move.line', 'move_id', 'Invoice lines'),
			line_ids: one2many('account.move.line', 'move_id', 'Journal Items', { compute: (rec) => rec.get('invoice_line_ids') }),
			amount_untaxed: monetary('Untaxed Amount', {
				compute: (rec) => roundCurrency(rec.x2m('invoice_line_ids').reduce((s, l) => s + l.num('price_subtotal'), 0)),
			}),
			amount_tax: monetary('Tax', { compute: () => 0 }),
			amount_total: monetary('Total', { compute: (rec) => rec.num('amount_untaxed') }),
			amount_residual: monetary('Amount Due', { copy: false }),
			payment_state: selection(
				[
					['not_paid', 'Not Paid'],
					['in_payment', 'In Payment'],
					['paid', 'Paid'],
					['partial', 'Partially Paid'],
					['reversed', 'Reversed'],
					['invoicing_legacy', 'Invoicing App Legacy'],
				],
				'Payment Status',
				{
					compute: (rec) => {
						if (rec.get('state') !== 'posted') return 'not_paid';
						if (rec.env.model('account.move').search([['reversed_entry_id', '=', rec.id], ['state', '=', 'posted']]).length) {
							return 'reversed';
						}
						const residual = rec.num('amount_residual');
						if (residual <= 0.005) return 'paid';
						return residual < rec.num('amount_total') ? 'partial' : 'not_paid';
					},
				},
			),
			reversed_entry_id: many2one('account.move', 'Reversal of', { copy: false }),
			reversal_move_ids: one2many('account.move', 'reversed_entry_id', 'Reversal Move'),
			narration: text('Terms and Conditions'),
		},
		hooks: {
			beforeUnlink: (env, ids) => {
				if (env.recs('account.move', ids).some((m) => m.get('state') === 'posted')) {
					throw userError('You cannot delete an entry which has been posted once.');
				}
			},
		},
		methods: {
			action_post: recordMethod('AccountMove', (env, ids) => {
				const moves = env.recs('account.move', ids);
				post(env, moves);
				for (const refund of moves.filter((m) => m.get('reversed_entry_id'))) {
					const origin = refund.m2o('reversed_entry_id')!;
					const residual = Math.max(0, origin.num('amount_residual') - refund.num('amount_total'));
					origin.write({ amount_residual: residual });
					refund.write({ amount_residual: 0 });
				}
				return false;
			}),
			button_draft: recordMethod('AccountMove', (env, ids) => {
				env.model('account.move').write(ids, { state: 'draft' });
				return undefined;
			}),
			button_cancel: recordMethod('AccountMove', (env, ids) => {
				env.model('account.move').write(ids, { state: 'cancel' });
				return undefined;
			}),
		},
		access: { portal: ['read'], portalRule: () => false, groups: ACCOUNT_GROUPS },
	},
	{
		name: 'account.move.line',
		description: 'Journal Item',
		order: 'id',
		fields: {
			move_id: many2one('account.move', 'Journal Entry', { required: true, ondelete: 'cascade' }),
			product_id: many2one('product.product', 'Product'),
			name: char('Label'),
			quantity: float('Quantity', { default: 1 }),
			price_unit: float('Unit Price', { digits: 2 }),
			price_subtotal: monetary('Subtotal', { compute: (rec) => roundCurrency(rec.num('quantity') * rec.num('price_unit')) }),
			sale_line_id: many2one('sale.order.line', 'Sales Order Line'),
			sale_line_ids: many2many('sale.order.line', 'Sales Order Lines', {
				compute: (rec) => (rec.get('sale_line_id') ? [rec.get<number>('sale_line_id')] : []),
			}),
		},
		access: { portal: [], groups: ACCOUNT_GROUPS },
	},
	{
		name: 'account.move.reversal',
		description: 'Account Move Reversal',
		transient: true,
		fields: {
			move_ids: many2many('account.move', 'Moves'),
			reason: char('Reason displayed on Credit Note'),
			date: date('Reversal date', { defaultFn: (env) => env.today() }),
		},
		hooks: {
			defaultGet: (env, fields, result) => {
				if (fields.includes('move_ids') && env.context.active_model === 'account.move') {
					result.move_ids = [[6, 0, (env.context.active_ids as number[]) ?? []]];
				}
			},
		},
		methods: {
			reverse_moves: {
				api: 'records',
				owner: 'AccountMoveReversal',
				params: [param('is_modify', true)],
				fn: ({ env, ids }) => reversalAction(env, ids),
			},
			refund_moves: { ...recordMethod('AccountMoveReversal', reversalAction), since: '17.0' },
		},
		access: { portal: [], groups: ACCOUNT_GROUPS },
	},
];

function reversalAction(env: Env, ids: number[]): Record<string, unknown> {
	const created = env
		.recs('account.move.reversal', ids)
		.flatMap((wizard) => reverse(env, wizard.x2m('move_ids'), wizard.get('reason'), wizard.get('date')));
	const action: Record<string, unknown> = { name: 'Reverse Moves', type: 'ir.actions.act_window', res_model: 'account.move' };
	if (created.length === 1) return { ...action, view_mode: 'form', res_id: created[0] };
	return { ...action, view_mode: 'list,form', domain: [['id', 'in', created]] };
}
