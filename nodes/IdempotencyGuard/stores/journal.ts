import { createReadStream, unlinkSync } from 'fs';
import { mkdir, open, readFile, rename, unlink, writeFile, type FileHandle } from 'fs/promises';
import { dirname } from 'path';
import { createInterface } from 'readline';
import { StoreLockedError, StoreUnavailableError } from '../errors';

/** Rewrite the journal once it holds this many lines more than twice the live keys. */
const COMPACTION_SLACK = 10_000;

const heldLocks = new Set<string>();
process.once('exit', () => {
	for (const lock of heldLocks) {
		try {
			unlinkSync(lock);
		} catch {
			// Already gone: nothing to release.
		}
	}
});

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function acquireLock(file: string): Promise<string> {
	const lock = `${file}.lock`;
	try {
		await writeFile(lock, String(process.pid), { flag: 'wx' });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		const holder = Number((await readFile(lock, 'utf8')).trim());
		// A lock left by a process that is gone (or by an earlier run that had our pid, as in a restarted container) is stale.
		if (holder > 0 && holder !== process.pid && isAlive(holder)) throw new StoreLockedError(file, holder);
		await writeFile(lock, String(process.pid));
	}
	heldLocks.add(lock);
	return lock;
}

async function releaseLock(lock: string): Promise<void> {
	heldLocks.delete(lock);
	await unlink(lock).catch(() => undefined);
}

function unavailable(file: string, error: unknown): StoreUnavailableError {
	const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
	return new StoreUnavailableError(`The Local idempotency store ${file} cannot be written (${reason})`, { cause: error });
}

/**
 * An append-only file of JSON lines, one per change, replayed in order on open. Appends from concurrent callers are
 * coalesced into one write followed by fdatasync, and a caller's promise resolves only once its lines are on disk.
 * When the file grows well past the live state it is rewritten from a snapshot (temp file, then rename), in the same
 * queue as the appends so that no line is lost or reordered.
 */
export class Journal {
	private pending: string[] = [];
	private queue: Promise<void> = Promise.resolve();
	private snapshot: (() => string[]) | undefined;

	private constructor(
		readonly file: string,
		private handle: FileHandle,
		private lines: number,
		private readonly lock: string,
	) {}

	/** Opens (creating it if needed) and locks the journal, calling `apply` for every stored line in order. */
	static async open(file: string, apply: (line: string) => boolean): Promise<{ journal: Journal; damaged: number }> {
		let lock: string;
		try {
			await mkdir(dirname(file), { recursive: true });
			lock = await acquireLock(file);
		} catch (error) {
			if (error instanceof StoreLockedError) throw error;
			throw unavailable(file, error);
		}
		let handle: FileHandle | undefined;
		try {
			handle = await open(file, 'a');
			let lines = 0;
			let damaged = 0;
			for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
				if (line === '') continue;
				lines++;
				if (!apply(line)) damaged++;
			}
			return { journal: new Journal(file, handle, lines, lock), damaged };
		} catch (error) {
			await handle?.close();
			await releaseLock(lock);
			throw unavailable(file, error);
		}
	}

	/** True once the file holds far more lines than the live state needs. */
	needsCompaction(liveKeys: number): boolean {
		return this.lines > 2 * liveKeys + COMPACTION_SLACK;
	}

	append(lines: string[]): Promise<void> {
		for (const line of lines) this.pending.push(line);
		return this.enqueue();
	}

	/** Replaces the file with `snapshot()`, taken when the rewrite runs; pending appends are part of that snapshot. */
	compact(snapshot: () => string[]): Promise<void> {
		this.snapshot = snapshot;
		return this.enqueue();
	}

	async close(): Promise<void> {
		await this.queue.catch(() => undefined);
		await this.handle.close();
		await releaseLock(this.lock);
	}

	private enqueue(): Promise<void> {
		const next = this.queue.catch(() => undefined).then(() => this.drain());
		this.queue = next;
		return next;
	}

	private async drain(): Promise<void> {
		try {
			if (this.snapshot) await this.rewrite(this.snapshot);
			else if (this.pending.length > 0) await this.flush();
		} catch (error) {
			throw unavailable(this.file, error);
		}
	}

	private async flush(): Promise<void> {
		const lines = this.pending;
		this.pending = [];
		await this.handle.appendFile(lines.join('\n') + '\n');
		await this.handle.datasync();
		this.lines += lines.length;
	}

	private async rewrite(snapshot: () => string[]): Promise<void> {
		this.snapshot = undefined;
		this.pending = [];
		const lines = snapshot();
		const temp = `${this.file}.compacting`;
		const handle = await open(temp, 'w');
		try {
			if (lines.length > 0) await handle.writeFile(lines.join('\n') + '\n');
			await handle.datasync();
		} finally {
			await handle.close();
		}
		await rename(temp, this.file);
		await this.handle.close();
		this.handle = await open(this.file, 'a');
		this.lines = lines.length;
	}
}
