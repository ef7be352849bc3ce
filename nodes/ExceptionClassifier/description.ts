import type { INodeProperties } from 'n8n-workflow';

import { SIGNAL_FIELD_LABELS, SIGNAL_FIELDS } from './rules';
import { DEFAULT_SIGNAL_FIELDS } from './signal';
import { TAXONOMY } from './taxonomy';

const EXAMPLE_RULES = [
	{
		id: 'vip-damage',
		field: 'text',
		keywords: ['scratched', 'dent'],
		category: 'damage',
		confidence: 0.8,
		position: 'first',
	},
	{
		id: 'aftership.subtag.Exception_005',
		field: 'subtag',
		equals: ['Exception_005'],
		category: 'carrier_exception',
		confidence: 0.9,
	},
];

export const classifierProperties: INodeProperties[] = [
	{
		displayName: 'Route By',
		name: 'routeBy',
		type: 'options',
		options: [
			{ name: 'Owner Team', value: 'ownerTeam', description: 'One output per team, plus No Exception and Unclassified' },
			{ name: 'Severity', value: 'severity', description: 'One output per severity, plus No Exception and Unclassified' },
		],
		default: 'ownerTeam',
	},
	{
		displayName: 'Signal Fields',
		name: 'signalFields',
		type: 'collection',
		placeholder: 'Change Field',
		default: {},
		description:
			'Where each part of a signal is read from the item (comma-separated paths, the first that is set wins; text joins them all)',
		options: SIGNAL_FIELDS.map((field) => ({
			displayName: `${SIGNAL_FIELD_LABELS[field].replace(/^./, (first) => first.toUpperCase())} Fields`,
			name: field,
			type: 'string' as const,
			default: DEFAULT_SIGNAL_FIELDS[field].join(', '),
		})),
	},
	{
		displayName: 'Custom Rules',
		name: 'rulesSource',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'The built-in rules only' },
			{ name: 'Defined Below', value: 'ui' },
			{ name: 'JSON', value: 'json', description: 'An array of rules, for example kept under version control' },
		],
		default: 'none',
		description:
			'Rules that extend or override the built-in ones. A rule with the ID of a built-in rule replaces it; the others run first (override) or last (extend).',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		displayOptions: { show: { rulesSource: ['ui'] } },
		options: [
			{
				name: 'rule',
				displayName: 'Rule',
				// In alphabetical order, as n8n's lint rules want the fields of a collection.
				values: [
					{
						displayName: 'Category',
						name: 'category',
						type: 'options',
						options: TAXONOMY.categories.map((category) => ({ name: category.label, value: category.id })),
						default: 'unclassified',
					},
					{
						displayName: 'Confidence',
						name: 'confidence',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 0.9,
					},
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: SIGNAL_FIELDS.map((field) => ({ name: SIGNAL_FIELD_LABELS[field], value: field })),
						default: 'text',
					},
					{ displayName: 'ID', name: 'id', type: 'string', default: '', required: true, description: 'Reported as matchedRule' },
					{
						displayName: 'Match',
						name: 'match',
						type: 'options',
						options: [
							{ name: 'Equals One Of', value: 'equals', description: 'Comma-separated values, case-insensitive' },
							{ name: 'Contains a Keyword', value: 'keywords', description: 'Comma-separated whole words, case-insensitive' },
							{ name: 'Matches a Regular Expression', value: 'pattern', description: 'Case-insensitive' },
						],
						default: 'keywords',
					},
					{
						displayName: 'Position',
						name: 'position',
						type: 'options',
						options: [
							{ name: 'Before the Built-in Rules', value: 'first' },
							{ name: 'After the Built-in Rules', value: 'last' },
						],
						default: 'first',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', required: true },
				],
			},
		],
	},
	{
		displayName: 'Rules (JSON)',
		name: 'rulesJson',
		type: 'json',
		default: JSON.stringify(EXAMPLE_RULES, null, 2),
		description:
			'Each rule: ID, field (event, tag, subtag, status, statusDetail, reasonCode or text), one of equals, keywords or pattern, category, and optionally confidence and position (first or last)',
		displayOptions: { show: { rulesSource: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Result Field',
				name: 'resultField',
				type: 'string',
				default: 'classification',
				description: 'Field of each output item that receives the decision',
			},
		],
	},
];
