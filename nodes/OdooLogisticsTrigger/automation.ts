import { formatDomain, type Domain, type OdooClient } from '../shared/odoo';
import { sha256Hex } from './digest';
import { eventDomain, type EventSpec } from './eventSpec';

/** Webhook server actions (`state: 'webhook'`) exist from Odoo 17. */
export const MIN_WEBHOOK_MAJOR = 17;

/** An automation rule with one "Send Webhook Notification" server action, as the trigger creates it in Odoo. */
export interface RuleSpec {
	name: string;
	model: string;
	trigger: 'on_create_or_write' | 'on_unlink';
	/** The rule fires only when one of these changes (none: any field); a creation changes them all. */
	triggerFields: string[];
	filterDomain: Domain;
	/** Fields Odoo puts in the POST. */
	payloadFields: string[];
	/** The node's production (or test) URL, with the activation's token. */
	url: string;
}

export interface RuleRef {
	ruleId: number;
	actionId?: number;
}

/** A rule could not be created or checked; the message says what to change. */
export class AutomationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AutomationError';
	}
}

/**
 * The rule for an event. Every notification is read back before it is emitted; its payload carries the write_date and
 * the fields that show whether the read-back sees the notified change (the watched field or fields, or the event's
 * fields). A deletion leaves nothing to read back, so its POST carries all the event's fields.
 */
export function ruleSpecOf(spec: EventSpec, url: string, name: string): RuleSpec {
	const common = { name, model: spec.model, filterDomain: eventDomain(spec), url };
	switch (spec.kind) {
		case 'created':
			// create_date never changes after the creation: the rule fires on creations only.
			return { ...common, trigger: 'on_create_or_write', triggerFields: ['create_date'], payloadFields: ['write_date'] };
		case 'updated':
			return {
				...common,
				trigger: 'on_create_or_write',
				triggerFields: spec.watch,
				payloadFields: ['write_date', ...(spec.watch.length ? spec.watch : spec.fields)],
			};
		case 'valueSet':
			return { ...common, trigger: 'on_create_or_write', triggerFields: [spec.field], payloadFields: ['write_date', spec.field] };
		case 'deleted':
			return { ...common, trigger: 'on_unlink', triggerFields: [], payloadFields: spec.readFields };
		case 'due':
			throw new AutomationError(`'${spec.eventType}' happens when a date passes: Odoo cannot notify it`);
	}
}

/** Identifies a rule's configuration, to notice when the node's parameters changed since it was created. */
export function ruleSignature(rule: RuleSpec): string {
	return sha256Hex(JSON.stringify(rule), 32);
}

/** Creates the rule and its webhook action in one call; returns the rule id. */
export async function createRule(client: OdooClient, rule: RuleSpec): Promise<number> {
	const { major, serverVersion } = await client.version();
	if (major < MIN_WEBHOOK_MAJOR) {
		throw new AutomationError(
			`Webhook delivery needs Odoo ${MIN_WEBHOOK_MAJOR} or later, and this server runs Odoo ${serverVersion}: choose the Polling delivery`,
		);
	}
	const [model] = await client.searchRead('ir.model', [['model', '=', rule.model]], { fields: ['id'], limit: 1 });
	if (!model) throw new AutomationError(`The model ${rule.model} is not installed in this Odoo database`);
	const fields = await fieldsOf(client, rule.model, [...new Set([...rule.triggerFields, ...rule.payloadFields])]);
	// Computed fields not stored may still change before the commit: a notification on save carries stored fields only.
	const payload = rule.trigger === 'on_unlink' ? rule.payloadFields : rule.payloadFields.filter((field) => fields.get(field)?.store);
	const [ruleId] = await client.create('base.automation', [
		{
			name: rule.name,
			model_id: model.id,
			trigger: rule.trigger,
			trigger_field_ids: [[6, 0, rule.triggerFields.map((field) => fields.get(field)?.id)]],
			filter_domain: rule.filterDomain.length ? formatDomain(rule.filterDomain) : false,
			action_server_ids: [
				[
					0,
					0,
					{
						name: rule.name,
						model_id: model.id,
						state: 'webhook',
						usage: 'base_automation',
						webhook_url: rule.url,
						webhook_field_ids: [[6, 0, payload.map((field) => fields.get(field)?.id)]],
					},
				],
			],
		},
	]);
	return ruleId;
}

