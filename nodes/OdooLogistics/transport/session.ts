import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { LogisticsFlows, OdooClient } from '../../shared/odoo';
import type { Batching } from '../batch/runner';
import { odooNodeError } from '../execution/output';
import { Schemas } from '../odoo/schema';

export const CREDENTIAL_TYPE = 'odooLogisticsApi';

/** What every operation works with during one execution: one client, its multi-step flows and the models' fields. */
export interface OdooSession {
	client: OdooClient;
	flows: LogisticsFlows;
	schemas: Schemas;
	batching: Batching;
	/** The workflow's time zone: dates typed without a zone are read in it. */
	timeZone: string;
}

/** The connection settings of the credential, as the client takes them. */
export function connectionSettings(data: ICredentialDataDecryptedObject | undefined) {
	return {
		url: String(data?.url ?? ''),
		database: String(data?.database ?? ''),
		login: data?.login === undefined ? undefined : String(data.login),
		secret: String(data?.secret ?? ''),
		apiMode: (data?.apiMode ?? 'auto') as 'auto' | 'json2' | 'jsonrpc',
		ignoreTls: data?.ignoreTls === true,
	};
}

/** A client for the node's credential; bad settings become an error naming the setting (never showing the secret). */
export async function connect(fn: IExecuteFunctions | ILoadOptionsFunctions): Promise<OdooClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	try {
		return new OdooClient(connectionSettings(credentials));
	} catch (error) {
		throw odooNodeError(fn.getNode(), error);
	}
}

export async function openSession(fn: IExecuteFunctions, batching: Batching): Promise<OdooSession> {
	const client = await connect(fn);
	try {
		// One check of the credentials up front: a wrong key fails the node once, not every item.
		await client.authenticate();
	} catch (error) {
		client.close();
		throw odooNodeError(fn.getNode(), error);
	}
	return { client, flows: new LogisticsFlows(client), schemas: new Schemas(client), batching, timeZone: fn.getTimezone() };
}
