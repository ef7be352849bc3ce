/** Enterprise apps the logistics templates use: Helpdesk and Approvals (field sets after their 17/18 versions). */
import { userError } from '../errors';
import { recordMethod } from '../orm/base-methods';
import type { Env, Rec } from '../orm/env';
import { boolean, char, datetime, float, html, integer, many2many, many2one, monetary, one2many, selection } from '../orm/fields';
import type { ModelDef } from '../orm/model';

const REQUIREMENT = [
	['required', 'Required'],
	['optional', 'Optional'],
	['no', 'None'],
] as const;

const APPROVER_STATES = [
	['new', 'New'],
	['pending', 'To Approve'],
	['waiting', 'Waiting'],
	['approved', 'Approved'],
	['refused', 'Refused'],
	['cancel', 'Cancel'],
] as const;

function requestStatus(request: Rec): string {
	const approvers = request.x2m('approver_ids');
	const statuses = approvers.map((a) => a.str('status'));
	if (!statuses.length || statuses.every((s) => s === 'new')) return 'new';
	if (statuses.includes('cancel')) return 'cancel';
	if (statuses.includes('refused')) return 'refused';
	const category = request.m2o('category_id');
	const minimum = category?.num('approval_minimum') ?? 1;
	const required = approvers.filter((a) => a.get('required'));
	const approved = statuses.filter((s) => s === 'approved').length;
	if (required.every((a) => a.get('status') === 'approved') && approved >= Math.min(minimum, approvers.length)) return 'approved';
	return 'pending';
}

function setApproverStatus(env: Env, ids: number[], from: string[], to: string, onlyMine: boolean): true {
	for (const request of env.recs('approval.request', ids)) {
		const approvers = request
			.x2m('approver_ids')
			.filter((a) => from.includes(a.str('status')) && (!onlyMine || a.get('user_id') === env.uid));
		if (onlyMine && !approvers.length) throw userError('You are not an approver of this request, or you already gave your decision.');
		if (approvers.length) env.model('approval.approver').write(approvers.map((a) => a.id), { status: to });
	}
	return true;
}

const approvalMethod = (fn: (env: Env, ids: number[]) => unknown) => recordMethod('ApprovalRequest', fn);

