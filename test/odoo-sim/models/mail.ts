import { addDays } from '../clock';
import { kwOnly, param } from '../orm/base-methods';
import type { Env, Rec } from '../orm/env';
import { boolean, char, date, datetime, html, integer, many2many, many2one, one2many, reference, selection, text } from '../orm/fields';
import type { ModelDef } from '../orm/model';
import { RecordSet } from '../orm/recordset';
import { requireSingleton } from './base';

function escapeHtml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#x27;');
}

/** `plaintext2html`: escape, keep line breaks, wrap in a paragraph. */
function plaintextToHtml(value: string): string {
	return `<p>${escapeHtml(value).replace(/\r?\n/g, '<br>')}</p>`;
}

/** Posts a chatter message on a record and returns its id. */
export function postMessage(
	env: Env,
	model: string,
	resId: number,
	values: { body: string; messageType?: string; subtypeXmlid?: string; subject?: string; partnerIds?: number[] },
): number {
	const subtype = env.ref(values.subtypeXmlid ?? 'mail.mt_note');
	return env.model('mail.message').create({
		body: values.body,
		model,
		res_id: resId,
		message_type: values.messageType ?? 'notification',
		subtype_id: subtype.id,
		subject: values.subject ?? false,
		author_id: env.user().get('partner_id'),
		partner_ids: values.partnerIds ?? [],
	});
}

const ACTIVITY_STATES = [
	['overdue', 'Overdue'],
	['today', 'Today'],
	['planned', 'Planned'],
] as const;

function activityState(deadline: string | false, today: string): string | false {
	if (!deadline) return false;
	if (deadline < today) return 'overdue';
	return deadline === today ? 'today' : 'planned';
}

/** The record's activities, soonest first. */
function activitiesOf(rec: Rec): Rec[] {
	return rec.env.recs(
		'mail.activity',
		rec.env.model('mail.activity').search(
			[
				['res_model', '=', rec.model],
				['res_id', '=', rec.id],
			],
			{ order: 'date_deadline asc, id asc' },
		),
	);
}

const nextActivity = (rec: Rec): Rec | undefined => activitiesOf(rec)[0];

/** Marks activities done: posts the "done" message on each record, removes the activity, returns the message ids. */
function activityDone(env: Env, ids: number[], feedback: string | false): number[] {
	const messages: number[] = [];
	for (const activity of env.recs('mail.activity', ids)) {
		const type = activity.m2o('activity_type_id');
		const parts = [`<p>${escapeHtml(type?.str('name') ?? 'Activity')} done</p>`];
		if (activity.str('summary')) parts.push(`<p>${escapeHtml(activity.str('summary'))}</p>`);
		if (feedback) parts.push(plaintextToHtml(feedback));
		messages.push(
			postMessage(env, activity.str('res_model'), activity.num('res_id'), {
				body: parts.join(''),
				messageType: 'notification',
				subtypeXmlid: 'mail.mt_activities',
			}),
		);
	}
	env.model('mail.activity').unlink(ids);
	return messages;
}

