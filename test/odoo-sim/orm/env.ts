import type { SimClock } from '../clock';
import { missingRecords, userError, validationError, valueError } from '../errors';
import { PyFloat, pyRepr } from '../pyjson';
import { major, type OdooSimVersion } from '../version';
import { compileDomain } from './domain';
import { convertScalar, emptyValue, isX2many } from './fields';
import type { FieldDef } from './model';
import { compileOrder } from './order';
import type { Registry, ResolvedModel } from './registry';
import type { Row, Store, Transaction } from './store';

export type Context = Record<string, unknown>;

/** Told about every create, write and unlink (the automation-rule engine listens here). */
export interface OrmObserver {
	afterCreate(env: Env, model: string, ids: number[]): void;
	/** Called before a write; the returned callback runs after it. */
	aroundWrite(env: Env, model: string, ids: number[], fields: string[]): (() => void) | undefined;
	beforeUnlink(env: Env, model: string, ids: number[]): void;
}

/** Everything one simulated database is made of. */
export interface SimDatabase {
	readonly name: string;
	readonly version: OdooSimVersion;
	readonly registry: Registry;
	readonly store: Store;
	readonly clock: SimClock;
	readonly xmlids: Map<string, { model: string; id: number }>;
	readonly observers: OrmObserver[];
}

export type Transport = 'jsonrpc' | 'json2' | 'web' | 'direct';

/** The web client's cookie session, when the call came through one. */
export interface WebSession {
	id: string;
	db: string;
	uid: number;
	login: string;
	identityCheckedAt?: number;
}

export interface SearchOptions {
	order?: string;
	limit?: number | null;
	offset?: number;
}

export type Load = '_classic_read' | null;

/**
 * The ORM as seen by one call: a user, a context and a transaction. Business code runs as superuser; access rights
 * are checked once, at the RPC boundary (see dispatch.ts).
 */
export class Env {
	constructor(
		readonly db: SimDatabase,
		readonly tx: Transaction,
		readonly uid: number,
		readonly context: Context = {},
		readonly transport: Transport = 'direct',
		readonly session?: WebSession,
	) {}

	get version(): OdooSimVersion {
		return this.db.version;
	}

	get registry(): Registry {
		return this.db.registry;
	}

	/** Now, as an Odoo UTC datetime string. */
	now(): string {
		return this.db.clock.datetime();
	}

	today(): string {
		return this.db.clock.date();
	}

	model(name: string): ModelApi {
		if (!this.registry.has(name)) throw userError(`Object ${name} doesn't exist`);
		return new ModelApi(this, this.registry.get(name));
	}

	withContext(extra: Context): Env {
		return new Env(this.db, this.tx, this.uid, { ...this.context, ...extra }, this.transport, this.session);
	}

	replaceContext(context: Context): Env {
		return new Env(this.db, this.tx, this.uid, context, this.transport, this.session);
	}

	rec(model: string, id: number): Rec {
		return new Rec(this, model, id);
	}

	recs(model: string, ids: number[]): Rec[] {
		return ids.map((id) => new Rec(this, model, id));
	}

	ref(xmlid: string): Rec {
		const target = this.db.xmlids.get(xmlid);
		if (!target) throw valueError(`External ID not found in the system: ${xmlid}`);
		return this.rec(target.model, target.id);
	}

	user(): Rec {
		return this.rec('res.users', this.uid);
	}

	nextSequence(code: string, prefix: string, padding = 5): string {
		return `${prefix}${String(this.db.store.nextSequence(code)).padStart(padding, '0')}`;
	}

	displayName(model: string, id: number): string {
		const def = this.registry.get(model);
		const rec = this.rec(model, id);
		if (def.displayName) return def.displayName(rec);
		const recName = def.recName ?? (def.fields.name ? 'name' : undefined);
		if (recName) {
			const value = rec.get(recName);
			if (typeof value === 'string') return value;
			if (value === false && def.fields[recName].type !== 'many2one') return '';
			if (typeof value === 'number' && value) return this.displayName(def.fields[recName].relation!, value);
		}
		return `${model},${id}`;
	}
}

