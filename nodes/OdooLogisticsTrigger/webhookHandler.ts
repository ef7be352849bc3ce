import type { ServerResponse } from 'node:http';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MIN_WEBHOOK_MAJOR } from './automation';
import { sharedClient } from './connection';
import { sha256Hex } from './digest';
import { triggerError } from './errors';
import { resolveEvent, type EventSpec } from './eventSpec';
import { toEvent, type OdooEvent } from './events';
import { readDelivery, readEventParameters, readEventSpec, readOptions, registrationKind, streamKey } from './parameters';
import { ReadBack, readBackFor, type Confirmation } from './readBack';
import { recentEventsFor, type RecentEvents } from './recentEvents';
import { readRedelivery, writeFollowed } from './redelivery';
import { triggerData } from './staticData';
import { leaveTestEvents } from './testEvents';
import { MAX_BODY_BYTES, parseNotice, tokenDigest, tokenDigestMatches, TOKEN_PARAMETER, type OdooNotice } from './webhookRequest';

/**
 * Odoo waits one second at most and never retries, so the request is answered as soon as it is known to be genuine
 * and well formed. The record is then read back (Odoo 17 and 18 post before their transaction commits) and the event
 * emitted with its committed state.
 */
export async function receiveWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	if (readDelivery(this) === 'polling') return reply(response, 404, { error: 'this trigger polls Odoo and takes no webhooks' });
	const registration = triggerData(this).webhooks?.[registrationKind(this)];
	const expected = registration?.tokenDigest ?? (registration?.token ? tokenDigest(registration.token) : undefined);
	if (!tokenDigestMatches(expected, (this.getQueryData() as IDataObject)[TOKEN_PARAMETER])) {
		return reply(response, 401, { error: 'unauthorized' });
	}
	// Webhooks exist from Odoo 17 on, and the model of an event is the same on every version from there.
	const { model } = resolveEvent(readEventParameters(this), MIN_WEBHOOK_MAJOR);
	const body = this.getBodyData();
	const size = bodySize(this, body);
	if (size > MAX_BODY_BYTES) {
		return reply(response, 413, { error: `payload too large: a notification is at most ${MAX_BODY_BYTES / 1024} KiB, and this body has ${size} bytes` });
	}
	const type = mediaType(this);
	if (type !== 'application/json') {
		return reply(response, 415, { error: `unsupported media type: Odoo sends application/json, and this body is ${type || 'untyped'}` });
	}
	const parsed = parseNotice(body, size, model);
	if (!parsed.ok) return reply(response, 400, { error: `malformed notification: ${parsed.reason}` });
	reply(response, 200, { ok: true });

	const event = await confirmEvent(this, parsed.notice);
	return event ? { noWebhookResponse: true, workflowData: [[{ json: event as unknown as IDataObject }]] } : { noWebhookResponse: true };
}

/** The event of a genuine notification, once Odoo shows the change committed; none for a repeat or a rollback. */
async function confirmEvent(fn: IWebhookFunctions, notice: OdooNotice): Promise<OdooEvent | undefined> {
	const { spec, database, confirmation } = await readBackNotice(fn, notice).catch((error: unknown) => {
		throw triggerError(fn.getNode(), error);
	});
	if (confirmation.status === 'expired') {
		fn.logger.warn(`Odoo notified ${notice.model} #${notice.recordId}, but the change was not committed in time: nothing emitted`);
	}
	const record = confirmation.status === 'committed' ? confirmation.record : confirmation.status === 'deleted' ? notice.record : undefined;
	if (!record) return undefined;
	const event = toEvent(spec, database, record, 'webhook', new Date());
	const key = streamKey(fn);
	// Odoo may post one change several times (twice for a new transfer); the first one wins. The event is followed for
	// re-delivery, unless it is a test event or a deletion (nothing is left to read again).
	const follow = fn.getMode() !== 'manual' && spec.kind !== 'deleted';
	const recent = recentEventsFor(key);
	if (!recent.add(event.eventId, follow ? event.recordId : undefined)) return undefined;
	if (fn.getMode() === 'manual') leaveTestEvents(key, [event]);
	if (follow) await logFollowed(fn, recent);
	return event;
}

/**
 * With re-delivery on, the followed event is written to the trigger's log before its run starts, so that a restart of
 * n8n, or a poll in another process, still follows it. Bad re-delivery settings are the poll's to report.
 */
async function logFollowed(fn: IWebhookFunctions, recent: RecentEvents): Promise<void> {
	if (readDelivery(fn) !== 'hybrid') return;
	const redelivery = await readRedelivery(fn).catch(() => undefined);
	if (redelivery) await writeFollowed(fn.logger, recent, redelivery.log);
}

async function readBackNotice(fn: IWebhookFunctions, notice: OdooNotice): Promise<{ spec: EventSpec; database: string; confirmation: Confirmation }> {
	const { client, key: clientKey } = await sharedClient(fn);
	const spec = await readEventSpec(fn, client);
	const { commitWaitMs } = readOptions(fn);
	const queueKey = `${clientKey}|${streamKey(fn)}|${sha256Hex(JSON.stringify(spec), 16)}|${commitWaitMs}`;
	const queue = readBackFor(queueKey, () => new ReadBack(client, spec, commitWaitMs));
	return { spec, database: client.database, confirmation: await queue.confirm(notice) };
}

function reply(response: ServerResponse, status: number, body: IDataObject): IWebhookResponseData {
	response.writeHead(status, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

/** The request's media type, without parameters (`application/json; charset=utf-8` is `application/json`). */
function mediaType(fn: IWebhookFunctions): string {
	const header = (fn.getHeaderData() as Record<string, unknown>)['content-type'];
	return String(header ?? '').split(';')[0].trim().toLowerCase().slice(0, 100);
}

/** n8n keeps the raw body it parsed; without it, the size of the parsed body stands in. */
function bodySize(fn: IWebhookFunctions, body: unknown): number {
	const raw = (fn.getRequestObject() as { rawBody?: Buffer }).rawBody;
	return raw ? raw.length : Buffer.byteLength(JSON.stringify(body ?? null));
}