export const MAIL_MODELS: ModelDef[] = [
	{
		name: 'mail.thread',
		description: 'Email Thread',
		abstract: true,
		fields: {
			message_is_follower: boolean('Is Follower', { compute: () => false }),
			message_follower_ids: one2many('mail.followers', 'res_id', 'Followers', {
				readonly: false,
				compute: (rec) =>
					rec.env.model('mail.followers').search([
						['res_model', '=', rec.model],
						['res_id', '=', rec.id],
					]),
			}),
			message_partner_ids: many2many('res.partner', 'Followers (Partners)', {
				readonly: false,
				compute: (rec) => rec.x2m('message_follower_ids').map((f) => f.get<number>('partner_id')),
			}),
			message_ids: one2many('mail.message', 'res_id', 'Messages', {
				readonly: false,
				compute: (rec) =>
					rec.env.model('mail.message').search([
						['model', '=', rec.model],
						['res_id', '=', rec.id],
					]),
			}),
			has_message: boolean('Has Message', { compute: (rec) => rec.get<number[]>('message_ids').length > 0 }),
			message_needaction: boolean('Action Needed', { compute: () => false }),
			message_needaction_counter: integer('Number of Actions', { compute: () => 0 }),
			message_has_error: boolean('Message Delivery error', { compute: () => false }),
			message_has_error_counter: integer('Number of errors', { compute: () => 0 }),
			message_attachment_count: integer('Attachment Count', { compute: () => 0 }),
			website_message_ids: one2many('mail.message', 'res_id', 'Website Messages', { readonly: false, compute: () => [] }),
			message_has_sms_error: boolean('SMS Delivery error', { compute: () => false }),
		},
		methods: {
			message_post: {
				api: 'records',
				owner: 'MailThread',
				access: 'read',
				returnsId: true,
				params: [
					kwOnly('body'),
					kwOnly('subject'),
					kwOnly('message_type'),
					kwOnly('subtype_xmlid'),
					kwOnly('subtype_id'),
					kwOnly('partner_ids'),
					kwOnly('attachments'),
					kwOnly('attachment_ids'),
					kwOnly('body_is_html'),
				],
				varKw: 'kwargs',
				fn: ({ env, model, ids, kw }) => {
					const id = requireSingleton(model, ids);
					const raw = typeof kw.body === 'string' ? kw.body : '';
					const body = kw.body_is_html ? raw : raw ? plaintextToHtml(raw) : '';
					let subtypeXmlid = kw.subtype_xmlid as string | undefined;
					if (!subtypeXmlid && kw.subtype_id) {
						const entry = [...env.db.xmlids].find(([, v]) => v.model === 'mail.message.subtype' && v.id === kw.subtype_id);
						subtypeXmlid = entry?.[0];
					}
					const messageId = postMessage(env, model, id, {
						body,
						messageType: (kw.message_type as string) ?? 'notification',
						subtypeXmlid,
						subject: kw.subject as string | undefined,
						partnerIds: (kw.partner_ids as number[]) ?? [],
					});
					return new RecordSet('mail.message', [messageId]);
				},
			},
		},
	},
	{
		name: 'mail.activity.mixin',
		description: 'Activity Mixin',
		abstract: true,
		fields: {
			activity_ids: one2many('mail.activity', 'res_id', 'Activities', { readonly: false, compute: (rec) => activitiesOf(rec).map((a) => a.id) }),
			activity_state: selection(ACTIVITY_STATES, 'Activity State', {
				compute: (rec) => {
					const states = activitiesOf(rec).map((a) => a.get('state'));
					return (['overdue', 'today', 'planned'] as const).find((s) => states.includes(s)) ?? false;
				},
			}),
			activity_user_id: many2one('res.users', 'Responsible User', {
				compute: (rec) => nextActivity(rec)?.get('user_id') ?? false,
			}),
			activity_type_id: many2one('mail.activity.type', 'Next Activity Type', {
				readonly: false,
				compute: (rec) => nextActivity(rec)?.get('activity_type_id') ?? false,
			}),
			activity_type_icon: char('Activity Type Icon', {
				compute: (rec) => nextActivity(rec)?.m2o('activity_type_id')?.get('icon') ?? false,
			}),
			activity_date_deadline: date('Next Activity Deadline', {
				compute: (rec) => nextActivity(rec)?.get('date_deadline') ?? false,
			}),
			my_activity_date_deadline: date('My Activity Deadline', {
				compute: (rec) => activitiesOf(rec).find((a) => a.get('user_id') === rec.env.uid)?.get('date_deadline') ?? false,
			}),
			activity_summary: char('Next Activity Summary', {
				readonly: false,
				compute: (rec) => nextActivity(rec)?.get('summary') ?? false,
			}),
			activity_exception_decoration: selection(
				[
					['warning', 'Alert'],
					['danger', 'Error'],
				],
				'Activity Exception Decoration',
				{ compute: () => false },
			),
			activity_exception_icon: char('Icon', { compute: () => false }),
		},
		methods: {
			activity_schedule: {
				api: 'records',
				owner: 'MailActivityMixin',
				access: 'read',
				params: [param('act_type_xmlid', true), param('date_deadline', true), param('summary', true), param('note', true)],
				varKw: 'act_values',
				fn: ({ env, model, ids, kw }) => {
					const extra = (kw.act_values ?? {}) as Record<string, unknown>;
					const type = env.ref((kw.act_type_xmlid as string) || 'mail.mail_activity_data_todo');
					const modelId = env.model('ir.model').search([['model', '=', model]])[0];
					const created = ids.map((id) =>
						env.model('mail.activity').create({
							...extra,
							res_model_id: modelId,
							res_id: id,
							activity_type_id: extra.activity_type_id ?? type.id,
							summary: kw.summary ?? false,
							note: kw.note ?? false,
							date_deadline: kw.date_deadline ?? undefined,
						}),
					);
					return new RecordSet('mail.activity', created);
				},
			},
		},
	},
	{
		name: 'mail.message.subtype',
		description: 'Message subtypes',
		order: 'sequence, id',
		fields: {
			name: char('Message Type', { required: true }),
			description: text('Description'),
			internal: boolean('Internal Only'),
			sequence: integer('Sequence', { default: 1 }),
			default: boolean('Default', { default: true }),
		},
		access: { portal: ['read'] },
	},
	{
		name: 'mail.message',
		description: 'Message',
		order: 'id desc',
		fields: {
			subject: char('Subject'),
			date: datetime('Date', { defaultFn: (env) => env.now() }),
			body: html('Contents', { default: '' }),
			model: char('Related Document Model'),
			res_id: reference('model', 'Related Document ID'),
			record_name: char('Message Record Name', {
				compute: (rec) => {
					const model = rec.str('model');
					const resId = rec.num('res_id');
					return model && resId && rec.env.registry.has(model) && rec.env.tx.has(model, resId)
						? rec.env.displayName(model, resId)
						: false;
				},
			}),
			message_type: selection(
				[
					['email', 'Incoming Email'],
					['comment', 'Comment'],
					['email_outgoing', 'Outgoing Email'],
					['notification', 'System notification'],
					['auto_comment', 'Automated Targeted Notification'],
					['user_notification', 'User Specific Notification'],
				],
				'Type',
				{ required: true, default: 'comment' },
			),
			subtype_id: many2one('mail.message.subtype', 'Subtype', { ondelete: 'set null' }),
			author_id: many2one('res.partner', 'Author'),
			email_from: char('From'),
			partner_ids: many2many('res.partner', 'Recipients'),
			parent_id: many2one('mail.message', 'Parent Message'),
			attachment_ids: many2many('ir.attachment', 'Attachments'),
		},
		access: { portal: ['read'], portalRule: () => false },
	},
	{
		name: 'mail.followers',
		description: 'Document Followers',
		fields: {
			res_model: char('Related Document Model Name', { required: true }),
			res_id: reference('res_model', 'Related Document ID'),
			partner_id: many2one('res.partner', 'Related Partner', { ondelete: 'cascade' }),
		},
		displayName: (rec) => rec.m2o('partner_id')?.displayName() ?? '',
	},
	{
		name: 'mail.activity.type',
		description: 'Activity Type',
		order: 'sequence, id',
		fields: {
			name: char('Name', { required: true }),
			summary: char('Default Summary'),
			sequence: integer('Sequence', { default: 10 }),
			active: boolean('Active', { default: true }),
			delay_count: integer('Schedule'),
			delay_unit: selection(
				[
					['days', 'days'],
					['weeks', 'weeks'],
					['months', 'months'],
				],
				'Delay units',
				{ default: 'days' },
			),
			category: selection(
				[
					['default', 'None'],
					['upload_file', 'Upload Document'],
					['phonecall', 'Phonecall'],
					['meeting', 'Meeting'],
				],
				'Action',
				{ default: 'default' },
			),
			icon: char('Icon'),
			res_model: char('Model'),
			keep_done: boolean('Keep Done', { since: '17.0' }),
		},
		access: { internal: ['read'], groups: { write: ['base.group_system'] } },
	},
	{
		name: 'mail.activity',
		description: 'Activity',
		order: 'date_deadline ASC, id ASC',
		fields: {
			res_model_id: many2one('ir.model', 'Document Model', { required: true, ondelete: 'cascade' }),
			res_model: char('Related Document Model', { compute: (rec) => rec.m2o('res_model_id')?.get('model') ?? false }),
			res_id: reference('res_model', 'Related Document ID'),
			res_name: char('Document Name', {
				compute: (rec) => {
					const model = rec.str('res_model');
					const resId = rec.num('res_id');
					return model && rec.env.tx.has(model, resId) ? rec.env.displayName(model, resId) : false;
				},
			}),
			activity_type_id: many2one('mail.activity.type', 'Activity Type', {
				defaultFn: (env) => env.db.xmlids.get('mail.mail_activity_data_todo')?.id ?? false,
			}),
			activity_category: selection(
				[
					['default', 'None'],
					['upload_file', 'Upload Document'],
					['phonecall', 'Phonecall'],
					['meeting', 'Meeting'],
				],
				'Action',
				{ compute: (rec) => rec.m2o('activity_type_id')?.get('category') ?? false },
			),
			summary: char('Summary'),
			note: html('Note'),
			date_deadline: date('Due Date', { required: true }),
			user_id: many2one('res.users', 'Assigned to', { defaultFn: (env) => env.uid }),
			state: selection(ACTIVITY_STATES, 'State', {
				compute: (rec) => activityState(rec.get<string | false>('date_deadline'), rec.env.today()),
			}),
			active: boolean('Active', { default: true }),
		},
		displayName: (rec) => rec.str('summary') || rec.m2o('activity_type_id')?.str('name') || '',
		hooks: {
			beforeCreate: (env, vals) => {
				if (vals.date_deadline === undefined && vals.activity_type_id) {
					const type = env.rec('mail.activity.type', vals.activity_type_id as number);
					vals.date_deadline = addDays(env.today(), type.num('delay_count'));
				}
				if (vals.date_deadline === undefined) vals.date_deadline = env.today();
			},
		},
		methods: {
			action_feedback: {
				api: 'records',
				owner: 'MailActivity',
				params: [param('feedback', true), param('attachment_ids', true)],
				fn: ({ env, ids, kw }) => {
					const messages = activityDone(env, ids, (kw.feedback as string) || false);
					return messages[0] ?? false;
				},
			},
			action_done: {
				api: 'records',
				owner: 'MailActivity',
				params: [],
				fn: ({ env, ids }) => activityDone(env, ids, false)[0] ?? false,
			},
		},
		access: { portal: [] },
	},
];

export const MAIL_SUBTYPES: Array<{ xmlid: string; name: string; internal: boolean }> = [
	{ xmlid: 'mail.mt_comment', name: 'Discussions', internal: false },
	{ xmlid: 'mail.mt_note', name: 'Note', internal: true },
	{ xmlid: 'mail.mt_activities', name: 'Activities', internal: true },
];

export const ACTIVITY_TYPES: Array<{ xmlid: string; name: string; icon: string; category: string; delay: number }> = [
	{ xmlid: 'mail.mail_activity_data_email', name: 'Email', icon: 'fa-envelope', category: 'default', delay: 0 },
	{ xmlid: 'mail.mail_activity_data_call', name: 'Call', icon: 'fa-phone', category: 'phonecall', delay: 2 },
	{ xmlid: 'mail.mail_activity_data_meeting', name: 'Meeting', icon: 'fa-users', category: 'meeting', delay: 0 },
	{ xmlid: 'mail.mail_activity_data_todo', name: 'To-Do', icon: 'fa-check', category: 'default', delay: 5 },
	{ xmlid: 'mail.mail_activity_data_upload_document', name: 'Upload Document', icon: 'fa-upload', category: 'upload_file', delay: 5 },
];

