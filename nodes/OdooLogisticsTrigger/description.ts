import type { INodeProperties } from 'n8n-workflow';

import { PRESETS, PRESET_NAMES } from './presets';

const custom = { show: { event: ['custom'] } };
const customKind = (kind: string) => ({ show: { event: ['custom'], customEvent: [kind] } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Delivery',
		name: 'delivery',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Webhook (Odoo 17+)',
				value: 'webhook',
				description:
					'Odoo calls n8n within a second of each change. On activation the node creates an automation rule in Odoo (needs an administrator), on deactivation it deletes it.',
			},
			{
				name: 'Polling (Any Odoo)',
				value: 'polling',
				description: 'The node reads the changes at every poll time. Works with Odoo 16 to 19 and Odoo Online, with any user.',
			},
			{
				name: 'Hybrid (Odoo 17+)',
				value: 'hybrid',
				description:
					'Webhook for speed, and at every poll time a reconciliation that emits only what the webhook missed (Odoo never resends a failed webhook)',
			},
		],
		default: 'polling',
	},
	{
		displayName:
			'Poll Times: in Webhook delivery the polls do nothing; in Hybrid delivery they run the reconciliation. Put an Idempotency Guard on the eventId after this node: Odoo may notify a change twice.',
		name: 'deliveryNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { delivery: ['webhook', 'hybrid'] } },
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			...PRESET_NAMES.map((value) => ({ name: PRESETS[value].name, value, description: PRESETS[value].description })),
			{ name: 'Custom', value: 'custom', description: 'Choose the model, the kind of change, the filter and the fields' },
		],
		// The linter cannot see the preset values, which are built from PRESETS.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options
		default: 'saleOrderConfirmed',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'stock.picking',
		description: 'Technical name of the Odoo model',
		displayOptions: custom,
	},
	{
		displayName: 'Custom Event',
		name: 'customEvent',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Record Created', value: 'created' },
			{ name: 'Record Updated', value: 'updated', description: 'Created or written, optionally only when chosen fields change' },
			{ name: 'Field Set to Value', value: 'valueSet', description: 'A field takes one of the chosen values, such as a state' },
			{ name: 'Record Deleted', value: 'deleted', description: 'Webhook or Hybrid delivery only' },
		],
		default: 'updated',
		displayOptions: custom,
	},
	{
		displayName: 'Only When These Fields Change',
		name: 'watchFields',
		type: 'string',
		default: '',
		placeholder: 'state, scheduled_date',
		description:
			'Comma-separated field names; empty means any field. Webhook delivery notifies only these changes; polling sees every write and reports it.',
		displayOptions: customKind('updated'),
	},
	{
		displayName: 'Field',
		name: 'valueField',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'state',
		displayOptions: customKind('valueSet'),
	},
	{
		displayName: 'Values',
		name: 'values',
		type: 'string',
		default: '',
		placeholder: 'assigned, done',
		description: 'Comma-separated values; empty means any value. One event per record and value.',
		displayOptions: customKind('valueSet'),
	},
	{
		displayName: 'Change Date Field',
		name: 'changeDateField',
		type: 'string',
		default: '',
		placeholder: 'date_done',
		description:
			'A datetime field Odoo sets when the value is set (like date_done). With it, a record that reaches the value again is a new event, and polling reads by that date.',
		displayOptions: customKind('valueSet'),
	},
	{
		displayName: 'Filter (Domain)',
		name: 'domain',
		type: 'string',
		default: '',
		placeholder: "[('picking_type_code', '=', 'outgoing')]",
		description: 'An Odoo domain in Python or JSON syntax. With a preset, it narrows the preset (for example to one warehouse).',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: 'name, partner_id, scheduled_date',
		description: 'Comma-separated fields to put in each event: with a preset, added to its fields; for Custom, the fields (default: display_name)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Late Commit Window (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: 5,
				description:
					'Each poll reads this far back again: a record is stamped when its transaction starts, and may commit later. Longer than your longest Odoo transaction.',
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 1000,
				description: 'The rest comes with the next polls',
			},
			{
				displayName: 'Reconcile After (Seconds)',
				name: 'reconcileAfterSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'Hybrid delivery: how long the webhook has to bring a change before the reconciliation poll reports it',
				displayOptions: { show: { '/delivery': ['hybrid'] } },
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description: 'Polling: where the first activation starts reading. Empty: from the activation.',
			},
			{
				displayName: 'Wait for Commit (Seconds)',
				name: 'commitWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 180,
				description:
					'Webhook and Hybrid delivery: Odoo 17 and 18 notify before their transaction commits. A change not visible after this long is dropped (Hybrid reconciles it if it commits later).',
				displayOptions: { show: { '/delivery': ['webhook', 'hybrid'] } },
			},
		],
	},
];
