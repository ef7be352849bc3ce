import type { ExpressionString, INodeCredentialDescription, INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { REDIS_CREDENTIAL } from '../IdempotencyGuard/redisCredential';
import { CREDENTIAL_TYPE as ODOO_CREDENTIAL } from '../shared/n8n/odooCredential';
import { WEBHOOK_PATH } from './runtime';
import { SIGNING_KEY_CREDENTIAL } from './signingKey';

const EXAMPLE_POLICY = JSON.stringify(
	{
		id: 'shipment-release',
		version: '1',
		hitPolicy: 'FIRST',
		groups: { finance: ['controller@example.com', 'cfo@example.com', 'treasury@example.com'] },
		rules: [
			{
				id: 'blocked-customer',
				when: [{ field: 'customer.credit_status', op: 'eq', value: 'blocked' }],
				outcome: 'reject',
			},
			{
				id: 'credit-hold',
				when: [{ field: 'customer.credit_status', op: 'eq', value: 'hold' }],
				outcome: 'needs_approval',
				approval: { approvers: ['group:finance'], minApprovals: 2, escalateAfter: '4h' },
			},
			{
				id: 'large-expedite',
				when: [{ expr: "category == 'expedited_freight' and amount > 10000" }],
				outcome: 'needs_approval',
				approval: { approvers: ['group:finance'], escalateAfter: '8h' },
			},
		],
		noMatch: { outcome: 'auto_approve' },
	},
	null,
	2,
);

/** Output layout per operation; evaluated by n8n in the editor, so it must not refer to anything outside itself. */
const configuredOutputs = (parameters: { operation?: string; decisionOutputs?: string }) => {
	if (parameters.operation === 'recordInOdoo') return [{ type: 'main', displayName: 'Recorded' }];
	if (parameters.operation !== 'waitForDecision') {
		return [
			{ type: 'main', displayName: 'Approved' },
			{ type: 'main', displayName: 'Needs Approval' },
			{ type: 'main', displayName: 'Rejected' },
		];
	}
	if (parameters.decisionOutputs !== 'split') return [{ type: 'main', displayName: 'Decision' }];
	return [
		{ type: 'main', displayName: 'Approved' },
		{ type: 'main', displayName: 'Rejected' },
		{ type: 'main', displayName: 'Escalated' },
	];
};

const route = { show: { operation: ['route'] } };
const waiting = { show: { operation: ['waitForDecision'] } };
const recording = { show: { operation: ['recordInOdoo'] } };
const table = { show: { operation: ['route'], policySource: ['table'] } };
const forApproval = { show: { outcome: ['needs_approval'] } };

/** A rule's outcomes as the editor lists them; When No Rule Matches offers all but Needs Approval. */
const autoApprove = { name: 'Auto Approve', value: 'auto_approve' };
const needsApproval = { name: 'Needs Approval', value: 'needs_approval' };
const reject = { name: 'Reject', value: 'reject' };

const routeProperties: INodeProperties[] = [
	{
		displayName: 'Policy Source',
		name: 'policySource',
		type: 'options',
		noDataExpression: true,
		displayOptions: route,
		options: [
			{ name: 'JSON', value: 'json', description: 'The complete policy format, versioned with your workflows' },
			{ name: 'Table', value: 'table', description: 'Rules entered row by row in this node' },
		],
		default: 'json',
	},
	{
		displayName: 'Policy (JSON)',
		name: 'policyJson',
		type: 'json',
		displayOptions: { show: { operation: ['route'], policySource: ['json'] } },
		default: EXAMPLE_POLICY,
		description:
			'Decision table: rules with conditions and an outcome (auto_approve, needs_approval, reject), a hit policy (FIRST, PRIORITY, COLLECT), approver groups and a version',
	},
	{
		displayName: 'Policy ID',
		name: 'policyId',
		type: 'string',
		displayOptions: table,
		default: 'approval-policy',
	},
	{
		displayName: 'Policy Version',
		name: 'policyVersion',
		type: 'string',
		displayOptions: table,
		default: '1',
		description: 'Recorded with every decision; change it whenever you change a rule',
	},
	{
		displayName: 'Hit Policy',
		name: 'hitPolicy',
		type: 'options',
		displayOptions: table,
		options: [
			{ name: 'First', value: 'FIRST', description: 'The first matching rule decides' },
			{
				name: 'Priority',
				value: 'PRIORITY',
				description: 'The matching rule with the strictest outcome decides, then the highest priority',
			},
			{ name: 'Collect', value: 'COLLECT', description: 'All matching rules apply, merged into the strictest requirement' },
		],
		default: 'FIRST',
	},
	{
		displayName: 'Groups',
		name: 'groups',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: table,
		placeholder: 'Add Group',
		default: {},
		options: [
			{
				displayName: 'Group',
				name: 'group',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'finance' },
					{
						displayName: 'Members',
						name: 'members',
						type: 'string',
						default: '',
						placeholder: 'controller@example.com, cfo@example.com',
						description: 'User identifiers separated by commas or new lines',
					},
				],
			},
		],
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: table,
		placeholder: 'Add Rule',
		default: {},
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Approvers',
						name: 'approvers',
						type: 'string',
						default: '',
						placeholder: 'group:finance, ops.manager@example.com',
						description: 'Users and group:NAME references, in approval order',
						displayOptions: forApproval,
					},
					{
						displayName: 'Conditions',
						name: 'conditions',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						placeholder: "customer.credit_status == 'hold'\namount > 10000",
						description:
							'One condition per line, all must hold. Comparisons (== != &lt; &lt;= &gt; &gt;=), in [..], not in [..], exists(field), and, or, not, + - * /. Empty: always matches.',
					},
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{
						displayName: 'Escalate After',
						name: 'escalateAfter',
						type: 'string',
						default: '4h',
						description: 'E.g. 90m, 4h, 2d or ISO 8601 PT4H.',
						displayOptions: forApproval,
					},
					{
						displayName: 'Escalate To',
						name: 'escalateTo',
						type: 'string',
						default: '',
						displayOptions: forApproval,
					},
					{
						displayName: 'Exclude',
						name: 'exclude',
						type: 'string',
						default: '',
						description: 'Users or group:NAME references who may never approve under this rule',
						displayOptions: forApproval,
					},
					{
						displayName: "Exclude Requester's Groups",
						name: 'excludeRequesterGroups',
						type: 'boolean',
						default: false,
						description: "Whether members of the requester's groups (e.g. their team) are excluded too",
						displayOptions: forApproval,
					},
					{
						displayName: 'Minimum Approvals',
						name: 'minApprovals',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						displayOptions: forApproval,
					},
					{
						displayName: 'Order',
						name: 'order',
						type: 'options',
						options: [
							{ name: 'Parallel', value: 'parallel' },
							{ name: 'Sequential', value: 'sequential' },
						],
						default: 'parallel',
						displayOptions: forApproval,
					},
					{
						displayName: 'Outcome',
						name: 'outcome',
						type: 'options',
						options: [autoApprove, needsApproval, reject],
						default: 'needs_approval',
					},
					{
						displayName: 'Priority',
						name: 'priority',
						type: 'number',
						default: 0,
						description: 'Used by the Priority hit policy among rules with the same outcome; higher wins',
					},
					{ displayName: 'Rule ID', name: 'id', type: 'string', default: '', placeholder: 'credit-hold' },
				],
			},
		],
	},
	{
		displayName: 'When No Rule Matches',
		name: 'noMatchOutcome',
		type: 'options',
		displayOptions: table,
		options: [autoApprove, reject],
		default: 'auto_approve',
		description: 'To require an approval instead, end the table with a rule without conditions',
	},
	{
		displayName: 'Requester Field',
		name: 'requesterField',
		type: 'string',
		displayOptions: route,
		default: 'requester',
		placeholder: 'requested_by.login',
		description:
			'Item field naming who asked. The requester can never approve their own request (segregation of duties).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		displayOptions: route,
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Approval Links',
				name: 'includeLinks',
				type: 'boolean',
				default: true,
				description:
					'Whether Needs Approval items get one signed link per approver (approval.links), for Wait for Decision later in this execution',
			},
		],
	},
];

