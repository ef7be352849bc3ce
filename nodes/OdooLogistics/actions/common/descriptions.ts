import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_BATCH_SIZE = 200;
export const DEFAULT_CONCURRENCY = 12;

/** Shows the properties for one operation of one resource (their own conditions kept). */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}

/** Fields of the resource's model, or of the model picked in the Model parameter. */
const FIELD_OPTIONS = { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['model.value'] };

const FROM_LIST_DESCRIPTION =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

export const modelLocator: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Odoo model, by its technical name (such as sale.order or x_shipment)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. sale.order',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$',
						errorMessage: 'A technical model name, such as sale.order',
					},
				},
			],
		},
	],
};

export function recordId(name: string, displayName: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', required: true, placeholder: 'e.g. 42', description };
}

/** Shows a property only when the mode parameter `mode` has the value `value`. */
export function shownInMode(mode: string, value: string): INodeProperties['displayOptions'] {
	return { show: { [mode]: [value] } };
}

/** A list the item fills row by row (a fixed collection with one kind of row), shown in one mode. */
export function rowsProperty(spec: {
	displayName: string;
	name: string;
	placeholder: string;
	displayOptions: INodeProperties['displayOptions'];
	/** One row: its name, its label, and the fields it has. */
	row: { name: string; displayName: string; fields: INodeProperties[] };
}): INodeProperties {
	const { displayName, name, placeholder, displayOptions, row } = spec;
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder,
		default: {},
		displayOptions,
		options: [{ name: row.name, displayName: row.displayName, values: row.fields }],
	};
}

/** The field a row is about, picked among the fields of the model. */
const fieldPicker: INodeProperties = {
	displayName: 'Field Name or ID',
	name: 'field',
	type: 'options',
	typeOptions: FIELD_OPTIONS,
	default: '',
	description: FROM_LIST_DESCRIPTION,
};

/** `forOperation` for an operation on any model: the Model parameter comes first. */
export function forAnyModel(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return forOperation(resource, operation, [modelLocator, ...properties]);
}

/** Field values: picked field by field, or one JSON object. */
export const valuesProperties: INodeProperties[] = [
	{
		displayName: 'Values From',
		name: 'valuesMode',
		type: 'options',
		options: [
			{ name: 'Fields Below', value: 'fields', description: 'Pick the fields one by one' },
			{ name: 'JSON', value: 'json', description: 'One JSON object of field names and values' },
		],
		default: 'fields',
	},
	rowsProperty({
		displayName: 'Fields',
		name: 'fieldValues',
		placeholder: 'Add Field',
		displayOptions: shownInMode('valuesMode', 'fields'),
		row: {
			name: 'values',
			displayName: 'Field',
			fields: [
				fieldPicker,
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'Text is converted to the field type: numbers, true/false, dates (ISO 8601), a record ID for a many2one, IDs separated by commas for a many2many',
				},
			],
		},
	}),
	{
		displayName: 'Values (JSON)',
		name: 'valuesJson',
		type: 'json',
		default: '{}',
		displayOptions: shownInMode('valuesMode', 'json'),
		description:
			'Field names and values, such as {"name": "Pallet", "partner_id": 7, "order_line": [{"product_id": 3, "product_uom_qty": 2}]}',
	},
];

/** The builder's operators by name (an option value starting with '=' would be read by n8n as an expression). */
export const CONDITION_OPERATORS: Record<string, string> = {
	equal: '=',
	notEqual: '!=',
	contains: 'ilike',
	notContains: 'not ilike',
	greater: '>',
	greaterOrEqual: '>=',
	less: '<',
	lessOrEqual: '<=',
	oneOf: 'in',
	notOneOf: 'not in',
	set: 'set',
	notSet: 'not set',
};

const OPERATORS = [
	{ name: 'Is Equal To', value: 'equal' },
	{ name: 'Is Not Equal To', value: 'notEqual' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'notContains' },
	{ name: 'Is Greater Than', value: 'greater' },
	{ name: 'Is Greater Than or Equal To', value: 'greaterOrEqual' },
	{ name: 'Is Less Than', value: 'less' },
	{ name: 'Is Less Than or Equal To', value: 'lessOrEqual' },
	{ name: 'Is One Of', value: 'oneOf' },
	{ name: 'Is Not One Of', value: 'notOneOf' },
	{ name: 'Is Set', value: 'set' },
	{ name: 'Is Not Set', value: 'notSet' },
];

