import { OdooUnknownModelError } from '../../../shared/odoo';
import { InputError } from '../../batch/inputError';
import type { ItemParameters } from '../../execution/parameters';
import type { ModelSchema } from '../../odoo/schema';
import type { OdooSession } from '../../transport/session';

/** The model an operation works on: fixed by its resource, or picked in the Model parameter. */
export interface Target {
	resource: string;
	/** Fixed model; when absent, the Model parameter. */
	model?: string;
	/** The record id parameter. */
	id: { name: string; label: string; description: string };
	/** What the Fields option defaults to (the fields that exist on the server); all but binary fields when absent. */
	defaultFields?: readonly string[];
	/** The app that brings the model, named in the error when it is not installed. */
	app?: { name: string; edition: string };
}

export function modelOf(p: ItemParameters, target: Target): string {
	return target.model ?? p.model();
}

/** The model's fields; a model that does not exist gets an error saying which app to install, when known. */
export async function schemaOf(session: OdooSession, target: Target, model: string): Promise<ModelSchema> {
	try {
		return await session.schemas.get(model);
	} catch (error) {
		if (!(error instanceof OdooUnknownModelError) || !target.app) throw error;
		throw new InputError(
			`The ${target.app.name} app is not installed on this Odoo database: the model ${model} does not exist`,
			`${target.app.name} is part of ${target.app.edition}. Install it in Odoo (Apps), or use another resource.`,
		);
	}
}

/** The item's model (the target's, or the one in the Model parameter) and its schema. */
export async function modelAndSchemaOf(p: ItemParameters, session: OdooSession, target: Target): Promise<{ model: string; schema: ModelSchema }> {
	const model = modelOf(p, target);
	return { model, schema: await schemaOf(session, target, model) };
}
