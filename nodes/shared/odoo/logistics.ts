import { CallOptions, OdooClient, OdooRecord } from './client';
import { HINTS, badArgument, unexpectedResult } from './errorMapping';
import { OdooUnknownModelError, OdooWizardError } from './errors';

type Context = Record<string, unknown>;
type Options = Pick<CallOptions, 'context' | 'timeoutMs'>;

/** A done quantity for one stock move, or for the move of one product (which must be unique in the transfers). */
export type DoneQuantity = { moveId: number; quantity: number } | { productId: number; quantity: number };

export interface ValidatePickingOptions extends Options {
	/** What to do when less than the demand is done: make a backorder, cancel the rest, or stop. */
	backorder: 'create' | 'none' | 'fail';
	quantities?: DoneQuantity[];
}

export interface ValidatePickingResult {
	pickingIds: number[];
	/** The transfers in state `done` afterwards. */
	donePickingIds: number[];
	/** The backorders created for the remaining quantities. */
	backorderIds: number[];
	/** The wizards Odoo opened and that were answered, in order. */
	wizards: string[];
	/** The transfers that were already done before: left as they were. */
	alreadyDonePickingIds: number[];
}

export interface ReturnLine {
	productId: number;
	quantity: number;
}

export interface CreditNoteLine {
	productId: number;
	quantity: number;
}

export interface CreditNoteOptions extends Options {
	/** Shown on the credit note ("Reversal of: INV/2026/00012, <reason>"). */
	reason?: string;
	/** `YYYY-MM-DD`; Odoo's default (today) when absent. */
	date?: string;
	/** Credit only these products and quantities (the other lines are removed); every line in full when absent. */
	lines?: CreditNoteLine[];
	/** Post the credit note (otherwise it stays a draft, as the "Reverse" button leaves it). */
	post?: boolean;
	/** Called with the credit note's id as soon as Odoo created it (before its lines are trimmed and it is posted). */
	onCreated?: (creditNoteId: number) => void;
}

export interface MessagePostOptions extends CallOptions {
	/** The body is HTML (otherwise Odoo 17+ escapes it). */
	html?: boolean;
	subject?: string;
	messageType?: string;
	/** `mail.mt_note` (internal note, the default) or `mail.mt_comment` (sent to followers). */
	subtypeXmlid?: string;
	partnerIds?: number[];
}

export interface ScheduleActivityOptions extends CallOptions {
	activityTypeId?: number;
	/** For example `mail.mail_activity_data_todo`. */
	activityTypeXmlId?: string;
	userId?: number;
	/** `YYYY-MM-DD`, or a Date (its UTC day). */
	dateDeadline?: string | Date;
	summary?: string;
	/** HTML. */
	note?: string;
}

/** Odoo keeps asking more than this only when something is wrong; the loop stops there. */
const MAX_WIZARD_STEPS = 5;
const BACKORDER_WIZARD = 'stock.backorder.confirmation';
const SMS_WIZARD = 'confirm.stock.sms';
const IMMEDIATE_TRANSFER_WIZARD = 'stock.immediate.transfer';

interface WindowAction {
	name?: unknown;
	res_model: string;
	res_id?: unknown;
	context?: Context;
}

/**
 * Logistics operations that take several calls and differ between Odoo versions, as Odoo's own web client does them:
 * validating transfers through their wizards, returns, chatter messages and activities.
 */
export class LogisticsFlows {
	private readonly modelIds = new Map<string, Promise<number>>();
	private readonly xmlIds = new Map<string, Promise<number>>();

	constructor(private readonly client: OdooClient) {}

