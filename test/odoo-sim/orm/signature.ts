import { HttpException, typeError } from '../errors';
import type { MethodDef } from './model';

function quoteList(names: string[]): string {
	const quoted = names.map((n) => `'${n}'`);
	if (quoted.length === 1) return quoted[0];
	if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
	return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

/**
 * Binds `method(self, *args, **kwargs)` the way CPython does, with its TypeError messages
 * (`BaseModel.search_count() missing 1 required positional argument: 'domain'`).
 */
export function bindPositional(
	method: MethodDef,
	qualname: string,
	args: unknown[],
	kwargs: Record<string, unknown>,
): Record<string, unknown> {
	const positional = method.params.filter((p) => !p.kwOnly);
	const bound: Record<string, unknown> = {};
	if (args.length > positional.length) {
		const required = positional.filter((p) => !p.optional).length + 1;
		const max = positional.length + 1;
		const takes = required === max ? `${max}` : `from ${required} to ${max}`;
		const plural = max === 1 && required === max ? 'argument' : 'arguments';
		const given = args.length + 1;
		throw typeError(`${qualname}() takes ${takes} positional ${plural} but ${given} ${given === 1 ? 'was' : 'were'} given`);
	}
	args.forEach((value, i) => (bound[positional[i].name] = value));
	const extra: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(kwargs)) {
		const param = method.params.find((p) => p.name === key);
		if (param) {
			if (key in bound) throw typeError(`${qualname}() got multiple values for argument '${key}'`);
			bound[key] = value;
		} else if (method.varKw) extra[key] = value;
		else throw typeError(`${qualname}() got an unexpected keyword argument '${key}'`);
	}
	const missing = positional.filter((p) => !p.optional && !(p.name in bound)).map((p) => p.name);
	if (missing.length) {
		const s = missing.length === 1 ? '' : 's';
		throw typeError(`${qualname}() missing ${missing.length} required positional argument${s}: ${quoteList(missing)}`);
	}
	const missingKw = method.params.filter((p) => p.kwOnly && !p.optional && !(p.name in bound)).map((p) => p.name);
	if (missingKw.length) {
		const s = missingKw.length === 1 ? '' : 's';
		throw typeError(`${qualname}() missing ${missingKw.length} required keyword-only argument${s}: ${quoteList(missingKw)}`);
	}
	if (method.varKw) bound[method.varKw] = extra;
	return bound;
}

/**
 * Binds named arguments the way `inspect.Signature.bind(Model, **kwargs)` does for JSON-2; a failure is a 422
 * (`missing a required argument: 'domain'`). Like inspect, it reports missing arguments before unexpected ones.
 */
export function bindNamed(method: MethodDef, named: Record<string, unknown>): Record<string, unknown> {
	const missing = method.params.find((p) => !p.optional && !(p.name in named));
	if (missing) throw new HttpException(422, 'UnprocessableEntity', `missing a required argument: '${missing.name}'`);
	const bound: Record<string, unknown> = {};
	const extra: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(named)) {
		if (method.params.some((p) => p.name === key)) bound[key] = value;
		else if (method.varKw) extra[key] = value;
		else throw new HttpException(422, 'UnprocessableEntity', `got an unexpected keyword argument '${key}'`);
	}
	if (method.varKw) bound[method.varKw] = extra;
	return bound;
}
