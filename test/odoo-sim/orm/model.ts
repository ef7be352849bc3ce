import type { OdooSimVersion } from '../version';
import type { Env, Rec } from './env';

export type FieldType =
	| 'char'
	| 'text'
	| 'html'
	| 'integer'
	| 'float'
	| 'monetary'
	| 'boolean'
	| 'date'
	| 'datetime'
	| 'selection'
	| 'many2one'
	| 'one2many'
	| 'many2many'
	| 'binary'
	| 'many2one_reference'
	| 'properties'
	| 'json';

/** Optional Odoo modules the simulator can model as installed. */
export type SimModule = 'stock_delivery' | 'helpdesk' | 'approvals';

interface Availability {
	/** First version that has it. */
	since?: OdooSimVersion;
	/** First version that no longer has it. */
	until?: OdooSimVersion;
	/** Only when this optional module is installed. */
	module?: SimModule;
}

export interface FieldDef extends Availability {
	type: FieldType;
	string: string;
	help?: string;
	required?: boolean;
	readonly?: boolean;
	selection?: ReadonlyArray<readonly [string, string]>;
	relation?: string;
	/** one2many: the many2one on the comodel that points back. */
	inverse?: string;
	/** many2one_reference: the char field holding the target model's name. */
	modelField?: string;
	/** Static default, or computed from the environment at create time. */
	default?: unknown;
	defaultFn?: (env: Env) => unknown;
	/** Not stored: evaluated on every read, search and order. Returns the cache format (ids, not [id, name]).
	 * `fields_get` shows computed fields as readonly unless they have a setter or say `readonly: false`. */
	compute?: (rec: Rec) => unknown;
	/** Called when a computed field is written (Odoo's `inverse=`). */
	setter?: (rec: Rec, value: unknown) => void;
	/** Odoo's `groups=`: group-restricted fields cannot be sent in webhook payloads. */
	groups?: string;
	/** many2one: what happens to this record when the target is deleted. Default 'set null'. */
	ondelete?: 'cascade' | 'set null' | 'restrict';
	/** Round floats to this many decimals when stored. */
	digits?: number;
	/** `copy=False`: left out by `copy()`. */
	copy?: boolean;
}

export interface PyParam {
	name: string;
	/** Has a default value (optional argument). */
	optional?: boolean;
	/** Declared after `*` (keyword-only). */
	kwOnly?: boolean;
}

export interface MethodCall {
	env: Env;
	model: string;
	ids: number[];
	/** Arguments bound by name (positional arguments already mapped to their parameter names). */
	kw: Record<string, unknown>;
}

export interface MethodDef extends Availability {
	/** `model`: @api.model (no ids); `records`: runs on a recordset; `create`: @api.model_create_multi. */
	api: 'model' | 'records' | 'create';
	params: PyParam[];
	/** Name of the `**kwargs` parameter, if any. */
	varKw?: string;
	/** Python class in TypeError messages (`BaseModel.search_count()`). */
	owner?: string;
	/** Access right checked before the call. Default: 'write' for record methods, 'read' for model methods. */
	access?: 'read' | 'write' | 'create' | 'unlink' | 'none';
	/** Decorated with @check_identity: refuses to run outside a web session. */
	httpOnly?: boolean;
	/** @api.returns(..., lambda value: value.id): JSON-RPC receives the id, JSON-2 the list of ids. */
	returnsId?: boolean;
	/** The record must exist (MissingError otherwise). Default true for record methods. */
	checkExists?: boolean;
	fn: (call: MethodCall) => unknown;
}

export interface Constraint {
	/** 'sql' messages get Odoo's "The operation cannot be completed: " prefix. */
	kind: 'python' | 'sql';
	fields: string[];
	check: (rec: Rec) => boolean;
	message: string;
}

export interface ModelHooks {
	/** Adjusts the values of a new record before defaults are applied (sequences, computed names). */
	beforeCreate?: (env: Env, vals: Record<string, unknown>) => void;
	afterCreate?: (rec: Rec, vals: Record<string, unknown>) => void;
	beforeWrite?: (env: Env, ids: number[], vals: Record<string, unknown>) => void;
	afterWrite?: (env: Env, ids: number[], vals: Record<string, unknown>) => void;
	beforeUnlink?: (env: Env, ids: number[]) => void;
	/** Adds model-specific defaults to `default_get`'s result. */
	defaultGet?: (env: Env, fields: string[], result: Record<string, unknown>) => void;
}

/** Who may do what on a model: the ACL, plus record rules for portal users. */
export interface AccessSpec {
	/** Operations internal users without admin rights may do (default: all). */
	internal?: ReadonlyArray<AccessOp>;
	/** Operations portal users may do (default: none). */
	portal?: ReadonlyArray<AccessOp>;
	/** Portal record rule: which rows a portal user sees. */
	portalRule?: (rec: Rec, partnerId: number) => boolean;
	/** Group names listed in the AccessError message, per operation. */
	groups?: Partial<Record<AccessOp, string[]>>;
}

export type AccessOp = 'read' | 'write' | 'create' | 'unlink';

export interface ModelDef extends Availability {
	name: string;
	description: string;
	fields: Record<string, FieldDef>;
	/** Default `_order`. */
	order?: string;
	/** Field giving the display name (default 'name' when it exists). */
	recName?: string;
	displayName?: (rec: Rec) => string;
	transient?: boolean;
	/** Field used by `child_of` (Odoo's `_parent_name`). */
	parentName?: string;
	/** Mixins whose fields and methods this model gets (`mail.thread`, `mail.activity.mixin`). */
	mixins?: string[];
	methods?: Record<string, MethodDef>;
	constraints?: Constraint[];
	hooks?: ModelHooks;
	access?: AccessSpec;
	/** Abstract models only lend fields and methods to others. */
	abstract?: boolean;
}
