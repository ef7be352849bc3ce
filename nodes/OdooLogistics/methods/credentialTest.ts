import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { diagnoseConnection } from '../../shared/odoo';
import { connectionSettings } from '../transport/session';

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
