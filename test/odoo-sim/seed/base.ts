/**
 * What every simulated database starts with, demo data or not: the model reflection (ir.model, ir.model.fields),
 * the company, users and groups, units, the warehouse with its locations and operation types, and mail data.
 */
import { addApiKey, demoApiKey } from '../models/auth';
import { ACTIVITY_TYPES, MAIL_SUBTYPES } from '../models/mail';
import { groupsField } from '../orm/acl';
import type { Env } from '../orm/env';
import { isX2many } from '../orm/fields';

export interface SimUser {
	uid: number;
	login: string;
	password: string;
	apiKey: string;
}

export interface BaseUsers {
	admin: SimUser;
	demo: SimUser;
	portal: SimUser;
}

/** Registers an external id both where the simulator resolves it and as the `ir.model.data` record clients search. */
function xmlid(env: Env, name: string, model: string, id: number): number {
	env.db.xmlids.set(name, { model, id });
	const [module, localName] = name.includes('.') ? name.split('.', 2) : ['base', name];
	env.model('ir.model.data').create({ module, name: localName, model, res_id: id, noupdate: true });
	return id;
}

function seedReflection(env: Env): void {
	const models = env.model('ir.model');
	const fields = env.model('ir.model.fields');
	const selections = env.model('ir.model.fields.selection');
	for (const def of env.registry.all()) {
		const modelId = models.create({ name: def.description, model: def.name, transient: Boolean(def.transient) });
		xmlid(env, `model_${def.name.replace(/\./g, '_')}`, 'ir.model', modelId);
		for (const [name, field] of Object.entries(def.fields)) {
			const fieldId = fields.create({
				name,
				field_description: field.string,
				model: def.name,
				model_id: modelId,
				ttype: field.type,
				relation: field.relation ?? false,
				relation_field: field.type === 'one2many' ? field.inverse : false,
				required: Boolean(field.required),
				readonly: Boolean(field.readonly),
				store: !field.compute && !isX2many(field),
				help: field.help ?? false,
				groups: field.groups ?? false,
			});
			field.selection?.forEach(([value, label], sequence) =>
				selections.create({ field_id: fieldId, value, name: label, sequence }),
			);
		}
	}
}

function seedStock(env: Env): void {
	const locations = env.model('stock.location');
	const location = (name: string, usage: string, parent: number | false) =>
		locations.create({ name, usage, location_id: parent });
	const physical = location('Physical Locations', 'view', false);
	const partners = location('Partners', 'view', false);
	const virtual = location('Virtual Locations', 'view', false);
	const vendors = xmlid(env, 'stock.stock_location_suppliers', 'stock.location', location('Vendors', 'supplier', partners));
	const customers = xmlid(env, 'stock.stock_location_customers', 'stock.location', location('Customers', 'customer', partners));
	location('Inventory adjustment', 'inventory', virtual);
	const view = location('WH', 'view', physical);
	const stock = xmlid(env, 'stock.stock_location_stock', 'stock.location', location('Stock', 'internal', view));
	const warehouse = env.model('stock.warehouse').create({
		name: 'YourCompany',
		code: 'WH',
		partner_id: 1,
		lot_stock_id: stock,
		view_location_id: view,
	});
	xmlid(env, 'stock.warehouse0', 'stock.warehouse', warehouse);
	const types = env.model('stock.picking.type');
	const receipts = types.create({
		name: 'Receipts',
		code: 'incoming',
		sequence_code: 'IN',
		sequence: 1,
		warehouse_id: warehouse,
		default_location_src_id: vendors,
		default_location_dest_id: stock,
	});
	const deliveries = types.create({
		name: 'Delivery Orders',
		code: 'outgoing',
		sequence_code: 'OUT',
		sequence: 2,
		warehouse_id: warehouse,
		default_location_src_id: stock,
		default_location_dest_id: customers,
		return_picking_type_id: receipts,
	});
	types.write([receipts], { return_picking_type_id: deliveries });
	types.create({
		name: 'Internal Transfers',
		code: 'internal',
		sequence_code: 'INT',
		sequence: 3,
		warehouse_id: warehouse,
		default_location_src_id: stock,
		default_location_dest_id: stock,
	});
	xmlid(env, 'stock.picking_type_in', 'stock.picking.type', receipts);
	xmlid(env, 'stock.picking_type_out', 'stock.picking.type', deliveries);
}

