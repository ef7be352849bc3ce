import fc from 'fast-check';
import { join } from 'path';
import type { IdempotencyStore } from '../../../nodes/IdempotencyGuard/stores/IdempotencyStore';
import { LocalStore } from '../../../nodes/IdempotencyGuard/stores/LocalStore';
import { redisConnection } from '../../../nodes/IdempotencyGuard/stores/redisConnection';
import { RedisStore } from '../../../nodes/IdempotencyGuard/stores/RedisStore';
import { redisCredential, redisForSuite } from '../../helpers/redis';
import { tempFolder } from './helpers';

const FINGERPRINT_A = '0123456789abcdef';
const FINGERPRINT_B = 'fedcba9876543210';
const LONG = { leaseMs: 60_000, ttlMs: 600_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redis = redisForSuite();
let namespaceCounter = 0;

const stores: Array<[string, () => Promise<IdempotencyStore>]> = [
	['LocalStore', () => LocalStore.open(join(tempFolder(), 'journal'), { maxKeys: 10_000 })],
	[
		'RedisStore',
		async () => {
			const config = redisCredential(redis.port);
			return new RedisStore(await redisConnection(config), config);
		},
	],
];

describe.each(stores)('%s', (_name, open) => {
	let store: IdempotencyStore;
	/** A fresh key prefix per test, since the Redis server is shared by the tests of this file. */
	let k: (name: string) => string;

	beforeEach(async () => {
		store = await open();
		const prefix = `t${namespaceCounter++}:`;
		k = (name) => prefix + name;
	});

	it('claims a key once: the first request is new, repeats in the batch and later are duplicates', async () => {
		const first = await store.claim([{ key: k('a') }, { key: k('b') }, { key: k('a') }], LONG);
		expect(first.map((result) => result.outcome)).toEqual(['new', 'new', 'duplicate']);
		expect(first[2].record).toMatchObject({ key: k('a'), status: 'in_progress' });
		const again = await store.claim([{ key: k('b') }], LONG);
		expect(again[0].outcome).toBe('duplicate');
	});

	it('routes the same key with another fingerprint to conflict, and the same or no fingerprint to duplicate', async () => {
		await store.claim([{ key: k('a'), fingerprint: FINGERPRINT_A }], LONG);
		const results = await store.claim(
			[
				{ key: k('a'), fingerprint: FINGERPRINT_B },
				{ key: k('a'), fingerprint: FINGERPRINT_A },
				{ key: k('a') },
			],
			LONG,
		);
		expect(results.map((result) => result.outcome)).toEqual(['conflict', 'duplicate', 'duplicate']);
		expect(results[0].record.fingerprint).toBe(FINGERPRINT_A);
	});

	it('lets a retry take over once the lease has expired', async () => {
		// A lease long enough that a busy machine can't let it run out before the second claim.
		await store.claim([{ key: k('a') }], { leaseMs: 1000, ttlMs: 60_000 });
		expect((await store.claim([{ key: k('a') }], LONG))[0].outcome).toBe('duplicate');
		await sleep(1100);
		expect((await store.claim([{ key: k('a') }], LONG))[0].outcome).toBe('new');
	});

	it('forgets a key once its TTL has passed', async () => {
		await store.claim([{ key: k('a') }], { leaseMs: 40, ttlMs: 60 });
		await sleep(120);
		expect(await store.get([k('a')])).toEqual([undefined]);
		expect((await store.claim([{ key: k('a') }], LONG))[0].outcome).toBe('new');
	});

	it('completes a claim: later duplicates carry the first result, and a completed key outlives its lease', async () => {
		await store.claim([{ key: k('a'), fingerprint: FINGERPRINT_A }], { leaseMs: 500, ttlMs: 60_000 });
		const done = await store.complete([{ key: k('a'), result: '{"id":42}' }, { key: k('missing') }], 60_000);
		expect(done[0]).toMatchObject({ previous: 'in_progress', record: { status: 'completed', result: '{"id":42}' } });
		expect(done[1]).toEqual({ previous: 'absent' });
		const second = await store.complete([{ key: k('a'), result: '{"id":43}' }], 60_000);
		expect(second[0]).toMatchObject({ previous: 'completed', record: { result: '{"id":42}' } });
		await sleep(600);
		const [duplicate] = await store.claim([{ key: k('a'), fingerprint: FINGERPRINT_A }], LONG);
		expect(duplicate).toMatchObject({
			outcome: 'duplicate',
			record: { status: 'completed', result: '{"id":42}', fingerprint: FINGERPRINT_A },
		});
	});

	it('releases in-progress keys so that a retry is new, and completed keys only when forced', async () => {
		await store.claim([{ key: k('a') }, { key: k('b') }], LONG);
		await store.complete([{ key: k('b') }], 60_000);
		const released = await store.release([k('a'), k('b'), k('none')], { force: false });
		expect(released).toEqual([
			{ previous: 'in_progress', released: true },
			{ previous: 'completed', released: false },
			{ previous: 'absent', released: false },
		]);
		expect((await store.claim([{ key: k('a') }, { key: k('b') }], LONG)).map((result) => result.outcome)).toEqual([
			'new',
			'duplicate',
		]);
		expect(await store.release([k('b')], { force: true })).toEqual([{ previous: 'completed', released: true }]);
		expect((await store.claim([{ key: k('b') }], LONG))[0].outcome).toBe('new');
	});

	it('reads records without changing them', async () => {
		await store.claim([{ key: k('a'), fingerprint: FINGERPRINT_B }], LONG);
		const [record, missing] = await store.get([k('a'), k('b')]);
		expect(record).toMatchObject({ key: k('a'), status: 'in_progress', fingerprint: FINGERPRINT_B });
		expect(record!.leaseExpiresAt).toBeGreaterThan(Date.now());
		expect(record!.expiresAt).toBeGreaterThan(record!.leaseExpiresAt);
		expect(missing).toBeUndefined();
	});

	it('gives exactly one new per distinct key, whatever the batch, and only duplicates on a second pass', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 80 }), async (numbers) => {
				const prefix = k(`p${namespaceCounter++}:`);
				const requests = numbers.map((n) => ({ key: `${prefix}${n}` }));
				const first = await store.claim(requests, LONG);
				const newKeys = requests.filter((_request, index) => first[index].outcome === 'new').map((request) => request.key);
				expect(newKeys).toEqual([...new Set(requests.map((request) => request.key))]);
				const second = await store.claim(requests, LONG);
				expect(second.every((result) => result.outcome === 'duplicate')).toBe(true);
			}),
			{ numRuns: 25 },
		);
	});

	it('gives one new between 50 concurrent claims of the same key', async () => {
		const results = await Promise.all(Array.from({ length: 50 }, () => store.claim([{ key: k('hot') }], LONG)));
		expect(results.filter(([result]) => result.outcome === 'new')).toHaveLength(1);
	});
});
