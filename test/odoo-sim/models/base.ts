import { valueError } from '../errors';
import { userKind } from '../orm/acl';
import type { Rec } from '../orm/env';
import { binary, boolean, char, datetime, float, html, integer, many2many, many2one, monetary, one2many, selection, text } from '../orm/fields';
import type { AccessSpec, FieldDef, ModelDef } from '../orm/model';

const ADMIN_ONLY: AccessSpec = { internal: [], groups: { read: ['base.group_system'] } };

/** Computed one2many/many2many: the ids of `model` matching a domain built from the record. */
export function idsOf(model: string, domain: (rec: Rec) => unknown[]): (rec: Rec) => number[] {
	return (rec) => rec.env.model(model).search(domain(rec));
}

function commercialPartner(rec: Rec): Rec {
	let current = rec;
	for (let depth = 0; depth < 20; depth++) {
		const parent = current.m2o('parent_id');
		if (current.get('is_company') || !parent) return current;
		current = parent;
	}
	return current;
}

function partnerDisplayName(rec: Rec): string {
	const name = rec.str('name');
	const parent = rec.m2o('parent_id');
	if (parent && !rec.get('is_company')) {
		const types = rec.env.registry.get('res.partner').fields.type.selection ?? [];
		const label = name || (rec.get('type') !== 'contact' ? selectionLabel(types, rec.get('type')) : '');
		return `${commercialPartner(parent).str('name')}, ${label}`;
	}
	return name;
}

function selectionLabel(values: ReadonlyArray<readonly [string, string]>, key: unknown): string {
	return values.find(([k]) => k === key)?.[1] ?? '';
}

const PARTNER_TYPES = [
	['contact', 'Contact'],
	['invoice', 'Invoice Address'],
	['delivery', 'Delivery Address'],
	['other', 'Other Address'],
] as const;

/** Total receivable: open amounts of posted customer invoices minus open credit notes. */
function partnerCredit(rec: Rec): number {
	const commercial = commercialPartner(rec).id;
	const moves = rec.env.model('account.move').search([
		['state', '=', 'posted'],
		['move_type', 'in', ['out_invoice', 'out_refund']],
		['partner_id', 'child_of', commercial],
	]);
	return moves.reduce((sum, id) => {
		const move = rec.env.rec('account.move', id);
		const sign = move.get('move_type') === 'out_refund' ? -1 : 1;
		return sum + sign * move.num('amount_residual');
	}, 0);
}

const partnerFields: Record<string, FieldDef> = {
	name: char('Name'),
	complete_name: char('Complete Name', { compute: partnerDisplayName }),
	ref: char('Reference'),
	lang: selection(
		[
			['en_US', 'English (US)'],
			['fr_FR', 'French / Français'],
			['de_DE', 'German / Deutsch'],
		],
		'Language',
		{ default: 'en_US' },
	),
	tz: char('Timezone'),
	user_id: many2one('res.users', 'Salesperson'),
	vat: char('Tax ID'),
	website: char('Website Link'),
	comment: html('Notes'),
	category_id: many2many('res.partner.category', 'Tags'),
	active: boolean('Active', { default: true }),
	is_company: boolean('Is a Company', { default: false }),
	type: selection(PARTNER_TYPES, 'Address Type', { default: 'contact', until: '19.0' }),
	'type#19': selection(
		[
			['contact', 'Contact'],
			['invoice', 'Invoice'],
			['delivery', 'Delivery'],
			['other', 'Other'],
		],
		'Address Type',
		{ default: 'contact', since: '19.0' },
	),
	street: char('Street'),
	street2: char('Street2'),
	zip: char('Zip'),
	city: char('City'),
	country_id: many2one('res.country', 'Country'),
	email: char('Email'),
	phone: char('Phone'),
	mobile: char('Mobile', { until: '19.0' }),
	parent_id: many2one('res.partner', 'Related Company'),
	child_ids: one2many('res.partner', 'parent_id', 'Contact'),
	commercial_partner_id: many2one('res.partner', 'Commercial Entity', { compute: (rec) => commercialPartner(rec).id }),
	company_id: many2one('res.company', 'Company'),
	customer_rank: integer('Customer Rank'),
	supplier_rank: integer('Supplier Rank'),
	credit: monetary('Total Receivable', {
		compute: partnerCredit,
		help: 'Total amount this customer owes you.',
		groups: 'account.group_account_invoice,account.group_account_readonly',
	}),
	credit_limit: float('Credit Limit', { help: 'Credit limit specific to this partner.' }),
	use_partner_credit_limit: boolean('Partner Limit'),
	sale_order_ids: one2many('sale.order', 'partner_id', 'Sales Order'),
	sale_order_count: integer('Sale Order Count', {
		compute: (rec) => rec.env.model('sale.order').search([['partner_id', 'child_of', rec.id]]).length,
	}),
	user_ids: one2many('res.users', 'partner_id', 'Users'),
	seller_ids: one2many('product.supplierinfo', 'partner_id', 'Pricelists'),
};