	/**
	 * Sets the done quantities (if given), then validates the transfers, answering the wizards Odoo returns: the SMS
	 * confirmation is skipped, the backorder question is answered by `backorder`.
	 */
	async validatePicking(pickingIds: number[], options: ValidatePickingOptions): Promise<ValidatePickingResult> {
		const { client } = this;
		if (!pickingIds.length) return { pickingIds, donePickingIds: [], backorderIds: [], wizards: [], alreadyDonePickingIds: [] };
		const call = { timeoutMs: options.timeoutMs };
		// A transfer that is already done is left alone (a re-run validating it again writes nothing): Odoo 17+ skips
		// it too, 16.0 refuses it, and its moves have no open quantity to set.
		const states = await client.read('stock.picking', pickingIds, ['state'], { ...call, context: options.context });
		const alreadyDonePickingIds = states.filter((picking) => picking.state === 'done').map((picking) => picking.id);
		const open = pickingIds.filter((id) => !alreadyDonePickingIds.includes(id));
		if (!open.length) return { pickingIds, donePickingIds: alreadyDonePickingIds, backorderIds: [], wizards: [], alreadyDonePickingIds };
		if (options.quantities?.length) await this.setDoneQuantities(open, options.quantities, options);
		let result = await client.call('stock.picking', 'button_validate', open, {}, {
			...call,
			context: { ...options.context, skip_sms: true },
		});
		const wizards: string[] = [];
		for (let step = 1; isWindowAction(result); step += 1) {
			const action: WindowAction = result;
			const context = { ...action.context };
			const pickings = idList(context.button_validate_picking_ids) ?? open;
			if (step > MAX_WIZARD_STEPS) throw await this.wizardError(action, pickings, 'Odoo kept asking for confirmations');
			wizards.push(action.res_model);
			switch (action.res_model) {
				case SMS_WIZARD:
					result = await client.call('stock.picking', 'button_validate', pickings, {}, {
						...call,
						context: { ...context, skip_sms: true },
					});
					break;
				case BACKORDER_WIZARD:
					if (options.backorder === 'fail') {
						throw await this.wizardError(
							action,
							pickings,
							'less than the demand is done and the backorder policy is "fail"; the transfers were not validated',
						);
					}
					result = await this.answerWizard(
						action.res_model,
						options.backorder === 'create' ? 'process' : 'process_cancel_backorder',
						context,
						call,
					);
					break;
				case IMMEDIATE_TRANSFER_WIZARD:
					result = await this.answerWizard(action.res_model, 'process', context, call);
					break;
				default:
					throw await this.wizardError(action, pickings, 'this confirmation cannot be answered automatically');
			}
		}
		const [pickings, backorderIds] = await Promise.all([
			client.read('stock.picking', pickingIds, ['state'], call),
			client.search('stock.picking', [['backorder_id', 'in', open]], { ...call, order: 'id' }),
		]);
		return {
			pickingIds,
			donePickingIds: pickings.filter((picking) => picking.state === 'done').map((picking) => picking.id),
			backorderIds,
			wizards,
			alreadyDonePickingIds,
		};
	}

	/**
	 * Creates the return of a done transfer with the return wizard and returns the new transfer's id. Without `lines`,
	 * every line is returned in full.
	 */
	async createReturn(
		pickingId: number,
		lines?: ReturnLine[],
		options: Options = {},
	): Promise<{ returnPickingId: number; wizardId: number }> {
		const { client } = this;
		const { major } = await client.version();
		const context = { ...options.context, active_id: pickingId, active_ids: [pickingId], active_model: 'stock.picking' };
		const call = { context, timeoutMs: options.timeoutMs };
		// A wizard is a transient record: creating or filling it again does no harm.
		const [wizardId] = await client.create('stock.return.picking', [{ picking_id: pickingId }], { ...call, idempotent: true });
		const [wizard] = await client.read('stock.return.picking', [wizardId], ['product_return_moves'], call);
		// Up to 17.0 the lines start at the returnable quantity; from 18.0 at 0, with `move_quantity` as the full amount.
		const fullField = major >= 18 ? 'move_quantity' : 'quantity';
		const wizardLines = await client.read(
			'stock.return.picking.line',
			idList(wizard?.product_return_moves) ?? [],
			fullField === 'quantity' ? ['product_id', 'quantity'] : ['product_id', 'quantity', fullField],
			call,
		);
		const commands = returnQuantities(wizardLines, fullField, pickingId, lines);
		if (commands.length) {
			await client.write('stock.return.picking', [wizardId], { product_return_moves: commands }, { ...call, idempotent: true });
		}
		const method = major >= 18 ? 'action_create_returns' : 'create_returns';
		const action = (await client.call('stock.return.picking', method, [wizardId], {}, call)) as { res_id?: unknown } | null;
		if (typeof action?.res_id !== 'number') throw unexpectedResult('stock.return.picking', method);
		return { returnPickingId: action.res_id, wizardId };
	}

