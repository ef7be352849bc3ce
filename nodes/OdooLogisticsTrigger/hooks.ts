import type { IHookFunctions } from 'n8n-workflow';

import type { OdooClient } from '../shared/odoo';
import { nodeError } from '../shared/n8n/errors';
import { actionOf, createRule, removeRule, removeRulesPostingTo, ruleIsInPlace, ruleSignature, ruleSpecOf, type RuleSpec } from './automation';
import { openClient } from './connection';
import { ruleError } from './errors';
import { deliveryProblem, type EventSpec } from './eventSpec';
import { readDelivery, readEventSpec, registrationKind } from './parameters';
import { triggerData, type Registration } from './staticData';
import { newToken, tokenDigest, tokenDigestMatches, TOKEN_PARAMETER, urlWithToken } from './webhookRequest';

/**
 * n8n calls these on activation (`checkExists`, then `create` if it answered false) and on deactivation (`delete`),
 * for the production URL, and likewise around a test run for the test URL.
 */
export const webhookMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		if (readDelivery(this) === 'polling') return true;
		const registration = triggerData(this).webhooks?.[registrationKind(this)];
		// A registration without a digest kept its token in the static data: `create` replaces it.
		if (!registration?.tokenDigest) return false;
		const { tokenDigest: digest } = registration;
		return withClient(this, async (client) => {
			const rule = expectedRule(this, await readEventSpec(this, client), SIGNATURE_TOKEN);
			const url = nodeUrl(this);
			// A changed configuration needs a new rule; `create` removes the old one.
			return registration.signature === ruleSignature(rule) && ruleIsInPlace(client, registration, rule, (posted) => postsHere(posted, url, digest));
		});
	},

	async create(this: IHookFunctions): Promise<boolean> {
		const delivery = readDelivery(this);
		if (delivery === 'polling') return true;
		const webhooks = (triggerData(this).webhooks ??= {});
		const kind = registrationKind(this);
		return withClient(this, async (client) => {
			const spec = await readEventSpec(this, client);
			const problem = deliveryProblem(spec, delivery);
			if (problem) throw nodeError(this.getNode(), `This event cannot be delivered by webhook: ${problem}`);
			const previous = webhooks[kind];
			if (previous) {
				await removeRule(client, previous);
				delete webhooks[kind];
			}
			await removeRulesPostingTo(client, nodeUrl(this));
			const token = newToken();
			// Kept before anything else can fail, so that a failed activation can still delete the rule. Of the token, only
			// its digest is kept: the static data is saved with executions and shown by n8n's API.
			const registration: Registration = {
				ruleId: await createRule(client, expectedRule(this, spec, token)),
				tokenDigest: tokenDigest(token),
				signature: ruleSignature(expectedRule(this, spec, SIGNATURE_TOKEN)),
			};
			webhooks[kind] = registration;
			registration.actionId = await actionOf(client, registration.ruleId);
			return true;
		});
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		if (readDelivery(this) === 'polling') return true;
		const data = triggerData(this);
		const kind = registrationKind(this);
		return withClient(this, async (client) => {
			const registration = data.webhooks?.[kind];
			if (registration) await removeRule(client, registration);
			await removeRulesPostingTo(client, nodeUrl(this));
			delete data.webhooks?.[kind];
			return true;
		});
	},
};

/** Stands for the token in the rule a signature is computed over, so that checking a rule needs no token. */
const SIGNATURE_TOKEN = 'token';

/** True when `posted` is the node's URL with a token whose digest is `digest`. */
function postsHere(posted: unknown, url: string, digest: string): boolean {
	if (typeof posted !== 'string') return false;
	let token: string | null;
	try {
		token = new URL(posted).searchParams.get(TOKEN_PARAMETER);
	} catch {
		return false;
	}
	return token !== null && urlWithToken(url, token) === posted && tokenDigestMatches(digest, token);
}

function expectedRule(fn: IHookFunctions, spec: EventSpec, token: string): RuleSpec {
	const workflow = fn.getWorkflow();
	const name = `n8n: ${spec.eventType} → workflow "${workflow.name ?? workflow.id}" (${workflow.id}), node "${fn.getNode().name}"`;
	return ruleSpecOf(spec, urlWithToken(nodeUrl(fn), token), name);
}

/** The node's production URL, or its test URL during a test run. */
function nodeUrl(fn: IHookFunctions): string {
	const url = fn.getNodeWebhookUrl('default');
	if (!url) throw nodeError(fn.getNode(), 'n8n gave no webhook URL for this node');
	return url;
}

async function withClient<T>(fn: IHookFunctions, work: (client: OdooClient) => Promise<T>): Promise<T> {
	let client: OdooClient | undefined;
	try {
		client = await openClient(fn);
		return await work(client);
	} catch (error) {
		throw ruleError(fn.getNode(), error);
	} finally {
		client?.close();
	}
}