const waitProperties: INodeProperties[] = [
	{
		displayName:
			'Deliver the links in approval.links (made by Route in this execution) before this node, e.g. with Send Email or Slack. Each approver gets their own link; it opens a confirmation page.',
		name: 'waitNotice',
		type: 'notice',
		displayOptions: waiting,
		default: '',
	},
	{
		displayName: 'Approval Record',
		name: 'approvalRecord',
		type: 'json',
		displayOptions: { show: { operation: ['waitForDecision', 'recordInOdoo'] } },
		default: '={{ $json.approval }}',
		description:
			'The approval record Route produced. If a node between them replaced the item, point this at the Route node’s output with an expression.',
	},
	{
		displayName: 'Decision Outputs',
		name: 'decisionOutputs',
		type: 'options',
		noDataExpression: true,
		displayOptions: waiting,
		options: [
			{
				name: 'Approved, Rejected, Escalated',
				value: 'split',
				description: 'One output per decision. Needs n8n 2.x: n8n 1.x continues only the first output after a wait.',
			},
			{
				name: 'One Output',
				value: 'single',
				description: 'Every decision on one output, in approval.resolution.status. Works on every n8n version.',
			},
		],
		// One output works on every n8n line; the split layout would lose Rejected and Escalated on n8n 1.x.
		default: 'single',
	},
	{
		displayName: 'Vote Store',
		name: 'voteStore',
		type: 'options',
		noDataExpression: true,
		displayOptions: waiting,
		options: [
			{
				name: 'Local',
				value: 'local',
				description: 'Votes kept in this n8n process: one process only, open votes are lost on restart',
			},
			{
				name: 'Redis',
				value: 'redis',
				description:
					'Votes kept in Redis: for queue mode and to survive restarts (set an Approval Router Signing Key credential too)',
			},
		],
		default: 'local',
	},
];

