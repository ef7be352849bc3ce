import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OdooClient } from '../shared/odoo';
import { CREDENTIAL_TYPE, connectionSettings } from '../shared/n8n/odooCredential';
import { sha256Hex } from './digest';
import type { TriggerFunctions } from './parameters';

export { CREDENTIAL_TYPE };

/** A client of its own, for one activation step or one poll: close it when done. */
export async function openClient(fn: TriggerFunctions): Promise<OdooClient> {
	return new OdooClient(connectionSettings(await fn.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)));
}

const MAX_SHARED = 50;
const shared = new Map<string, OdooClient>();

/**
 * The client webhook requests share, one per credential content, so that a burst of notifications authenticates
 * once and reads back in batches. Keyed by a digest: the secret is not kept as a key.
 */
export async function sharedClient(fn: TriggerFunctions): Promise<{ client: OdooClient; key: string }> {
	const settings = connectionSettings(await fn.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE));
	const key = sha256Hex(JSON.stringify(settings));
	let client = shared.get(key);
	if (!client) {
		client = new OdooClient(settings);
		shared.set(key, client);
		if (shared.size > MAX_SHARED) shared.delete(shared.keys().next().value as string);
	}
	return { client, key };
}
