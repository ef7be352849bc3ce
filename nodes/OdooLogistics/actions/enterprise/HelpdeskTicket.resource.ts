import { enterpriseResource } from './enterpriseResource';

export const helpdeskTicket = enterpriseResource({
	name: 'Helpdesk Ticket',
	value: 'helpdeskTicket',
	noun: 'ticket',
	target: {
		resource: 'helpdeskTicket',
		model: 'helpdesk.ticket',
		id: { name: 'ticketId', label: 'Ticket ID', description: 'The ID of the ticket' },
		app: { name: 'Helpdesk', edition: 'Odoo Enterprise' },
		defaultFields: [
			'name',
			'ticket_ref',
			'team_id',
			'user_id',
			'partner_id',
			'partner_email',
			'stage_id',
			'priority',
			'description',
			'sla_deadline',
			'sale_order_id',
			'tag_ids',
			'create_date',
			'close_date',
		],
	},
});
