import { readFileSync } from 'fs';
import { join } from 'path';

import { MAX_BODY_BYTES, newToken, parseNotice, tokenMatches, urlWithToken } from '../../../nodes/OdooLogisticsTrigger/webhookRequest';

const FIXTURES = '/work/shared/odoo-fixtures';
const fixture = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

describe('webhook token', () => {
	test('each activation draws a new URL-safe token of 32 characters', () => {
		const tokens = new Set(Array.from({ length: 50 }, newToken));
		expect(tokens.size).toBe(50);
		for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
	});

	test('only the exact token matches', () => {
		const token = newToken();
		expect(tokenMatches(token, token)).toBe(true);
		expect(tokenMatches(token, token.slice(1))).toBe(false);
		expect(tokenMatches(token, `${token}x`)).toBe(false);
		expect(tokenMatches(token, token.toUpperCase())).toBe(token === token.toUpperCase());
		expect(tokenMatches(token, undefined)).toBe(false);
		expect(tokenMatches(token, [token])).toBe(false);
		expect(tokenMatches(token, '')).toBe(false);
		expect(tokenMatches(undefined, token)).toBe(false);
		expect(tokenMatches('', '')).toBe(false);
	});

	test('the token goes in the query of the node URL', () => {
		expect(urlWithToken('https://n8n.example.com/webhook/abc/odoo', 'T0k-en')).toBe('https://n8n.example.com/webhook/abc/odoo?token=T0k-en');
	});
});

describe("Odoo's webhook payloads", () => {
	test('Odoo 18: the confirmed order of fixture 86', () => {
		const { received } = fixture('18.0/86-webhook-sale-confirmed.json');
		const result = parseNotice(JSON.parse(received.body), received.body.length, 'sale.order');
		expect(result).toEqual({
			ok: true,
			notice: {
				model: 'sale.order',
				recordId: 32,
				record: expect.objectContaining({ id: 32, state: 'sale', partner_id: 11, picking_ids: [] }),
			},
		});
	});

	test('Odoo 19: the confirmed order of fixture 50, and a write_date when the payload has one', () => {
		const { request } = fixture('19.0/50-webhook-sale-order-confirmed.json');
		const body = { ...request.body, write_date: '2026-11-26 19:57:40' };
		const result = parseNotice(body, JSON.stringify(body).length, 'sale.order');
		expect(result).toMatchObject({ ok: true, notice: { recordId: 28, writeDate: '2026-11-26 19:57:40', record: { id: 28, write_date: '2026-11-26 19:57:40' } } });
	});

	test('every POST of fixture 89 (one confirmation, four notifications) is about the model it names', () => {
		const { received } = fixture('18.0/89-webhook-picking-created-by-confirm.json');
		const models = (received as Array<{ body: string }>).map((post) => JSON.parse(post.body)._model as string);
		expect(models).toEqual(['sale.order', 'stock.picking', 'stock.picking', 'stock.picking']);
		for (const post of received as Array<{ body: string }>) {
			const body = JSON.parse(post.body);
			expect(parseNotice(body, post.body.length, body._model).ok).toBe(true);
		}
	});

	test.each([
		[{ _model: 'sale.order' }, '_id: missing'],
		[{ _id: 0, _model: 'sale.order' }, '_id: must be a record id'],
		[{ _id: 1.5, _model: 'sale.order' }, '_id: must be a record id'],
		[{ _id: 1 }, '_model: missing'],
		[{ _id: 1, _model: 'sale.order', write_date: 'yesterday' }, 'write_date: must be an Odoo datetime'],
		[{ _id: 1, _model: 'res.partner' }, 'the notification is about res.partner, and this trigger watches sale.order'],
		['not json', 'the body must be the JSON object Odoo sends (with _id and _model)'],
		[null, 'the body must be the JSON object Odoo sends (with _id and _model)'],
	])('refuses %j: %s', (body, reason) => {
		expect(parseNotice(body, 100, 'sale.order')).toEqual({ ok: false, reason });
	});

	test('refuses a body over the size limit before reading it', () => {
		expect(parseNotice({ _id: 1, _model: 'sale.order' }, MAX_BODY_BYTES + 1, 'sale.order')).toEqual({
			ok: false,
			reason: 'the body is larger than 256 KiB',
		});
	});
});