	/**
	 * "Only once per key" for a return of `pickingId`: the not-cancelled return carrying the key's marker in its source
	 * document (`origin`, "Return of WH/OUT/00005 [n8n-key: KEY]"), or else an unmarked one whose lines are exactly the
	 * wanted products and quantities (every returnable line in full without `lines`): a run that died between creating
	 * it and marking it. That one gets the marker now. Undefined when there is neither.
	 */
	async findKeyedReturn(
		pickingId: number,
		key: string,
		lines: ReturnLine[] | undefined,
		options: Options = {},
	): Promise<{ returnPickingId: number; adopted: boolean } | undefined> {
		const { client } = this;
		const { major } = await client.version();
		const marker = onceKeyMarker(key);
		// `return_id` (the transfer a return returns) came with 17.0; before, the returned moves tell it.
		const relation = major >= 17 ? ['return_id', '=', pickingId] : ['move_ids.origin_returned_move_id.picking_id', '=', pickingId];
		const returns = await client.searchRead('stock.picking', [relation, ['state', '!=', 'cancel']], {
			fields: ['origin'],
			order: 'id',
			all: true,
			...options,
		});
		const marked = returns.find((row) => typeof row.origin === 'string' && row.origin.includes(marker));
		if (marked) return { returnPickingId: marked.id, adopted: false };
		const unmarked = returns.filter((row) => !(typeof row.origin === 'string' && row.origin.includes(ONCE_KEY_PREFIX)));
		if (!unmarked.length) return undefined;
		const moves = await client.searchRead(
			'stock.move',
			[
				['picking_id', 'in', returns.map((row) => row.id)],
				['state', '!=', 'cancel'],
			],
			{ fields: ['picking_id', 'product_id', 'product_uom_qty'], order: 'id', all: true, ...options },
		);
		const byReturn = new Map<number, Map<number, number>>();
		for (const move of moves) {
			const returnId = relationId(move.picking_id);
			const productId = relationId(move.product_id);
			if (returnId === undefined || productId === undefined) continue;
			const quantities = byReturn.get(returnId) ?? new Map<number, number>();
			quantities.set(productId, (quantities.get(productId) ?? 0) + (Number(move.product_uom_qty) || 0));
			byReturn.set(returnId, quantities);
		}
		let wanted: ((returnId: number) => Map<number, number>) | undefined;
		if (lines) {
			const requested = sumByProduct(lines);
			wanted = () => requested;
		} else {
			// Every line in full: what was delivered less what the other returns take back.
			const doneField = major >= 17 ? 'quantity' : 'quantity_done';
			const delivered = await client.searchRead(
				'stock.move',
				[
					['picking_id', '=', pickingId],
					['state', '=', 'done'],
				],
				{ fields: ['product_id', doneField], all: true, ...options },
			);
			const full = sumByProduct(delivered.map((move) => ({ productId: relationId(move.product_id) ?? 0, quantity: Number(move[doneField]) || 0 })));
			wanted = (returnId) => {
				const rest = new Map(full);
				for (const [otherId, quantities] of byReturn) {
					if (otherId === returnId) continue;
					for (const [productId, quantity] of quantities) rest.set(productId, (rest.get(productId) ?? 0) - quantity);
				}
				return rest;
			};
		}
		const adopt = unmarked.find((row) => sameQuantities(byReturn.get(row.id) ?? new Map(), wanted!(row.id)));
		if (!adopt) return undefined;
		await this.markReturn(adopt.id, key, options);
		return { returnPickingId: adopt.id, adopted: true };
	}

	/** Adds the key's marker to the return's source document (`origin`), once. */
	async markReturn(returnPickingId: number, key: string, options: Options = {}): Promise<void> {
		const marker = onceKeyMarker(key);
		const [row] = await this.client.read('stock.picking', [returnPickingId], ['origin'], options);
		const origin = typeof row?.origin === 'string' ? row.origin : '';
		if (origin.includes(marker)) return;
		// An absolute value: writing it again gives the same source document.
		await this.client.write('stock.picking', [returnPickingId], { origin: origin ? `${origin} ${marker}` : marker }, { ...options, idempotent: true });
	}

