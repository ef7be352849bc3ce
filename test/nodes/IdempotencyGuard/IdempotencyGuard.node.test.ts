import { NodeHelpers, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';
import { IdempotencyGuard } from '../../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { redisCredential, redisForSuite, startRedis } from '../../helpers/redis';
import { GUARD, jsonOf, OUTPUT, runGuard, statesOf, tempFolder, type GuardRun } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redis = redisForSuite();
let workflowCounter = 0;

/** Each test gets its own workflow id (its own scope) and Local store folder. */
function fixture() {
	const workflowId = `wf-${workflowCounter++}`;
	const folder = tempFolder();
	return {
		workflowId,
		run: (items: IDataObject[], parameters: IDataObject = {}, extra: Partial<GuardRun> = {}) => {
			const options = { storeFolder: folder, ...(parameters.options as IDataObject | undefined) };
			return runGuard({ items, parameters: { ...parameters, options }, workflowId, ...extra });
		},
	};
}

describe('Idempotency Guard node', () => {
	it('declares itself for n8n: name, outputs per operation, credential for the Redis store, usable as a tool', () => {
		const { description } = new IdempotencyGuard();
		expect(description).toMatchObject({ name: 'idempotencyGuard', displayName: 'Idempotency Guard', usableAsTool: true });
		expect(description.credentials).toEqual([expect.objectContaining({ name: 'odooLogisticsRedis', displayOptions: { show: { store: ['redis'] } } })]);
	});

	it('has the outputs New, Duplicate and Conflict for Check & Claim, and one output for Complete and Release', async () => {
		const { run } = fixture();
		const { description } = new IdempotencyGuard();
		const outputsOf = async (operation: string) => {
			const { workflow } = await run([{ eventId: 'x' }], { operation });
			return NodeHelpers.getNodeOutputs(workflow, workflow.getNode(GUARD)!, description);
		};
		expect(await outputsOf('checkAndClaim')).toEqual(['New', 'Duplicate', 'Conflict'].map((displayName) => ({ type: 'main', displayName })));
		expect(await outputsOf('complete')).toEqual([{ type: 'main' }]);
		expect(await outputsOf('release')).toEqual([{ type: 'main' }]);
	});

	it('tests the Redis credential with a PING, never showing the password', async () => {
		const connectionTest = new IdempotencyGuard().methods.credentialTest.odooLogisticsRedisConnectionTest;
		const credential = (data: IDataObject) => ({ id: 'c1', name: 'Redis', type: 'odooLogisticsRedis', data: data as ICredentialDataDecryptedObject });
		expect(await connectionTest.call({} as never, credential(redisCredential(redis.port)))).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		const stopped = await startRedis();
		await stopped.stop();
		const failed = await connectionTest.call({} as never, credential(redisCredential(stopped.port, 'pw-never-shown')));
		expect(failed.status).toBe('Error');
		expect(failed.message).toMatch(/is unavailable: .*ECONNREFUSED.*\. The connection test failed\.$/);
		expect(failed.message).not.toContain('pw-never-shown');
	});

	it('sends the first item of a key to New and repeats to Duplicate, keeping item order, json and pairedItem', async () => {
		const { run } = fixture();
		const items = [{ eventId: 'e1', n: 0 }, { eventId: 'e2', n: 1 }, { eventId: 'e1', n: 2 }];
		const result = await run(items);
		expect(result.status).toBe('success');
		const fresh = result.output(GUARD, OUTPUT.new);
		expect(jsonOf(fresh).map(({ n, eventId }) => ({ n, eventId }))).toEqual([items[0], items[1]]);
		expect(fresh.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(statesOf(fresh)[0]).toEqual({
			key: 'e1',
			scope: expect.stringMatching(/^workflow:wf-/),
			outcome: 'new',
			status: 'in_progress',
			leaseExpiresAt: expect.any(String),
			expiresAt: expect.any(String),
		});
		const duplicate = result.output(GUARD, OUTPUT.duplicate);
		expect(duplicate.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect(statesOf(duplicate)).toEqual([expect.objectContaining({ key: 'e1', outcome: 'duplicate', status: 'in_progress' })]);

		const again = await run(items);
		expect(again.output(GUARD, OUTPUT.new)).toEqual([]);
		expect(again.output(GUARD, OUTPUT.duplicate)).toHaveLength(3);
	});

	it('Complete stores the result reference, and later duplicates carry it', async () => {
		const { run } = fixture();
		await run([{ eventId: 'e1' }, { eventId: 'e2' }]);
		const done = await run([{ eventId: 'e1', pickingId: 41 }], {
			operation: 'complete',
			resultReference: '={{ { picking: $json.pickingId } }}',
		});
		expect(done.status).toBe('success');
		expect(statesOf(done.output(GUARD))).toEqual([
			expect.objectContaining({ key: 'e1', status: 'completed', previousStatus: 'in_progress', result: { picking: 41 } }),
		]);
		const repeat = await run([{ eventId: 'e1' }, { eventId: 'e2' }]);
		expect(statesOf(repeat.output(GUARD, OUTPUT.duplicate))).toEqual([
			expect.objectContaining({ key: 'e1', status: 'completed', result: { picking: 41 } }),
			expect.objectContaining({ key: 'e2', status: 'in_progress' }),
		]);
	});

	it('Complete rejects a result reference over 4,096 characters for that item only', async () => {
		const { run } = fixture();
		await run([{ eventId: 'small' }, { eventId: 'big' }]);
		const result = await run(
			[{ eventId: 'small', ref: 'PICK/1' }, { eventId: 'big', ref: 'x'.repeat(5000) }],
			{ operation: 'complete', resultReference: '={{ $json.ref }}' },
			{ continueOnFail: true },
		);
		const [small, big] = result.output(GUARD);
		expect(small.json._idempotency).toMatchObject({ key: 'small', status: 'completed', result: 'PICK/1' });
		expect(big.pairedItem).toEqual({ item: 1 });
		expect(big.json.error).toMatch(/result reference is 5002 characters of JSON, more than the 4096 allowed/);
	});

	it('Complete of a key that was never claimed is an error for that item', async () => {
		const { run } = fixture();
		const result = await run([{ eventId: 'never' }], { operation: 'complete' });
		expect(result.status).toBe('error');
		expect(result.error(GUARD)?.message).toMatch(/No claim found for key "never".*same key and namespace/);
	});

	it('Release lets a retry through; completed keys stay unless forced', async () => {
		const { run } = fixture();
		await run([{ eventId: 'failed' }, { eventId: 'done' }]);
		await run([{ eventId: 'done' }], { operation: 'complete' });
		const released = await run([{ eventId: 'failed' }, { eventId: 'done' }], { operation: 'release' });
		expect(statesOf(released.output(GUARD))).toEqual([
			expect.objectContaining({ key: 'failed', released: true, previousStatus: 'in_progress' }),
			expect.objectContaining({ key: 'done', released: false, previousStatus: 'completed' }),
		]);
		const retry = await run([{ eventId: 'failed' }, { eventId: 'done' }]);
		expect(jsonOf(retry.output(GUARD, OUTPUT.new)).map((json) => json.eventId)).toEqual(['failed']);
		await run([{ eventId: 'done' }], { operation: 'release', options: { forgetCompleted: true } });
		const rerun = await run([{ eventId: 'done' }]);
		expect(rerun.output(GUARD, OUTPUT.new)).toHaveLength(1);
	});

	it('lets a retry through once the lease has expired', async () => {
		const { run } = fixture();
		const options = { leaseSeconds: 1, ttlSeconds: 60 };
		await run([{ eventId: 'slow' }], { options });
		expect((await run([{ eventId: 'slow' }], { options })).output(GUARD, OUTPUT.duplicate)).toHaveLength(1);
		await sleep(1100);
		expect((await run([{ eventId: 'slow' }], { options })).output(GUARD, OUTPUT.new)).toHaveLength(1);
	});

	it('sends the same key with a changed fingerprint to Conflict', async () => {
		const { run } = fixture();
		const options = { fingerprintFields: 'payload.qty, payload.location' };
		await run([{ eventId: 'm1', payload: { qty: 5, location: 'WH/Stock' } }], { options });
		const result = await run(
			[
				{ eventId: 'm1', payload: { location: 'WH/Stock', qty: 5 } },
				{ eventId: 'm1', payload: { qty: 6, location: 'WH/Stock' } },
			],
			{ options },
		);
		expect(result.output(GUARD, OUTPUT.duplicate).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		const conflict = result.output(GUARD, OUTPUT.conflict);
		expect(conflict.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		const [state] = statesOf(conflict);
		expect(state).toMatchObject({ outcome: 'conflict', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
		expect(state.fingerprint).not.toBe(state.storedFingerprint);
	});

	it('reads keys from an expression or from a hash of fields', async () => {
		const { run } = fixture();
		const byExpression = await run([{ a: 'x', b: 1 }, { a: 'x', b: 1 }, { a: 'x', b: 2 }], {
			keySource: 'expression',
			keyExpression: '={{ $json.a + "-" + $json.b }}',
		});
		expect(statesOf(byExpression.output(GUARD, OUTPUT.new)).map((state) => state.key)).toEqual(['x-1', 'x-2']);
		const byHash = await run([{ carrier: 'DHL', tracking: 'T1' }, { tracking: 'T1', carrier: 'DHL' }, { carrier: 'UPS', tracking: 'T1' }], {
			keySource: 'fields',
			keyFields: 'carrier, tracking',
		});
		expect(byHash.output(GUARD, OUTPUT.new).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(statesOf(byHash.output(GUARD, OUTPUT.new))[0].key).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('scopes keys per workflow, and shares them across workflows through a namespace', async () => {
		const folder = tempFolder();
		const item = [{ eventId: 'shared' }];
		const inWorkflow = (workflowId: string, namespace = '') =>
			runGuard({ items: item, parameters: { options: { storeFolder: folder, namespace } }, workflowId });
		expect((await inWorkflow('wf-a')).output(GUARD, OUTPUT.new)).toHaveLength(1);
		expect((await inWorkflow('wf-b')).output(GUARD, OUTPUT.new)).toHaveLength(1);
		expect((await inWorkflow('wf-a', 'odoo-pickings')).output(GUARD, OUTPUT.new)).toHaveLength(1);
		const other = await inWorkflow('wf-b', 'odoo-pickings');
		expect(statesOf(other.output(GUARD, OUTPUT.duplicate))).toEqual([
			expect.objectContaining({ key: 'shared', scope: 'namespace:odoo-pickings' }),
		]);
	});

	describe('bad keys', () => {
		const bad = [{ eventId: '' }, {}, { eventId: 'k'.repeat(1025) }, { eventId: { id: 1 } }, { eventId: '   ' }];

		it('fail the execution naming the item and field, and claim none of the batch', async () => {
			const { run } = fixture();
			for (const [index, item] of bad.entries()) {
				const result = await run([{ eventId: 'good' }, item]);
				expect(result.status).toBe('error');
				const error = result.error(GUARD) as Error & { context?: IDataObject; description?: string };
				expect(error.message).toMatch(/idempotency key|must be a string/);
				expect(error.message).toContain('field "eventId"');
				expect(error.context?.itemIndex).toBe(1);
				if (index === 2) expect(error.message).toContain('1025 characters');
			}
			expect((await run([{ eventId: 'good' }])).output(GUARD, OUTPUT.new)).toHaveLength(1);
		});

		it('with continue on fail, go to Conflict with the error, never to New', async () => {
			const { run } = fixture();
			const result = await run([{ eventId: 'good' }, ...bad], {}, { continueOnFail: true });
			expect(result.status).toBe('success');
			expect(result.output(GUARD, OUTPUT.new).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
			const failed = result.output(GUARD, OUTPUT.conflict);
			expect(failed.map((item) => item.pairedItem)).toEqual(bad.map((_item, index) => ({ item: index + 1 })));
			expect(failed.every((item) => item.error !== undefined && typeof item.json.error === 'string')).toBe(true);
		});
	});

	it('rejects a lease longer than the TTL, naming the option', async () => {
		const { run } = fixture();
		const result = await run([{ eventId: 'a' }], { options: { leaseSeconds: 100, ttlSeconds: 10 } });
		expect(result.error(GUARD)?.message).toBe('Invalid option: Lease (Seconds) must not exceed Key TTL (Seconds)');
	});

	it('refuses the Local store in queue mode', async () => {
		const { run } = fixture();
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const result = await run([{ eventId: 'a' }], {}, { continueOnFail: true });
			expect(result.output(GUARD, OUTPUT.new)).toEqual([]);
			expect(result.output(GUARD, OUTPUT.conflict)[0].json.error).toMatch(/queue mode.*Use the Redis store/);
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
	});

	describe.each([
		['Local', false],
		['Redis', true],
	])('with the %s store', (_name, useRedis) => {
		const runWith = (run: GuardRun) => runGuard(useRedis ? { ...run, redis: { port: redis.port } } : run);

		it('gives exactly one New between 50 concurrent executions with the same key', async () => {
			const workflowId = `wf-concurrent-${workflowCounter++}`;
			const parameters = { options: { storeFolder: tempFolder() } };
			const runs = await Promise.all(
				Array.from({ length: 50 }, () => runWith({ items: [{ eventId: 'same' }], parameters, workflowId })),
			);
			expect(runs.every((result) => result.status === 'success')).toBe(true);
			expect(runs.flatMap((result) => result.output(GUARD, OUTPUT.new))).toHaveLength(1);
			expect(runs.flatMap((result) => result.output(GUARD, OUTPUT.duplicate))).toHaveLength(49);
		});
	});

	describe('when Redis is down', () => {
		it('fails with a clear error and sends no item anywhere, also with continue on fail', async () => {
			const server = await startRedis();
			const run = (continueOnFail: boolean) =>
				runGuard({
					items: [{ eventId: 'a' }, { eventId: 'b' }],
					parameters: {},
					redis: { port: server.port, password: 'secret-in-credential' },
					workflowId: 'wf-down',
					continueOnFail,
				});
			await server.stop();
			const failed = await run(false);
			expect(failed.status).toBe('error');
			expect(failed.error(GUARD)?.message).toMatch(new RegExp(`Redis at 127\\.0\\.0\\.1:${server.port} \\(database 0\\) is unavailable: .*No key was claimed`));
			expect(JSON.stringify(failed.run)).not.toContain('secret-in-credential');

			const continued = await run(true);
			expect(continued.output(GUARD, OUTPUT.new)).toEqual([]);
			expect(continued.output(GUARD, OUTPUT.duplicate)).toEqual([]);
			expect(continued.output(GUARD, OUTPUT.conflict).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});
	});
});
