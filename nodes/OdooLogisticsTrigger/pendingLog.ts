import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import { dirname, join } from 'path';

import type { RedisConfig } from '../IdempotencyGuard/config';
import { n8nDataFolder } from '../IdempotencyGuard/stores/open';
import { redisConnection, redisFailure } from '../IdempotencyGuard/stores/redisConnection';
import type { PendingChanges, PendingEvent } from './recentEvents';

/**
 * Where a trigger keeps the events it follows for re-delivery (see `redelivery.ts`), so that they outlive the process:
 * after n8n restarts, the first poll takes them up again, and in queue mode with webhook processes of their own, the
 * poll on the main process learns there what the webhooks emitted. It sits next to the Guard's store: a hash in the
 * same Redis, or a file in the Guard Store Folder.
 */
export interface PendingLog {
	/** The events written as pending. */
	load(): Promise<Array<[string, PendingEvent]>>;
	write(changes: PendingChanges): Promise<void>;
}

export type PendingLogConfig = { kind: 'local'; folder: string } | { kind: 'redis'; redis: RedisConfig };

export const REDIS_PENDING_PREFIX = 'n8n-odoo-logistics:redelivery:';
/** A trigger deleted or switched off leaves its hash behind: it goes 30 days after its last write. */
const REDIS_PENDING_TTL_MS = 30 * 86_400_000;
const NOTHING_WRITTEN = 'The events followed for re-delivery are kept in this process only until the next poll.';

type Row = [recordId: number, at: number, redeliveries: number, delayFactor: number];

const toRow = (pending: PendingEvent): Row => [pending.recordId, pending.at, pending.redeliveries, pending.delayFactor];

function fromRow(value: unknown): PendingEvent | undefined {
	if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
	const [recordId, at, redeliveries, delayFactor] = value as Row;
	return { recordId, at, redeliveries, delayFactor };
}

/** The log of one trigger node (`streamKey`: `workflowId:nodeId`). */
export function openPendingLog(config: PendingLogConfig, streamKey: string): PendingLog {
	return config.kind === 'redis' ? new RedisPendingLog(config.redis, streamKey) : localPendingLog(pendingLogFile(config.folder, streamKey));
}

export function pendingLogFile(folder: string, streamKey: string): string {
	const digest = createHash('sha256').update(streamKey).digest('hex').slice(0, 16);
	return join(folder || n8nDataFolder(), `odoo-logistics-redelivery-${digest}.jsonl`);
}

/** One hash per trigger: event id → JSON row. Writes of several processes merge, event by event. */
class RedisPendingLog implements PendingLog {
	private readonly key: string;

	constructor(
		private readonly config: RedisConfig,
		streamKey: string,
	) {
		this.key = REDIS_PENDING_PREFIX + streamKey;
	}

	async load(): Promise<Array<[string, PendingEvent]>> {
		const client = await redisConnection(this.config, NOTHING_WRITTEN);
		let hash: Record<string, string>;
		try {
			hash = await client.hgetall(this.key);
		} catch (error) {
			throw redisFailure(this.config, NOTHING_WRITTEN, error);
		}
		const entries: Array<[string, PendingEvent]> = [];
		for (const [eventId, text] of Object.entries(hash)) {
			const pending = parseRow(text);
			if (pending) entries.push([eventId, pending]);
		}
		return entries;
	}

	async write({ set, removed }: PendingChanges): Promise<void> {
		if (!set.length && !removed.length) return;
		const client = await redisConnection(this.config, NOTHING_WRITTEN);
		const batch = client.multi();
		if (set.length) batch.hset(this.key, Object.fromEntries(set.map(([eventId, pending]) => [eventId, JSON.stringify(toRow(pending))])));
		if (removed.length) batch.hdel(this.key, ...removed);
		batch.pexpire(this.key, REDIS_PENDING_TTL_MS);
		try {
			const replies = await batch.exec();
			const failed = replies?.find(([error]) => error);
			if (failed) throw failed[0];
		} catch (error) {
			throw redisFailure(this.config, NOTHING_WRITTEN, error);
		}
	}
}