function seedMail(env: Env): void {
	for (const subtype of MAIL_SUBTYPES) {
		xmlid(env, subtype.xmlid, 'mail.message.subtype', env.model('mail.message.subtype').create({ name: subtype.name, internal: subtype.internal }));
	}
	ACTIVITY_TYPES.forEach((type, index) => {
		const id = env.model('mail.activity.type').create({
			name: type.name,
			icon: type.icon,
			category: type.category,
			delay_count: type.delay,
			sequence: index + 1,
		});
		xmlid(env, type.xmlid, 'mail.activity.type', id);
	});
}

function seedUsers(env: Env): BaseUsers {
	const groups = env.model('res.groups');
	const group = (name: string, ref: string) => xmlid(env, ref, 'res.groups', groups.create({ name }));
	const user = group('Role / User', 'base.group_user');
	const system = group('Role / Administrator', 'base.group_system');
	const rights = group('Access Rights', 'base.group_erp_manager');
	const portal = group('Portal', 'base.group_portal');
	const partners = env.model('res.partner');
	const users = env.model('res.users');
	const groupsOf = groupsField(env);
	users.create({ login: '__system__', partner_id: 2, active: false, [groupsOf]: [user, system, rights] });
	const make = (login: string, name: string, groupIds: number[], parent: number | false): SimUser => {
		const partner = partners.create({ name, email: `${login}@example.com`, parent_id: parent });
		const uid = users.create({ login, partner_id: partner, [groupsOf]: groupIds, password: login });
		const apiKey = demoApiKey(env.db.name, login);
		addApiKey(env, uid, `${login} key`, apiKey);
		return { uid, login, password: login, apiKey };
	};
	const admin = make('admin', 'Mitchell Admin', [user, system, rights], 1);
	const demo = make('demo', 'Marc Demo', [user], 1);
	const portalUser = make('portal', 'Joel Willis', [portal], false);
	xmlid(env, 'base.user_admin', 'res.users', admin.uid);
	xmlid(env, 'base.user_demo', 'res.users', demo.uid);
	return { admin, demo, portal: portalUser };
}

/** Seeds the base data; the admin is uid 2, as in every Odoo database. */
export function seedBase(env: Env): BaseUsers {
	seedReflection(env);
	const usd = env.model('res.currency').create({ name: 'USD', symbol: '$' });
	env.model('res.currency').create({ name: 'EUR', symbol: '€' });
	xmlid(env, 'base.USD', 'res.currency', usd);
	const country = env.model('res.country');
	const us = country.create({ name: 'United States', code: 'US' });
	for (const [name, code] of [
		['Belgium', 'BE'],
		['Canada', 'CA'],
		['Germany', 'DE'],
		['Netherlands', 'NL'],
	]) {
		country.create({ name, code });
	}
	xmlid(env, 'base.us', 'res.country', us);
	const companyPartner = env.model('res.partner').create({
		name: 'YourCompany',
		is_company: true,
		email: 'info@yourcompany.example.com',
		phone: '+1 555 0100',
		country_id: us,
	});
	env.model('res.partner').create({ name: 'OdooBot', email: 'odoobot@example.com', active: false });
	const company = env.model('res.company').create({ name: 'YourCompany', partner_id: companyPartner, currency_id: usd });
	env.model('res.partner').write([companyPartner], { company_id: company });
	xmlid(env, 'base.main_company', 'res.company', company);
	const users = seedUsers(env);
	const units = env.model('uom.uom');
	xmlid(env, 'uom.product_uom_unit', 'uom.uom', units.create({ name: 'Units' }));
	xmlid(env, 'uom.product_uom_dozen', 'uom.uom', units.create({ name: 'Dozens' }));
	xmlid(env, 'uom.product_uom_kgm', 'uom.uom', units.create({ name: 'kg', rounding: 0.001 }));
	seedStock(env);
	seedMail(env);
	env.model('ir.config_parameter').create({ key: 'database.uuid', value: demoApiKey(env.db.name, 'uuid') });
	if (env.registry.has('helpdesk.stage')) {
		const stages = ['New', 'In Progress', 'On Hold', 'Solved', 'Cancelled'].map((name, i) =>
			env.model('helpdesk.stage').create({ name, sequence: i, fold: name === 'Solved' || name === 'Cancelled' }),
		);
		env.model('helpdesk.team').create({ name: 'Customer Care', stage_ids: stages });
	}
	return users;
}
