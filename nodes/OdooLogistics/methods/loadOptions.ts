import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import type { OdooClient } from '../../shared/odoo';
import { RESOURCES } from '../actions/resources';
import { toNodeError } from '../../shared/n8n/errors';
import { Schemas } from '../odoo/schema';
import { connect } from '../transport/session';

const MODEL_PAGE = 100;
const OPTIONS_LIMIT = 1000;

/** Runs a lookup with a client of its own; errors show in the picker with Odoo's message. */
async function withClient<T>(fn: ILoadOptionsFunctions, lookup: (client: OdooClient) => Promise<T>): Promise<T> {
	const client = await connect(fn);
	try {
		return await lookup(client);
	} catch (error) {
		throw toNodeError(fn.getNode(), error);
	} finally {
		client.close();
	}
}

/** Models for the Model picker, searched by technical name or title, a page at a time. */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const text = filter?.trim();
	const records = await withClient(this, (client) =>
		client.searchRead(
			'ir.model',
			[['transient', '=', false], ...(text ? ['|', ['model', 'ilike', text], ['name', 'ilike', text]] : [])],
			{ fields: ['model', 'name'], order: 'model', limit: MODEL_PAGE, offset },
		),
	);
	return {
		results: records.map((record) => ({ name: `${String(record.name)} (${String(record.model)})`, value: String(record.model) })),
		paginationToken: records.length === MODEL_PAGE ? String(offset + MODEL_PAGE) : undefined,
	};
}

/** The model the field pickers describe: the resource's own, or the one chosen in the Model parameter. */
function currentModel(fn: ILoadOptionsFunctions): string | undefined {
	const resource = fn.getCurrentNodeParameter('resource') as string | undefined;
	const fixed = RESOURCES.find((entry) => entry.value === resource)?.model;
	if (fixed) return fixed;
	const model = fn.getCurrentNodeParameter('model', { extractValue: true });
	return typeof model === 'string' && model.trim() ? model.trim() : undefined;
}

export const loadOptions = {
	async getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const model = currentModel(this);
		if (!model) return [];
		const schema = await withClient(this, (client) => new Schemas(client).get(model));
		return schema.options().map(({ name, type, label }) => ({ name: `${label} (${name})`, value: name, description: type }));
	},

	async getActivityTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const types = await withClient(this, (client) =>
			client.searchRead('mail.activity.type', [], { fields: ['name', 'res_model'], limit: OPTIONS_LIMIT }),
		);
		return types.map((type) => ({
			name: String(type.name),
			value: type.id,
			description: typeof type.res_model === 'string' && type.res_model ? `Only for ${type.res_model}` : undefined,
		}));
	},

	async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const users = await withClient(this, (client) =>
			client.searchRead('res.users', [['share', '=', false]], { fields: ['name', 'login'], order: 'name', limit: OPTIONS_LIMIT }),
		);
		return users.map((user) => ({ name: String(user.name), value: user.id, description: String(user.login) }));
	},
};
