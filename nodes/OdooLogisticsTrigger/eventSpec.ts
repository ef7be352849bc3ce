import { z } from 'zod';

import { parseFieldList } from '../shared/fieldPath';
import { andDomains, parseDomain, type Domain, OdooDomainError } from '../shared/odoo';
import type { EventDefinition } from './definition';
import { PRESETS, PRESET_NAMES } from './presets';

export const DELIVERIES = ['webhook', 'polling', 'hybrid'] as const;
export type Delivery = (typeof DELIVERIES)[number];

const CUSTOM_KINDS = ['created', 'updated', 'valueSet', 'deleted'] as const;

/** The event with everything needed to read it: the fields of the output plus those its id and cursor use. */
export type EventSpec = EventDefinition & { readFields: string[] };

export class TriggerConfigError extends Error {
	constructor(
		readonly parameter: string,
		message: string,
	) {
		super(`${parameter}: ${message}`);
		this.name = 'TriggerConfigError';
	}
}

const MODEL = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

const text = z.string().default('');

/** The node parameters that choose the event, as `getNodeParameter` returns them. */
const eventParametersSchema = z.object({
	event: z.enum([...PRESET_NAMES, 'custom']),
	model: text,
	customEvent: z.enum(CUSTOM_KINDS).default('updated'),
	watchFields: text,
	valueField: text,
	values: text,
	changeDateField: text,
	domain: text,
	fields: text,
});

export type EventParameters = z.input<typeof eventParametersSchema>;

const PARAMETER_NAMES: Record<string, string> = {
	event: 'Event',
	model: 'Model',
	customEvent: 'Custom Event',
	watchFields: 'Only When These Fields Change',
	valueField: 'Field',
	values: 'Values',
	changeDateField: 'Change Date Field',
	domain: 'Filter (Domain)',
	fields: 'Fields',
};

/** The event the parameters describe, for an Odoo of this major version. */
export function resolveEvent(input: EventParameters, major: number): EventSpec {
	const parsed = eventParametersSchema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new TriggerConfigError(PARAMETER_NAMES[String(issue.path[0])] ?? 'Parameters', issue.message);
	}
	const params = parsed.data;
	const fields = fieldList(params.fields, 'fields');
	const domain = domainOf(params.domain);
	if (params.event === 'custom') return withReadFields(customDefinition(params, fields, domain));
	const preset = PRESETS[params.event].define(major);
	return withReadFields({ ...preset, domain: andDomains(preset.domain, domain), fields: unique([...preset.fields, ...fields]) });
}

function customDefinition(params: z.output<typeof eventParametersSchema>, fields: string[], domain: Domain): EventDefinition {
	const model = params.model.trim();
	if (!MODEL.test(model)) throw new TriggerConfigError('Model', `'${model}' is not a model name such as stock.picking`);
	const common = { model, domain, fields: fields.length ? fields : ['display_name'] };
	switch (params.customEvent) {
		case 'updated':
			return { ...common, eventType: `${model}.updated`, kind: 'updated', watch: fieldList(params.watchFields, 'watchFields') };
		case 'valueSet': {
			const field = requiredField(params.valueField);
			const changeDate = params.changeDateField.trim();
			if (changeDate && !FIELD.test(changeDate)) throw new TriggerConfigError('Change Date Field', `'${changeDate}' is not a field name`);
			return {
				...common,
				eventType: `${model}.${field}.set`,
				kind: 'valueSet',
				field,
				values: parseFieldList(params.values),
				...(changeDate ? { changeDate } : {}),
			};
		}
		default:
			return { ...common, eventType: `${model}.${params.customEvent}`, kind: params.customEvent };
	}
}

function requiredField(value: string): string {
	const field = value.trim();
	if (!FIELD.test(field)) throw new TriggerConfigError('Field', field ? `'${field}' is not a field name` : 'choose the field to watch');
	return field;
}

function fieldList(value: string, parameter: string): string[] {
	const fields = parseFieldList(value);
	const bad = fields.find((field) => !FIELD.test(field));
	if (bad) throw new TriggerConfigError(PARAMETER_NAMES[parameter], `'${bad}' is not a field name`);
	return unique(fields);
}

function domainOf(value: string): Domain {
	try {
		return parseDomain(value);
	} catch (error) {
		if (error instanceof OdooDomainError) throw new TriggerConfigError('Filter (Domain)', error.odooMessage);
		throw error;
	}
}

function withReadFields(definition: EventDefinition): EventSpec {
	return { ...definition, readFields: unique([...definition.fields, ...markerFields(definition)]) };
}

/** The fields the event id and the polling cursor come from, and those a webhook's read-back compares. */
function markerFields(definition: EventDefinition): string[] {
	switch (definition.kind) {
		case 'created':
			return ['create_date', 'write_date'];
		case 'updated':
			return ['write_date', ...definition.watch];
		case 'deleted':
			return ['write_date'];
		case 'valueSet':
			return ['write_date', definition.field, ...(definition.changeDate ? [definition.changeDate] : [])];
		case 'due':
			return [definition.dueDate, definition.entryDate];
	}
}

/** Why this delivery cannot report this event, if it cannot. */
export function deliveryProblem(spec: EventSpec, delivery: Delivery): string | undefined {
	if (spec.kind === 'due' && delivery !== 'polling') {
		return `'${spec.eventType}' happens when a date passes, and Odoo sends nothing when time passes: choose the Polling delivery`;
	}
	if (spec.kind === 'deleted' && delivery === 'polling') {
		return 'polling cannot see deleted records: choose the Webhook or Hybrid delivery (Odoo 17+)';
	}
	return undefined;
}

/** The filter Odoo applies to the changed records: the domain, and the chosen values of a value event. */
export function eventDomain(spec: EventSpec): Domain {
	if (spec.kind !== 'valueSet' || !spec.values.length) return spec.domain;
	return andDomains(spec.domain, [[spec.field, 'in', spec.values]]);
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