	/**
	 * "Only once per key" for a credit note of `invoiceId`: the not-cancelled credit note reversing it
	 * (`reversed_entry_id`) whose reference carries the key's marker (the reversal reason puts it there from its
	 * creation). A draft gets the wanted lines again and is posted if asked.
	 */
	async findKeyedCreditNote(
		invoiceId: number,
		key: string,
		options: CreditNoteOptions = {},
	): Promise<{ creditNoteId: number; posted: boolean; changed: boolean } | undefined> {
		const { client } = this;
		const marker = onceKeyMarker(key);
		const call = { context: options.context, timeoutMs: options.timeoutMs };
		const notes = await client.searchRead(
			'account.move',
			[
				['reversed_entry_id', '=', invoiceId],
				['state', '!=', 'cancel'],
				['ref', 'ilike', ONCE_KEY_PREFIX],
			],
			{ fields: ['ref', 'state'], order: 'id', all: true, ...call },
		);
		const note = notes.find((row) => typeof row.ref === 'string' && row.ref.includes(marker));
		if (!note) return undefined;
		if (note.state !== 'draft') return { creditNoteId: note.id, posted: note.state === 'posted', changed: false };
		// A run that stopped after the wizard: finish the draft as that run would have.
		if (options.lines) await this.keepCreditNoteLines(note.id, invoiceId, options.lines, call);
		if (options.post) await client.call('account.move', 'action_post', [note.id], {}, call);
		return { creditNoteId: note.id, posted: options.post === true, changed: !!options.lines || options.post === true };
	}

	/**
	 * Creates a credit note for a posted customer invoice (or vendor bill) with Odoo's reversal wizard
	 * (`account.move.reversal`: `refund_moves` from Odoo 17, `reverse_moves` before), optionally for given products and
	 * quantities only, and posts it if asked. Returns the credit note's id.
	 */
	async createCreditNote(invoiceId: number, options: CreditNoteOptions = {}): Promise<{ creditNoteId: number; wizardId: number }> {
		const { client } = this;
		const { major } = await client.version();
		const context = { ...options.context, active_model: 'account.move', active_ids: [invoiceId], active_id: invoiceId };
		const call = { context, timeoutMs: options.timeoutMs };
		const [invoice] = await client.read('account.move', [invoiceId], ['name', 'state', 'move_type', 'invoice_line_ids'], call);
		if (!invoice) throw badArgument(`there is no invoice with id ${invoiceId}`);
		if (invoice.state !== 'posted' || !['out_invoice', 'in_invoice'].includes(String(invoice.move_type))) {
			throw badArgument(
				`${String(invoice.name)} (id ${invoiceId}) is a ${String(invoice.move_type)} in state ${String(invoice.state)}: only a posted invoice or bill can be credited`,
			);
		}
		if (options.lines) {
			// Checked on the invoice before the wizard runs: a wrong line leaves no draft credit note behind.
			const invoiceLines = await client.read('account.move.line', idList(invoice.invoice_line_ids) ?? [], ['product_id', 'quantity'], call);
			creditedQuantities(invoiceLines, invoiceId, options.lines);
		}
		const vals: Record<string, unknown> = { move_ids: [[6, 0, [invoiceId]]] };
		if (options.reason) vals.reason = options.reason;
		if (options.date) vals.date = odooDate(options.date);
		// A wizard is a transient record: creating it again does no harm.
		const [wizardId] = await client.create('account.move.reversal', [vals], { ...call, idempotent: true });
		const method = major >= 17 ? 'refund_moves' : 'reverse_moves';
		const action = (await client.call('account.move.reversal', method, [wizardId], {}, call)) as { res_id?: unknown; domain?: unknown } | null;
		const creditNoteId = typeof action?.res_id === 'number' ? action.res_id : idInDomain(action?.domain);
		if (creditNoteId === undefined) throw unexpectedResult('account.move.reversal', method);
		options.onCreated?.(creditNoteId);
		if (options.lines) await this.keepCreditNoteLines(creditNoteId, invoiceId, options.lines, call);
		if (options.post) await client.call('account.move', 'action_post', [creditNoteId], {}, call);
		return { creditNoteId, wizardId };
	}

