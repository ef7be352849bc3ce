import { enterpriseResource } from './enterpriseResource';

export const approvalRequest = enterpriseResource({
	name: 'Approval Request',
	value: 'approvalRequest',
	noun: 'request',
	target: {
		resource: 'approvalRequest',
		model: 'approval.request',
		id: { name: 'requestId', label: 'Approval Request ID', description: 'The ID of the approval request' },
		app: { name: 'Approvals', edition: 'Odoo Enterprise' },
		defaultFields: [
			'name',
			'category_id',
			'request_owner_id',
			'request_status',
			'partner_id',
			'amount',
			'quantity',
			'reference',
			'date',
			'reason',
			'approver_ids',
		],
	},
});
