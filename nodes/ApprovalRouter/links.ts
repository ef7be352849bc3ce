/**
 * Signed, per-approver approval links and the seal on approval records.
 *
 * A token is `base64url(claims).base64url(HMAC-SHA256(key, base64url(claims)))`; the claims bind the execution, the
 * decision, the approver and the expiry. The key is derived for each execution from a master key and never leaves the
 * process: tokens and seals reveal nothing about it. Verification compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { canonicalJson } from './canonical';

export interface LinkClaims {
	executionId: string;
	decisionId: string;
	approver: string;
	/** Epoch milliseconds; the link is refused from this instant on. */
	expiresAt: number;
}

export type TokenCheck =
	| { valid: true; claims: LinkClaims }
	| { valid: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const DOMAIN = 'n8n-nodes-odoo-logistics/approval-router/v1';

/** The signing key of one execution. Different executions never share a key. */
export function deriveExecutionKey(masterKey: Buffer, executionId: string): Buffer {
	return createHmac('sha256', masterKey).update(`${DOMAIN}/execution/${executionId}`).digest();
}

function mac(key: Buffer, purpose: 'link' | 'seal', data: string): Buffer {
	return createHmac('sha256', key).update(`${purpose}\n${data}`).digest();
}

function sameMac(expected: Buffer, actual: Buffer): boolean {
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function signLink(key: Buffer, claims: LinkClaims): string {
	const payload = Buffer.from(
		JSON.stringify({ e: claims.executionId, d: claims.decisionId, a: claims.approver, x: claims.expiresAt }),
	).toString('base64url');
	return `${payload}.${mac(key, 'link', payload).toString('base64url')}`;
}

export function verifyLink(key: Buffer, token: string, now: number): TokenCheck {
	const [payload, signature, extra] = token.split('.');
	if (!payload || !signature || extra !== undefined) return { valid: false, reason: 'malformed' };
	if (!sameMac(mac(key, 'link', payload), strictBase64url(signature))) {
		return { valid: false, reason: 'bad_signature' };
	}
	let raw: { e?: unknown; d?: unknown; a?: unknown; x?: unknown };
	try {
		raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return { valid: false, reason: 'malformed' };
	}
	const { e, d, a, x } = raw;
	if (typeof e !== 'string' || typeof d !== 'string' || typeof a !== 'string' || typeof x !== 'number') {
		return { valid: false, reason: 'malformed' };
	}
	if (now >= x) return { valid: false, reason: 'expired' };
	return { valid: true, claims: { executionId: e, decisionId: d, approver: a, expiresAt: x } };
}

/**
 * The bytes of a base64url text, or none when the text is not in the one canonical spelling (no padding, no characters
 * outside the alphabet): Node's decoder skips such characters, which would give one signature many accepted spellings.
 */
function strictBase64url(text: string): Buffer {
	const bytes = Buffer.from(text, 'base64url');
	return bytes.toString('base64url') === text ? bytes : Buffer.alloc(0);
}

/** A MAC over the canonical JSON of `value`: proves an approval record was issued in this execution, unchanged. */
export function seal(key: Buffer, value: unknown): string {
	return mac(key, 'seal', canonicalJson(value)).toString('base64url');
}

export function verifySeal(key: Buffer, value: unknown, candidate: string): boolean {
	return sameMac(mac(key, 'seal', canonicalJson(value)), strictBase64url(candidate));
}