	/** Sets the quantities of a draft credit note to the given ones and removes the lines of the other products. */
	private async keepCreditNoteLines(creditNoteId: number, invoiceId: number, wanted: CreditNoteLine[], options: Options): Promise<void> {
		const [note] = await this.client.read('account.move', [creditNoteId], ['invoice_line_ids'], options);
		const lines = await this.client.read('account.move.line', idList(note?.invoice_line_ids) ?? [], ['product_id', 'quantity'], options);
		const target = creditedQuantities(lines, invoiceId, wanted);
		const commands = lines.flatMap((line): unknown[] => {
			const quantity = target.get(line.id) ?? 0;
			if (quantity <= 0) return [[2, line.id, 0]];
			return quantity === line.quantity ? [] : [[1, line.id, { quantity }]];
		});
		// Absolute quantities and removals of the same lines: the same result however many times it is written.
		if (commands.length) await this.client.write('account.move', [creditNoteId], { invoice_line_ids: commands }, { ...options, idempotent: true });
	}

	/** Posts a message in the record's chatter and returns the `mail.message` id. */
	async messagePost(model: string, id: number, body: string, options: MessagePostOptions = {}): Promise<number> {
		const { html, subject, messageType, subtypeXmlid, partnerIds, ...callOptions } = options;
		const { major } = await this.client.version();
		const kwargs = {
			body,
			subject,
			message_type: messageType ?? 'comment',
			subtype_xmlid: subtypeXmlid ?? 'mail.mt_note',
			partner_ids: partnerIds,
			// Odoo 16 keeps string bodies as HTML; 17+ escapes them unless told otherwise.
			...(html && major >= 17 ? { body_is_html: true } : {}),
		};
		const result = await this.client.call(model, 'message_post', [id], kwargs, callOptions);
		const messageId = Array.isArray(result) ? result[0] : result;
		if (typeof messageId !== 'number') throw unexpectedResult(model, 'message_post');
		return messageId;
	}

	/**
	 * The messages or open activities already written "once per key" on the targets' records: one search for all of
	 * them (records carrying any key, matched to the wanted key here). Returns target index -> the oldest existing id.
	 */
	async findOnceKeyed(kind: 'message' | 'activity', targets: OnceKeyTarget[], options: Options = {}): Promise<Map<number, number>> {
		const found = new Map<number, number>();
		if (!targets.length) return found;
		const [model, modelField, textField] =
			kind === 'message' ? ['mail.message', 'model', 'body'] : ['mail.activity', 'res_model', 'note'];
		const byModel = new Map<string, Set<number>>();
		for (const target of targets) byModel.set(target.model, (byModel.get(target.model) ?? new Set()).add(target.id));
		const records: unknown[] = [];
		for (const [name, ids] of byModel) records.push(['&', [modelField, '=', name], ['res_id', 'in', [...ids]]]);
		const anyRecord = [...Array(records.length - 1).fill('|'), ...records.flat()];
		const rows = await this.client.searchRead(model, [...anyRecord, [textField, 'ilike', ONCE_KEY_PREFIX]], {
			fields: [modelField, 'res_id', textField],
			order: 'id',
			all: true,
			...options,
		});
		targets.forEach((target, index) => {
			const marker = onceKeyMarker(target.key);
			const row = rows.find(
				(candidate) =>
					candidate[modelField] === target.model &&
					candidate.res_id === target.id &&
					typeof candidate[textField] === 'string' &&
					htmlText(candidate[textField] as string).includes(marker),
			);
			if (row) found.set(index, row.id);
		});
		return found;
	}

	/**
	 * The lines of open RFQs and purchase orders (draft, sent, to approve, purchase) with one of the source documents
	 * and vendors that order one of the products: one search of the lines, one read of their orders.
	 */
	async findOpenPurchaseLines(
		origins: string[],
		vendorIds: number[],
		productIds: number[],
		options: Options = {},
	): Promise<OpenPurchaseLine[]> {
		if (!origins.length || !vendorIds.length || !productIds.length) return [];
		const lines = await this.client.searchRead(
			'purchase.order.line',
			[
				['order_id.state', 'in', OPEN_PURCHASE_STATES],
				['order_id.origin', 'in', origins],
				['order_id.partner_id', 'in', vendorIds],
				['product_id', 'in', productIds],
			],
			{ fields: ['order_id', 'product_id'], order: 'id', all: true, ...options },
		);
		const orderIds = [...new Set(lines.map((line) => relationId(line.order_id)).filter((id): id is number => id !== undefined))];
		if (!orderIds.length) return [];
		const orders = await this.client.read('purchase.order', orderIds, ['name', 'origin', 'partner_id', 'state'], options);
		const byId = new Map(orders.map((order) => [order.id, order]));
		return lines.flatMap((line) => {
			const order = byId.get(relationId(line.order_id) ?? 0);
			const productId = relationId(line.product_id);
			const vendorId = relationId(order?.partner_id);
			if (!order || productId === undefined || vendorId === undefined || typeof order.origin !== 'string') return [];
			return [{ lineId: line.id, productId, orderId: order.id, orderName: String(order.name), origin: order.origin, vendorId, state: String(order.state) }];
		});
	}

