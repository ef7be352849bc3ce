import { randomUUID } from 'node:crypto';
import { validationError, valueError } from '../errors';
import { baseMethods, readMethod } from '../orm/base-methods';
import type { Env, OrmObserver } from '../orm/env';
import { boolean, char, datetime, html, integer, many2many, many2one, one2many, selection, text } from '../orm/fields';
import type { AccessSpec, ModelDef } from '../orm/model';
import type { Transaction } from '../orm/store';
import { dumps, pyRepr } from '../pyjson';
import { parsePyLiteral } from '../pyliteral';
import { major } from '../version';

const CREATE_TRIGGERS = ['on_create', 'on_create_or_write', 'on_priority_set', 'on_stage_set', 'on_state_set', 'on_tag_set', 'on_user_set'];
const WRITE_TRIGGERS = [
	'on_write',
	'on_archive',
	'on_unarchive',
	'on_create_or_write',
	'on_priority_set',
	'on_stage_set',
	'on_state_set',
	'on_tag_set',
	'on_user_set',
];

const TRIGGERS = [
	['on_stage_set', 'Stage is set to', '17.0'],
	['on_user_set', 'User is set', '17.0'],
	['on_tag_set', 'Tag is added', '17.0'],
	['on_state_set', 'State is set to', '17.0'],
	['on_priority_set', 'Priority is set to', '17.0'],
	['on_archive', 'On archived', '17.0'],
	['on_unarchive', 'On unarchived', '17.0'],
	['on_create_or_write', 'On save', undefined],
	['on_create', 'On creation', undefined],
	['on_write', 'On update', undefined],
	['on_unlink', 'On deletion', undefined],
	['on_change', 'On UI change', undefined],
	['on_time', 'Based on date field', undefined],
	['on_time_created', 'After creation', '17.0'],
	['on_time_updated', 'After last update', '17.0'],
	['on_message_received', 'On incoming message', '17.0'],
	['on_message_sent', 'On outgoing message', '17.0'],
	['on_webhook', 'On webhook', '17.0'],
] as const;

const ACTION_STATES = [
	['object_write', 'Update Record'],
	['object_create', 'Create Record'],
	['code', 'Execute Code'],
	['webhook', 'Send Webhook Notification'],
	['multi', 'Execute Existing Actions'],
	['mail_post', 'Send Email'],
	['followers', 'Add Followers'],
	['remove_followers', 'Remove Followers'],
	['next_activity', 'Create Activity'],
	['sms', 'Send SMS'],
] as const;

/** Fields a value trigger watches, and the domain Odoo computes for it. */
const VALUE_TRIGGER_FIELDS: Record<string, string> = {
	on_state_set: 'state',
	on_priority_set: 'priority',
	on_stage_set: 'stage_id',
	on_user_set: 'user_id',
	on_tag_set: 'tag_ids',
	on_archive: 'active',
	on_unarchive: 'active',
};

const ADMIN_ONLY: AccessSpec = { internal: [], groups: { read: ['base.group_system'] } };

interface PendingWebhook {
	url: string;
	body: string;
}

const pending = new WeakMap<Transaction, PendingWebhook[]>();

/** The webhook POSTs a transaction queued, in trigger order (each payload captured when its rule fired). */
export function takeWebhooks(tx: Transaction): PendingWebhook[] {
	const queued = pending.get(tx) ?? [];
	pending.delete(tx);
	return queued;
}

function queueWebhook(env: Env, webhook: PendingWebhook): void {
	const list = pending.get(env.tx) ?? [];
	list.push(webhook);
	pending.set(env.tx, list);
}

function fieldNames(env: Env, ids: number[]): string[] {
	return ids.map((id) => env.rec('ir.model.fields', id).str('name'));
}

/** `_action`, `_id`, `_model`, then the chosen fields as `read(load=None)`; `json.dumps(sort_keys=True)`. */
export function webhookPayload(env: Env, actionId: number, model: string, resId: number, indent?: number): string {
	const action = env.rec('ir.actions.server', actionId);
	const vals: Record<string, unknown> = { _action: `${action.str('name')}(#${actionId})`, _id: resId, _model: model };
	const fields = fieldNames(env, action.get<number[]>('webhook_field_ids'));
	if (fields.length) Object.assign(vals, env.model(model).read([resId], fields, null)[0]);
	return dumps(vals, { sortKeys: true, indent });
}