export const HELPDESK_MODELS: ModelDef[] = [
	{
		name: 'helpdesk.team',
		description: 'Helpdesk Team',
		module: 'helpdesk',
		order: 'sequence,name',
		fields: {
			name: char('Helpdesk Team', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			active: boolean('Active', { default: true }),
			use_sla: boolean('SLA Policies', { default: true }),
			stage_ids: many2many('helpdesk.stage', 'Stages'),
		},
	},
	{
		name: 'helpdesk.stage',
		description: 'Helpdesk Stage',
		module: 'helpdesk',
		order: 'sequence, id',
		fields: {
			name: char('Stage Name', { required: true }),
			sequence: integer('Sequence', { default: 1 }),
			fold: boolean('Folded in Kanban'),
			active: boolean('Active', { default: true }),
		},
	},
	{
		name: 'helpdesk.tag',
		description: 'Helpdesk Tags',
		module: 'helpdesk',
		order: 'name',
		fields: { name: char('Tag Name', { required: true }), color: integer('Color') },
	},
	{
		name: 'helpdesk.ticket',
		description: 'Helpdesk Ticket',
		module: 'helpdesk',
		order: 'priority desc, id desc',
		mixins: ['mail.thread', 'mail.activity.mixin'],
		displayName: (rec) => `${rec.str('name')} (#${rec.str('ticket_ref')})`,
		fields: {
			name: char('Subject', { required: true }),
			ticket_ref: char('Ticket IDs Sequence', { copy: false }),
			team_id: many2one('helpdesk.team', 'Helpdesk Team'),
			description: html('Description'),
			active: boolean('Active', { default: true }),
			tag_ids: many2many('helpdesk.tag', 'Tags'),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			user_id: many2one('res.users', 'Assigned to'),
			partner_id: many2one('res.partner', 'Customer'),
			partner_name: char('Customer Name'),
			partner_email: char('Customer Email'),
			partner_phone: char('Customer Phone'),
			priority: selection(
				[
					['0', 'Low priority'],
					['1', 'Medium priority'],
					['2', 'High priority'],
					['3', 'Urgent'],
				],
				'Priority',
				{ default: '0' },
			),
			stage_id: many2one('helpdesk.stage', 'Stage', {
				defaultFn: (env) => env.model('helpdesk.stage').search([], { limit: 1 })[0] ?? false,
			}),
			kanban_state: selection(
				[
					['normal', 'Grey'],
					['done', 'Green'],
					['blocked', 'Red'],
				],
				'Kanban State',
				{ default: 'normal' },
			),
			sla_deadline: datetime('SLA Deadline'),
			sla_fail: boolean('Failed SLA Policy', {
				compute: (rec) => Boolean(rec.get('sla_deadline')) && !rec.get('close_date') && rec.str('sla_deadline') < rec.env.now(),
			}),
			close_date: datetime('Close date'),
			sale_order_id: many2one('sale.order', 'Ref. Sales Order'),
			picking_ids: many2many('stock.picking', 'Return Orders'),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.ticket_ref) vals.ticket_ref = String(env.db.store.nextSequence('helpdesk.ticket'));
				if (vals.partner_id) {
					const partner = env.rec('res.partner', vals.partner_id as number);
					vals.partner_name ??= partner.get('name');
					vals.partner_email ??= partner.get('email');
					vals.partner_phone ??= partner.get('phone');
				}
			},
			beforeWrite: (env, _ids, vals) => {
				if (!vals.stage_id) return;
				const folded = env.rec('helpdesk.stage', vals.stage_id as number).get('fold');
				vals.close_date = folded ? env.now() : false;
			},
		},
		access: { portal: ['read', 'create'], portalRule: () => false, groups: { read: ['Helpdesk/User'] } },
	},
	{
		name: 'approval.category',
		description: 'Approval Category',
		module: 'approvals',
		order: 'sequence, name',
		fields: {
			name: char('Name', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			active: boolean('Active', { default: true }),
			description: char('Description'),
			approval_type: selection([['purchase', "Create RFQ's"]], 'Approval Type'),
			has_date: selection(REQUIREMENT, 'Has Date', { default: 'no' }),
			has_period: selection(REQUIREMENT, 'Has Period', { default: 'no' }),
			has_quantity: selection(REQUIREMENT, 'Has Quantity', { default: 'no' }),
			has_amount: selection(REQUIREMENT, 'Has Amount', { default: 'no' }),
			has_reference: selection(REQUIREMENT, 'Has Reference', { default: 'no' }),
			has_partner: selection(REQUIREMENT, 'Has Contact', { default: 'no' }),
			has_location: selection(REQUIREMENT, 'Has Location', { default: 'no' }),
			has_product: selection(REQUIREMENT, 'Has Product', { default: 'no' }),
			approval_minimum: integer('Minimum Approval', { default: 1 }),
			manager_approval: selection(
				[
					['approver', 'Is Approver'],
					['required', 'Is Required Approver'],
				],
				"Employee's Manager",
			),
			approver_ids: one2many('approval.category.approver', 'category_id', 'Approvers'),
			approver_sequence: boolean('Approvers Sequence?'),
		},
	},
	{
		name: 'approval.category.approver',
		description: 'Approval Type Approver',
		module: 'approvals',
		order: 'sequence, id',
		fields: {
			category_id: many2one('approval.category', 'Approval Type', { required: true, ondelete: 'cascade' }),
			user_id: many2one('res.users', 'User', { required: true }),
			required: boolean('Required'),
			sequence: integer('Sequence', { default: 10 }),
		},
	},
	{
		name: 'approval.request',
		description: 'Approval Request',
		module: 'approvals',
		order: 'name',
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: {
			name: char('Approval Subject', { required: true }),
			category_id: many2one('approval.category', 'Category', { required: true }),
			request_owner_id: many2one('res.users', 'Request Owner', { defaultFn: (env) => env.uid }),
			approver_ids: one2many('approval.approver', 'request_id', 'Approvers'),
			request_status: selection(
				[
					['new', 'To Submit'],
					['pending', 'Submitted'],
					['approved', 'Approved'],
					['refused', 'Refused'],
					['cancel', 'Cancel'],
				],
				'Request Status',
				{ compute: requestStatus },
			),
			user_status: selection(APPROVER_STATES, 'Approval Status', {
				compute: (rec) => rec.x2m('approver_ids').find((a) => a.get('user_id') === rec.env.uid)?.get('status') ?? false,
			}),
			date: datetime('Date'),
			date_start: datetime('Date start'),
			date_end: datetime('Date end'),
			date_confirmed: datetime('Date Confirmed', { readonly: true }),
			quantity: float('Quantity'),
			amount: monetary('Amount'),
			reference: char('Reference'),
			partner_id: many2one('res.partner', 'Contact'),
			location: char('Location'),
			reason: html('Description'),
			company_id: many2one('res.company', 'Company', { default: 1 }),
		},
		hooks: {
			afterCreate: (rec, vals) => {
				if (vals.approver_ids) return;
				for (const approver of rec.m2o('category_id')?.x2m('approver_ids') ?? []) {
					rec.env.model('approval.approver').create({
						request_id: rec.id,
						user_id: approver.get('user_id'),
						required: approver.get('required'),
						sequence: approver.get('sequence'),
					});
				}
			},
		},
		methods: {
			action_confirm: approvalMethod((env, ids) => {
				for (const request of env.recs('approval.request', ids)) {
					if (!request.get<number[]>('approver_ids').length) {
						throw userError('You have to add at least one approver to confirm your request.');
					}
					const category = request.m2o('category_id')!;
					if (category.get('has_amount') === 'required' && !request.num('amount')) throw userError('Amount is required.');
				}
				setApproverStatus(env, ids, ['new'], 'pending', false);
				env.model('approval.request').write(ids, { date_confirmed: env.now() });
				return true;
			}),
			action_approve: approvalMethod((env, ids) => setApproverStatus(env, ids, ['pending'], 'approved', true)),
			action_refuse: approvalMethod((env, ids) => setApproverStatus(env, ids, ['pending'], 'refused', true)),
			action_withdraw: approvalMethod((env, ids) => setApproverStatus(env, ids, ['approved', 'refused'], 'pending', true)),
			action_draft: approvalMethod((env, ids) => setApproverStatus(env, ids, ['pending', 'approved', 'refused', 'cancel'], 'new', false)),
			action_cancel: approvalMethod((env, ids) => setApproverStatus(env, ids, ['new', 'pending', 'approved', 'refused'], 'cancel', false)),
		},
	},
	{
		name: 'approval.approver',
		description: 'Approver',
		module: 'approvals',
		order: 'sequence, id',
		fields: {
			request_id: many2one('approval.request', 'Request', { required: true, ondelete: 'cascade' }),
			user_id: many2one('res.users', 'User', { required: true }),
			status: selection(APPROVER_STATES, 'Status', { default: 'new' }),
			required: boolean('Required'),
			sequence: integer('Sequence', { default: 10 }),
		},
	},
];

