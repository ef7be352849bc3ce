/**
 * The trigger's webhook secret: compared in constant time, new at every activation (in the Odoo rule's URL), and the
 * old one refused as soon as it is replaced or the workflow is deactivated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { newToken, tokenDigest, tokenDigestMatches, tokenMatches, TOKEN_PARAMETER } from '../../nodes/OdooLogisticsTrigger/webhookRequest';
import { startOdooSimulator, type OdooSimulator } from '../odoo-sim';
import { adminCredential, TriggerHarness } from '../nodes/OdooLogisticsTrigger/harness';

const TRIGGER_DIR = join(__dirname, '..', '..', 'nodes', 'OdooLogisticsTrigger');
/** The module object the trigger's code calls into (a namespace import would be a frozen copy, not spyable). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto') as typeof import('node:crypto');

describe('webhook token comparison', () => {
	afterEach(() => jest.restoreAllMocks());

	it('goes through crypto.timingSafeEqual on fixed-size digests, whatever the lengths, and is exact', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		fc.assert(
			fc.property(fc.oneof(fc.constant(newToken()), fc.string({ minLength: 1, maxLength: 64 })), fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), fc.constant('')), fc.boolean(), (expected, other, same) => {
				spy.mockClear();
				const given = same ? expected : other;
				// As compared with the token itself, and with the digest the node keeps of it (what the webhook uses).
				expect(tokenMatches(expected, given)).toBe(given === expected);
				expect(tokenDigestMatches(tokenDigest(expected), given)).toBe(given === expected);
				if (given === '') {
					expect(spy).not.toHaveBeenCalled();
					return;
				}
				// One comparison each, of two 32-byte SHA-256 digests: its time depends on neither token's length or content.
				expect(spy).toHaveBeenCalledTimes(2);
				for (const [a, b] of spy.mock.calls as unknown as Array<[Buffer, Buffer]>) expect([a.length, b.length]).toEqual([32, 32]);
			}),
			{ numRuns: 300 },
		);
	});

	it('refuses every non-string token (arrays, objects from a repeated or bracketed query parameter) without comparing', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		const token = newToken();
		for (const given of [[token], { 0: token }, undefined, null, 1, true, [token, token]]) {
			expect(tokenMatches(token, given)).toBe(false);
			expect(tokenDigestMatches(tokenDigest(token), given)).toBe(false);
		}
		expect(tokenMatches(undefined, token)).toBe(false);
		expect(tokenMatches('', '')).toBe(false);
		expect(tokenDigestMatches(undefined, token)).toBe(false);
		// A kept digest that is not one (damaged static data) matches nothing, not even itself.
		for (const damaged of ['', 'zz', tokenDigest(token).slice(2), token]) expect(tokenDigestMatches(damaged, token)).toBe(false);
		expect(spy).not.toHaveBeenCalled();
	});

	it('is the only way the trigger compares tokens: no ==/!= on a token anywhere in its code (null checks aside)', () => {
		const sources = readdirSync(TRIGGER_DIR).filter((file) => file.endsWith('.ts'));
		const offending: string[] = [];
		for (const file of sources) {
			readFileSync(join(TRIGGER_DIR, file), 'utf8')
				.split('\n')
				.forEach((line, index) => {
					if (/token\w*\s*[!=]==?|[!=]==?\s*[\w.?]*token/i.test(line) && !/typeof|!given|!expected|[!=]==? ?(?:null|undefined)\b/.test(line)) offending.push(`${file}:${index + 1}: ${line.trim()}`);
				});
		}
		expect(offending).toEqual([]);
		expect(readFileSync(join(TRIGGER_DIR, 'webhookHandler.ts'), 'utf8')).toMatch(/tokenDigestMatches\(expected, /);
	});

	it('makes tokens of 192 random bits, all different', () => {
		const tokens = Array.from({ length: 2000 }, newToken);
		expect(new Set(tokens).size).toBe(tokens.length);
		for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(24);
	});
});

describe('webhook token lifecycle against the simulated Odoo', () => {
	let sim: OdooSimulator;
	let harness: TriggerHarness;

	const webhookUrls = () =>
		sim
			.env('ir.actions.server')
			.searchRead([['state', '=', 'webhook']], ['webhook_url'])
			.map((action) => String(action.webhook_url));
	const tokenIn = (url: string) => new URL(url).searchParams.get(TOKEN_PARAMETER);
	const registration = (kind: 'production' | 'test' = 'production') =>
		(harness.staticData.webhooks as Record<string, { tokenDigest: string; ruleId: number; actionId: number }> | undefined)?.[kind];
	/** The token of a registration's rule, as Odoo posts it: the node keeps only its digest. */
	const tokenOf = (kind: 'production' | 'test' = 'production') => {
		const [action] = sim.env('ir.actions.server').read([registration(kind)!.actionId], ['webhook_url']);
		const token = tokenIn(String(action.webhook_url)) ?? '';
		expect(tokenDigest(token)).toBe(registration(kind)!.tokenDigest);
		expect(JSON.stringify(harness.staticData)).not.toContain(token);
		return token;
	};

	async function post(token: string, mode: 'trigger' | 'manual' = 'trigger'): Promise<number> {
		const body = JSON.stringify({ _id: 2_000_000_000, _model: 'sale.order', write_date: '2026-11-26 10:00:00' });
		const response = await fetch(`${harness.webhookUrl(mode)}?${TOKEN_PARAMETER}=${encodeURIComponent(token)}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body,
		});
		await response.text();
		return response.status;
	}

	beforeAll(async () => {
		sim = await startOdooSimulator({ version: '18.0' });
		harness = new TriggerHarness({ delivery: 'webhook', event: 'saleOrderConfirmed', options: { commitWaitSeconds: 1 } }, adminCredential(sim));
		await harness.listen();
	});

	afterAll(async () => {
		await harness.hook('delete').catch(() => undefined);
		await harness.hook('delete', 'manual').catch(() => undefined);
		await harness.close();
		await sim.close();
	});

	it('activate, deactivate, activate: a new token in the rule URL each time, and the old one refused', async () => {
		const seen: string[] = [];
		for (let round = 0; round < 3; round++) {
			await harness.activate();
			const token = tokenOf();
			// The token Odoo posts with is in the rule's URL, and only the current one is.
			expect(webhookUrls().map(tokenIn)).toEqual([token]);
			expect(seen).not.toContain(token);
			for (const old of seen) expect(await post(old)).toBe(401);
			seen.push(token);
			await harness.hook('delete');
			expect(webhookUrls()).toEqual([]);
			expect(registration()).toBeUndefined();
			expect(await post(token)).toBe(401);
		}
		await harness.activate();
		const current = tokenOf();
		expect(seen).not.toContain(current);
		expect(await post(current)).toBe(200);
		await harness.settle();
		for (const old of seen) expect(await post(old)).toBe(401);
		expect(harness.executions).toEqual([]);
	});

	it('a test run has a token of its own: production and test tokens are not interchangeable', async () => {
		await harness.activate();
		await harness.activate('manual');
		const production = tokenOf('production');
		const test = tokenOf('test');
		expect(test).not.toBe(production);
		expect(webhookUrls().map(tokenIn).sort()).toEqual([production, test].sort());
		expect(await post(test, 'trigger')).toBe(401);
		expect(await post(production, 'manual')).toBe(401);
		await harness.hook('delete', 'manual');
		expect(await post(test, 'manual')).toBe(401);
		expect(webhookUrls().map(tokenIn)).toEqual([production]);
	});

	it('a registration kept by an earlier version (the token itself) still opens the webhook; the next activation keeps a digest', async () => {
		await harness.hook('delete', 'manual');
		await harness.activate();
		const token = tokenOf();
		const legacy = registration() as unknown as Record<string, unknown>;
		delete legacy.tokenDigest;
		legacy.token = token;
		expect(await post(token)).toBe(200);
		await harness.settle();
		expect(await harness.hook('checkExists')).toBe(false);
		await harness.activate();
		const renewed = tokenOf();
		expect(renewed).not.toBe(token);
		expect(registration()).not.toHaveProperty('token');
		expect(await post(token)).toBe(401);
		expect(webhookUrls().map(tokenIn)).toEqual([renewed]);
	});

	it('the token appears in no rule name, no action name and no answer', async () => {
		await harness.activate();
		const token = tokenOf();
		const rules = sim.env('base.automation').searchRead([['active', 'in', [true, false]]], ['name']);
		const actions = sim.env('ir.actions.server').searchRead([], ['name']);
		const names = [...rules, ...actions].map((record) => String(record.name));
		expect(names.some((name) => name.startsWith('n8n: sale.order.confirmed'))).toBe(true);
		expect(names.join('\n')).not.toContain(token);
		await post(`${token.slice(0, -1)}x`);
		for (const answer of harness.answers) expect(answer.body).not.toContain(token);
	});
});
