import { valueError } from '../errors';
import { pyRepr } from '../pyjson';
import { major } from '../version';
import type { Env } from './env';
import { isNumeric, isX2many } from './fields';
import type { FieldDef } from './model';

type Node =
	| { kind: 'leaf'; path: string[]; op: string; value: unknown }
	| { kind: 'const'; value: boolean }
	| { kind: 'and' | 'or'; children: Node[] }
	| { kind: 'not'; child: Node };

const OPERATORS = new Set([
	'=',
	'!=',
	'<>',
	'<',
	'<=',
	'>',
	'>=',
	'=?',
	'in',
	'not in',
	'like',
	'not like',
	'ilike',
	'not ilike',
	'=like',
	'=ilike',
	'child_of',
	'parent_of',
	'any',
	'not any',
]);

/** Odoo's names for the leaf in its error messages differ between versions. */
function invalidOperator(env: Env, leaf: unknown[]): Error {
	return major(env.version) >= 19
		? valueError(`Invalid operator in condition ${pyRepr(leaf, true)}`)
		: valueError(`Invalid leaf ${pyRepr(leaf)}`);
}

function invalidField(env: Env, model: string, name: string, leaf: unknown[]): Error {
	const where = major(env.version) >= 19 ? 'condition' : 'leaf';
	return valueError(`Invalid field ${model}.${name} in ${where} ${pyRepr(leaf, true)}`);
}

/** Parses a prefix-notation domain into a tree, validating field paths and operators against the model. */
export function parseDomain(env: Env, model: string, domain: unknown): Node {
	if (domain === undefined || domain === null || domain === false) return { kind: 'const', value: true };
	if (!Array.isArray(domain)) throw valueError(`Invalid domain ${pyRepr(domain)}`);
	let pos = 0;
	const next = (): Node => {
		if (pos >= domain.length) throw valueError(`Invalid domain ${pyRepr(domain)}`);
		const item = domain[pos++];
		if (item === '&' || item === '|') return { kind: item === '&' ? 'and' : 'or', children: [next(), next()] };
		if (item === '!') return { kind: 'not', child: next() };
		return parseLeaf(env, model, item);
	};
	const children: Node[] = [];
	while (pos < domain.length) children.push(next());
	return { kind: 'and', children };
}

function parseLeaf(env: Env, model: string, item: unknown): Node {
	if (item === true || item === false) return { kind: 'const', value: item };
	if (!Array.isArray(item) || item.length !== 3) throw valueError(`Invalid leaf ${pyRepr(item)}`);
	const [left, rawOp, value] = item as [unknown, unknown, unknown];
	if ((left === 1 || left === 0) && rawOp === '=' && value === 1) return { kind: 'const', value: left === 1 };
	const op = typeof rawOp === 'string' ? rawOp.toLowerCase() : '';
	if (typeof left !== 'string' || !left || !OPERATORS.has(op)) throw invalidOperator(env, item);
	const path = left.split('.');
	let current = model;
	for (let i = 0; i < path.length; i++) {
		const def = env.registry.get(current);
		const field = path[i] === 'id' ? undefined : def.fields[path[i]];
		if (path[i] !== 'id' && !field) throw invalidField(env, current, path[i], item);
		if (i < path.length - 1) {
			if (!field?.relation) throw invalidField(env, current, path.slice(i).join('.'), item);
			current = field.relation;
		}
	}
	if ((op === 'any' || op === 'not any') && !env.registry.get(current).fields[path[path.length - 1]]?.relation) {
		throw invalidOperator(env, item);
	}
	return { kind: 'leaf', path, op: op === '<>' ? '!=' : op, value };
}

/** A predicate over record ids. */
export function compileDomain(env: Env, model: string, domain: unknown): (id: number) => boolean {
	const tree = parseDomain(env, model, domain);
	return (id) => evaluate(env, model, tree, id);
}

function evaluate(env: Env, model: string, node: Node, id: number): boolean {
	switch (node.kind) {
		case 'const':
			return node.value;
		case 'and':
			return node.children.every((c) => evaluate(env, model, c, id));
		case 'or':
			return node.children.some((c) => evaluate(env, model, c, id));
		case 'not':
			return !evaluate(env, model, node.child, id);
		case 'leaf':
			return matchPath(env, model, id, node.path, node.op, node.value);
	}
}

function matchPath(env: Env, model: string, id: number, path: string[], op: string, value: unknown): boolean {
	const [head, ...rest] = path;
	if (!rest.length) return matchField(env, model, id, head, op, value);
	const field = env.registry.get(model).fields[head];
	const targets = env.model(model).value(id, head);
	const ids = Array.isArray(targets) ? (targets as number[]) : targets ? [targets as number] : [];
	// A dotted path means "some related record matches" (Odoo's `any`), also for negative operators.
	return ids.some((t) => matchPath(env, field.relation!, t, rest, op, value));
}

const likeCache = new Map<string, RegExp>();

function likeRegex(pattern: string, insensitive: boolean, wrap: boolean): RegExp {
	const key = `${insensitive}:${wrap}:${pattern}`;
	let re = likeCache.get(key);
	if (!re) {
		let body = '';
		for (let i = 0; i < pattern.length; i++) {
			const ch = pattern[i];
			if (ch === '\\' && i + 1 < pattern.length) body += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			else if (ch === '%') body += '.*';
			else if (ch === '_') body += '.';
			else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		}
		re = new RegExp(wrap ? `^.*${body}.*$` : `^${body}$`, insensitive ? 'is' : 's');
		likeCache.set(key, re);
	}
	return re;
}

