/**
 * Records approval requests in Odoo, for the whole batch at once:
 *
 * - Odoo Enterprise with Approvals: one `approval.request` per item (category chosen by the user, the policy's
 *   approvers as its approvers, the decision id as its reference), submitted unless asked otherwise.
 * - Odoo Community (no `approval.request` model): one `mail.activity` per approver on the business record.
 *
 * Approvers and requesters are matched to Odoo users by login (or by user id when they are numbers). An item whose
 * business record, model or approvers cannot be found fails on its own, naming what is missing; the others go on.
 * Calls: one to detect the model (Auto), one for the users, one for the models and one per model for the records,
 * one create, one submit.
 */
import type { OdooClient } from '../shared/odoo';

export type OdooTarget = 'auto' | 'approvalRequest' | 'activities';
export type RecordedKind = 'approvalRequest' | 'activities';

export interface OdooRequest {
	decisionId: string;
	summary: string;
	/** The decision in HTML, as Route writes it for Odoo's chatter. */
	chatter: string;
	requester: string | null;
	approvers: string[];
	minApprovals: number;
	order: 'parallel' | 'sequential';
	deadline: string;
	/** The business record the approval is about. */
	model: string;
	resId: number;
}

export interface OdooSettings {
	target: OdooTarget;
	/** Approval category: its id, or its exact name. Needed for approval requests. */
	category: string;
	/** Submit the approval request (To Submit → Submitted), which notifies the approvers in Odoo. */
	submit: boolean;
	/** When one item cannot be recorded, record none (the node then fails on that item). */
	allOrNothing: boolean;
}

export interface Recorded {
	kind: RecordedKind;
	model: 'approval.request' | 'mail.activity';
	ids: number[];
	target: { model: string; id: number };
	/** Odoo users by approver, as matched. */
	users: Record<string, number>;
}

export type RecordOutcome = { ok: true; recorded: Recorded } | { ok: false; message: string; field: string };

/** A failure of the whole batch (settings, a missing Odoo app); item problems are outcomes instead. */
export class OdooRecordError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OdooRecordError';
	}
}

const APPROVAL_MODEL = 'approval.request';
const MAX_SUBJECT = 200;

const subject = (text: string) => (text.length > MAX_SUBJECT ? `${text.slice(0, MAX_SUBJECT - 1)}…` : text);
const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

async function hasModel(client: OdooClient, model: string): Promise<boolean> {
	return (await client.searchCount('ir.model', [['model', '=', model]])) > 0;
}

/** Odoo user ids by identifier: numbers are ids, anything else a login. Unknown identifiers are left out. */
async function usersFor(client: OdooClient, identifiers: Iterable<string>): Promise<Map<string, number>> {
	const wanted = [...new Set(identifiers)];
	const ids = wanted.filter((id) => /^[1-9][0-9]*$/.test(id)).map(Number);
	const logins = wanted.filter((id) => !/^[1-9][0-9]*$/.test(id));
	const domain = ids.length && logins.length ? ['|', ['id', 'in', ids], ['login', 'in', logins]] : ids.length ? [['id', 'in', ids]] : [['login', 'in', logins]];
	const found = wanted.length ? await client.searchRead('res.users', domain as never, { fields: ['login'] }) : [];
	const users = new Map<string, number>();
	for (const user of found) {
		users.set(String(user.login), user.id);
		users.set(String(user.id), user.id);
	}
	return users;
}

async function categoryId(client: OdooClient, category: string): Promise<number> {
	const text = category.trim();
	if (!text) {
		throw new OdooRecordError('Approval Category is empty: name the Odoo approval category (its name or ID) the requests are filed under');
	}
	const domain = /^[1-9][0-9]*$/.test(text) ? [['id', '=', Number(text)]] : [['name', '=', text]];
	const [found] = await client.search('approval.category', domain as never, { limit: 1 });
	if (!found) throw new OdooRecordError(`Approval Category ${JSON.stringify(text)} does not exist in Odoo (approval.category)`);
	return found;
}

/** Which business records exist, per model; models that do not exist map to undefined. */
async function existingRecords(client: OdooClient, requests: readonly OdooRequest[]): Promise<Map<string, { modelId: number; ids: Set<number> } | undefined>> {
	const models = [...new Set(requests.map((r) => r.model))];
	const rows = await client.searchRead('ir.model', [['model', 'in', models]], { fields: ['model'] });
	const result = new Map<string, { modelId: number; ids: Set<number> } | undefined>();
	for (const model of models) {
		const row = rows.find((r) => r.model === model);
		if (!row) {
			result.set(model, undefined);
			continue;
		}
		const wanted = [...new Set(requests.filter((r) => r.model === model).map((r) => r.resId))];
		const found = await client.search(model, [['id', 'in', wanted]]);
		result.set(model, { modelId: row.id, ids: new Set(found) });
	}
	return result;
}