/** A record handle for business code: `rec.get('state')`, `rec.m2o('partner_id')`, `rec.write({...})`. */
export class Rec {
	constructor(
		readonly env: Env,
		readonly model: string,
		readonly id: number,
	) {}

	get<T = unknown>(field: string): T {
		return this.env.model(this.model).value(this.id, field) as T;
	}

	str(field: string): string {
		const value = this.get(field);
		return typeof value === 'string' ? value : '';
	}

	num(field: string): number {
		return Number(this.get(field)) || 0;
	}

	m2o(field: string): Rec | undefined {
		const id = this.get<number | false>(field);
		const relation = this.env.registry.get(this.model).fields[field].relation!;
		return id ? this.env.rec(relation, id) : undefined;
	}

	x2m(field: string): Rec[] {
		const relation = this.env.registry.get(this.model).fields[field].relation!;
		return this.env.recs(relation, this.get<number[]>(field));
	}

	write(vals: Record<string, unknown>): void {
		this.env.model(this.model).write([this.id], vals);
	}

	exists(): boolean {
		return this.env.tx.has(this.model, this.id);
	}

	displayName(): string {
		return this.env.displayName(this.model, this.id);
	}
}

const NOT_COPIED = ['id', 'create_date', 'create_uid', 'write_date', 'write_uid'];

function isCommandList(value: unknown): value is unknown[][] {
	return Array.isArray(value) && value.every((c) => Array.isArray(c));
}

/** CRUD and search on one model inside an Env, without access checks. */
export class ModelApi {
	constructor(
		readonly env: Env,
		readonly def: ResolvedModel,
	) {}

	get name(): string {
		return this.def.name;
	}

	/** Raises Odoo's "Invalid field" ValueError for the first name the model does not have. */
	checkFields(names: string[]): void {
		for (const name of names) this.field(name);
	}

