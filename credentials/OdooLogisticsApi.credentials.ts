import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Connection to one Odoo database. The connection test lives on the nodes (`testedBy: 'odooLogisticsApiTest'`) because it
 * authenticates for real and reports which part is wrong: URL, server, database, login or key.
 */
export class OdooLogisticsApi implements ICredentialType {
	name = 'odooLogisticsApi';

	displayName = 'Odoo Logistics API';

	icon = 'file:odoo.svg' as const;

	documentationUrl = 'https://www.odoo.com/documentation/18.0/developer/reference/external_api.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://mycompany.odoo.com',
			description: 'The address of the Odoo server, without a path',
			required: true,
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: '',
			description: 'Name of the Odoo database',
			required: true,
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			placeholder: 'admin',
			description: "The user's login (usually an email address). Not needed for the JSON-2 API.",
		},
		{
			displayName: 'API Key or Password',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'An API key (Preferences → Account Security → New API Key) or the password. The JSON-2 API (Odoo 19+) needs an API key.',
			required: true,
		},
		{
			displayName: 'API Mode',
			name: 'apiMode',
			type: 'options',
			options: [
				{
					name: 'Auto (Detect From Server Version)',
					value: 'auto',
					description: 'JSON-2 on Odoo 19 and later, JSON-RPC on Odoo 16 to 18',
				},
				{ name: 'JSON-2 (Odoo 19+)', value: 'json2' },
				{ name: 'JSON-RPC (Odoo 16–19)', value: 'jsonrpc' },
			],
			default: 'auto',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreTls',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the TLS certificate cannot be verified',
		},
	];
}