/** A filter built from conditions, or a domain written out. */
export const filterProperties: INodeProperties[] = [
	{
		displayName: 'Filter Using',
		name: 'filterMode',
		type: 'options',
		options: [
			{ name: 'Conditions', value: 'conditions', description: 'Build the filter from conditions' },
			{ name: 'Domain', value: 'domain', description: 'Write an Odoo domain' },
		],
		default: 'conditions',
	},
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		options: [
			{ name: 'All Conditions', value: 'all' },
			{ name: 'Any Condition', value: 'any' },
		],
		default: 'all',
		displayOptions: shownInMode('filterMode', 'conditions'),
	},
	rowsProperty({
		displayName: 'Conditions',
		name: 'conditions',
		placeholder: 'Add Condition',
		displayOptions: shownInMode('filterMode', 'conditions'),
		row: {
			name: 'condition',
			displayName: 'Condition',
			fields: [
				fieldPicker,
				{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATORS, default: 'equal' },
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'For "Is One Of", separate the values with commas. Not used by "Is Set" and "Is Not Set".',
				},
			],
		},
	}),
	{
		displayName: 'Domain',
		name: 'domain',
		type: 'string',
		default: '',
		placeholder: '[("state", "=", "sale"), ("amount_total", ">", 1000)]',
		description: 'An Odoo domain, in JSON or in Odoo (Python) syntax. Empty matches every record.',
		displayOptions: shownInMode('filterMode', 'domain'),
	},
];

export const limitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const extraDomainProperty: INodeProperties = {
	displayName: 'Extra Domain',
	name: 'domain',
	type: 'string',
	default: '',
	placeholder: '[("origin", "ilike", "WEB")]',
	description: 'More conditions, as an Odoo domain (JSON or Odoo syntax), added to the filters above',
};

export const option = {
	fields: {
		displayName: 'Field Names or IDs',
		name: 'fields',
		type: 'multiOptions',
		typeOptions: FIELD_OPTIONS,
		default: [],
		description:
			'The fields to return. Leave empty for the default fields. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	order: {
		displayName: 'Sort Order',
		name: 'order',
		type: 'string',
		default: '',
		placeholder: 'e.g. date_order desc, name',
		description: 'Fields to sort by, each optionally followed by asc or desc',
	},
	offset: {
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How many matching records to skip',
	},
	context: {
		displayName: 'Context',
		name: 'context',
		type: 'json',
		default: '{}',
		description: 'Odoo context sent with the calls, such as {"lang": "fr_FR", "allowed_company_ids": [1]}',
	},
	relationFormat: {
		displayName: 'Relations As',
		name: 'relationFormat',
		type: 'options',
		options: [
			{ name: 'Object With ID and Name', value: 'object', description: 'An object with the record ID and its display name' },
			{ name: 'Raw Odoo Pair', value: 'raw', description: 'The pair of record ID and display name Odoo returns, such as [7, "Acme"]' },
		],
		default: 'object',
		description: 'How many2one fields are returned',
	},
	batchSize: {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5000 },
		default: DEFAULT_BATCH_SIZE,
		description: 'How many records go in one call to Odoo (and how many are read per page)',
	},
	concurrency: {
		displayName: 'Max Parallel Calls',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 32 },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many calls to Odoo may run at the same time (updates with different values, per-record actions). Lower it for an Odoo with few workers.',
	},
} satisfies Record<string, INodeProperties>;

/** The Options collection of an operation, with the batching settings every operation has. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, option.batchSize, option.concurrency].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The key of an event that may be delivered again. */
export const EVENT_KEY_PLACEHOLDER = 'e.g. {{ $json.eventId }}';
/** The key of a request that may be sent again. */
export const REQUEST_KEY_PLACEHOLDER = "e.g. {{ 'return:' + $json.requestId }}";

/**
 * The "Only Once per Key" option of an operation that creates something (a return, a credit note, a message, an
 * activity): `description` says what it creates, where it looks for the key and where it writes it.
 */
export function onceKeyOption(placeholder: string, description: string): INodeProperties {
	return { displayName: 'Only Once per Key', name: 'onceKey', type: 'string', default: '', placeholder, description };
}

/** Options of operations that read records. */
export const readOptions = [option.fields, option.relationFormat, option.context];