function approvalText(request: OdooRequest): string {
	const order = request.order === 'sequential' ? 'in this order' : 'in any order';
	return `${request.minApprovals} of ${request.approvers.join(', ')} (${order}), deadline ${request.deadline}`;
}

function requestVals(request: OdooRequest, category: number, users: Map<string, number>): Record<string, unknown> {
	// Odoo's minimum is set on the category; when every approver must approve, each is marked required.
	const allRequired = request.minApprovals >= request.approvers.length;
	const owner = request.requester ? users.get(request.requester) : undefined;
	return {
		name: subject(request.summary || `Approval ${request.decisionId}`),
		category_id: category,
		...(owner ? { request_owner_id: owner } : {}),
		reference: request.decisionId,
		reason: `${request.chatter}<p>${escapeHtml(`About ${request.model} ${request.resId}. Approval: ${approvalText(request)}.`)}</p>`,
		approver_ids: request.approvers.map((approver, index) => [
			0,
			0,
			{ user_id: users.get(approver), required: allRequired, sequence: (index + 1) * 10 },
		]),
	};
}

function activityVals(request: OdooRequest, modelId: number, uid: number): Record<string, unknown> {
	return {
		res_model_id: modelId,
		res_id: request.resId,
		user_id: uid,
		summary: subject(`Approval: ${request.summary || request.decisionId}`),
		note: `${request.chatter}<p>${escapeHtml(`Approval ${request.decisionId}: ${approvalText(request)}.`)}</p>`,
		date_deadline: request.deadline.slice(0, 10),
	};
}

export async function recordInOdoo(
	client: OdooClient,
	requests: readonly OdooRequest[],
	settings: OdooSettings,
): Promise<RecordOutcome[]> {
	if (!requests.length) return [];
	const approvals = settings.target !== 'activities' && (await hasModel(client, APPROVAL_MODEL));
	if (settings.target === 'approvalRequest' && !approvals) {
		throw new OdooRecordError(
			'This Odoo has no approval.request model: install the Approvals app (Odoo Enterprise), or record the request as Activities',
		);
	}
	const kind: RecordedKind = approvals ? 'approvalRequest' : 'activities';
	const category = kind === 'approvalRequest' ? await categoryId(client, settings.category) : 0;
	const users = await usersFor(client, requests.flatMap((r) => (r.requester ? [...r.approvers, r.requester] : r.approvers)));
	const records = await existingRecords(client, requests);

	const outcomes: RecordOutcome[] = requests.map((request) => {
		const found = records.get(request.model);
		if (!found) return { ok: false, message: `Model ${request.model} does not exist in Odoo`, field: 'model' };
		if (!found.ids.has(request.resId)) {
			return { ok: false, message: `${request.model} record ${request.resId} does not exist in Odoo`, field: 'recordId' };
		}
		const unknown = request.approvers.filter((approver) => !users.has(approver));
		if (unknown.length) {
			return {
				ok: false,
				message: `No Odoo user has the login ${unknown.join(', ')} (approvers are matched to res.users by login or user ID)`,
				field: 'approval.required.approvers',
			};
		}
		if (!request.approvers.length) return { ok: false, message: 'The approval names no approver', field: 'approval.required.approvers' };
		const matched = Object.fromEntries(request.approvers.map((a) => [a, users.get(a)!]));
		return { ok: true, recorded: { kind, model: kind === 'approvalRequest' ? APPROVAL_MODEL : 'mail.activity', ids: [], target: { model: request.model, id: request.resId }, users: matched } };
	});

	const ready = requests.map((request, index) => ({ request, outcome: outcomes[index] })).filter(({ outcome }) => outcome.ok);
	if (!ready.length || (settings.allOrNothing && ready.length < requests.length)) return outcomes;
	if (kind === 'approvalRequest') {
		// One create for the batch: Odoo creates all of them or none.
		const ids = await client.create(APPROVAL_MODEL, ready.map(({ request }) => requestVals(request, category, users)));
		ready.forEach(({ outcome }, index) => outcome.ok && outcome.recorded.ids.push(ids[index]));
		if (settings.submit) {
			try {
				await client.call(APPROVAL_MODEL, 'action_confirm', ids);
			} catch (error) {
				throw new OdooRecordError(
					`The approval requests ${ids.join(', ')} were created in Odoo but could not be submitted: ${(error as Error).message}. Submit them in Odoo, or delete them before running again`,
				);
			}
		}
	} else {
		const vals = ready.flatMap(({ request }) =>
			request.approvers.map((approver) => activityVals(request, records.get(request.model)!.modelId, users.get(approver)!)),
		);
		const ids = await client.create('mail.activity', vals);
		let next = 0;
		for (const { request, outcome } of ready) {
			if (outcome.ok) outcome.recorded.ids.push(...ids.slice(next, next + request.approvers.length));
			next += request.approvers.length;
		}
	}
	return outcomes;
}
