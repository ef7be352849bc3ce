import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

import type { OdooRecord } from '../shared/odoo';
import { formatZodError } from '../shared/validation';
import { isOdooDatetime } from './odooTime';

/** Odoo cannot send headers or sign its POST: the secret travels in the URL's query. */
export const TOKEN_PARAMETER = 'token';
/** A notification carries one record's id, write_date and at most the chosen fields. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A fresh secret for one activation. */
export function newToken(): string {
	return randomBytes(24).toString('base64url');
}

export function urlWithToken(url: string, token: string): string {
	const target = new URL(url);
	target.searchParams.set(TOKEN_PARAMETER, token);
	return target.toString();
}

/** Compares digests, so the time taken says nothing about the expected token, not even its length. */
export function tokenMatches(expected: string | undefined, given: unknown): boolean {
	if (!expected || typeof given !== 'string' || !given) return false;
	return timingSafeEqual(digest(expected), digest(given));
}

/**
 * What the node keeps of a token: its SHA-256 (hex). The workflow's static data is saved with executions (n8n 1.x) and
 * returned by n8n's API, so it must not hold the secret; the token itself lives only in Odoo's rule.
 */
export function tokenDigest(token: string): string {
	return digest(token).toString('hex');
}

/** `tokenMatches` against a kept digest: one constant-time comparison of two SHA-256 digests. */
export function tokenDigestMatches(expectedDigest: string | undefined, given: unknown): boolean {
	if (!expectedDigest || typeof given !== 'string' || !given) return false;
	const expected = Buffer.from(expectedDigest, 'hex');
	return expected.length === 32 && timingSafeEqual(expected, digest(given));
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}

/** What Odoo's "Send Webhook Notification" action posts about one record. */
export interface OdooNotice {
	model: string;
	recordId: number;
	/** The record's write_date inside the notifying transaction, when the payload has it. */
	writeDate?: string;
	/** The record's fields as Odoo sent them (`read(load=None)`: a many2one is a bare id). */
	record: OdooRecord;
}

export type NoticeResult = { ok: true; notice: OdooNotice } | { ok: false; reason: string };

const noticeSchema = z
	.object({
		// Odoo ids are PostgreSQL integers.
		_id: z
			.number({ required_error: 'missing', invalid_type_error: 'must be a record id' })
			.int('must be a record id')
			.positive('must be a record id')
			.max(2_147_483_647, 'must be a record id'),
		_model: z.string({ required_error: 'missing', invalid_type_error: 'must be a model name' }),
		_action: z.string().optional(),
		write_date: z.union([z.string().refine(isOdooDatetime, 'must be an Odoo datetime'), z.literal(false)]).optional(),
	})
	.passthrough();

/** Checks a request body against Odoo's webhook payload for `model`; the reason is safe to send back. */
export function parseNotice(body: unknown, size: number, model: string): NoticeResult {
	if (size > MAX_BODY_BYTES) return { ok: false, reason: `the body is larger than ${MAX_BODY_BYTES / 1024} KiB` };
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, reason: 'the body must be the JSON object Odoo sends (with _id and _model)' };
	}
	const parsed = noticeSchema.safeParse(body);
	if (!parsed.success) return { ok: false, reason: formatZodError(parsed.error) };
	const { _id: recordId, _model: sentModel, _action: _ignored, write_date: writeDate, ...fields } = parsed.data;
	if (sentModel !== model) return { ok: false, reason: `the notification is about ${sentModel}, and this trigger watches ${model}` };
	return {
		ok: true,
		notice: {
			model,
			recordId,
			...(writeDate ? { writeDate } : {}),
			record: { ...fields, ...(writeDate !== undefined ? { write_date: writeDate } : {}), id: recordId },
		},
	};
}