function parseDomainText(env: Env, value: unknown): unknown[] {
	if (!value || typeof value !== 'string') return [];
	try {
		return parsePyLiteral(value, { uid: env.uid }) as unknown[];
	} catch {
		throw validationError(`Invalid domain: ${value}`);
	}
}

function domainText(leaves: unknown[][]): string {
	return `[${leaves.map((leaf) => pyRepr(leaf, true)).join(', ')}]`;
}

/**
 * Runs automation rules on ORM events, as `base_automation` patches `create`, `_write` and `unlink`: filter domains
 * before and after, trigger fields compared old against new, one webhook POST per record.
 */
export class AutomationEngine implements OrmObserver {
	afterCreate(env: Env, model: string, ids: number[]): void {
		for (const rule of this.rules(env, model, CREATE_TRIGGERS)) {
			this.run(env, rule, this.filter(env, model, ids, rule, 'filter_domain'));
		}
	}

	aroundWrite(env: Env, model: string, ids: number[], fields: string[]): (() => void) | undefined {
		const rules = this.rules(env, model, WRITE_TRIGGERS);
		if (!rules.length) return undefined;
		const api = env.model(model);
		const before = rules.map((rule) => {
			const triggers = fieldNames(env, env.rec('base.automation', rule).get<number[]>('trigger_field_ids'));
			const watched = triggers.filter((f) => fields.includes(f));
			const old = new Map(ids.map((id) => [id, watched.map((f) => JSON.stringify(api.value(id, f)))]));
			return { rule, triggers, watched, old, pre: this.filter(env, model, ids, rule, 'filter_pre_domain') };
		});
		return () => {
			for (const { rule, triggers, watched, old, pre } of before) {
				const changed = pre.filter(
					(id) =>
						!triggers.length ||
						watched.some((f, i) => JSON.stringify(api.value(id, f)) !== old.get(id)![i]),
				);
				this.run(env, rule, this.filter(env, model, changed, rule, 'filter_domain'));
			}
		};
	}

	beforeUnlink(env: Env, model: string, ids: number[]): void {
		for (const rule of this.rules(env, model, ['on_unlink'])) {
			this.run(env, rule, this.filter(env, model, ids, rule, 'filter_domain'));
		}
	}

	private rules(env: Env, model: string, triggers: string[]): number[] {
		if (!env.registry.has('base.automation') || model === 'base.automation' || model === 'ir.actions.server') return [];
		return env.model('base.automation').search([
			['model_name', '=', model],
			['trigger', 'in', triggers],
		]);
	}

	private filter(env: Env, model: string, ids: number[], rule: number, field: 'filter_domain' | 'filter_pre_domain'): number[] {
		const domain = parseDomainText(env, env.rec('base.automation', rule).get(field));
		if (!domain.length) return ids;
		const matching = new Set(env.model(model).search([['id', 'in', ids], ...domain], { activeTest: false }));
		return ids.filter((id) => matching.has(id));
	}

	private run(env: Env, rule: number, ids: number[]): void {
		if (!ids.length) return;
		const model = env.rec('base.automation', rule).str('model_name');
		for (const action of env.rec('base.automation', rule).x2m('action_server_ids')) {
			runServerAction(env, action.id, model, ids);
		}
	}
}

/** Executes a server action on records. Only webhook actions have an effect (Python code is not interpreted). */
function runServerAction(env: Env, actionId: number, model: string, ids: number[]): void {
	const action = env.rec('ir.actions.server', actionId);
	if (action.get('state') !== 'webhook' || !action.str('webhook_url')) return;
	for (const id of ids) queueWebhook(env, { url: action.str('webhook_url'), body: webhookPayload(env, actionId, model, id) });
}