export const BASE_MODELS: ModelDef[] = [
	{
		name: 'res.currency',
		description: 'Currency',
		order: 'active desc, name',
		fields: {
			name: char('Currency', { required: true }),
			symbol: char('Symbol', { required: true }),
			rounding: float('Rounding Factor', { default: 0.01 }),
			active: boolean('Active', { default: true }),
		},
		access: { portal: ['read'] },
	},
	{
		name: 'res.country',
		description: 'Country',
		order: 'name',
		fields: { name: char('Country Name', { required: true }), code: char('Country Code') },
		access: { portal: ['read'] },
	},
	{
		name: 'res.company',
		description: 'Companies',
		order: 'sequence, name',
		fields: {
			name: char('Company Name', { required: true }),
			sequence: integer('Sequence', { default: 10 }),
			partner_id: many2one('res.partner', 'Partner', { required: true }),
			currency_id: many2one('res.currency', 'Currency', { required: true }),
			email: char('Email'),
			phone: char('Phone'),
			stock_move_sms_validation: boolean('SMS Validation with stock move', { default: true }),
			has_received_warning_stock_sms: boolean('Has received warning stock sms'),
			account_use_credit_limit: boolean('Sales Credit Limit'),
		},
		access: { internal: ['read'], portal: ['read'] },
	},
	{
		name: 'res.partner.category',
		description: 'Partner Tags',
		order: 'name',
		parentName: 'parent_id',
		fields: {
			name: char('Name', { required: true }),
			color: integer('Color'),
			parent_id: many2one('res.partner.category', 'Parent Category'),
			active: boolean('Active', { default: true }),
			partner_ids: many2many('res.partner', 'Partners', {
				compute: idsOf('res.partner', (rec) => [['category_id', 'in', [rec.id]]]),
			}),
		},
	},
	{
		name: 'res.partner',
		description: 'Contact',
		order: 'complete_name ASC, id DESC',
		displayName: partnerDisplayName,
		mixins: ['mail.thread', 'mail.activity.mixin'],
		fields: partnerFields,
		constraints: [
			{
				kind: 'python',
				fields: ['parent_id'],
				message: 'You cannot create recursive Partner hierarchies.',
				check: (rec) => {
					const seen = new Set([rec.id]);
					for (let parent = rec.m2o('parent_id'); parent; parent = parent.m2o('parent_id')) {
						if (seen.has(parent.id)) return false;
						seen.add(parent.id);
					}
					return true;
				},
			},
			{
				kind: 'sql',
				fields: ['name', 'type'],
				message: 'Contacts require a name',
				check: (rec) => rec.get('type') !== 'contact' || Boolean(rec.get('name')),
			},
		],
		access: {
			portal: ['read'],
			portalRule: (rec, partnerId) => commercialPartner(rec).id === partnerId,
		},
	},
	{
		name: 'res.groups',
		description: 'Access Groups',
		order: 'name',
		fields: {
			name: char('Name', { required: true }),
			comment: text('Comment'),
		},
		access: { internal: ['read'], groups: { write: ['base.group_erp_manager'] } },
	},
	{
		name: 'res.users',
		description: 'User',
		order: 'name, login',
		fields: {
			login: char('Login', { required: true }),
			partner_id: many2one('res.partner', 'Related Partner', { required: true, ondelete: 'restrict' }),
			name: char('Name', {
				compute: (rec) => rec.m2o('partner_id')?.str('name') ?? false,
				setter: (rec, value) => rec.m2o('partner_id')?.write({ name: value }),
			}),
			email: char('Email', {
				compute: (rec) => rec.m2o('partner_id')?.get('email') ?? false,
				setter: (rec, value) => rec.m2o('partner_id')?.write({ email: value }),
			}),
			password: char('Password', {
				compute: () => '',
				setter: (rec, value) => {
					const row = rec.env.tx.get('res.users', rec.id)!;
					rec.env.tx.put('res.users', { ...row, _password: value });
				},
			}),
			active: boolean('Active', { default: true }),
			company_id: many2one('res.company', 'Company', { default: 1 }),
			groups_id: many2many('res.groups', 'Groups', { until: '19.0' }),
			group_ids: many2many('res.groups', 'Groups', { since: '19.0' }),
			share: boolean('Share User', { compute: (rec) => userKind(rec.env, rec.id) === 'portal' }),
			tz: char('Timezone', { default: 'Europe/Brussels' }),
			lang: char('Language', { default: 'en_US' }),
			signature: html('Email Signature'),
			login_date: datetime('Latest authentication'),
			api_key_ids: one2many('res.users.apikeys', 'user_id', 'API Keys'),
		},
		methods: {
			context_get: {
				api: 'model',
				owner: 'ResUsers',
				params: [],
				access: 'none',
				fn: ({ env }) => {
					const user = env.user();
					return { lang: user.get('lang') || 'en_US', tz: user.get('tz') || false, uid: env.uid };
				},
			},
		},
		hooks: {
			beforeCreate: (env, vals) => {
				if (!vals.partner_id) {
					vals.partner_id = env.model('res.partner').create({ name: vals.name ?? vals.login, email: vals.email ?? false });
				}
			},
		},
		access: {
			internal: ['read'],
			portal: ['read'],
			groups: { write: ['base.group_erp_manager'], create: ['base.group_erp_manager'], unlink: ['base.group_erp_manager'] },
		},
	},
	{
		name: 'ir.config_parameter',
		description: 'System Parameter',
		order: 'key',
		recName: 'key',
		fields: { key: char('Key', { required: true }), value: text('Value', { required: true }) },
		access: ADMIN_ONLY,
	},
	{
		name: 'ir.model.data',
		description: 'Model Data',
		order: 'module, model, name',
		displayName: (rec) => `${rec.str('module')}.${rec.str('name')}`,
		fields: {
			module: char('Module', { required: true }),
			name: char('External Identifier', { required: true }),
			model: char('Model Name', { required: true }),
			res_id: integer('Record ID'),
			noupdate: boolean('Non Updatable'),
		},
		access: { internal: ['read'], groups: { write: ['base.group_system'] } },
	},
	{
		name: 'ir.model',
		description: 'Models',
		order: 'model',
		fields: {
			name: char('Model Description', { required: true }),
			model: char('Model', { required: true }),
			state: selection(
				[
					['manual', 'Custom Object'],
					['base', 'Base Object'],
				],
				'Type',
				{ default: 'base' },
			),
			transient: boolean('Transient Model'),
			field_id: one2many('ir.model.fields', 'model_id', 'Fields'),
			modules: char('In Apps'),
		},
		access: { internal: ['read'], groups: { write: ['base.group_system'] } },
	},
	{
		name: 'ir.model.fields',
		description: 'Fields',
		order: 'name',
		displayName: (rec) => `${rec.str('field_description')} (${rec.str('model')})`,
		fields: {
			name: char('Field Name', { required: true }),
			field_description: char('Field Label', { required: true }),
			model: char('Model Name', { required: true }),
			model_id: many2one('ir.model', 'Model', { required: true, ondelete: 'cascade' }),
			ttype: selection(
				(
					[
						'binary',
						'boolean',
						'char',
						'date',
						'datetime',
						'float',
						'html',
						'integer',
						'json',
						'many2many',
						'many2one',
						'many2one_reference',
						'monetary',
						'one2many',
						'properties',
						'selection',
						'text',
					] as const
				).map((t) => [t, t] as const),
				'Field Type',
				{ required: true },
			),
			relation: char('Related Model'),
			relation_field: char('Relation Field'),
			required: boolean('Required'),
			readonly: boolean('Readonly'),
			store: boolean('Stored', { default: true }),
			help: text('Field Help'),
			groups: char('Groups'),
			selection_ids: one2many('ir.model.fields.selection', 'field_id', 'Selection Options'),
		},
		access: { internal: ['read'], groups: { write: ['base.group_system'] } },
	},
	{
		name: 'ir.model.fields.selection',
		description: 'Fields Selection',
		order: 'sequence, id',
		fields: {
			field_id: many2one('ir.model.fields', 'Field', { required: true, ondelete: 'cascade' }),
			value: char('Value', { required: true }),
			name: char('Name', { required: true }),
			sequence: integer('Sequence', { default: 1000 }),
		},
		access: { internal: ['read'], groups: { write: ['base.group_system'] } },
	},
	{
		name: 'uom.uom',
		description: 'Product Unit of Measure',
		order: 'name',
		fields: {
			name: char('Unit', { required: true }),
			rounding: float('Rounding Precision', { default: 0.01 }),
			active: boolean('Active', { default: true }),
		},
		access: { portal: ['read'] },
	},
	{
		name: 'ir.attachment',
		description: 'Attachment',
		order: 'id desc',
		fields: {
			name: char('Name', { required: true }),
			res_model: char('Resource Model'),
			res_id: integer('Resource ID'),
			datas: binary('File Content (base64)'),
			mimetype: char('Mime Type'),
		},
	},
];

/** Portal record rules and ACLs reuse the partner hierarchy. */
export function commercialPartnerId(rec: Rec | undefined): number {
	return rec ? commercialPartner(rec).id : 0;
}

export function requireSingleton(model: string, ids: number[]): number {
	if (ids.length !== 1) {
		throw valueError(`Expected singleton: ${model}(${ids.join(', ')})`);
	}
	return ids[0];
}
