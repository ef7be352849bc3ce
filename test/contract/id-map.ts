/**
 * Maps the record ids of the recorded database onto the simulator's. Ids of records the replay creates are learnt
 * from the answers (create results, reads, action `res_id`s, webhook payloads); ids of records the recording found in
 * Odoo's own demo data are aliased explicitly by the replay plan. An id nobody mapped is used as is.
 */
import type { OdooSimulator } from '../odoo-sim';

interface FieldMeta {
	ttype: string;
	relation: string | false;
}

/** Methods that take no ids (`@api.model`); every other method's first positional argument is the ids. */
const MODEL_METHODS = new Set(['search', 'search_count', 'search_read', 'create', 'fields_get', 'default_get', 'name_search', 'name_create']);

const CONTEXT_PICKINGS = ['button_validate_picking_ids', 'picking_ids_not_to_backorder'];

type Json = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export class IdMap {
	private readonly aliases = new Map<string, number>();
	private readonly fieldCache = new Map<string, Map<string, FieldMeta>>();

	constructor(private readonly sim: OdooSimulator) {}

	/** Explicit mapping (overrides anything learnt). */
	alias(model: string, recordedId: number, simId: number): void {
		this.aliases.set(`${model}:${recordedId}`, simId);
	}

	/** Mapping learnt from an answer; never overrides an existing one. */
	learn(model: string, recordedId: unknown, simId: unknown): void {
		const key = `${model}:${String(recordedId)}`;
		if (isInt(recordedId) && isInt(simId) && !this.aliases.has(key)) this.aliases.set(key, simId);
	}

	id(model: string, recordedId: number): number {
		return this.aliases.get(`${model}:${recordedId}`) ?? recordedId;
	}

	private fields(model: string): Map<string, FieldMeta> {
		let fields = this.fieldCache.get(model);
		if (!fields) {
			const rows = this.sim.env('ir.model.fields').searchRead([['model', '=', model]], ['name', 'ttype', 'relation']);
			fields = new Map(rows.map((r) => [String(r.name), { ttype: String(r.ttype), relation: r.relation as string | false }]));
			this.fieldCache.set(model, fields);
		}
		return fields;
	}

	private relationOf(model: string, path: string): string | undefined {
		let current = model;
		for (const name of path.split('.')) {
			if (name === 'id') return current;
			const meta = this.fields(current).get(name);
			if (!meta?.relation) return undefined;
			current = meta.relation;
		}
		return current;
	}

	private ids(model: string, value: unknown): unknown {
		if (isInt(value)) return this.id(model, value);
		if (Array.isArray(value) && value.every(isInt)) return value.map((v) => this.id(model, v));
		return value;
	}

	private commands(model: string, value: unknown): unknown {
		if (!Array.isArray(value)) return value;
		if (value.every(isInt)) return this.ids(model, value);
		return value.map((command) => {
			if (!Array.isArray(command)) return command;
			const [code, id, arg] = command as [number, number, unknown];
			if (code === 0) return [0, 0, this.vals(model, arg as Json)];
			if (code === 1) return [1, this.id(model, id), this.vals(model, arg as Json)];
			if (code === 6) return [6, 0, this.ids(model, arg)];
			if (code === 5) return command;
			return [code, this.id(model, id)];
		});
	}

	/** Record values: many2one ids, x2many commands, and `res_id` next to its model. */
	vals(model: string, vals: Json): Json {
		if (!vals || typeof vals !== 'object') return vals;
		const out: Json = {};
		for (const [name, value] of Object.entries(vals)) {
			const meta = this.fields(model).get(name);
			if (meta?.relation && meta.ttype === 'many2one') out[name] = this.ids(meta.relation, value);
			else if (meta?.relation) out[name] = this.commands(meta.relation, value);
			else out[name] = value;
		}
		for (const [name, value] of Object.entries(vals)) {
			if (this.fields(model).get(name)?.ttype !== 'many2one_reference' || !isInt(value)) continue;
			const target = this.referenceModel(out);
			if (target) out[name] = this.id(target, value);
		}
		return out;
	}

	private referenceModel(vals: Json): string | undefined {
		if (typeof vals.res_model === 'string') return vals.res_model;
		if (typeof vals.model === 'string') return vals.model;
		if (isInt(vals.res_model_id)) return String(this.sim.env('ir.model').read([vals.res_model_id], ['model'])[0]?.model);
		return undefined;
	}

	domain(model: string, domain: unknown): unknown {
		if (!Array.isArray(domain)) return domain;
		return domain.map((leaf) => {
			if (!Array.isArray(leaf) || leaf.length !== 3 || typeof leaf[0] !== 'string') return leaf;
			const relation = this.relationOf(model, leaf[0]);
			return relation ? [leaf[0], leaf[1], this.ids(relation, leaf[2])] : leaf;
		});
	}

	context(context: unknown): unknown {
		if (!context || typeof context !== 'object') return context;
		const out: Json = { ...(context as Json) };
		const active = typeof out.active_model === 'string' ? out.active_model : undefined;
		if (active) {
			if ('active_id' in out) out.active_id = this.ids(active, out.active_id);
			if ('active_ids' in out) out.active_ids = this.ids(active, out.active_ids);
		}
		for (const key of CONTEXT_PICKINGS) if (key in out) out[key] = this.ids('stock.picking', out[key]);
		if ('default_pick_ids' in out) out.default_pick_ids = this.commands('stock.picking', out.default_pick_ids);
		return out;
	}

	/** Positional arguments and kwargs of `execute_kw` / `call_kw`. */
	call(model: string, method: string, args: unknown[], kwargs: Json | undefined): [unknown[], Json | undefined] {
		let out = [...args];
		if (!MODEL_METHODS.has(method) && out.length) out[0] = this.ids(model, out[0]);
		if (method === 'write' && out[1]) out[1] = this.vals(model, out[1] as Json);
		if (method === 'create') out = out.map((v) => (Array.isArray(v) ? v.map((x) => this.vals(model, x as Json)) : this.vals(model, v as Json)));
		if (['search', 'search_read', 'search_count'].includes(method) && out.length) out[0] = this.domain(model, out[0]);
		if (!kwargs) return [out, kwargs];
		const kw: Json = { ...kwargs };
		if (kw.context) kw.context = this.context(kw.context);
		if (kw.domain) kw.domain = this.domain(model, kw.domain);
		return [out, kw];
	}

	/** A JSON-2 body: `ids`, `vals`, `vals_list`, `domain`, `context`. */
	json2(model: string, body: Json): Json {
		const out: Json = { ...body };
		if ('ids' in out) out.ids = this.ids(model, out.ids);
		if (out.vals) out.vals = this.vals(model, out.vals as Json);
		if (out.vals_list) {
			out.vals_list = Array.isArray(out.vals_list)
				? out.vals_list.map((v) => this.vals(model, v as Json))
				: this.vals(model, out.vals_list as Json);
		}
		if (out.domain) out.domain = this.domain(model, out.domain);
		if (out.context) out.context = this.context(out.context);
		return out;
	}

	/** Learns ids by walking a recorded answer next to the simulator's. */
	learnAnswer(model: string, method: string, recorded: unknown, actual: unknown): void {
		if (method === 'create' || method === 'search' || method === 'copy') {
			this.learnIds(model, recorded, actual);
		} else if (method === 'message_post') {
			this.learnIds('mail.message', recorded, actual);
		} else if (Array.isArray(recorded) && Array.isArray(actual)) {
			if (recorded.length === actual.length) recorded.forEach((r, i) => this.learnRecord(model, r, actual[i]));
		}
		this.learnAction(recorded, actual);
	}

	private learnIds(model: string, recorded: unknown, actual: unknown): void {
		if (isInt(recorded)) this.learn(model, recorded, actual);
		else if (Array.isArray(recorded) && Array.isArray(actual) && recorded.length === actual.length) {
			recorded.forEach((r, i) => this.learn(model, r, actual[i]));
		}
	}

	/** A record as read: its id, its many2one (`[id, name]` or bare id) and x2many values. */
	learnRecord(model: string, recorded: unknown, actual: unknown): void {
		if (!recorded || !actual || typeof recorded !== 'object' || typeof actual !== 'object') return;
		const r = recorded as Json;
		const a = actual as Json;
		this.learn(model, r.id, a.id);
		for (const [name, value] of Object.entries(r)) {
			const meta = this.fields(model).get(name);
			if (!meta?.relation || !(name in a)) continue;
			const other = a[name];
			if (meta.ttype === 'many2one') {
				const rid = Array.isArray(value) ? value[0] : value;
				const aid = Array.isArray(other) ? other[0] : other;
				this.learn(meta.relation, rid, aid);
			} else if (Array.isArray(value) && Array.isArray(other) && value.length === other.length) {
				value.forEach((v, i) => this.learn(meta.relation as string, v, other[i]));
			}
		}
	}

	private learnAction(recorded: unknown, actual: unknown): void {
		if (!recorded || !actual || typeof recorded !== 'object' || Array.isArray(recorded)) return;
		const r = recorded as Json;
		const a = actual as Json;
		if (typeof r.res_model === 'string' && r.res_model === a.res_model) this.learn(r.res_model, r.res_id, a.res_id);
	}

	/** A webhook payload: `_model`/`_id` and the fields as `read(load=None)`. */
	learnPayload(recorded: Json, actual: Json): void {
		if (typeof recorded._model !== 'string' || recorded._model !== actual._model) return;
		this.learn(recorded._model, recorded._id, actual._id);
		this.learnRecord(recorded._model, recorded, actual);
	}
}