	/** Schedules an activity on a record and returns the `mail.activity` id. */
	async scheduleActivity(model: string, resId: number, options: ScheduleActivityOptions): Promise<number> {
		const { activityTypeId, activityTypeXmlId, userId, dateDeadline, summary, note, ...callOptions } = options;
		const [resModelId, typeId] = await Promise.all([
			this.modelId(model),
			activityTypeXmlId === undefined ? activityTypeId : this.xmlId(activityTypeXmlId, 'mail.activity.type'),
		]);
		const [activityId] = await this.client.create(
			'mail.activity',
			[
				{
					res_model_id: resModelId,
					res_id: resId,
					activity_type_id: typeId,
					user_id: userId,
					date_deadline: dateDeadline === undefined ? undefined : odooDate(dateDeadline),
					summary,
					note,
				},
			],
			callOptions,
		);
		return activityId;
	}

	/** Marks activities done (with an optional feedback); returns the id of the message it posts, if any. */
	async markActivityDone(ids: number[], feedback?: string, options: CallOptions = {}): Promise<number | null> {
		const result = await this.client.call('mail.activity', 'action_feedback', ids, { feedback }, options);
		const messageId = Array.isArray(result) ? result[0] : result;
		return typeof messageId === 'number' ? messageId : null;
	}

	private async setDoneQuantities(pickingIds: number[], quantities: DoneQuantity[], options: Options): Promise<void> {
		const { major } = await this.client.version();
		const moveQuantities = await this.resolveMoves(pickingIds, quantities, options);
		const byQuantity = new Map<number, number[]>();
		for (const [moveId, quantity] of moveQuantities) byQuantity.set(quantity, [...(byQuantity.get(quantity) ?? []), moveId]);
		for (const [quantity, moveIds] of byQuantity) {
			// 17.0 replaced `quantity_done` by `quantity` plus the `picked` flag.
			const vals = major >= 17 ? { quantity, picked: true } : { quantity_done: quantity };
			// Writing absolute quantities gives the same result however many times it is done.
			await this.client.write('stock.move', moveIds, vals, { ...options, idempotent: true });
		}
	}

	private async resolveMoves(
		pickingIds: number[],
		quantities: DoneQuantity[],
		options: Options,
	): Promise<Map<number, number>> {
		const result = new Map<number, number>();
		const byProduct = new Map<number, number>();
		for (const entry of quantities) {
			if (!Number.isFinite(entry.quantity) || entry.quantity < 0) {
				throw badArgument(`the done quantity must be a number of at least 0, not ${entry.quantity}`);
			}
			if ('moveId' in entry) result.set(entry.moveId, entry.quantity);
			else byProduct.set(entry.productId, entry.quantity);
		}
		if (!byProduct.size) return result;
		const moves = await this.client.searchRead(
			'stock.move',
			[
				['picking_id', 'in', pickingIds],
				['product_id', 'in', [...byProduct.keys()]],
				['state', 'not in', ['done', 'cancel']],
			],
			{ ...options, fields: ['product_id'] },
		);
		for (const [productId, quantity] of byProduct) {
			const matching = moves.filter((move) => relationId(move.product_id) === productId);
			if (matching.length !== 1) {
				const problem = matching.length
					? `is on ${matching.length} moves (${matching.map((move) => move.id).join(', ')}): give the move id instead`
					: `has no open move in the transfers ${pickingIds.join(', ')}`;
				throw badArgument(`product ${productId} ${problem}`);
			}
			result.set(matching[0].id, quantity);
		}
		return result;
	}

