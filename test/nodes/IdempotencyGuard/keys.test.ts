import fc from 'fast-check';
import { parseConfig, parseFieldList, policySchema, redisSchema } from '../../../nodes/IdempotencyGuard/config';
import { InvalidOptionError, KeyMissingError, KeyTooLongError, KeyTypeError } from '../../../nodes/IdempotencyGuard/errors';
import { resolveKeys } from '../../../nodes/IdempotencyGuard/guard';
import { canonicalJson, fingerprintOf, hashKey, normaliseKey, parsePath, readPath } from '../../../nodes/IdempotencyGuard/keys';

describe('keys', () => {
	it('reads dotted and bracketed field paths', () => {
		const json = { payload: { lines: [{ id: 7 }] } };
		expect(readPath(json, parsePath('payload.lines[0].id'))).toBe(7);
		expect(readPath(json, parsePath('payload.lines.0.id'))).toBe(7);
		expect(readPath(json, parsePath('payload.missing.id'))).toBeUndefined();
	});

	it('accepts strings and finite numbers up to 1,024 characters, and rejects everything else by name', () => {
		expect(normaliseKey('evt-1', 'f')).toBe('evt-1');
		expect(normaliseKey(42, 'f')).toBe('42');
		expect(normaliseKey('k'.repeat(1024), 'f')).toHaveLength(1024);
		for (const missing of [undefined, null, '', '  \t']) expect(() => normaliseKey(missing, 'f')).toThrow(KeyMissingError);
		expect(() => normaliseKey('k'.repeat(1025), 'f')).toThrow(KeyTooLongError);
		for (const wrong of [true, { id: 1 }, [1], Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => normaliseKey(wrong, 'f')).toThrow(KeyTypeError);
		}
	});

	it('hashes the same values to the same key whatever their object key order', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
				const reversed = Object.fromEntries(Object.entries(value).reverse());
				expect(canonicalJson(reversed)).toBe(canonicalJson(value));
				expect(fingerprintOf({ value: reversed }, [['value']])).toBe(fingerprintOf({ value }, [['value']]));
			}),
		);
	});

	it('makes a hash key only when every field is present', () => {
		const fields = [
			{ name: 'carrier', path: ['carrier'] },
			{ name: 'tracking', path: ['tracking'] },
		];
		expect(hashKey({ carrier: 'DHL', tracking: 'T1' }, fields)).toBe(hashKey({ tracking: 'T1', carrier: 'DHL' }, fields));
		expect(hashKey({ carrier: 'DHL', tracking: 'T1' }, fields)).not.toBe(hashKey({ carrier: 'DHL', tracking: 'T2' }, fields));
		expect(() => hashKey({ carrier: 'DHL' }, fields)).toThrow('field "tracking"');
	});

	it('gives a 16-hex-digit fingerprint that changes with any chosen field', () => {
		const paths = [['qty'], ['location']];
		const base = fingerprintOf({ qty: 5, location: 'WH' }, paths);
		expect(base).toMatch(/^[0-9a-f]{16}$/);
		expect(fingerprintOf({ qty: 6, location: 'WH' }, paths)).not.toBe(base);
		expect(fingerprintOf({ qty: 5, location: 'WH', other: 1 }, paths)).toBe(base);
	});

	it('turns each bad key into that item\'s error, never into a key', () => {
		const keys = resolveKeys([{ id: 'a' }, { id: '' }, { id: 3 }], { mode: 'field', path: 'id' });
		expect(keys[0]).toBe('a');
		expect(keys[1]).toBeInstanceOf(KeyMissingError);
		expect(keys[2]).toBe('3');
	});
});

describe('config', () => {
	it('names the option and the rule, as the node shows them', () => {
		expect(() => parseConfig(policySchema, { ttlSeconds: 0, leaseSeconds: 1 })).toThrow('Invalid option: Key TTL (Seconds) must be at least 1');
		expect(() => parseConfig(policySchema, { ttlSeconds: 60, leaseSeconds: 61 })).toThrow(
			'Invalid option: Lease (Seconds) must not exceed Key TTL (Seconds)',
		);
		expect(() => parseConfig(policySchema, { ttlSeconds: 60, leaseSeconds: 6, namespace: 'a b' })).toThrow(/^Invalid option: Namespace may hold only/);
		expect(() => parseFieldList(' , ', 'Key Fields')).toThrow(InvalidOptionError);
		expect(parseFieldList('a, b.c ,', 'Key Fields')).toEqual(['a', 'b.c']);
	});

	it('never echoes a credential value in its message', () => {
		const password = 'hunter2-secret';
		const attempt = () => parseConfig(redisSchema, { host: '', port: 6379, password, database: -1 });
		expect(attempt).toThrow(/Host is required.*Database Number must be 0 or more/);
		expect(attempt).not.toThrow(password);
	});
});
