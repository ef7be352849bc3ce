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
		displayName: 'Re-Deliver Until Completed',
		name: 'redelivery',
		type: 'options',
		noDataExpression: true,
		default: 'off',
		options: [
			{ name: 'Off', value: 'off', description: 'Each change is emitted once; a run that fails or dies loses it' },
			{
				name: 'Local Guard Store',
				value: 'local',
				description: "Follow each event in the Idempotency Guard's Local store of this n8n instance",
			},
			{
				name: 'Redis Guard Store',
				value: 'redis',
				description: "Follow each event in the Idempotency Guard's Redis store (queue mode)",
			},
		],
		description:
			"Emits an event again at a poll when its run did not complete it in the workflow's Idempotency Guard (Check & Claim on eventId, then Complete): the run was lost before the Guard, failed and released the key, or died and its lease ran out. Use the Guard's store and namespace.",
		displayOptions: { show: { delivery: ['polling', 'hybrid'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Executions',
				name: 'executions',
				type: 'options',
				default: 'perPoll',
				options: [
					{ name: 'One per Poll', value: 'perPoll', description: 'All the events a poll finds start one execution, as items' },
					{
						name: 'One per Event',
						value: 'perEvent',
						description:
							'Each event starts its own execution, as a webhook does: a failing event does not stop the others, and in queue mode the events spread over the workers',
					},
				],
				description:
					'What the events of a poll start. With One per Event a poll starts up to Max Events per Poll executions at once: on a single instance, bound them with N8N_CONCURRENCY_PRODUCTION_LIMIT.',
				displayOptions: { show: { '/delivery': ['polling', 'hybrid'] } },
			},
			{
				displayName: 'Guard Namespace',
				name: 'guardNamespace',
				type: 'string',
				default: '',
				description: "Re-delivery: the Idempotency Guard's Namespace. Empty: keys belong to this workflow, as in the Guard.",
				displayOptions: { show: { '/redelivery': ['local', 'redis'] } },
			},
			{
				displayName: 'Guard Store Folder',
				name: 'guardStoreFolder',
				type: 'string',
				default: '',
				description: "Re-delivery: the Guard's Store Folder (absolute path). Empty: the n8n user folder, as in the Guard.",
				displayOptions: { show: { '/redelivery': ['local'] } },
			},
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
				displayName: 'Max Re-Deliveries',
				name: 'maxRedeliveries',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 5,
				description: 'Re-delivery: how often one event is emitted again before it is given up (its failed runs stay in the executions list)',
				displayOptions: { show: { '/redelivery': ['local', 'redis'] } },
			},
			{
				displayName: 'Re-Deliver After (Seconds)',
				name: 'redeliverAfterSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 600,
				description:
					'Re-delivery: how long an emitted event has to reach its Guard before the trigger checks on it. Longer than executions usually wait in the queue; a run holding a live lease is always left alone.',
				displayOptions: { show: { '/redelivery': ['local', 'redis'] } },
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
