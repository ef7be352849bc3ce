import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_FIELDS, WEEKDAYS } from './policy';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_OPTIONS: INodePropertyOptions[] = WEEKDAYS.map((value, index) => ({ name: WEEKDAY_NAMES[index], value }));
const WORKWEEK = WEEKDAYS.slice(0, 5);

const EXAMPLE_POLICY = {
	version: '2025-01',
	calendar: {
		timeZone: 'Europe/Brussels',
		workingDays: WORKWEEK,
		hours: [
			{ from: '08:00', to: '12:00' },
			{ from: '13:00', to: '17:00' },
		],
		holidays: ['2025-12-25'],
	},
	tiers: [
		{ name: 'express', match: ['Gold'], leadTimeHours: 8, atRiskHours: 2 },
		{ name: 'standard', leadTimeHours: 24 },
	],
	defaultTier: 'standard',
	cutoffs: [{ carriers: ['DHL Express'], time: '16:00', timeZone: 'Europe/Berlin', transitHours: 24 }],
	work: { mode: 'perLine', baseMinutes: 10, minutesPerLine: 3, linesField: 'move_ids' },
	atRiskHours: 4,
	fields: DEFAULT_FIELDS,
};

const fromFields = { show: { policySource: ['fields'] } };

export const slaProperties: INodeProperties[] = [
	{
		displayName: 'Define Policy',
		name: 'policySource',
		type: 'options',
		options: [
			{ name: 'Using the Fields Below', value: 'fields' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'Tiers, calendar, cut-offs and work estimate as one JSON document, for example kept under version control',
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Policy (JSON)',
		name: 'policyJson',
		type: 'json',
		default: JSON.stringify(EXAMPLE_POLICY, null, 2),
		description:
			'The SLA policy. Read once per run, for the first item. When calendar.timeZone is left out, the workflow time zone applies.',
		displayOptions: { show: { policySource: ['json'] } },
	},
	{
		displayName: 'Promise Date Fields',
		name: 'promiseDateFields',
		type: 'string',
		default: DEFAULT_FIELDS.promiseDate.join(', '),
		description:
			"Fields holding the date promised to the customer; the first one that is set is used. Odoo datetimes ('YYYY-MM-DD HH:MM:SS') are UTC.",
		displayOptions: fromFields,
	},
	{
		displayName: 'Match Tiers By',
		name: 'tierMatch',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'field', description: 'A customer field or a tag field of the item' },
			{ name: 'Expression', value: 'expression', description: 'An expression evaluated for each item (slower on large batches)' },
		],
		default: 'field',
	},
	{
		displayName: 'Tier Fields',
		name: 'tierFields',
		type: 'string',
		default: DEFAULT_FIELDS.tier.join(', '),
		description:
			'Fields whose values select a tier: a customer (Odoo many2one such as partner_id), a list of tags (tag_ids) or any text',
		displayOptions: { show: { policySource: ['fields'], tierMatch: ['field'] } },
	},
	{
		displayName: 'Tier Expression',
		name: 'tierExpression',
		type: 'string',
		default: '',
		placeholder: '={{ $json.partner_id[1] }}',
		description: 'Evaluated per item; its value (a tier name or a value listed under a tier) selects the tier',
		displayOptions: { show: { tierMatch: ['expression'] } },
	},
	{
		displayName: 'Tiers',
		name: 'tiers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Tier',
		default: {},
		description: 'Service tiers in order of precedence: when an item matches several, the first wins',
		displayOptions: fromFields,
		options: [
			{
				name: 'tier',
				displayName: 'Tier',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
					{
						displayName: 'Matching Values',
						name: 'match',
						type: 'string',
						default: '',
						placeholder: 'Gold, 42, VIP',
						description: 'Comma-separated values of the tier fields (names or IDs) that select this tier',
					},
					{
						displayName: 'Lead Time (Working Hours)',
						name: 'leadTimeHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'Target from the start date, used when an item has no promise date. 0 means the tier has no lead time.',
					},
				],
			},
		],
	},
	{
		displayName: 'Default Tier',
		name: 'defaultTier',
		type: 'string',
		default: '',
		description: 'Tier of the items that match none. Empty: such items get an "unknown tier" error.',
		displayOptions: fromFields,
	},
	{
		displayName: 'Start Date Fields',
		name: 'startDateFields',
		type: 'string',
		default: DEFAULT_FIELDS.startDate.join(', '),
		description: "Where a tier's lead time starts, for items without a promise date",
		displayOptions: fromFields,
	},
	{
		displayName: 'Calendar Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Brussels',
		description: 'IANA time zone of the working calendar. Empty: the workflow time zone.',
		displayOptions: fromFields,
	},
	{
		displayName: 'Working Days',
		name: 'workingDays',
		type: 'multiOptions',
		options: WEEKDAY_OPTIONS,
		default: ['mon', 'tue', 'wed', 'thu', 'fri'],
		displayOptions: fromFields,
	},
	{
		displayName: 'Working Hours',
		name: 'workingHours',
		type: 'string',
		default: '08:00-17:00',
		placeholder: '08:00-12:00, 13:00-17:00',
		description: 'Comma-separated working windows of a working day, in order',
		displayOptions: fromFields,
	},
	{
		displayName: 'Holidays',
		name: 'holidays',
		type: 'string',
		default: '',
		placeholder: '2025-12-25, 2025-12-26',
		description: 'Non-working dates (YYYY-MM-DD), separated by commas or new lines',
		displayOptions: fromFields,
	},
	{
		displayName: 'Carrier Fields',
		name: 'carrierFields',
		type: 'string',
		default: DEFAULT_FIELDS.carrier.join(', '),
		description: 'Fields naming the carrier of the item (Odoo carrier_id), matched against the carriers of the cut-offs',
		displayOptions: fromFields,
	},
	{
		displayName: 'Carrier Cut-Offs',
		name: 'cutoffs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Cut-Off',
		default: {},
		description:
			'The daily time by which a carrier must have the goods. An item is due at the last cut-off that still meets its promise date.',
		displayOptions: fromFields,
		options: [
			{
				name: 'cutoff',
				displayName: 'Cut-Off',
				// In alphabetical order, as n8n's lint rules want the fields of a collection.
				values: [
					{
						displayName: 'Carriers',
						name: 'carriers',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'DHL Express, 3',
						description: 'Comma-separated carrier names or IDs; * matches every item no earlier cut-off matched',
					},
					{
						displayName: 'Collection Days',
						name: 'days',
						type: 'multiOptions',
						options: WEEKDAY_OPTIONS,
						default: ['mon', 'tue', 'wed', 'thu', 'fri'],
					},
					{ displayName: 'Time', name: 'time', type: 'string', default: '16:00', placeholder: 'HH:MM' },
					{
						displayName: 'Time Zone',
						name: 'timeZone',
						type: 'string',
						default: '',
						placeholder: 'Europe/Berlin',
						description: "The carrier's time zone. Empty: the calendar time zone.",
					},
					{
						displayName: 'Transit (Hours)',
						name: 'transitHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Hours from hand-over to delivery; the cut-off must leave this much time before the promise date',
					},
				],
			},
		],
	},
	{
		displayName: 'Remaining Work',
		name: 'workMode',
		type: 'options',
		options: [
			{ name: 'Fixed per Item', value: 'fixed' },
			{ name: 'Per Line', value: 'perLine', description: 'A base time plus a time per line (move or order line)' },
		],
		default: 'fixed',
		displayOptions: fromFields,
	},
	{
		displayName: 'Minutes per Item',
		name: 'workMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { policySource: ['fields'], workMode: ['fixed'] } },
	},
	{
		displayName: 'Base Minutes',
		name: 'baseMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { policySource: ['fields'], workMode: ['perLine'] } },
	},
	{
		displayName: 'Minutes per Line',
		name: 'minutesPerLine',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 2,
		displayOptions: { show: { policySource: ['fields'], workMode: ['perLine'] } },
	},
	{
		displayName: 'Lines Field',
		name: 'linesField',
		type: 'string',
		default: 'move_ids',
		description: 'A list of lines (move_ids, order_line) or a number of lines',
		displayOptions: { show: { policySource: ['fields'], workMode: ['perLine'] } },
	},
	{
		displayName: 'At-Risk Threshold (Working Hours)',
		name: 'atRiskHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 4,
		description: 'An item whose slack is under this is at risk',
		displayOptions: fromFields,
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Output, Sorted by Rank', value: 'single' },
			{ name: 'Three Outputs by Status', value: 'byStatus', description: 'Breached, at risk and on track, each sorted by rank' },
		],
		default: 'single',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fixed Now',
				name: 'now',
				type: 'dateTime',
				default: '',
				description: 'Assess the items as of this time instead of the current time (for tests and replays)',
			},
			{
				displayName: 'Policy Version',
				name: 'policyVersion',
				type: 'string',
				default: '',
				description: 'Copied into every result, to trace a decision to the policy that made it (JSON policies carry their own version)',
			},
			{
				displayName: 'Result Field',
				name: 'resultField',
				type: 'string',
				default: 'sla',
				description: 'Field of each output item that receives the assessment',
			},
		],
	},
];
