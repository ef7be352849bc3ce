import { valueError } from '../errors';
import { pyRepr } from '../pyjson';
import type { Env } from './env';

const ORDER_RE = /^(\s*("?[a-z0-9:_]+"?)(\.id)?(\s+(desc|asc))?(\s+(nulls first|nulls last))?\s*(,|$))+(?<!,)$/i;

interface OrderTerm {
	field: string;
	desc: boolean;
	nullsFirst: boolean;
}

function parseOrder(env: Env, model: string, spec: string): OrderTerm[] {
	if (!ORDER_RE.test(spec)) {
		throw valueError(
			`Invalid "order" specified (${spec}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
		);
	}
	const def = env.registry.get(model);
	return spec.split(',').map((part) => {
		const [rawField, ...words] = part.trim().split(/\s+/);
		const field = rawField.replace(/"/g, '').replace(/\.id$/, '');
		if (field !== 'id' && !def.fields[field]) throw valueError(`Invalid field ${pyRepr(field)} on model ${pyRepr(model)}`);
		const desc = words[0]?.toLowerCase() === 'desc';
		const nulls = words.join(' ').toLowerCase();
		// PostgreSQL puts NULLs last ascending and first descending, unless told otherwise.
		const nullsFirst = nulls.includes('nulls first') ? true : nulls.includes('nulls last') ? false : desc;
		return { field, desc, nullsFirst };
	});
}

/**
 * A comparator of record ids following an Odoo `order` string (many2one fields sort by the target's name). The sort
 * keys of `ids` are computed once, up front.
 */
export function compileOrder(env: Env, model: string, spec: string, ids: number[]): (a: number, b: number) => number {
	const terms = parseOrder(env, model, spec);
	const api = env.model(model);
	const def = env.registry.get(model);
	const computeKey = (id: number, field: string): unknown => {
		if (field === 'id') return id;
		const value = api.value(id, field);
		if (def.fields[field].type === 'boolean') return value ? 1 : 0;
		const relation = def.fields[field].type === 'many2one' ? def.fields[field].relation : undefined;
		return relation && value ? env.displayName(relation, value as number) : value;
	};
	const keys = new Map(ids.map((id) => [id, terms.map((term) => computeKey(id, term.field))]));
	return (a, b) => {
		const ka = keys.get(a)!;
		const kb = keys.get(b)!;
		for (const [i, term] of terms.entries()) {
			const x = ka[i];
			const y = kb[i];
			const xNull = x === false || x === null || x === undefined;
			const yNull = y === false || y === null || y === undefined;
			if (xNull && yNull) continue;
			if (xNull !== yNull) return xNull === term.nullsFirst ? -1 : 1;
			let cmp = 0;
			if (typeof x === 'string' && typeof y === 'string') cmp = x < y ? -1 : x > y ? 1 : 0;
			else if (typeof x === 'number' && typeof y === 'number') cmp = x - y;
			if (cmp !== 0) return term.desc ? -cmp : cmp;
		}
		return a - b;
	};
}