	/** Creates the wizard with the context of the action that asked for it, then runs its button with that context. */
	private async answerWizard(model: string, button: string, context: Context, options: Options): Promise<unknown> {
		const call = { ...options, context };
		// Without the action's context the wizard does nothing; creating a transient record twice is harmless.
		const [wizardId] = await this.client.create(model, [{}], { ...call, idempotent: true });
		return this.client.call(model, button, [wizardId], {}, call);
	}

	private async wizardError(action: WindowAction, pickingIds: number[], reason: string): Promise<OdooWizardError> {
		const pickings = await this.client.read('stock.picking', pickingIds, ['name']);
		const names = pickings.map((picking) => `${String(picking.name)} (id ${picking.id})`).join(', ');
		const title = typeof action.name === 'string' ? `"${action.name}" ` : '';
		return new OdooWizardError({
			odooName: action.res_model,
			odooMessage: `validating ${names || pickingIds.join(', ')}: Odoo opened the ${title}wizard (${action.res_model}), and ${reason}`,
			model: 'stock.picking',
			method: 'button_validate',
			hint: 'Set the done quantities to the demand, or choose another backorder policy, or finish the transfer in Odoo.',
			wizardModel: action.res_model,
			recordIds: pickingIds,
		});
	}

	private modelId(model: string): Promise<number> {
		return cached(this.modelIds, model, async () => {
			const [id] = await this.client.search('ir.model', [['model', '=', model]], { limit: 1 });
			if (id === undefined) {
				throw new OdooUnknownModelError({
					odooName: 'ir.model',
					odooMessage: `the model '${model}' does not exist`,
					model,
					hint: HINTS.unknownModel,
				});
			}
			return id;
		});
	}

	private xmlId(xmlId: string, model: string): Promise<number> {
		return cached(this.xmlIds, xmlId, async () => {
			const [module, name, ...rest] = xmlId.split('.');
			if (!module || !name || rest.length) {
				throw badArgument(`'${xmlId}' is not an external id (expected module.name)`);
			}
			const [data] = await this.client.searchRead(
				'ir.model.data',
				[
					['module', '=', module],
					['name', '=', name],
					['model', '=', model],
				],
				{ fields: ['res_id'], limit: 1 },
			);
			if (typeof data?.res_id !== 'number') {
				throw badArgument(`no ${model} record has the external id '${xmlId}'`);
			}
			return data.res_id;
		});
	}
}

function isWindowAction(result: unknown): result is WindowAction {
	const action = result as { type?: unknown; res_model?: unknown } | null;
	return typeof action === 'object' && action !== null && action.type === 'ir.actions.act_window' && typeof action.res_model === 'string';
}

/**
 * The `(1, id, {quantity})` commands setting each return line: in full without `wanted`, otherwise the wanted
 * quantity of each product spread over its lines in order, and 0 for the other products.
 */
function returnQuantities(
	lines: OdooRecord[],
	fullField: string,
	pickingId: number,
	wanted: ReturnLine[] | undefined,
): Array<[1, number, { quantity: number }]> {
	const target = new Map<number, number>();
	for (const line of lines) target.set(line.id, wanted ? 0 : Number(line[fullField]) || 0);
	for (const { productId, quantity } of wanted ?? []) {
		const productLines = lines.filter((line) => relationId(line.product_id) === productId);
		if (!productLines.length) throw badArgument(`product ${productId} is not in transfer ${pickingId}`);
		let remaining = quantity;
		productLines.forEach((line, index) => {
			const last = index === productLines.length - 1;
			const share = last ? remaining : Math.min(remaining, Number(line[fullField]) || 0);
			target.set(line.id, (target.get(line.id) ?? 0) + share);
			remaining -= share;
		});
	}
	return lines
		.filter((line) => line.quantity !== target.get(line.id))
		.map((line) => [1, line.id, { quantity: target.get(line.id) ?? 0 }]);
}

function sumByProduct(lines: ReadonlyArray<{ productId: number; quantity: number }>): Map<number, number> {
	const sums = new Map<number, number>();
	for (const { productId, quantity } of lines) sums.set(productId, (sums.get(productId) ?? 0) + quantity);
	return sums;
}

