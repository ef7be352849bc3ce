import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { diagnoseConnection, type ConnectionSettingsInput } from '../odoo';

export const CREDENTIAL_TYPE = 'odooLogisticsApi';

/** The connection settings of the credential, as the client takes them. */
export function connectionSettings(data: ICredentialDataDecryptedObject | undefined): ConnectionSettingsInput {
	return {
		url: String(data?.url ?? ''),
		database: String(data?.database ?? ''),
		login: data?.login === undefined ? undefined : String(data.login),
		secret: String(data?.secret ?? ''),
		apiMode: (data?.apiMode ?? 'auto') as 'auto' | 'json2' | 'jsonrpc',
		ignoreTls: data?.ignoreTls === true,
	};
}

/** Authenticates for real and says which part is wrong: URL, TLS, server, database, or login and key. */
export async function odooLogisticsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const diagnosis = await diagnoseConnection(connectionSettings(credential.data));
	if (!diagnosis.ok) return { status: 'Error', message: diagnosis.message };
	return {
		status: 'OK',
		message: `Connected to Odoo ${diagnosis.serverVersion} over ${diagnosis.transport === 'json2' ? 'JSON-2' : 'JSON-RPC'} as user ${diagnosis.uid}`,
	};
}