	field(name: string): FieldDef {
		const field = this.def.fields[name];
		if (!field) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(this.name)}`);
		return field;
	}

	row(id: number): Row | undefined {
		return this.env.tx.get(this.name, id);
	}

	exists(ids: number[]): number[] {
		return ids.filter((id) => this.env.tx.has(this.name, id));
	}

	/** Raises MissingError unless every id exists. */
	ensure(ids: number[]): void {
		const missing = ids.filter((id) => !this.env.tx.has(this.name, id));
		if (missing.length) throw missingRecords(this.name, missing, this.env.uid);
	}

	/** A field's value in the cache format: ids for relations, `false` for empty. */
	value(id: number, name: string): unknown {
		if (name === 'id') return id;
		const field = this.field(name);
		if (field.compute) return field.compute(this.env.rec(this.name, id));
		if (field.type === 'one2many') return this.env.model(field.relation!).children(field.inverse!, id);
		const row = this.row(id);
		if (!row) return emptyValue(field);
		const value = row[name];
		return value === undefined ? emptyValue(field) : value;
	}

	/** Ids of the records whose many2one `inverse` is `parentId`, in the model's order (a one2many's value). */
	children(inverse: string, parentId: number): number[] {
		const activeTest = this.def.fields.active && this.env.context.active_test !== false;
		const ids = this.env.tx
			.rows(this.name)
			.filter((r) => r[inverse] === parentId && (!activeTest || r.active !== false))
			.map((r) => r.id);
		return ids.length > 1 ? ids.sort(compileOrder(this.env, this.name, this.def.order ?? 'id', ids)) : ids;
	}

	allIds(activeTest = true): number[] {
		const rows = this.env.tx.rows(this.name);
		const filtered =
			activeTest && this.def.fields.active && this.env.context.active_test !== false
				? rows.filter((r) => r.active !== false)
				: rows;
		return filtered.map((r) => r.id);
	}

	search(domain: unknown[] = [], options: SearchOptions & { activeTest?: boolean } = {}): number[] {
		const hasActiveLeaf = Array.isArray(domain) && domain.some((leaf) => Array.isArray(leaf) && leaf[0] === 'active');
		const matcher = compileDomain(this.env, this.name, domain);
		let ids = this.allIds(options.activeTest !== false && !hasActiveLeaf).filter(matcher);
		ids.sort(compileOrder(this.env, this.name, options.order ?? this.def.order ?? 'id', ids));
		const offset = options.offset ?? 0;
		ids = ids.slice(offset, options.limit ? offset + options.limit : undefined);
		return ids;
	}

	/** Records in the order of `ids`; unknown field names raise, missing ids are dropped (as Odoo does). */
	read(ids: number[], fields?: string[] | null, load: Load = '_classic_read'): Record<string, unknown>[] {
		const names = fields && fields.length ? fields : Object.keys(this.def.fields).filter((f) => f !== 'id');
		this.checkFields(names);
		return this.exists(ids).map((id) => {
			const out: Record<string, unknown> = { id };
			for (const name of names) {
				if (name !== 'id') out[name] = this.toRead(id, name, load);
			}
			return out;
		});
	}

	/** One field in the wire format: many2one as `[id, name]` (bare id with `load: null`), floats as floats. */
	toRead(id: number, name: string, load: Load = '_classic_read'): unknown {
		const field = this.field(name);
		const value = this.value(id, name);
		switch (field.type) {
			case 'many2one': {
				if (!value) return false;
				const target = this.env.model(field.relation!);
				if (!target.row(value as number)) return false;
				return load === null ? value : [value, this.env.displayName(field.relation!, value as number)];
			}
			case 'float':
			case 'monetary':
				return new PyFloat(Number(value) || 0);
			case 'one2many':
			case 'many2many':
				return [...(value as number[])];
			case 'properties':
				return value || [];
			default:
				return value;
		}
	}

	/** Default values for a new record: context `default_*` keys, then field defaults, then the model hook. */
	defaultGet(fields: string[]): Record<string, unknown> {
		const result: Record<string, unknown> = {};
		for (const name of fields) {
			const field = this.def.fields[name];
			if (!field) continue;
			const ctxKey = `default_${name}`;
			if (ctxKey in this.env.context) result[name] = this.env.context[ctxKey];
			else if (field.defaultFn) result[name] = field.defaultFn(this.env);
			else if (field.default !== undefined) result[name] = field.default;
		}
		this.def.hooks?.defaultGet?.(this.env, fields, result);
		return result;
	}

	create(vals: Record<string, unknown>): number {
		return this.createMany([vals])[0];
	}

	createMany(valsList: Record<string, unknown>[]): number[] {
		const ids: number[] = [];
		for (const input of valsList) {
			const vals = { ...input };
			this.checkFields(Object.keys(vals));
			this.def.hooks?.beforeCreate?.(this.env, vals);
			const missing = Object.keys(this.def.fields).filter((f) => !(f in vals));
			Object.assign(vals, this.defaultGet(missing));
			const id = this.env.db.store.nextId(this.name);
			const now = this.env.now();
			const row: Row = { id, create_date: now, write_date: now, create_uid: this.env.uid, write_uid: this.env.uid };
			const relational: Array<[string, FieldDef, unknown]> = [];
			for (const [name, field] of Object.entries(this.def.fields)) {
				if (field.compute || name in row) continue;
				if (field.type === 'one2many') {
					if (vals[name] !== undefined) relational.push([name, field, vals[name]]);
					continue;
				}
				row[name] = name in vals ? this.convert(name, field, vals[name], []) : emptyValue(field);
			}
			this.checkRequired(row);
			this.env.tx.put(this.name, row);
			for (const [name, field] of Object.entries(this.def.fields)) {
				if (field.compute && field.setter && name in vals) field.setter(this.env.rec(this.name, id), vals[name]);
			}
			for (const [name, field, value] of relational) this.applyOne2many(id, name, field, value);
			this.checkConstraints([id], Object.keys(vals));
			this.def.hooks?.afterCreate?.(this.env.rec(this.name, id), vals);
			ids.push(id);
		}
		for (const observer of this.env.db.observers) observer.afterCreate(this.env, this.name, ids);
		return ids;
	}

	write(ids: number[], input: Record<string, unknown>): void {
		if (!ids.length) return;
		this.ensure(ids);
		const vals = { ...input };
		this.checkFields(Object.keys(vals));
		this.def.hooks?.beforeWrite?.(this.env, ids, vals);
		const fields = Object.keys(vals);
		const after = this.env.db.observers.map((o) => o.aroundWrite(this.env, this.name, ids, fields));
		const now = this.env.now();
		for (const id of ids) {
			const row: Row = { ...this.row(id)!, write_date: now, write_uid: this.env.uid };
			const relational: Array<[string, FieldDef, unknown]> = [];
			for (const name of fields) {
				const field = this.def.fields[name];
				if (field.compute) continue;
				if (field.type === 'one2many') relational.push([name, field, vals[name]]);
				else row[name] = this.convert(name, field, vals[name], (row[name] as number[]) ?? []);
			}
			this.checkRequired(row);
			this.env.tx.put(this.name, row);
			for (const name of fields) {
				const field = this.def.fields[name];
				if (field.compute && field.setter) field.setter(this.env.rec(this.name, id), vals[name]);
			}
			for (const [name, field, value] of relational) this.applyOne2many(id, name, field, value);
		}
		this.checkConstraints(ids, fields);
		this.def.hooks?.afterWrite?.(this.env, ids, vals);
		for (const callback of after) callback?.();
	}

	unlink(ids: number[]): void {
		if (!ids.length) return;
		this.ensure(ids);
		this.def.hooks?.beforeUnlink?.(this.env, ids);
		for (const observer of this.env.db.observers) observer.beforeUnlink(this.env, this.name, ids);
		for (const id of ids) this.env.tx.remove(this.name, id);
		for (const ref of this.env.registry.referencesTo(this.name)) {
			const target = this.env.model(ref.model);
			const rows = this.env.tx.rows(ref.model);
			if (ref.def.type === 'many2many') {
				for (const row of rows) {
					const current = row[ref.field] as number[] | undefined;
					if (current?.some((id) => ids.includes(id))) {
						this.env.tx.put(ref.model, { ...row, [ref.field]: current.filter((id) => !ids.includes(id)) });
					}
				}
				continue;
			}
			const dependents = rows.filter((r) => ids.includes(r[ref.field] as number)).map((r) => r.id);
			if (!dependents.length) continue;
			if (ref.def.ondelete === 'cascade') target.unlink(dependents);
			else if (ref.def.ondelete === 'restrict' || ref.def.required) {
				throw validationError(
					`The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${target.def.description} (${ref.model}), Field: ${ref.def.string} (${ref.field})`,
				);
			} else {
				for (const id of dependents) this.env.tx.put(ref.model, { ...target.row(id)!, [ref.field]: false });
			}
		}
	}

	/** Odoo's `copy()`: stored fields, with overrides; one2many children are not copied. */
	copy(id: number, overrides: Record<string, unknown> = {}): number {
		this.ensure([id]);
		const source = this.row(id)!;
		const vals: Record<string, unknown> = {};
		for (const [name, field] of Object.entries(this.def.fields)) {
			if (field.compute || field.type === 'one2many' || field.copy === false || NOT_COPIED.includes(name)) continue;
			if (name in source) vals[name] = source[name];
		}
		return this.create({ ...vals, ...overrides });
	}

	/** Runs the create-time observers again, for the flows Odoo notifies twice (see stock-flows.ts). */
	replayCreateTriggers(ids: number[]): void {
		for (const observer of this.env.db.observers) observer.afterCreate(this.env, this.name, ids);
	}

	private convert(name: string, field: FieldDef, value: unknown, current: number[]): unknown {
		if (field.type === 'many2one') {
			if (value === false || value === null || value === undefined) return false;
			if (typeof value !== 'number' || !Number.isInteger(value)) {
				throw valueError(`Wrong value for ${this.name}.${name}: ${pyRepr(value)}`);
			}
			this.env.model(field.relation!).ensure([value]);
			return value;
		}
		if (field.type === 'many2many') return this.applyMany2many(field, value, current);
		return convertScalar(this.name, name, field, value);
	}

	private applyMany2many(field: FieldDef, value: unknown, current: number[]): number[] {
		const target = this.env.model(field.relation!);
		if (value === false || value === null) return [];
		if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
			target.ensure(value as number[]);
			return [...new Set(value as number[])];
		}
		if (!isCommandList(value)) throw valueError(`Wrong value for ${this.name}: ${pyRepr(value)}`);
		let ids = [...current];
		for (const command of value) {
			const [code, id, arg] = command as [number, number, unknown];
			switch (code) {
				case 0:
					ids.push(target.create((arg ?? {}) as Record<string, unknown>));
					break;
				case 1:
					target.write([id], (arg ?? {}) as Record<string, unknown>);
					break;
				case 2:
					target.unlink([id]);
					ids = ids.filter((x) => x !== id);
					break;
				case 3:
					ids = ids.filter((x) => x !== id);
					break;
				case 4:
					target.ensure([id]);
					if (!ids.includes(id)) ids.push(id);
					break;
				case 5:
					ids = [];
					break;
				case 6:
					target.ensure(arg as number[]);
					ids = [...new Set(arg as number[])];
					break;
				default:
					throw valueError(`Invalid x2many command ${pyRepr(command)}`);
			}
		}
		return ids;
	}

	private applyOne2many(id: number, name: string, field: FieldDef, value: unknown): void {
		const target = this.env.model(field.relation!);
		const inverse = field.inverse!;
		const children = () => this.value(id, name) as number[];
		const detach = (childIds: number[]) => {
			const required = target.def.fields[inverse].required || target.def.fields[inverse].ondelete === 'cascade';
			if (required) target.unlink(childIds);
			else target.write(childIds, { [inverse]: false });
		};
		if (value === false || value === null) return;
		const commands: unknown[][] =
			Array.isArray(value) && value.every((v) => typeof v === 'number')
				? [[6, 0, value]]
				: isCommandList(value)
					? value
					: (() => {
							throw valueError(`Wrong value for ${this.name}.${name}: ${pyRepr(value)}`);
						})();
		for (const command of commands) {
			const [code, childId, arg] = command as [number, number, unknown];
			switch (code) {
				case 0:
					target.create({ ...((arg ?? {}) as Record<string, unknown>), [inverse]: id });
					break;
				case 1:
					target.write([childId], (arg ?? {}) as Record<string, unknown>);
					break;
				case 2:
					target.unlink([childId]);
					break;
				case 3:
					detach([childId]);
					break;
				case 4:
					target.write([childId], { [inverse]: id });
					break;
				case 5:
					detach(children());
					break;
				case 6: {
					const keep = arg as number[];
					const drop = children().filter((c) => !keep.includes(c));
					if (drop.length) detach(drop);
					if (keep.length) target.write(keep, { [inverse]: id });
					break;
				}
				default:
					throw valueError(`Invalid x2many command ${pyRepr(command)}`);
			}
		}
	}

	private checkRequired(row: Row): void {
		for (const [name, field] of Object.entries(this.def.fields)) {
			if (!field.required || field.compute || isX2many(field)) continue;
			const value = row[name];
			if (value === false || value === undefined || value === null) {
				throw validationError(requiredFieldMessage(this.env.version, this.def, name, field));
			}
		}
	}

	private checkConstraints(ids: number[], fields: string[]): void {
		for (const constraint of this.def.constraints ?? []) {
			if (!constraint.fields.some((f) => fields.includes(f))) continue;
			for (const id of ids) {
				if (!constraint.check(this.env.rec(this.name, id))) {
					const prefix = constraint.kind === 'sql' ? 'The operation cannot be completed: ' : '';
					throw validationError(prefix + constraint.message);
				}
			}
		}
	}
}

function requiredFieldMessage(version: OdooSimVersion, def: ResolvedModel, name: string, field: FieldDef): string {
	if (major(version) >= 19) {
		return (
			`The operation cannot be completed: Missing required value for the field '${field.string}' (${name}).\n` +
			`Model: '${def.description}' (${def.name})\n` +
			'- create/update: a mandatory field is not set\n' +
			'- delete: another model requires the record being deleted, you can archive it instead\n'
		);
	}
	return (
		'The operation cannot be completed:\n' +
		'- Create/update: a mandatory field is not set.\n' +
		'- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
		`Model: ${def.description} (${def.name})\n` +
		`Field: ${field.string} (${name})\n`
	);
}
