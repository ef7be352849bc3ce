/**
 * The trigger's webhook under fuzzing, over real HTTP: arbitrary JSON, wrong types for _id/_model/_action/write_date,
 * bodies that are not JSON, bodies over the size limit and wrong tokens. Every refused request gets a clear 4xx whose
 * reason names the problem, starts no execution and sends nothing to Odoo (the simulator records no call at all).
 */
import fc from 'fast-check';

import { MAX_BODY_BYTES } from '../../nodes/OdooLogisticsTrigger/webhookRequest';
import { isOdooDatetime } from '../../nodes/OdooLogisticsTrigger/odooTime';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { adminCredential, TriggerHarness } from '../nodes/OdooLogisticsTrigger/harness';
import { RUNS, jsonValue, nastyString } from './arbitraries';

const MODEL = 'sale.order';
const WRITES = new Set(['create', 'write', 'unlink', 'copy', 'action_confirm', 'button_validate', 'action_cancel', 'message_post']);

interface Answer {
	status: number;
	error?: string;
	text: string;
}

/** What the trigger must accept: Odoo's payload for the watched model. Everything else is refused. */
function isValidNotice(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
	const { _id: id, _model: model, _action: action, write_date: writeDate } = body as Record<string, unknown>;
	return (
		typeof id === 'number' &&
		Number.isInteger(id) &&
		id > 0 &&
		id <= 2_147_483_647 &&
		model === MODEL &&
		(action === undefined || typeof action === 'string') &&
		(writeDate === undefined || writeDate === false || isOdooDatetime(writeDate))
	);
}

/** Values for Odoo's payload keys, right and wrong. */
const idValue = fc.oneof(
	fc.constantFrom<unknown>(0, -1, 1.5, 2_147_483_648, 1e300, '7', '', null, true, [], {}, [7], 'NaN'),
	fc.integer({ min: 900_000_000, max: 2_147_483_647 }),
	jsonValue,
);
const modelValue = fc.oneof(fc.constantFrom<unknown>(MODEL, 'stock.picking', 'SALE.ORDER', ' sale.order', '', null, 7, [MODEL], { model: MODEL }), jsonValue);
const actionValue = fc.oneof(fc.constantFrom<unknown>(undefined, 'Send Webhook Notification(#3)', 3, null, ['x'], {}), jsonValue);
const writeDateValue = fc.oneof(
	fc.constantFrom<unknown>(undefined, false, true, '2026-11-26 10:00:00', '2026-11-26T10:00:00Z', '2026-13-45 99:99:99', '', 0, null, []),
	jsonValue,
);

const noticeLike = fc
	.record(
		{ _id: idValue, _model: modelValue, _action: actionValue, write_date: writeDateValue, extra: fc.dictionary(nastyString, jsonValue, { maxKeys: 3 }) },
		{ requiredKeys: [] },
	)
	.map(({ extra, ...keys }) => ({ ...extra, ...Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined)) }));

type Request = { body: string | Uint8Array; type?: string; parsed?: unknown; expect: 'json' | 'notJson' | 'unsupported' | 'tooLarge' };

const jsonRequest = fc.oneof(noticeLike, jsonValue).map((value): Request => ({ body: JSON.stringify(value) ?? 'null', type: 'application/json', parsed: value, expect: 'json' }));
const notJsonText = fc
	.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('{', '{"_id": 1,', "{'_id': 1}", '<xml/>', '_id=1&_model=sale.order', 'undefined', 'NaN'))
	.filter((text) => {
		try {
			JSON.parse(text);
			return false;
		} catch {
			return true;
		}
	});
const notJsonRequest = notJsonText.map((body): Request => ({ body, type: 'application/json', expect: 'notJson' }));
const otherTypeRequest = fc
	.tuple(
		fc.oneof(notJsonText, jsonRequest.map((request) => request.body as string)),
		fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/xml', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json'),
	)
	.map(([body, type]): Request => ({ body, type, expect: 'unsupported' }));
const oversizedRequest = fc
	.tuple(fc.integer({ min: MAX_BODY_BYTES + 1, max: 3 * MAX_BODY_BYTES }), fc.boolean(), fc.constantFrom('application/json', 'text/plain', 'application/octet-stream'))
	.map(([size, valid, type]): Request => {
		const head = valid ? `{"_id": 7, "_model": "${MODEL}", "note": "` : '{"x": "';
		return { body: `${head}${'x'.repeat(size - head.length - 2)}"}`, type, expect: 'tooLarge' };
	});

