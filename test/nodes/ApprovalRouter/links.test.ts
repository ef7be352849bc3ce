import { randomBytes } from 'node:crypto';

import { deriveExecutionKey, seal, signLink, verifyLink, verifySeal } from '../../../nodes/ApprovalRouter/links';

const master = randomBytes(32);
const key = deriveExecutionKey(master, 'exec-17');
const claims = { executionId: 'exec-17', decisionId: 'd-1', approver: 'ann@acme.test', expiresAt: 2_000_000 };

function tamper(token: string, part: 0 | 1): string {
	const pieces = token.split('.');
	const bytes = Buffer.from(pieces[part], 'base64url');
	bytes[0] ^= 1;
	pieces[part] = bytes.toString('base64url');
	return pieces.join('.');
}

describe('approval links', () => {
	it('carries execution, decision, approver and expiry, verified with the same key', () => {
		const token = signLink(key, claims);
		expect(verifyLink(key, token, 1_000_000)).toEqual({ valid: true, claims });
	});

	it('gives each approver a different token', () => {
		expect(signLink(key, claims)).not.toBe(signLink(key, { ...claims, approver: 'bob@acme.test' }));
	});

	it('refuses a changed payload or signature', () => {
		const token = signLink(key, claims);
		expect(verifyLink(key, tamper(token, 0), 1_000_000)).toEqual({ valid: false, reason: 'bad_signature' });
		expect(verifyLink(key, tamper(token, 1), 1_000_000)).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('refuses a token that claims another approver with the original signature', () => {
		const [, signature] = signLink(key, claims).split('.');
		const forged = Buffer.from(JSON.stringify({ e: 'exec-17', d: 'd-1', a: 'mallory@acme.test', x: 2_000_000 })).toString('base64url');
		expect(verifyLink(key, `${forged}.${signature}`, 1_000_000)).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it("refuses another execution's token: each execution has its own key", () => {
		const other = deriveExecutionKey(master, 'exec-18');
		expect(other.equals(key)).toBe(false);
		expect(verifyLink(other, signLink(key, claims), 1_000_000)).toEqual({ valid: false, reason: 'bad_signature' });
	});

	it('expires exactly at expiresAt', () => {
		const token = signLink(key, claims);
		expect(verifyLink(key, token, claims.expiresAt - 1).valid).toBe(true);
		expect(verifyLink(key, token, claims.expiresAt)).toEqual({ valid: false, reason: 'expired' });
	});

	it.each(['', 'abc', 'a.b.c', '.sig', 'payload.'])('refuses the malformed token %j', (token) => {
		expect(verifyLink(key, token, 0)).toEqual({ valid: false, reason: 'malformed' });
	});

	it('shows nothing of the key in a token', () => {
		const token = signLink(key, claims);
		expect(token).not.toContain(key.toString('base64url'));
		expect(token).not.toContain(master.toString('base64url'));
		expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
			e: 'exec-17',
			d: 'd-1',
			a: 'ann@acme.test',
			x: 2_000_000,
		});
	});
});

describe('record seal', () => {
	const record = { decisionId: 'd-1', required: { minApprovals: 2, approvers: ['ann', 'bob'] } };

	it('verifies the same content whatever the key order', () => {
		const mac = seal(key, record);
		expect(verifySeal(key, { required: { approvers: ['ann', 'bob'], minApprovals: 2 }, decisionId: 'd-1' }, mac)).toBe(true);
	});

	it('fails on any change and with another key', () => {
		const mac = seal(key, record);
		expect(verifySeal(key, { ...record, required: { ...record.required, minApprovals: 1 } }, mac)).toBe(false);
		expect(verifySeal(deriveExecutionKey(master, 'exec-18'), record, mac)).toBe(false);
		expect(verifySeal(key, record, 'not-a-seal')).toBe(false);
	});

	it('is not a link signature for the same data', () => {
		const token = signLink(key, claims);
		const [payload] = token.split('.');
		expect(verifySeal(key, payload, token.split('.')[1])).toBe(false);
	});
});
