import { typeError, valueError } from '../errors';
import { major, type OdooSimVersion } from '../version';
import { checkModelAccess, checkRecordRules, visibleIds } from './acl';
import type { Env, Load } from './env';
import { describeField } from './fields';
import type { AccessOp, MethodCall, MethodDef, PyParam } from './model';
import { RecordSet } from './recordset';

export const param = (name: string, optional = false): PyParam => ({ name, optional });
export const kwOnly = (name: string, optional = true): PyParam => ({ name, optional, kwOnly: true });

/** A business method without arguments on a recordset (`action_confirm(self)`), owned by the given Python class. */
export function recordMethod(owner: string, fn: (env: Env, ids: number[]) => unknown): MethodDef {
	return { api: 'records', owner, params: [], fn: ({ env, ids }) => fn(env, ids) };
}

const asNumber = (value: unknown, fallback?: number): number | undefined =>
	value === null || value === undefined || value === false ? fallback : Number(value);

/** The caller's search: record rules filter before offset and limit apply, as in SQL. */
function searchIds({ env, model, kw }: MethodCall): number[] {
	checkModelAccess(env, model, 'read');
	const order = typeof kw.order === 'string' && kw.order ? kw.order : undefined;
	const visible = visibleIds(env, model, env.model(model).search((kw.domain as unknown[]) ?? [], { order }));
	const offset = asNumber(kw.offset, 0) ?? 0;
	const limit = asNumber(kw.limit);
	return visible.slice(offset, limit ? offset + limit : undefined);
}

function readRecords(call: MethodCall, ids: number[], fields: unknown, load: unknown): Record<string, unknown>[] {
	const names = Array.isArray(fields) ? (fields as string[]) : undefined;
	return call.env.model(call.model).read(ids, names, load === null ? null : ('_classic_read' as Load));
}

/** `read(fields=None, load='_classic_read')`, for BaseModel and for the models that override it. */
export function readMethod(fn: (call: MethodCall) => unknown): MethodDef {
	return { api: 'records', params: [param('fields', true), param('load', true)], access: 'read', checkExists: false, fn };
}

/** `has_access(operation)` and `check_access(operation)` (18.0+): they check the access themselves, missing records too. */
function accessCheckMethod(fn: (call: MethodCall) => unknown): MethodDef {
	return { api: 'records', params: [param('operation')], access: 'none', checkExists: false, since: '18.0', fn };
}

/** The model's access rights for `operation`, then its record rules on the records (AccessError if either refuses). */
function checkAccess({ env, model, ids, kw }: MethodCall): void {
	const operation = accessOp(kw.operation);
	checkModelAccess(env, model, operation);
	checkRecordRules(env, model, operation, ids);
}