/** The same positive quantity of the same products (products at 0 count as absent). */
function sameQuantities(actual: Map<number, number>, wanted: Map<number, number>): boolean {
	const positive = (map: Map<number, number>) => [...map].filter(([, quantity]) => quantity > 1e-9);
	const a = positive(actual);
	const w = new Map(positive(wanted));
	return a.length === w.size && a.every(([productId, quantity]) => Math.abs(quantity - (w.get(productId) ?? NaN)) <= 1e-6);
}

/** A many2one value is `[id, name]` (or a bare id with `load: null`). */
function relationId(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

/** The quantity to credit on each invoice (or credit note) line: the wanted quantity of each product, in line order. */
function creditedQuantities(lines: OdooRecord[], invoiceId: number, wanted: CreditNoteLine[]): Map<number, number> {
	const target = new Map<number, number>(lines.map((line) => [line.id, 0]));
	for (const { productId, quantity } of wanted) {
		if (!Number.isFinite(quantity) || quantity <= 0) throw badArgument(`the quantity to credit must be above 0, not ${quantity}`);
		const productLines = lines.filter((line) => relationId(line.product_id) === productId);
		const invoiced = productLines.reduce((sum, line) => sum + (Number(line.quantity) || 0), 0);
		if (!productLines.length) throw badArgument(`product ${productId} is not on invoice ${invoiceId}`);
		if (quantity > invoiced + 1e-9) throw badArgument(`product ${productId}: ${quantity} to credit, but only ${invoiced} invoiced on invoice ${invoiceId}`);
		let remaining = quantity;
		for (const line of productLines) {
			const share = Math.min(remaining, Number(line.quantity) || 0);
			target.set(line.id, (target.get(line.id) ?? 0) + share);
			remaining -= share;
		}
	}
	return target;
}

/** The single id of an action's `[["id", "in", [id]]]` domain. */
function idInDomain(domain: unknown): number | undefined {
	if (!Array.isArray(domain)) return undefined;
	for (const term of domain) {
		if (Array.isArray(term) && term[0] === 'id' && Array.isArray(term[2]) && term[2].length === 1 && typeof term[2][0] === 'number') return term[2][0];
	}
	return undefined;
}

function idList(value: unknown): number[] | undefined {
	return Array.isArray(value) && value.every((item) => typeof item === 'number') ? value : undefined;
}

function odooDate(value: string | Date): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw badArgument('the deadline is not a valid date');
		return value.toISOString().slice(0, 10);
	}
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
		throw badArgument(`the deadline must be a date as YYYY-MM-DD, not '${value}'`);
	}
	return value;
}

function cached(cache: Map<string, Promise<number>>, key: string, load: () => Promise<number>): Promise<number> {
	let entry = cache.get(key);
	if (!entry) {
		entry = load();
		cache.set(key, entry);
		entry.catch(() => cache.delete(key));
	}
	return entry;
}

/** The states of an RFQ or purchase order that can still receive: a shortage on one of them is already ordered. */
export const OPEN_PURCHASE_STATES = ['draft', 'sent', 'to approve', 'purchase'];

export interface OpenPurchaseLine {
	lineId: number;
	productId: number;
	orderId: number;
	orderName: string;
	origin: string;
	vendorId: number;
	state: string;
}

export interface OnceKeyTarget {
	model: string;
	id: number;
	key: string;
}

/**
 * Marks a chatter message or activity note as written for a key. Odoo's HTML sanitiser drops comments and data
 * attributes it does not know, so the marker is a short visible line of text, which survives it.
 */
export const ONCE_KEY_PREFIX = 'n8n-key:';

export function onceKeyMarker(key: string): string {
	return `[${ONCE_KEY_PREFIX} ${key}]`;
}

/** The body (or note) with the marker line added, as HTML or as plain text. */
export function withOnceKeyMarker(body: string, key: string, html: boolean): string {
	const marker = onceKeyMarker(key);
	if (!html) return body ? `${body}\n\n${marker}` : marker;
	return `${body}<p>${escapeHtml(marker)}</p>`;
}

function escapeHtml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** The text of stored HTML with its entities decoded (Odoo and its sanitiser escape them in several ways). */
function htmlText(value: string): string {
	return value
		.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
		.replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&nbsp;/g, ' ')
		.replace(/&amp;/g, '&');
}
