import type { RuleRef } from './automation';
import type { TriggerFunctions } from './parameters';

/** The rule created by one activation, with the digest of the token its URL carries. */
export interface Registration extends RuleRef {
	/** `tokenDigest` of the token; the token itself is kept by Odoo's rule only. */
	tokenDigest: string;
	/** Registrations made before digests were kept hold the token itself; the next activation replaces them. */
	token?: string;
	/** `ruleSignature` of the rule when it was created. */
	signature: string;
}

/** A test run ("Listen for test event") registers a rule of its own, next to the active workflow's. */
export type RegistrationKind = 'production' | 'test';

/** What the trigger keeps in the node's static data. */
export interface TriggerStaticData {
	webhooks?: Partial<Record<RegistrationKind, Registration>>;
	/** A `CursorState`; checked with `readCursor` when read. */
	cursor?: unknown;
}

export function triggerData(fn: TriggerFunctions): TriggerStaticData {
	return fn.getWorkflowStaticData('node') as TriggerStaticData;
}