/** The methods every model has (Odoo's BaseModel), with their Python signatures for argument binding. */
export function baseMethods(version: OdooSimVersion): Record<string, MethodDef> {
	const v19 = major(version) >= 19;
	return {
		search: {
			api: 'model',
			params: [param('domain'), param('offset', true), param('limit', true), param('order', true)],
			fn: (call) => new RecordSet(call.model, searchIds(call)),
		},
		search_count: {
			api: 'model',
			params: [param('domain'), param('limit', true)],
			fn: (call) => searchIds({ ...call, kw: { domain: call.kw.domain, limit: call.kw.limit } }).length,
		},
		search_read: {
			api: 'model',
			params: [param('domain', true), param('fields', true), param('offset', true), param('limit', true), param('order', true)],
			varKw: 'read_kwargs',
			fn: (call) => {
				const readKwargs = call.kw.read_kwargs as Record<string, unknown>;
				const unexpected = Object.keys(readKwargs).find((k) => k !== 'load');
				if (unexpected) throw typeError(`BaseModel._read_format() got an unexpected keyword argument '${unexpected}'`);
				if (Array.isArray(call.kw.fields)) call.env.model(call.model).checkFields(call.kw.fields as string[]);
				return readRecords(call, searchIds(call), call.kw.fields, readKwargs.load);
			},
		},
		read: readMethod((call) => {
			checkRecordRules(call.env, call.model, 'read', call.ids);
			return readRecords(call, call.ids, call.kw.fields, 'load' in call.kw ? call.kw.load : '_classic_read');
		}),
		create: {
			api: 'create',
			params: [param('vals_list')],
			access: 'create',
			fn: ({ env, model, kw }) => {
				const vals = kw.vals_list;
				const list = Array.isArray(vals) ? vals : [vals];
				if (!list.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
					throw valueError(`Wrong value for ${model}.create(): expected a dict or a list of dicts`);
				}
				return new RecordSet(model, env.model(model).createMany(list as Record<string, unknown>[]));
			},
		},
		write: {
			api: 'records',
			params: [param('vals')],
			fn: ({ env, model, ids, kw }) => {
				env.model(model).write(ids, (kw.vals ?? {}) as Record<string, unknown>);
				return true;
			},
		},
		unlink: {
			api: 'records',
			params: [],
			access: 'unlink',
			fn: ({ env, model, ids }) => {
				env.model(model).unlink(ids);
				return true;
			},
		},
		copy: {
			api: 'records',
			params: [param('default', true)],
			access: 'create',
			returnsId: true,
			fn: ({ env, model, ids, kw }) =>
				new RecordSet(
					model,
					ids.map((id) => env.model(model).copy(id, (kw.default ?? {}) as Record<string, unknown>)),
				),
		},
		exists: {
			api: 'records',
			params: [],
			access: 'read',
			checkExists: false,
			fn: ({ env, model, ids }) => new RecordSet(model, env.model(model).exists(ids)),
		},
		fields_get: {
			api: 'model',
			params: [param('allfields', true), param('attributes', true)],
			access: 'none',
			fn: ({ env, model, kw }) => {
				const def = env.registry.get(model);
				const wanted = Array.isArray(kw.allfields) && kw.allfields.length ? (kw.allfields as string[]) : undefined;
				const attributes = Array.isArray(kw.attributes) && kw.attributes.length ? (kw.attributes as string[]) : undefined;
				const out: Record<string, unknown> = {};
				for (const [name, field] of Object.entries(def.fields)) {
					if (!wanted || wanted.includes(name)) out[name] = describeField(name, field, attributes);
				}
				return out;
			},
		},
		default_get: {
			api: 'model',
			params: [param(v19 ? 'fields' : 'fields_list')],
			access: 'none',
			fn: ({ env, model, kw }) => env.model(model).defaultGet((kw.fields ?? kw.fields_list ?? []) as string[]),
		},
		name_search: {
			api: 'model',
			params: [param('name', true), param(major(version) >= 18 ? 'domain' : 'args', true), param('operator', true), param('limit', true)],
			access: 'read',
			fn: (call) => {
				const { env, model, kw } = call;
				const domain = ((kw.domain ?? kw.args ?? []) as unknown[]).slice();
				const name = (kw.name as string) ?? '';
				const operator = (kw.operator as string) ?? 'ilike';
				const limit = asNumber(kw.limit, 100);
				const candidates = visibleIds(env, model, env.model(model).search(domain));
				const matches = candidates.filter((id) => !name || matchName(env.displayName(model, id), operator, name));
				return matches.slice(0, limit || undefined).map((id) => [id, env.displayName(model, id)]);
			},
		},
		check_access_rights: {
			api: 'model',
			params: [param('operation'), param('raise_exception', true)],
			access: 'none',
			until: '19.0',
			fn: ({ env, model, kw }) => {
				try {
					checkModelAccess(env, model, accessOp(kw.operation));
					return true;
				} catch (error) {
					if (kw.raise_exception === false) return false;
					throw error;
				}
			},
		},
		has_access: accessCheckMethod((call) => {
			try {
				checkAccess(call);
				return true;
			} catch {
				return false;
			}
		}),
		check_access: accessCheckMethod((call) => {
			checkAccess(call);
			return undefined;
		}),
		name_create: {
			api: 'model',
			params: [param('name')],
			access: 'create',
			fn: ({ env, model, kw }) => {
				const def = env.registry.get(model);
				const recName = def.recName ?? 'name';
				const id = env.model(model).create({ [recName]: kw.name });
				return [id, env.displayName(model, id)];
			},
		},
	};
}

function accessOp(operation: unknown): AccessOp {
	if (operation === 'read' || operation === 'write' || operation === 'create' || operation === 'unlink') return operation;
	throw valueError(`Invalid access mode: ${String(operation)}`);
}

function matchName(display: string, operator: string, name: string): boolean {
	const a = display.toLowerCase();
	const b = name.toLowerCase();
	switch (operator) {
		case '=':
			return display === name;
		case '=ilike':
			return a === b;
		case 'like':
			return display.includes(name);
		case 'not ilike':
			return !a.includes(b);
		default:
			return a.includes(b);
	}
}
