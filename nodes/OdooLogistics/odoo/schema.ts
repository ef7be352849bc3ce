import type { OdooClient } from '../../shared/odoo';
import { InputError } from '../batch/inputError';

export interface FieldInfo {
	type: string;
	string?: string;
	relation?: string;
	selection?: unknown;
	required?: boolean;
	readonly?: boolean;
}

const ATTRIBUTES = ['type', 'string', 'relation', 'selection', 'required', 'readonly'];
const ID_FIELD: FieldInfo = { type: 'integer', string: 'ID', readonly: true };

/** The fields of one model, as `fields_get` describes them on the connected server. */
export class ModelSchema {
	constructor(
		readonly model: string,
		private readonly fields: Readonly<Record<string, FieldInfo>>,
	) {}

	field(name: string): FieldInfo | undefined {
		if (name === 'id') return ID_FIELD;
		return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
	}

	has(name: string): boolean {
		return this.field(name) !== undefined;
	}

	/** The field, or an error naming it and the model. */
	require(name: string, hint?: string): FieldInfo {
		const field = this.field(name);
		if (!field) {
			throw new InputError(
				`The field '${name}' does not exist on ${this.model}`,
				hint ?? 'Check the technical field name; it may belong to an app that is not installed.',
			);
		}
		return field;
	}

	/** Checks that every name is a field of the model and returns them. */
	requireAll(names: readonly string[]): string[] {
		for (const name of names) this.require(name);
		return [...names];
	}

	/** The names among `wanted` that exist here: default field lists work on every Odoo version and app set. */
	existing(wanted: readonly string[]): string[] {
		return wanted.filter((name) => this.has(name));
	}

	/** Every field except binary ones (images would make each record tens of kilobytes). */
	readableFields(): string[] {
		return Object.keys(this.fields).filter((name) => this.fields[name].type !== 'binary');
	}

	/** Selection values, when the server lists them. */
	selectionValues(name: string): string[] | undefined {
		const selection = this.field(name)?.selection;
		if (!Array.isArray(selection)) return undefined;
		return selection.map((option) => String(Array.isArray(option) ? option[0] : option));
	}

	options(): Array<{ name: string; type: string; label: string }> {
		return Object.entries(this.fields)
			.map(([name, field]) => ({ name, type: field.type, label: field.string ?? name }))
			.sort((a, b) => a.label.localeCompare(b.label));
	}
}

/** `fields_get` once per model and execution; a failure (such as an unknown model) is kept too, not asked per item. */
export class Schemas {
	private readonly cache = new Map<string, Promise<ModelSchema>>();

	constructor(private readonly client: OdooClient) {}

	get(model: string): Promise<ModelSchema> {
		let schema = this.cache.get(model);
		if (!schema) {
			schema = this.client
				.fieldsGet(model, { attributes: ATTRIBUTES })
				.then((fields) => new ModelSchema(model, fields as unknown as Record<string, FieldInfo>));
			schema.catch(() => undefined);
			this.cache.set(model, schema);
		}
		return schema;
	}
}