const recordProperties: INodeProperties[] = [
	{
		displayName: 'Record As',
		name: 'odooTarget',
		type: 'options',
		noDataExpression: true,
		displayOptions: recording,
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: 'An approval request when the Approvals app is installed, otherwise activities',
			},
			{
				name: 'Approval Request',
				value: 'approvalRequest',
				description: 'One approval.request per item (Odoo Enterprise: Approvals)',
			},
			{
				name: 'Activities',
				value: 'activities',
				description: 'One To-Do activity per approver on the business record (every Odoo edition)',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Approval Category',
		name: 'approvalCategory',
		type: 'string',
		displayOptions: { show: { operation: ['recordInOdoo'], odooTarget: ['auto', 'approvalRequest'] } },
		default: '',
		placeholder: 'Shipment Release',
		description:
			'Name or ID of the Odoo approval category the requests are filed under (needed for approval requests). Odoo takes its Minimum Approval from the category.',
	},
	{
		displayName: 'Submit Request',
		name: 'submitRequest',
		type: 'boolean',
		displayOptions: { show: { operation: ['recordInOdoo'], odooTarget: ['auto', 'approvalRequest'] } },
		default: true,
		description: 'Whether to submit each approval request at once, which asks its approvers in Odoo',
	},
	{
		displayName: 'Business Model',
		name: 'businessModel',
		type: 'string',
		displayOptions: recording,
		default: 'stock.picking',
		placeholder: 'stock.picking',
		description: 'The Odoo model of the record the approval is about (activities are put on it)',
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		displayOptions: recording,
		default: '={{ $json.id }}',
		description: 'The ID of that record',
	},
];

/**
 * The signing key is optional (a random key of this process otherwise: one n8n process, links die on restart); Route
 * and Wait for Decision must use the same one. Redis holds the votes when the Redis vote store is chosen; Odoo is
 * needed to record requests there.
 */
export const credentials: INodeCredentialDescription[] = [
	{ name: SIGNING_KEY_CREDENTIAL, required: false, displayOptions: { show: { operation: ['route', 'waitForDecision'] } } },
	{
		name: REDIS_CREDENTIAL,
		required: true,
		testedBy: 'odooLogisticsRedisConnectionTest',
		displayOptions: { show: { operation: ['waitForDecision'], voteStore: ['redis'] } },
	},
	{
		name: ODOO_CREDENTIAL,
		required: true,
		testedBy: 'odooLogisticsApiTest',
		displayOptions: recording,
	},
];

export const outputs: ExpressionString = `={{(${configuredOutputs})($parameter)}}`;

const restartWebhook = (httpMethod: 'GET' | 'POST'): IWebhookDescription => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	path: WEBHOOK_PATH,
	restartWebhook: true,
	isFullPath: true,
	ndvHideUrl: true,
	ndvHideMethod: true,
});

/** GET shows the confirmation page, POST records the vote; both only while an execution waits. */
export const webhooks = [restartWebhook('GET'), restartWebhook('POST')];

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Route',
				value: 'route',
				description: 'Decide each item with the policy: Approved, Needs Approval or Rejected',
				action: 'Route items through an approval policy',
			},
			{
				name: 'Wait for Decision',
				value: 'waitForDecision',
				description: 'Pause until the approvers decide, someone rejects or the deadline passes',
				action: 'Wait for an approval decision',
			},
			{
				name: 'Record in Odoo',
				value: 'recordInOdoo',
				description: 'File each Needs Approval item in Odoo: an approval request, or activities for the approvers',
				action: 'Record approval requests in odoo',
			},
		],
		default: 'route',
	},
	...routeProperties,
	...waitProperties,
	...recordProperties,
];
