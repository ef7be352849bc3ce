/**
 * Which signing key and vote store a node uses, from its credentials and parameters.
 *
 * - Signing key: the Approval Router Signing Key credential when set; otherwise a random key of this process.
 * - Vote store: Local (this process) or Redis (the Odoo Logistics Redis credential, shared by all processes).
 * In queue mode the process-local ones would break links and lose votes, so they are refused there.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { REDIS_CREDENTIAL, redisConfigOf } from '../../IdempotencyGuard/redisCredential';
import { NOT_OPENED, NOT_RECORDED, RedisVoteStore } from '../redisVoteStore';
import { type ApprovalRuntime, processRuntime } from '../runtime';
import { masterKeyOf, SIGNING_KEY_CREDENTIAL } from '../signingKey';
import type { VoteStore } from '../voteStore';

export type VoteStoreKind = 'local' | 'redis';

export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SettingsError';
	}
}

type Context = IExecuteFunctions | IWebhookFunctions;

const queueMode = () => process.env.EXECUTIONS_MODE === 'queue';

async function credential(context: Context, type: string): Promise<ICredentialDataDecryptedObject> {
	return await context.getCredentials(type);
}

/**
 * The master key: the credential's, or this process's random one. Waiting for votes in queue mode needs the
 * credential: the votes reach the main or a webhook process, not the worker that issued the links. Route alone
 * does not (its records are checked in the same execution).
 */
export async function masterKeyFor(context: Context, votes: boolean): Promise<Buffer> {
	if (context.getNode().credentials?.[SIGNING_KEY_CREDENTIAL]) {
		return masterKeyOf(await credential(context, SIGNING_KEY_CREDENTIAL));
	}
	if (votes && queueMode()) {
		throw new SettingsError(
			'n8n runs in queue mode, where an approval link reaches a different process than the worker that issued it: set the same Approval Router Signing Key credential on Route and Wait for Decision',
		);
	}
	return processRuntime.masterKey;
}

/** The vote store `kind` names; `consequence` is what a Redis failure means at this point. */
export async function voteStoreFor(context: Context, kind: unknown, consequence: string): Promise<VoteStore> {
	if (kind === 'redis') return await RedisVoteStore.open(redisConfigOf(await credential(context, REDIS_CREDENTIAL)), consequence);
	if (kind !== 'local') throw new SettingsError(`Vote Store must be Local or Redis, not ${JSON.stringify(kind)}`);
	if (queueMode()) {
		throw new SettingsError(
			'The Local vote store keeps votes inside one n8n process, but n8n runs in queue mode, where a vote can reach another process. Use the Redis vote store',
		);
	}
	return processRuntime.store;
}

/** Route: signs links and seals records; needs no store. */
export async function routeRuntime(context: IExecuteFunctions): Promise<ApprovalRuntime> {
	return { ...processRuntime, masterKey: await masterKeyFor(context, false) };
}

export async function waitRuntime(context: IExecuteFunctions): Promise<ApprovalRuntime> {
	const masterKey = await masterKeyFor(context, true);
	const store = await voteStoreFor(context, context.getNodeParameter('voteStore', 0, 'local'), NOT_OPENED);
	return { ...processRuntime, masterKey, store };
}

export async function webhookRuntime(context: IWebhookFunctions): Promise<ApprovalRuntime> {
	const masterKey = await masterKeyFor(context, true);
	const store = await voteStoreFor(context, context.getNodeParameter('voteStore', 'local'), NOT_RECORDED);
	return { ...processRuntime, masterKey, store };
}