function isEmpty(value: unknown): boolean {
	return value === false || value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

function asList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	return value === false || value === null || value === undefined ? [] : [value];
}

function normalizeOperand(field: FieldDef | undefined, value: unknown): unknown {
	if (field?.type === 'datetime' && typeof value === 'string' && value.length === 10) return `${value} 00:00:00`;
	if (field && isNumeric(field) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
		return Number(value);
	}
	return value;
}

/** Ids of `model` whose display name matches a name-search operator (used for `partner_id ilike 'deco'`). */
function nameMatches(env: Env, model: string, op: string, value: unknown): Set<number> {
	const api = env.model(model);
	return new Set(api.allIds(false).filter((id) => compareScalar(env.displayName(model, id), op, value, undefined)));
}

/** Ids of `model` under (child_of) or above (parent_of) the given ones, themselves included. */
function hierarchy(env: Env, model: string, roots: number[], direction: 'down' | 'up'): Set<number> {
	const def = env.registry.get(model);
	const parentField = def.parentName ?? (def.fields.parent_id ? 'parent_id' : undefined);
	const out = new Set(roots);
	if (!parentField) return out;
	const api = env.model(model);
	const all = api.allIds(false);
	let frontier = [...roots];
	while (frontier.length) {
		const next: number[] = [];
		if (direction === 'down') {
			for (const id of all) {
				const parent = api.value(id, parentField) as number | false;
				if (parent && frontier.includes(parent) && !out.has(id)) next.push(id);
			}
		} else {
			for (const id of frontier) {
				const parent = api.value(id, parentField) as number | false;
				if (parent && !out.has(parent)) next.push(parent);
			}
		}
		for (const id of next) out.add(id);
		frontier = next;
	}
	return out;
}

function relatedIds(env: Env, relation: string, op: string, value: unknown): Set<number> | undefined {
	if (op === 'child_of' || op === 'parent_of') {
		const roots = asList(value).flatMap((v) => (typeof v === 'string' ? [...nameMatches(env, relation, 'ilike', v)] : [v as number]));
		return hierarchy(env, relation, roots, op === 'child_of' ? 'down' : 'up');
	}
	if (op === 'any' || op === 'not any') {
		return new Set(env.model(relation).search(value as unknown[], { activeTest: false }));
	}
	const values = asList(value);
	if (values.length && values.every((v) => typeof v === 'string')) {
		const nameOp = op === 'in' || op === 'not in' || op === '=' || op === '!=' ? '=' : op.replace('not ', '');
		const out = new Set<number>();
		for (const v of values) for (const id of nameMatches(env, relation, nameOp, v)) out.add(id);
		return out;
	}
	return undefined;
}

function matchField(env: Env, model: string, id: number, name: string, op: string, value: unknown): boolean {
	const def = env.registry.get(model);
	const field = name === 'id' ? undefined : def.fields[name];
	const current = env.model(model).value(id, name);
	const relation = name === 'id' ? model : field?.relation;
	if (relation) {
		const ids = Array.isArray(current) ? (current as number[]) : current ? [current as number] : [];
		const negative = op === '!=' || op.startsWith('not ');
		const related = relatedIds(env, relation, op, value);
		if (related) {
			const hit = ids.some((x) => related.has(x));
			return negative ? !hit : hit;
		}
		if (field && isX2many(field)) return matchX2many(ids, op, value);
		return compareScalar(current, op, value, field);
	}
	return compareScalar(current, op, normalizeOperand(field, value), field);
}

function matchX2many(ids: number[], op: string, value: unknown): boolean {
	const values = asList(value) as number[];
	switch (op) {
		case '=':
		case 'in':
			return value === false ? ids.length === 0 : ids.some((x) => values.includes(x));
		case '!=':
		case 'not in':
			return value === false ? ids.length > 0 : !ids.some((x) => values.includes(x));
		case '=?':
			return isEmpty(value) || ids.some((x) => values.includes(x));
		default:
			return ids.some((x) => compareScalar(x, op, value, undefined));
	}
}

function equals(current: unknown, value: unknown, field: FieldDef | undefined): boolean {
	if (value === false || value === null) {
		if (field?.type === 'boolean') return current === false;
		if (field && isNumeric(field)) return current === 0 || current === false;
		return isEmpty(current);
	}
	if (field?.type === 'boolean') return Boolean(current) === Boolean(value);
	return current === value;
}

function compareScalar(current: unknown, op: string, value: unknown, field: FieldDef | undefined): boolean {
	switch (op) {
		case '=':
			return equals(current, value, field);
		case '!=':
			return !equals(current, value, field);
		case '=?':
			return isEmpty(value) || equals(current, value, field);
		case 'in':
			return asList(value).some((v) => equals(current, v, field));
		case 'not in':
			return !asList(value).some((v) => equals(current, v, field));
		case '<':
		case '<=':
		case '>':
		case '>=': {
			if (current === false || current === null || current === undefined || value === false || value === null) return false;
			const a = current as number | string;
			const b = value as number | string;
			if (op === '<') return a < b;
			if (op === '<=') return a <= b;
			if (op === '>') return a > b;
			return a >= b;
		}
		case 'like':
		case 'ilike':
		case '=like':
		case '=ilike': {
			if (typeof current !== 'string') return false;
			const pattern = value === false || value === null ? '' : String(value);
			return likeRegex(pattern, op.endsWith('ilike'), !op.startsWith('=')).test(current);
		}
		case 'not like':
		case 'not ilike':
			return !compareScalar(current, op.slice(4), value, field);
		default:
			return false;
	}
}
