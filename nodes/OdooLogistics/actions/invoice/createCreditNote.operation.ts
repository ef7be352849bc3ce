import { onceKeyMarker } from '../../../shared/odoo';
import { runInOrderPerKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { toOdooDate } from '../../odoo/dates';
import { readBack } from '../common/actionOperation';
import { forOperation, onceKeyOption, option, optionsCollection, recordId, REQUEST_KEY_PLACEHOLDER } from '../common/descriptions';
import { quantityListProperties, readProductLines, type QuantityList } from '../common/quantityList';
import { readOnceKey } from '../common/readers';
import type { Operation } from '../operation';
import { CREDIT_NOTE_RESULT, INVOICE } from './target';

const CREDIT_LINES: QuantityList = {
	mode: {
		name: 'linesMode',
		label: 'Lines',
		none: { name: 'All Lines', value: 'all', description: 'Credit the whole invoice' },
	},
	rows: {
		name: 'lines',
		label: 'Products',
		rowLabel: 'Product',
		defaultQuantity: 1,
		description: 'Credit given quantities of given products (the other lines are left out)',
	},
	json: {
		name: 'linesJson',
		label: 'Lines (JSON)',
		description: 'A list of products and quantities',
		example: '[{"productId": 12, "quantity": 2}]',
	},
};

/**
 * One reversal wizard per invoice, as Odoo's "Credit Note" button: the credit note copies the invoice's lines, is
 * trimmed to the products and quantities asked for, then posted unless told otherwise. A credit note is money: it is
 * never retried when its outcome is unknown.
 */
export const createCreditNote: Operation = {
	writes: true,
	description: forOperation('invoice', 'createCreditNote', [
		recordId(INVOICE.id.name, INVOICE.id.label, INVOICE.id.description),
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			default: '',
			placeholder: 'e.g. Return RMA-1042: damaged in transit',
			description: 'Shown on the credit note',
		},
		...quantityListProperties(CREDIT_LINES),
		{
			displayName: 'Post',
			name: 'post',
			type: 'boolean',
			default: true,
			description: 'Whether to post the credit note (otherwise it stays a draft to review in Odoo)',
		},
		optionsCollection([
			option.context,
			{
				displayName: 'Credit Note Date',
				name: 'date',
				type: 'dateTime',
				default: '',
				description: 'The accounting date of the credit note (in the workflow time zone); empty is today',
			},
			onceKeyOption(
				REQUEST_KEY_PLACEHOLDER,
				'Creates the credit note only if the invoice has no credit note with this key yet (for re-runs and re-sent requests); otherwise returns that one with alreadyCreated (a draft gets the lines again, and is posted if Post is on). The key is added to the reason, so the credit note\'s reference carries it from its creation ("Reversal of: INV/2026/00012, the reason [n8n-key: …]"). Cancelled credit notes are ignored.',
			),
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const options = p.options();
			return {
				indices: [p.index],
				invoiceId: p.id(INVOICE.id.name, INVOICE.id.label),
				reason: p.optionalText('reason')?.trim() || undefined,
				lines: readProductLines(p, CREDIT_LINES, 'Credit note line'),
				post: p.raw<boolean>('post', true) !== false,
				date: options.date ? toOdooDate(options.date, session.timeZone, 'The option "Credit Note Date"') : undefined,
				onceKey: readOnceKey(options),
				context: p.context(),
			};
		});
		const created = new Map<number, { id: number; invoiceId: number; posted: boolean; alreadyCreated?: boolean; wrote: boolean }>();
		const work = async ({ indices, invoiceId, reason, lines, post, date, context, onceKey }: (typeof requests)[number]) => {
			let draft: number | undefined;
			try {
				if (onceKey !== undefined) {
					const existing = await session.flows.findKeyedCreditNote(invoiceId, onceKey, { lines, post, context });
					if (existing) {
						created.set(indices[0], { id: existing.creditNoteId, invoiceId, posted: existing.posted, alreadyCreated: true, wrote: existing.changed });
						return;
					}
				}
				const onCreated = (id: number) => {
					draft = id;
				};
				// With a key, the reason carries its marker: Odoo copies the reason into the credit note's reference.
				const marked = onceKey === undefined ? reason : reason ? `${reason} ${onceKeyMarker(onceKey)}` : onceKeyMarker(onceKey);
				const { creditNoteId } = await session.flows.createCreditNote(invoiceId, { reason: marked, lines, post, date, context, onCreated });
				created.set(indices[0], {
					id: creditNoteId,
					invoiceId,
					posted: post,
					...(onceKey === undefined ? {} : { alreadyCreated: false }),
					wrote: true,
				});
			} catch (error) {
				if (draft === undefined) throw error;
				// The reversal wizard already made the credit note: say so, so that nobody credits the invoice twice.
				const after = onceKey === undefined ? 'finish or delete it in Odoo before crediting again' : 'run again with the same key to finish it';
				outcomes.fail(indices[0], error, {
					note: `The credit note (account.move ${draft}) of invoice ${invoiceId} was created as a draft, then a later step (${[lines && 'setting its lines', post && 'posting it'].filter(Boolean).join(', ')}) failed: ${after}.`,
					written: { model: INVOICE.model, ids: [draft] },
				});
			}
		};
		// Items of one invoice run one after the other: a key is looked for after the previous item's credit note exists.
		await runInOrderPerKey(requests, (request) => request.invoiceId, session.batching.concurrency, outcomes, work);
		const written = [...created].map(([index, { id }]) => ({ indices: [index], id }));
		const output = await readBack(session, INVOICE.model, written, CREDIT_NOTE_RESULT);
		for (const [index, { id, invoiceId, posted, alreadyCreated, wrote }] of created) {
			const json = { ...output.get(index), creditNoteOf: invoiceId, posted, ...(alreadyCreated === undefined ? {} : { alreadyCreated }) };
			outcomes.ok(index, json, wrote ? { written: { model: INVOICE.model, ids: [id] } } : {});
		}
	},
};
