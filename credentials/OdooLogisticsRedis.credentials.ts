import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The Redis server that the Idempotency Guard's Redis store keeps its keys in. */
export class OdooLogisticsRedis implements ICredentialType {
	name = 'odooLogisticsRedis';

	displayName = 'Odoo Logistics Redis';

	icon = 'file:odooLogisticsRedis.svg' as const;

	documentationUrl = 'https://github.com/n8n-nodes-odoo-logistics/n8n-nodes-odoo-logistics#idempotency-guard';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379, required: true },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Redis ACL user name; leave empty for the default user',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{ displayName: 'TLS', name: 'tls', type: 'boolean', default: false },
		{
			displayName: 'Ignore Invalid TLS Certificate',
			name: 'tlsIgnoreInvalidCert',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a self-signed or otherwise invalid certificate (testing only)',
			displayOptions: { show: { tls: [true] } },
		},
	];
}
