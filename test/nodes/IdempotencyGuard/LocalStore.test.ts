import { spawn } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { StoreLockedError, StoreUnavailableError } from '../../../nodes/IdempotencyGuard/errors';
import { LocalStore } from '../../../nodes/IdempotencyGuard/stores/LocalStore';
import { LOCAL_STORE_FILE } from '../../../nodes/IdempotencyGuard/stores/open';
import { runInProcess, tempFolder } from './helpers';

const LONG = { leaseMs: 60_000, ttlMs: 600_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function journalLines(file: string): string[] {
	return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
}

describe('LocalStore', () => {
	it('keeps claims and results across a restart of the process', async () => {
		const userFolder = tempFolder();
		const env = { N8N_USER_FOLDER: userFolder };
		const items = [{ eventId: 'a' }, { eventId: 'b' }, { eventId: 'c' }];
		const [[[firstNew]], [[completed]]] = await runInProcess(
			[
				{ items, parameters: {}, workflowId: 'wf-restart' },
				{
					items: [{ eventId: 'a', id: 7 }],
					parameters: { operation: 'complete', resultReference: '={{ { id: $json.id } }}' },
					workflowId: 'wf-restart',
				},
			],
			env,
		);
		expect(firstNew.map((json) => json.eventId)).toEqual(['a', 'b', 'c']);
		expect(completed).toHaveLength(1);
		// The default folder is n8n's own: $N8N_USER_FOLDER/.n8n.
		expect(existsSync(join(userFolder, '.n8n', LOCAL_STORE_FILE))).toBe(true);

		const [[[fresh, duplicates]]] = await runInProcess(
			[{ items: [...items, { eventId: 'd' }], parameters: {}, workflowId: 'wf-restart' }],
			env,
		);
		expect(fresh.map((json) => json.eventId)).toEqual(['d']);
		expect(duplicates.map((json) => json._idempotency)).toEqual([
			expect.objectContaining({ key: 'a', outcome: 'duplicate', status: 'completed', result: { id: 7 } }),
			expect.objectContaining({ key: 'b', outcome: 'duplicate', status: 'in_progress' }),
			expect.objectContaining({ key: 'c', outcome: 'duplicate', status: 'in_progress' }),
		]);
	}, 60_000);

	it('evicts the least recently used key when full, and never fails', async () => {
		const store = await LocalStore.open(join(tempFolder(), 'journal'), { maxKeys: 3 });
		await store.claim([{ key: 'a' }, { key: 'b' }, { key: 'c' }], LONG);
		await store.claim([{ key: 'a' }], LONG);
		const [d] = await store.claim([{ key: 'd' }], LONG);
		expect(d.outcome).toBe('new');
		expect((await store.get(['a', 'b', 'c', 'd'])).map((record) => record?.key)).toEqual(['a', undefined, 'c', 'd']);
		expect(store.evicted).toBe(1);
		expect(store.size).toBe(3);
	});

	it('shrinks to a lower Max Keys at the next open, oldest keys first', async () => {
		const file = join(tempFolder(), 'journal');
		const store = await LocalStore.open(file, { maxKeys: 10 });
		await store.claim(['a', 'b', 'c', 'd'].map((key) => ({ key })), LONG);
		const same = await LocalStore.open(file, { maxKeys: 2 });
		expect(same).toBe(store);
		expect((await store.get(['a', 'b', 'c', 'd'])).map((record) => record?.key)).toEqual([undefined, undefined, 'c', 'd']);
	});

	it('reloads state from the journal, dropping expired keys', async () => {
		const file = join(tempFolder(), 'journal');
		const store = await LocalStore.open(file, { maxKeys: 100 });
		await store.claim([{ key: 'short' }], { leaseMs: 30, ttlMs: 50 });
		await store.claim([{ key: 'kept', fingerprint: '00000000ffffffff' }, { key: 'gone' }], LONG);
		await store.complete([{ key: 'kept', result: '"PICK/0001"' }], 600_000);
		await store.release(['gone'], { force: false });
		await store.close();
		await sleep(80);
		const reopened = await LocalStore.open(file, { maxKeys: 100 });
		expect(reopened).not.toBe(store);
		const [short, kept, gone] = await reopened.get(['short', 'kept', 'gone']);
		expect(short).toBeUndefined();
		expect(gone).toBeUndefined();
		expect(kept).toMatchObject({ status: 'completed', fingerprint: '00000000ffffffff', result: '"PICK/0001"' });
		await reopened.close();
	});

	it('compacts the journal once it outgrows the live keys, without losing state', async () => {
		const file = join(tempFolder(), 'journal');
		const store = await LocalStore.open(file, { maxKeys: 100 });
		for (let round = 0; round < 30; round++) {
			const keys = Array.from({ length: 500 }, (_unused, index) => `k${index}`);
			await store.claim(keys.map((key) => ({ key })), LONG);
			if (round < 29) await store.release(keys, { force: false });
		}
		// 30 rounds × 1,000 changes were written; compaction keeps the journal near the 100 live keys.
		expect(journalLines(file).length).toBeLessThan(15_000);
		await store.close();
		const reopened = await LocalStore.open(file, { maxKeys: 100 });
		expect(reopened.size).toBe(100);
		expect((await reopened.get(['k499', 'k0']))[0]).toMatchObject({ status: 'in_progress' });
		expect((await reopened.get(['k0']))[0]).toBeUndefined();
		await reopened.close();
	});

	it('skips a line torn by a crash and rewrites the journal', async () => {
		const file = join(tempFolder(), 'journal');
		const expiry = Date.now() + 600_000;
		writeFileSync(file, `${JSON.stringify(['ok', 2, 0, expiry, '', '1'])}\n["torn", 1, 17`);
		const store = await LocalStore.open(file, { maxKeys: 100 });
		expect((await store.get(['ok', 'torn'])).map((record) => record?.status)).toEqual(['completed', undefined]);
		await store.claim([{ key: 'after' }], LONG);
		await store.close();
		expect(journalLines(file).every((line) => Array.isArray(JSON.parse(line)))).toBe(true);
		const reopened = await LocalStore.open(file, { maxKeys: 100 });
		expect((await reopened.get(['ok', 'after'])).map((record) => record?.status)).toEqual(['completed', 'in_progress']);
		await reopened.close();
	});

	it('refuses a journal held by another live process, and takes over a stale lock', async () => {
		const file = join(tempFolder(), 'journal');
		const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
		try {
			writeFileSync(`${file}.lock`, String(holder.pid));
			await expect(LocalStore.open(file, { maxKeys: 10 })).rejects.toThrow(StoreLockedError);
			await expect(LocalStore.open(file, { maxKeys: 10 })).rejects.toThrow(`in use by another process (pid ${holder.pid})`);
		} finally {
			holder.kill();
			await new Promise((resolve) => holder.once('exit', resolve));
		}
		const store = await LocalStore.open(file, { maxKeys: 10 });
		expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
		await store.close();
		expect(existsSync(`${file}.lock`)).toBe(false);
	});

	it('reports a folder it cannot write as unavailable', async () => {
		const notAFolder = join(tempFolder(), 'file');
		writeFileSync(notAFolder, '');
		await expect(LocalStore.open(join(notAFolder, 'journal'), { maxKeys: 10 })).rejects.toThrow(StoreUnavailableError);
		await expect(LocalStore.open(join(notAFolder, 'journal'), { maxKeys: 10 })).rejects.toThrow(/cannot be written \((ENOTDIR|EEXIST)\)/);
	});
});
