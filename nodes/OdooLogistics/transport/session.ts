import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { LogisticsFlows, OdooClient } from '../../shared/odoo';
import type { Batching } from '../batch/runner';
import { toNodeError } from '../../shared/n8n/errors';
import { CREDENTIAL_TYPE, connectionSettings } from '../../shared/n8n/odooCredential';
import { Schemas } from '../odoo/schema';

/** What every operation works with during one execution: one client, its multi-step flows and the models' fields. */
export interface OdooSession {
	client: OdooClient;
	flows: LogisticsFlows;
	schemas: Schemas;
	batching: Batching;
	/** The workflow's time zone: dates typed without a zone are read in it. */
	timeZone: string;
}

/** A client for the node's credential; bad settings become an error naming the setting (never showing the secret). */
export async function connect(fn: IExecuteFunctions | ILoadOptionsFunctions): Promise<OdooClient> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	try {
		return new OdooClient(connectionSettings(credentials));
	} catch (error) {
		throw toNodeError(fn.getNode(), error);
	}
}

export async function openSession(fn: IExecuteFunctions, batching: Batching): Promise<OdooSession> {
	const client = await connect(fn);
	try {
		// One check of the credentials up front: a wrong key fails the node once, not every item.
		await client.authenticate();
	} catch (error) {
		client.close();
		throw toNodeError(fn.getNode(), error);
	}
	return { client, flows: new LogisticsFlows(client), schemas: new Schemas(client), batching, timeZone: fn.getTimezone() };
}