/** The webhook action Odoo created with the rule. */
export async function actionOf(client: OdooClient, ruleId: number): Promise<number> {
	const [rule] = await client.read('base.automation', [ruleId], ['action_server_ids'], { context: { active_test: false } });
	const actionId = (rule?.action_server_ids as number[] | undefined)?.[0];
	if (actionId === undefined) throw new AutomationError(`Odoo created the automation rule #${ruleId} without its webhook action`);
	return actionId;
}

/** True when the rule and its action still exist, are active and post to `rule.url` (or a URL `postsHere` accepts). */
export async function ruleIsInPlace(
	client: OdooClient,
	ref: RuleRef,
	rule: RuleSpec,
	postsHere: (url: unknown) => boolean = (url) => url === rule.url,
): Promise<boolean> {
	if (ref.actionId === undefined) return false;
	const [found] = await client.read('base.automation', [ref.ruleId], ['active', 'model_name', 'trigger', 'action_server_ids'], {
		context: { active_test: false },
	});
	if (!found?.active || found.model_name !== rule.model || found.trigger !== rule.trigger) return false;
	if (!(found.action_server_ids as number[]).includes(ref.actionId)) return false;
	const [action] = await client.read('ir.actions.server', [ref.actionId], ['state', 'webhook_url']);
	return action?.state === 'webhook' && postsHere(action.webhook_url);
}

/** Deletes the rule and its action, whichever of them still exists. */
export async function removeRule(client: OdooClient, ref: RuleRef): Promise<void> {
	const rules = await client.search('base.automation', [['id', '=', ref.ruleId]], { context: { active_test: false } });
	if (rules.length) await client.unlink('base.automation', rules);
	if (ref.actionId === undefined) return;
	// Odoo deletes a rule's actions with it; an action detached from its rule by hand is left to delete here.
	const actions = await client.search('ir.actions.server', [['id', '=', ref.actionId]]);
	if (actions.length) await client.unlink('ir.actions.server', actions);
}

/**
 * Deletes every rule whose webhook posts to `url` (whatever its token), with its action. The URL belongs to one node of
 * one n8n: this finds the rules that an activation created but could not record (n8n retries a failed activation with
 * the static data it started with).
 */
export async function removeRulesPostingTo(client: OdooClient, url: string): Promise<void> {
	if ((await client.version()).major < MIN_WEBHOOK_MAJOR) return;
	// `like` takes `_` as a wildcard: the exact prefix is checked here.
	const actions = await client.searchRead('ir.actions.server', [['webhook_url', 'like', url]], { fields: ['webhook_url', 'base_automation_id'] });
	for (const action of actions.filter((found) => String(found.webhook_url).startsWith(`${url}?`))) {
		const rule = action.base_automation_id;
		await removeRule(client, { ruleId: Array.isArray(rule) ? (rule[0] as number) : 0, actionId: action.id });
	}
}

async function fieldsOf(client: OdooClient, model: string, names: string[]): Promise<Map<string, { id: number; store: boolean }>> {
	if (!names.length) return new Map();
	const rows = await client.searchRead(
		'ir.model.fields',
		[
			['model', '=', model],
			['name', 'in', names],
		],
		{ fields: ['name', 'store'] },
	);
	const fields = new Map(rows.map((row) => [String(row.name), { id: row.id, store: row.store === true }]));
	const missing = names.filter((name) => !fields.has(name));
	if (missing.length) throw new AutomationError(`${model} has no field ${missing.join(', ')}`);
	return fields;
}
