import { accessError, attributeError, HttpException, indexError, typeError, userError } from '../errors';
import { checkModelAccess, checkRecordRules } from './acl';
import type { Env } from './env';
import type { MethodDef } from './model';
import { RecordSet } from './recordset';
import { bindNamed, bindPositional } from './signature';

function checkPrivate(model: string, method: string): void {
	if (method.startsWith('_')) {
		throw accessError(`Private methods (such as '${model}.${method}') cannot be called remotely.`);
	}
}

function toIds(value: unknown): number[] {
	if (typeof value === 'number') return [value];
	if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
	if (value === false || value === null) return [];
	throw typeError(`unhashable type: '${Array.isArray(value) ? 'list' : typeof value}'`);
}

/** Runs a resolved method: access rights, MissingError on absent records, then the method itself. */
export function invoke(env: Env, model: string, name: string, method: MethodDef, ids: number[], kw: Record<string, unknown>): unknown {
	if (method.httpOnly && env.transport !== 'web') throw userError('This method can only be accessed over HTTP');
	const op = method.access ?? (method.api === 'records' ? 'write' : 'read');
	if (op !== 'none') checkModelAccess(env, model, op);
	if (method.api === 'records' && method.checkExists !== false) {
		env.model(model).ensure(ids);
		if (op !== 'none') checkRecordRules(env, model, op, ids);
	}
	return method.fn({ env, model, ids, kw });
}

/**
 * `object.execute_kw` / `/web/dataset/call_kw`: positional `args` (ids first for record methods) and `kwargs`, whose
 * `context` is taken out first. Recordsets come back as ids, or as one id for `@api.returns` and single-dict `create`.
 */
export function callKw(env: Env, model: string, name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
	checkPrivate(model, name);
	const def = env.model(model).def;
	const method = def.methods[name];
	if (!method) throw attributeError(`The method '${model}.${name}' does not exist`);
	const { context, ...rest } = kwargs;
	const callEnv = env.replaceContext((context as Record<string, unknown>) ?? {});
	let ids: number[] = [];
	let positional = args;
	if (method.api === 'records') {
		if (!args.length) throw indexError('list index out of range');
		ids = toIds(args[0]);
		positional = args.slice(1);
	}
	const kw = bindPositional(method, `${method.owner ?? 'BaseModel'}.${name}`, positional, rest);
	const result = invoke(callEnv, model, name, method, ids, kw);
	if (result instanceof RecordSet) {
		const single = method.returnsId || (method.api === 'create' && !Array.isArray(kw.vals_list));
		return single ? (result.ids[0] ?? false) : result.ids;
	}
	return result;
}

/** `POST /json/2/<model>/<method>`: named arguments only, `ids` and `context` apart; recordsets become id lists. */
export function callJson2(env: Env, model: string, name: string, body: Record<string, unknown>): unknown {
	if (!env.registry.has(model)) throw new HttpException(404, 'NotFound', `the model '${model}' does not exist`);
	checkPrivate(model, name);
	const method = env.registry.get(model).methods[name];
	if (!method) throw new HttpException(404, 'NotFound', `The method '${model}.${name}' does not exist`);
	const { ids, context, ...named } = body;
	const kw = bindNamed(method, named);
	const idList = ids === undefined ? [] : toIds(ids);
	if (idList.length && method.api !== 'records') {
		throw new HttpException(422, 'UnprocessableEntity', `cannot call ${model}.${name} with ids`);
	}
	const callEnv = env.replaceContext((context as Record<string, unknown>) ?? {});
	const result = invoke(callEnv, model, name, method, idList, kw);
	return result instanceof RecordSet ? result.ids : result;
}

/** A business method called directly by a test (superuser, no argument binding). */
export function callDirect(env: Env, model: string, name: string, ids: number[], kw: Record<string, unknown>): unknown {
	const method = env.model(model).def.methods[name];
	if (!method) throw attributeError(`The method '${model}.${name}' does not exist`);
	const result = invoke(env, model, name, method, ids, kw);
	return result instanceof RecordSet ? result.ids : result;
}