function parseRow(text: string): PendingEvent | undefined {
	try {
		return fromRow(JSON.parse(text));
	} catch {
		return undefined;
	}
}

/** Rewrite the file once it holds this many lines more than twice its live events. */
const COMPACT_AFTER = 1_000;

/**
 * A JSON-lines file: `[eventId, recordId, at, redeliveries, delayFactor]` sets an event, `[eventId]` removes it; the
 * last line of an event wins. Appends are cheap enough for every webhook; the file is rewritten whole (to a temporary
 * file, then renamed) once most of its lines are stale. The Local store serves one n8n process, so one instance per
 * file keeps the events in memory and runs the writes one after the other. A line that can't be read (a write cut
 * short by a crash) is skipped, and the file rewritten at the next write.
 */
class LocalPendingLog implements PendingLog {
	private entries?: Map<string, PendingEvent>;
	private lines = 0;
	/** The file ends in a line cut short: the next write rewrites it rather than append to that line. */
	private torn = false;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(private readonly file: string) {}

	load(): Promise<Array<[string, PendingEvent]>> {
		return this.serially(async () => [...(await this.read()).entries()]);
	}

	write({ set, removed }: PendingChanges): Promise<void> {
		return this.serially(async () => {
			const entries = await this.read();
			const lines: string[] = [];
			for (const [eventId, pending] of set) {
				entries.set(eventId, pending);
				lines.push(JSON.stringify([eventId, ...toRow(pending)]));
			}
			for (const eventId of removed) if (entries.delete(eventId)) lines.push(JSON.stringify([eventId]));
			if (!lines.length) return;
			if (this.torn || this.lines + lines.length > 2 * entries.size + COMPACT_AFTER) return this.rewrite(entries);
			await fs.mkdir(dirname(this.file), { recursive: true });
			await fs.appendFile(this.file, `${lines.join('\n')}\n`);
			this.lines += lines.length;
		});
	}

	private serially<T>(work: () => Promise<T>): Promise<T> {
		const run = this.queue.then(work, work);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private async read(): Promise<Map<string, PendingEvent>> {
		if (this.entries) return this.entries;
		const entries = new Map<string, PendingEvent>();
		let text = '';
		try {
			text = await fs.readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		this.torn = text !== '' && !text.endsWith('\n');
		for (const line of text.split('\n')) {
			if (!line) continue;
			this.lines += 1;
			let row: unknown;
			try {
				row = JSON.parse(line);
			} catch {
				continue;
			}
			if (!Array.isArray(row) || typeof row[0] !== 'string') continue;
			const pending = row.length === 1 ? undefined : fromRow(row.slice(1));
			if (pending) entries.set(row[0], pending);
			else if (row.length === 1) entries.delete(row[0]);
		}
		this.entries = entries;
		return entries;
	}

	private async rewrite(entries: Map<string, PendingEvent>): Promise<void> {
		const lines = [...entries].map(([eventId, pending]) => JSON.stringify([eventId, ...toRow(pending)]));
		const temporary = `${this.file}.${process.pid}.tmp`;
		await fs.mkdir(dirname(this.file), { recursive: true });
		await fs.writeFile(temporary, lines.length ? `${lines.join('\n')}\n` : '');
		await fs.rename(temporary, this.file);
		this.lines = lines.length;
		this.torn = false;
	}
}

const localLogs = new Map<string, LocalPendingLog>();

function localPendingLog(file: string): LocalPendingLog {
	let log = localLogs.get(file);
	if (!log) localLogs.set(file, (log = new LocalPendingLog(file)));
	return log;
}

/** Forgets the Local logs held in memory (the files stay), as a restart of the process does. */
export function forgetLocalPendingLogs(): void {
	localLogs.clear();
}
