import { inRange, type OdooSimVersion } from '../version';
import { char, datetime, integer, many2one } from './fields';
import type { FieldDef, MethodDef, ModelDef, SimModule } from './model';

/** A model as installed in one simulated database: mixins merged, version- and module-specific parts filtered. */
export interface ResolvedModel extends ModelDef {
	fields: Record<string, FieldDef>;
	methods: Record<string, MethodDef>;
}

const MAGIC_FIELDS: Record<string, FieldDef> = {
	id: integer('ID', { readonly: true }),
	display_name: char('Display Name', { readonly: true, compute: (rec) => rec.env.displayName(rec.model, rec.id) }),
	create_uid: many2one('res.users', 'Created by', { readonly: true }),
	create_date: datetime('Created on', { readonly: true }),
	write_uid: many2one('res.users', 'Last Updated by', { readonly: true }),
	write_date: datetime('Last Updated on', { readonly: true }),
};

export class Registry {
	private readonly models = new Map<string, ResolvedModel>();
	private readonly references = new Map<string, Array<{ model: string; field: string; def: FieldDef }>>();

	constructor(
		readonly version: OdooSimVersion,
		readonly modules: readonly SimModule[],
		definitions: readonly ModelDef[],
		baseMethods: Record<string, MethodDef>,
	) {
		const available = (a: { since?: OdooSimVersion; until?: OdooSimVersion; module?: SimModule }) =>
			inRange(version, a.since, a.until) && (!a.module || modules.includes(a.module));
		const byName = new Map(definitions.map((d) => [d.name, d]));
		// A key `name#variant` declares a version-specific variant of `name` (e.g. a selection that changed).
		const filter = <T extends object>(entries: Record<string, T>): Record<string, T> =>
			Object.fromEntries(
				Object.entries(entries)
					.filter(([, v]) => available(v as never))
					.map(([k, v]) => [k.split('#')[0], v]),
			);
		for (const def of definitions) {
			if (def.abstract || !available(def)) continue;
			const mixins = (def.mixins ?? []).map((name) => {
				const mixin = byName.get(name);
				if (!mixin) throw new Error(`unknown mixin ${name} on ${def.name}`);
				return mixin;
			});
			const fields = filter({
				...Object.assign({}, ...mixins.map((m) => m.fields)),
				...def.fields,
				...MAGIC_FIELDS,
			} as Record<string, FieldDef>);
			const methods = filter({
				...baseMethods,
				...Object.assign({}, ...mixins.map((m) => m.methods ?? {})),
				...(def.methods ?? {}),
			} as Record<string, MethodDef>);
			this.models.set(def.name, { ...def, fields, methods });
		}
		this.checkRelations();
	}

	has(name: string): boolean {
		return this.models.has(name);
	}

	get(name: string): ResolvedModel {
		const model = this.models.get(name);
		if (!model) throw new Error(`model ${name} is not installed`);
		return model;
	}

	all(): ResolvedModel[] {
		return [...this.models.values()];
	}

	/** Fields of other models whose many2one points at `model` (for deletion cascades). */
	referencesTo(model: string): Array<{ model: string; field: string; def: FieldDef }> {
		const cached = this.references.get(model);
		if (cached) return cached;
		const out: Array<{ model: string; field: string; def: FieldDef }> = [];
		for (const m of this.models.values()) {
			for (const [field, def] of Object.entries(m.fields)) {
				if (def.relation === model && !def.compute && (def.type === 'many2one' || def.type === 'many2many')) {
					out.push({ model: m.name, field, def });
				}
			}
		}
		this.references.set(model, out);
		return out;
	}

	private checkRelations(): void {
		for (const m of this.models.values()) {
			for (const [name, def] of Object.entries(m.fields)) {
				if (def.relation && !this.models.has(def.relation)) {
					throw new Error(`${m.name}.${name} points to ${def.relation}, which is not installed`);
				}
			}
		}
	}
}