export const AUTOMATION_MODELS: ModelDef[] = [
	{
		name: 'ir.actions.server',
		description: 'Server Actions',
		order: 'sequence,name',
		fields: {
			name: char('Action Name', { required: true }),
			type: char('Action Type', { default: 'ir.actions.server', readonly: true }),
			usage: selection(
				[
					['ir_actions_server', 'Server Action'],
					['ir_cron', 'Scheduled Action'],
					['base_automation', 'Automation Rule'],
				],
				'Usage',
				{ default: 'ir_actions_server', required: true },
			),
			state: selection(ACTION_STATES.filter(([key]) => key !== 'webhook'), 'Type', { default: 'object_write', required: true, until: '17.0' }),
			'state#webhook': selection(ACTION_STATES, 'Type', { default: 'object_write', required: true, since: '17.0' }),
			sequence: integer('Sequence', { default: 5 }),
			model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
			model_name: char('Model Name', { compute: (rec) => rec.m2o('model_id')?.get('model') ?? false }),
			base_automation_id: many2one('base.automation', 'Automation Rule', { ondelete: 'cascade' }),
			code: text('Python Code'),
			webhook_url: char('Webhook URL', { since: '17.0' }),
			webhook_field_ids: many2many('ir.model.fields', 'Webhook Fields', { since: '17.0' }),
			webhook_sample_payload: text('Sample Payload', {
				since: '17.0',
				compute: (rec) => {
					const model = rec.m2o('model_id')?.str('model');
					if (!model) return false;
					const latest = rec.env.model(model).search([], { limit: 1, activeTest: false })[0];
					return webhookPayload(rec.env, rec.id, model, latest ?? 0, 4);
				},
			}),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (vals.state === 'webhook' && major(env.version) === 18) vals.name = 'Send Webhook Notification';
				if (!vals.model_id && vals.base_automation_id) {
					vals.model_id = env.rec('base.automation', vals.base_automation_id as number).get('model_id');
				}
			},
		},
		constraints: [
			{
				kind: 'python',
				fields: ['webhook_field_ids'],
				message:
					'Group-restricted fields cannot be included in webhook payloads, as it could cause unauthorized access to sensitive data.',
				check: (rec) => {
					const model = rec.m2o('model_id')?.str('model');
					if (!model || !rec.env.registry.has(model)) return true;
					const fields = rec.env.registry.get(model).fields;
					return fieldNames(rec.env, rec.get<number[]>('webhook_field_ids')).every((f) => !fields[f]?.groups);
				},
			},
		],
		methods: {
			read: readMethod((call) => {
				const fields = (call.kw.fields as string[] | undefined) ?? [];
				const modelIds = new Set(call.env.recs('ir.actions.server', call.env.model(call.model).exists(call.ids)).map((a) => a.get('model_id')));
				// Odoo 17/18 compute the sample payload on the whole recordset (fixture 18.0/98).
				if (major(call.env.version) <= 18 && fields.includes('webhook_sample_payload') && modelIds.size > 1) {
					throw valueError(`Expected singleton: ir.model(${[...modelIds].join(', ')})`);
				}
				return baseMethods(call.env.version).read.fn(call);
			}),
			run: {
				api: 'records',
				owner: 'IrActionsServer',
				params: [],
				access: 'read',
				fn: ({ env, ids }) => {
					const model = env.context.active_model as string | undefined;
					const active = (env.context.active_ids as number[] | undefined) ?? (env.context.active_id ? [env.context.active_id as number] : []);
					if (model) for (const id of ids) runServerAction(env, id, model, env.model(model).exists(active));
					return false;
				},
			},
		},
		access: ADMIN_ONLY,
	},
	{
		name: 'base.automation',
		description: 'Automation Rule',
		order: 'id',
		fields: {
			name: char('Automation Rule Name', { required: true }),
			description: html('Description'),
			model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
			model_name: char('Model Name', {
				compute: (rec) => rec.m2o('model_id')?.get('model') ?? false,
				setter: (rec, value) => {
					const ids = rec.env.model('ir.model').search([['model', '=', value]]);
					if (ids.length) rec.write({ model_id: ids[0] });
				},
			}),
			active: boolean('Active', { default: true }),
			trigger: selection(
				TRIGGERS.filter(([, , since]) => since === undefined).map(([k, l]) => [k, l] as const),
				'Trigger',
				{ required: true, until: '17.0' },
			),
			'trigger#17': selection(
				TRIGGERS.map(([k, l]) => [k, l] as const),
				'Trigger',
				{ required: true, since: '17.0' },
			),
			trigger_field_ids: many2many('ir.model.fields', 'Trigger Fields'),
			trg_selection_field_id: many2one('ir.model.fields.selection', 'Trigger Field', { since: '17.0' }),
			trg_field_ref: integer('Trigger Reference', { since: '17.0' }),
			trg_date_id: many2one('ir.model.fields', 'Trigger Date'),
			trg_date_range: integer('Delay after trigger date'),
			trg_date_range_type: selection(
				[
					['minutes', 'Minutes'],
					['hour', 'Hours'],
					['day', 'Days'],
					['month', 'Months'],
				],
				'Delay type',
				{ default: 'hour' },
			),
			filter_pre_domain: char('Before Update Domain'),
			filter_domain: char('Apply on'),
			action_server_ids: one2many('ir.actions.server', 'base_automation_id', 'Actions'),
			last_run: datetime('Last Run', { readonly: true }),
			url: char('Webhook URL', {
				since: '17.0',
				compute: (rec) => (rec.get('trigger') === 'on_webhook' ? `/web/hook/${rec.str('webhook_uuid')}` : ''),
			}),
			webhook_uuid: char('Webhook UUID', { since: '17.0', defaultFn: () => randomUUID() }),
			record_getter: char('Record', {
				since: '17.0',
				default: "model.env[payload.get('_model')].browse(int(payload.get('_id')))",
			}),
			log_webhook_calls: boolean('Log Calls', { since: '17.0' }),
			on_change_field_ids: many2many('ir.model.fields', 'On Change Fields Trigger'),
		},
		hooks: {
			beforeCreate: (env, vals) => {
				const watched = VALUE_TRIGGER_FIELDS[vals.trigger as string];
				if (!watched) return;
				const model = env.rec('ir.model', vals.model_id as number).str('model');
				if (!('trigger_field_ids' in vals)) {
					vals.trigger_field_ids = env.model('ir.model.fields').search([
						['model', '=', model],
						['name', '=', watched],
					]);
				}
				if (!('filter_domain' in vals)) vals.filter_domain = valueTriggerDomain(env, vals, watched);
			},
		},
		constraints: [
			{
				kind: 'python',
				fields: ['filter_domain', 'filter_pre_domain'],
				message: 'Invalid domain',
				check: (rec) => {
					for (const field of ['filter_domain', 'filter_pre_domain']) {
						const text = rec.get(field);
						if (typeof text !== 'string' || !text) continue;
						try {
							parsePyLiteral(text, { uid: rec.env.uid });
						} catch {
							return false;
						}
					}
					return true;
				},
			},
		],
		methods: {
			action_rotate_webhook_uuid: {
				api: 'records',
				owner: 'BaseAutomation',
				params: [],
				since: '17.0',
				fn: ({ env, ids }) => {
					for (const id of ids) env.rec('base.automation', id).write({ webhook_uuid: randomUUID() });
					return true;
				},
			},
		},
		access: ADMIN_ONLY,
	},
];

function valueTriggerDomain(env: Env, vals: Record<string, unknown>, watched: string): string | false {
	switch (vals.trigger) {
		case 'on_state_set':
		case 'on_priority_set': {
			if (!vals.trg_selection_field_id) return false;
			const value = env.rec('ir.model.fields.selection', vals.trg_selection_field_id as number).str('value');
			return domainText([[watched, '=', value]]);
		}
		case 'on_stage_set':
			return vals.trg_field_ref ? domainText([[watched, '=', vals.trg_field_ref]]) : false;
		case 'on_tag_set':
			return vals.trg_field_ref ? domainText([[watched, 'in', [vals.trg_field_ref]]]) : false;
		case 'on_user_set':
			return domainText([[watched, '!=', false]]);
		case 'on_archive':
			return domainText([[watched, '=', false]]);
		case 'on_unarchive':
			return domainText([[watched, '=', true]]);
		default:
			return false;
	}
}

