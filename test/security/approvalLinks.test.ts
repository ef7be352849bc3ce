/**
 * Approval links are signed and expire: checked through the public functions (signLink, verifyLink,
 * deriveExecutionKey) and through the vote handler that answers the links.
 */
import { randomBytes } from 'node:crypto';

import fc from 'fast-check';

import { deriveExecutionKey, signLink, verifyLink, type LinkClaims } from '../../nodes/ApprovalRouter/links';
import { handleVoteRequest, type VotingContext } from '../../nodes/ApprovalRouter/voting';

const MASTER = randomBytes(32);
const NOW = Date.parse('2026-11-26T12:00:00Z');

const claims = fc.record({
	executionId: fc.string({ minLength: 1, maxLength: 12 }),
	decisionId: fc.string({ minLength: 1, maxLength: 12 }),
	approver: fc.oneof(fc.emailAddress(), fc.string({ minLength: 1, maxLength: 20 })),
	expiresAt: fc.integer({ min: NOW - 10 * 86_400_000, max: NOW + 10 * 86_400_000 }),
});

const split = (token: string) => {
	const [payload, signature] = token.split('.');
	return { payload, signature };
};

describe('approval links', () => {
	it('verify with the key of their execution until they expire, and say expired from then on', () => {
		fc.assert(
			fc.property(claims, fc.integer({ min: -86_400_000, max: 86_400_000 }), (link: LinkClaims, offset) => {
				const key = deriveExecutionKey(MASTER, link.executionId);
				const token = signLink(key, link);
				const now = link.expiresAt + offset;
				const check = verifyLink(key, token, now);
				if (now < link.expiresAt) expect(check).toEqual({ valid: true, claims: link });
				else expect(check).toEqual({ valid: false, reason: 'expired' });
			}),
			{ numRuns: 300 },
		);
	});

	it('refuse any change to the signature bytes', () => {
		fc.assert(
			fc.property(claims, fc.nat(), fc.integer({ min: 1, max: 255 }), (link: LinkClaims, position, flip) => {
				const key = deriveExecutionKey(MASTER, link.executionId);
				const { payload, signature } = split(signLink(key, link));
				const bytes = Buffer.from(signature, 'base64url');
				bytes[position % bytes.length] ^= flip;
				expect(verifyLink(key, `${payload}.${bytes.toString('base64url')}`, NOW - 20 * 86_400_000)).toEqual({ valid: false, reason: 'bad_signature' });
			}),
			{ numRuns: 300 },
		);
	});

	it('refuse claims changed after signing (another approver, decision, execution or a later expiry)', () => {
		fc.assert(
			fc.property(claims, claims, fc.constantFrom('e', 'd', 'a', 'x'), (link: LinkClaims, other: LinkClaims, field) => {
				const key = deriveExecutionKey(MASTER, link.executionId);
				const { signature } = split(signLink(key, link));
				const raw: Record<string, unknown> = { e: link.executionId, d: link.decisionId, a: link.approver, x: link.expiresAt };
				const replacement = { e: other.executionId, d: other.decisionId, a: other.approver, x: other.expiresAt + 86_400_000 }[field];
				fc.pre(raw[field] !== replacement);
				raw[field] = replacement;
				const forged = `${Buffer.from(JSON.stringify(raw)).toString('base64url')}.${signature}`;
				expect(verifyLink(key, forged, NOW - 20 * 86_400_000)).toEqual({ valid: false, reason: 'bad_signature' });
			}),
			{ numRuns: 300 },
		);
	});

	it('refuse a link signed for another execution or with another master key, expired or not', () => {
		fc.assert(
			fc.property(claims, fc.string({ minLength: 1 }), (link: LinkClaims, otherExecution) => {
				fc.pre(otherExecution !== link.executionId);
				const token = signLink(deriveExecutionKey(MASTER, link.executionId), link);
				const late = link.expiresAt + 1;
				for (const key of [deriveExecutionKey(MASTER, otherExecution), deriveExecutionKey(randomBytes(32), link.executionId)]) {
					// A forged link is refused as forged even once expired: expiry is only reported for genuine links.
					expect(verifyLink(key, token, NOW - 20 * 86_400_000)).toEqual({ valid: false, reason: 'bad_signature' });
					expect(verifyLink(key, token, late)).toEqual({ valid: false, reason: 'bad_signature' });
				}
			}),
			{ numRuns: 200 },
		);
	});

	it('refuse any string that is not a link, without throwing', () => {
		const key = deriveExecutionKey(MASTER, 'execution-1');
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.tuple(fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 60 })).map(([a, b]) => `${a}.${b}`), fc.constantFrom('', '.', '..', 'a.b.c', 'e30.', '.e30')), (token) => {
				const check = verifyLink(key, token, NOW);
				expect(check.valid).toBe(false);
				expect(['malformed', 'bad_signature']).toContain((check as { reason: string }).reason);
			}),
			{ numRuns: 300 },
		);
	});

	it('answer forged links with 403 and expired ones with 410 on the vote page, before reading any ballot', async () => {
		const executionId = 'execution-7';
		const key = deriveExecutionKey(MASTER, executionId);
		// A store that holds no ballot and records every access.
		const store = { get: jest.fn(async () => undefined), create: jest.fn(async () => false), replace: jest.fn(async () => false) };
		const context: VotingContext = { store, key, retentionMs: 60_000 };
		const link: LinkClaims = { executionId, decisionId: 'd-1', approver: 'ana@acme.test', expiresAt: NOW + 60_000 };
		const token = signLink(key, link);
		const { payload, signature } = split(token);
		const tampered = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
		const vote = (candidate: unknown, now = NOW, method = 'POST') =>
			handleVoteRequest({ method, token: candidate, choice: 'approve', executionId, now }, context);

		for (const forged of [tampered, signLink(deriveExecutionKey(MASTER, 'execution-8'), link), `${payload}.`, 'x', 42, undefined]) {
			expect((await vote(forged)).status).toBe(403);
			expect((await vote(forged, NOW, 'GET')).status).toBe(403);
		}
		// Signed for another execution with that execution's own key, then replayed here.
		const foreign = signLink(key, { ...link, executionId: 'execution-8' });
		expect((await vote(foreign)).status).toBe(403);
		const expired = await vote(token, link.expiresAt);
		expect(expired.status).toBe(410);
		expect(expired.html).toContain('expired');
		expect(store.get).not.toHaveBeenCalled();
		expect(store.create).not.toHaveBeenCalled();
		expect(store.replace).not.toHaveBeenCalled();
		// The genuine link reaches the ballot lookup (none is open here).
		expect((await vote(token, NOW, 'GET')).status).toBe(404);
		expect(store.get).toHaveBeenCalledTimes(1);
	});

	// Node's base64url decoder skips padding and characters outside the alphabet: verifyLink must not.
	it('accept only the exact token that was issued, not another spelling of its signature', () => {
		const key = deriveExecutionKey(MASTER, 'execution-1');
		const token = signLink(key, { executionId: 'execution-1', decisionId: 'd', approver: 'ana@acme.test', expiresAt: NOW + 60_000 });
		const { payload, signature } = split(token);
		for (const respelt of [`${signature}=`, `${signature.slice(0, 10)}!${signature.slice(10)}`, `${signature.slice(0, 20)} ${signature.slice(20)}`]) {
			expect(verifyLink(key, `${payload}.${respelt}`, NOW).valid).toBe(false);
		}
	});
});