describe('Odoo Logistics Trigger webhook fuzzing, over HTTP', () => {
	let sim: OdooSimulator;
	let harness: TriggerHarness;
	let token: string;

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed', options: { commitWaitSeconds: 1 } }, adminCredential(sim));
		await harness.listen();
		await harness.activate();
		// The node keeps only the token's digest; the token is in Odoo's rule.
		const [action] = sim.env('ir.actions.server').searchRead([['state', '=', 'webhook']], ['webhook_url']);
		token = new URL(String(action.webhook_url)).searchParams.get('token') ?? '';
		expect(token).toMatch(/^[\w-]{32}$/);
	});

	afterAll(async () => {
		await harness?.hook('delete');
		await harness?.close();
		await sim?.close();
	});

	async function post(request: Request, query = `?token=${token}`): Promise<Answer> {
		const headers: Record<string, string> = request.type ? { 'Content-Type': request.type } : {};
		const response = await fetch(`${harness.webhookUrl()}${query}`, { method: 'POST', headers, body: request.body });
		const text = await response.text();
		let error: string | undefined;
		try {
			error = (JSON.parse(text) as { error?: string }).error;
		} catch {
			error = undefined;
		}
		return { status: response.status, error, text };
	}

	/** Sends one request and checks the answer, the workflow and the simulator. */
	async function check(request: Request, query?: string): Promise<Answer> {
		sim.stats.reset();
		const executionsBefore = harness.executions.length;
		const answer = await post(request, query);
		await harness.settle();
		expect(answer.text).not.toContain(token);
		const writes = sim.stats.calls.filter((call) => WRITES.has(call.method) || call.model === 'base.automation');
		expect(writes).toEqual([]);
		if (answer.status === 200) return answer;
		// Refused: a clear reason, nothing started, nothing asked of Odoo.
		expect(typeof answer.error).toBe('string');
		expect(answer.error!.length).toBeGreaterThan(10);
		expect(harness.executions.length).toBe(executionsBefore);
		expect(sim.stats.calls).toEqual([]);
		return answer;
	}

	it('answers every JSON body with 200 only for a genuine notification, or 400 naming the field at fault', async () => {
		await fc.assert(
			fc.asyncProperty(jsonRequest, async (request) => {
				const answer = await check(request);
				if (isValidNotice(request.parsed)) {
					expect(answer.status).toBe(200);
					return;
				}
				expect(answer.status).toBe(400);
				const reason = /^malformed notification: (.+)$/s.exec(answer.error ?? '')?.[1];
				expect(reason).toBeDefined();
				expect(reason).toMatch(/^(?:(?:_id|_model|_action|write_date): |the body must be the JSON object|the notification is about )/);
				const body = request.parsed as Record<string, unknown>;
				if (reason!.startsWith('the notification is about')) expect(body._model).not.toBe(MODEL);
			}),
			{ numRuns: RUNS.io * 2 },
		);
	});

	it('accepts a genuine notification about a record that does not exist, reads it back, writes nothing, emits nothing', async () => {
		for (const id of [2_147_483_647, 999_999_999]) {
			const answer = await check({ body: JSON.stringify({ _id: id, _model: MODEL, _action: 'x', write_date: '2026-11-26 10:00:00' }), type: 'application/json; charset=utf-8', expect: 'json' });
			expect(answer.status).toBe(200);
			expect(sim.stats.calls.length).toBeGreaterThan(0);
			expect(sim.stats.calls.every((call) => ['read', 'search_read', 'search', 'fields_get', 'version', 'authenticate', 'login'].includes(call.method) || call.model === 'common')).toBe(true);
		}
		expect((await check({ body: JSON.stringify({ _id: 2_147_483_648, _model: MODEL }), type: 'application/json', expect: 'json' })).error).toBe(
			'malformed notification: _id: must be a record id',
		);
		expect(harness.executions).toEqual([]);
	});

	it('answers bodies that are not JSON with 400 (declared JSON) or 415 (another media type)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(notJsonRequest, otherTypeRequest), async (request) => {
				const answer = await check(request);
				if (request.expect === 'unsupported') {
					expect(answer.status).toBe(415);
					expect(answer.error).toBe(`unsupported media type: Odoo sends application/json, and this body is ${request.type!.split(';')[0].toLowerCase()}`);
				} else {
					// n8n itself answers 422 to broken JSON before the node runs; a listener that hands the node an empty body
					// (as this harness does) still gets a 400.
					expect(answer.status).toBe(400);
				}
			}),
			{ numRuns: RUNS.io },
		);
		expect((await check({ body: '{"_id": 1}', expect: 'unsupported' })).status).toBe(415);
	});

	it('answers bodies over the size limit with 413, whatever they hold', async () => {
		await fc.assert(
			fc.asyncProperty(oversizedRequest, async (request) => {
				const answer = await check(request);
				expect(answer.status).toBe(413);
				expect(answer.error).toBe(`payload too large: a notification is at most ${MAX_BODY_BYTES / 1024} KiB, and this body has ${Buffer.byteLength(request.body as string)} bytes`);
			}),
			{ numRuns: 6 },
		);
		// Just under the limit is read (and refused for its content, not its size).
		const head = '{"x": "';
		const fits = await check({ body: `${head}${'x'.repeat(MAX_BODY_BYTES - head.length - 2)}"}`, type: 'application/json', expect: 'json' });
		expect(fits.status).toBe(400);
	});

	it('answers 401 to any token but the right one, before looking at the body', async () => {
		const wrongToken = fc.oneof(
			nastyString,
			fc.constantFrom('', token.slice(0, -1), `${token}x`, token.toUpperCase(), token.toLowerCase(), ` ${token}`, `${token} `),
			fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'), minLength: 32, maxLength: 32 }),
		)
			// A URL carries text: lone surrogates become U+FFFD on the way, as in any client.
			.map((candidate) => candidate.replace(/\p{Cs}/gu, '\ufffd'))
			.filter((candidate) => candidate !== token);
		const genuine: Request = { body: JSON.stringify({ _id: 1, _model: MODEL, write_date: '2026-11-26 10:00:00' }), type: 'application/json', expect: 'json' };
		await fc.assert(
			fc.asyncProperty(wrongToken, fc.constantFrom('single', 'twice', 'absent', 'array'), fc.oneof(fc.constant(genuine), oversizedRequest, notJsonRequest), async (candidate, shape, request) => {
				const encoded = encodeURIComponent(candidate);
				const query = { single: `?token=${encoded}`, twice: `?token=${token}&token=${encoded}`, absent: `?tokn=${token}`, array: `?token[]=${token}` }[shape];
				const answer = await check(request, query);
				expect(answer.status).toBe(401);
				expect(answer.error).toBe('unauthorized');
			}),
			{ numRuns: RUNS.io },
		);
	});
});
