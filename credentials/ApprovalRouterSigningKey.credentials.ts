import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The key the Approval Router signs approval links and approval records with. Every n8n process that runs Route,
 * Wait for Decision or receives a vote must use the same key: required in queue mode, and it keeps open links
 * working across restarts.
 *
 * Not an API credential: n8n's "-Api" naming rules (meant for service credentials) do not apply.
 */
// eslint-disable-next-line n8n-nodes-base/cred-class-name-unsuffixed
export class ApprovalRouterSigningKey implements ICredentialType {
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-name-unsuffixed
	name = 'approvalRouterSigningKey';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'Approval Router Signing Key';

	icon = 'file:approvalRouterSigningKey.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-logistics/n8n-nodes-odoo-logistics#approval-router';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A random secret of at least 32 characters, e.g. the output of "openssl rand -base64 48". Changing it invalidates every open approval link.',
		},
	];
}
