import { resolve } from 'path';
import type { IdempotencyRecord, IdempotencyStatus } from '../record';
import type {
	ClaimPolicy,
	ClaimRequest,
	ClaimResult,
	CompleteRequest,
	CompleteResult,
	IdempotencyStore,
	ReleaseResult,
} from './IdempotencyStore';
import { Journal } from './journal';
import { DEFAULTS } from '../config';

const IN_PROGRESS = 1;
const COMPLETED = 2;
const STATUS_BITS = IN_PROGRESS | COMPLETED;
const HAS_FINGERPRINT = 4;
const INITIAL_CAPACITY = 1024;

/** `larger` (a new, longer array of the same kind) with the values of `array` at its start. */
function enlarged<T extends Uint8Array | Uint32Array | Float64Array>(array: T, larger: T): T {
	larger.set(array);
	return larger;
}
/** Expired keys removed from the least-recently-used end per claim, so that expiry costs O(1) per key. */
const SWEEP_PER_CLAIM = 4;

export interface LocalStoreOptions {
	/** Most keys kept; the least recently used key is evicted to make room. Absent: the store's current limit, or the default. */
	maxKeys?: number;
}

const openStores = new Map<string, Promise<LocalStore>>();

/**
 * The idempotency store of a single n8n process. Claims are checked and written synchronously in memory, so they are
 * atomic within the process whatever the number of concurrent executions; every change is appended to a journal file
 * before the call resolves, so an acknowledged claim survives a restart.
 *
 * Memory is compact: a Map from key to a slot number (its insertion order is the LRU order), and per-slot typed arrays
 * for status, lease and expiry times and the 64-bit fingerprint. Result references are kept sparsely.
 */
export class LocalStore implements IdempotencyStore {
	private readonly slots = new Map<string, number>();
	private readonly results = new Map<number, string>();
	private readonly freeSlots: number[] = [];
	private used = 0;
	private flags = new Uint8Array(0);
	private leaseEnds = new Float64Array(0);
	private expiries = new Float64Array(0);
	private fingerprintHigh = new Uint32Array(0);
	private fingerprintLow = new Uint32Array(0);
	private journal!: Journal;
	private evictions = 0;

	private constructor(private maxKeys: number) {}

	/** The store of `file`, shared by every caller in the process; `maxKeys` of the latest call applies. */
	static async open(file: string, options: LocalStoreOptions): Promise<LocalStore> {
		const path = resolve(file);
		let opening = openStores.get(path);
		if (!opening) {
			opening = LocalStore.load(path, options);
			openStores.set(path, opening);
			opening.catch(() => openStores.delete(path));
		}
		const store = await opening;
		if (options.maxKeys !== undefined) store.resize(options.maxKeys);
		return store;
	}

	private static async load(file: string, options: LocalStoreOptions): Promise<LocalStore> {
		const store = new LocalStore(options.maxKeys ?? DEFAULTS.maxKeys);
		const now = Date.now();
		const { journal, damaged } = await Journal.open(file, (line) => store.replay(line, now));
		store.journal = journal;
		if (damaged > 0 || journal.needsCompaction(store.size)) await journal.compact(() => store.snapshot());
		return store;
	}

	get size(): number {
		return this.slots.size;
	}

	/** Keys dropped because the store was full, since it was opened. */
	get evicted(): number {
		return this.evictions;
	}

	async claim(requests: readonly ClaimRequest[], policy: ClaimPolicy): Promise<ClaimResult[]> {
		const now = Date.now();
		const results: ClaimResult[] = [];
		const lines: string[] = [];
		for (const { key, fingerprint } of requests) {
			this.sweep(now);
			const slot = this.slots.get(key);
			if (slot !== undefined && this.isLive(slot, now)) {
				this.touch(key, slot);
				const record = this.record(key, slot);
				const conflict = fingerprint !== undefined && record.fingerprint !== undefined && record.fingerprint !== fingerprint;
				results.push({ outcome: conflict ? 'conflict' : 'duplicate', record });
				continue;
			}
			const target = slot ?? this.allocate();
			this.write(key, target, IN_PROGRESS, now + policy.leaseMs, now + policy.ttlMs, fingerprint, undefined);
			lines.push(this.line(key, target));
			results.push({ outcome: 'new', record: this.record(key, target) });
		}
		await this.persist(lines);
		return results;
	}

	async complete(requests: readonly CompleteRequest[], ttlMs: number): Promise<CompleteResult[]> {
		const now = Date.now();
		const results: CompleteResult[] = [];
		const lines: string[] = [];
		for (const { key, result } of requests) {
			const slot = this.slots.get(key);
			if (slot === undefined || this.expiries[slot] <= now) {
				results.push({ previous: 'absent' });
				continue;
			}
			const previous = this.status(slot);
			if (previous === 'in_progress') {
				const fingerprint = this.fingerprint(slot);
				this.write(key, slot, COMPLETED, 0, now + ttlMs, fingerprint, result);
				lines.push(this.line(key, slot));
			}
			this.touch(key, slot);
			results.push({ previous, record: this.record(key, slot) });
		}
		await this.persist(lines);
		return results;
	}

	async release(keys: readonly string[], options: { force: boolean }): Promise<ReleaseResult[]> {
		const now = Date.now();
		const results: ReleaseResult[] = [];
		const lines: string[] = [];
		for (const key of keys) {
			const slot = this.slots.get(key);
			if (slot === undefined || this.expiries[slot] <= now) {
				results.push({ previous: 'absent', released: false });
				continue;
			}
			const previous = this.status(slot);
			const released = previous === 'in_progress' || options.force;
			if (released) {
				this.remove(key, slot);
				lines.push(JSON.stringify([key]));
			}
			results.push({ previous, released });
		}
		await this.persist(lines);
		return results;
	}

	async get(keys: readonly string[]): Promise<Array<IdempotencyRecord | undefined>> {
		const now = Date.now();
		return keys.map((key) => {
			const slot = this.slots.get(key);
			return slot === undefined || this.expiries[slot] <= now ? undefined : this.record(key, slot);
		});
	}

	/** Waits for pending writes, then closes the journal and forgets the store; the next `open` reloads the file. */
	async close(): Promise<void> {
		openStores.delete(this.journal.file);
		await this.journal.close();
	}

	private async persist(lines: string[]): Promise<void> {
		if (lines.length === 0) return;
		const written = this.journal.append(lines);
		if (this.journal.needsCompaction(this.size)) await this.journal.compact(() => this.snapshot());
		await written;
	}

	private isLive(slot: number, now: number): boolean {
		return this.expiries[slot] > now && ((this.flags[slot] & COMPLETED) !== 0 || this.leaseEnds[slot] > now);
	}

	private status(slot: number): IdempotencyStatus {
		return (this.flags[slot] & COMPLETED) !== 0 ? 'completed' : 'in_progress';
	}

	private fingerprint(slot: number): string | undefined {
		if ((this.flags[slot] & HAS_FINGERPRINT) === 0) return undefined;
		return (
			this.fingerprintHigh[slot].toString(16).padStart(8, '0') + this.fingerprintLow[slot].toString(16).padStart(8, '0')
		);
	}

	private record(key: string, slot: number): IdempotencyRecord {
		const record: IdempotencyRecord = {
			key,
			status: this.status(slot),
			leaseExpiresAt: this.leaseEnds[slot],
			expiresAt: this.expiries[slot],
		};
		const fingerprint = this.fingerprint(slot);
		if (fingerprint !== undefined) record.fingerprint = fingerprint;
		const result = this.results.get(slot);
		if (result !== undefined) record.result = result;
		return record;
	}

	private write(
		key: string,
		slot: number,
		status: number,
		leaseEnd: number,
		expiry: number,
		fingerprint: string | undefined,
		result: string | undefined,
	): void {
		this.flags[slot] = status | (fingerprint === undefined ? 0 : HAS_FINGERPRINT);
		this.leaseEnds[slot] = leaseEnd;
		this.expiries[slot] = expiry;
		if (fingerprint !== undefined) {
			this.fingerprintHigh[slot] = parseInt(fingerprint.slice(0, 8), 16);
			this.fingerprintLow[slot] = parseInt(fingerprint.slice(8, 16), 16);
		}
		if (result === undefined) this.results.delete(slot);
		else this.results.set(slot, result);
		this.touch(key, slot);
	}

	/** Moves the key to the most-recently-used end. */
	private touch(key: string, slot: number): void {
		this.slots.delete(key);
		this.slots.set(key, slot);
	}

	private remove(key: string, slot: number): void {
		this.slots.delete(key);
		this.results.delete(slot);
		this.flags[slot] = 0;
		this.freeSlots.push(slot);
	}

	private allocate(): number {
		while (this.slots.size >= this.maxKeys) this.evictOldest();
		const free = this.freeSlots.pop();
		if (free !== undefined) return free;
		if (this.used === this.flags.length) this.grow(Math.min(Math.max(INITIAL_CAPACITY, this.used * 2), this.maxKeys));
		return this.used++;
	}

	private evictOldest(): void {
		const [key, slot] = this.slots.entries().next().value as [string, number];
		this.remove(key, slot);
		this.evictions++;
	}

	/** Drops expired keys found at the least-recently-used end. */
	private sweep(now: number): void {
		for (let i = 0; i < SWEEP_PER_CLAIM && this.slots.size > 0; i++) {
			const [key, slot] = this.slots.entries().next().value as [string, number];
			if (this.expiries[slot] > now) return;
			this.remove(key, slot);
		}
	}

	private resize(maxKeys: number): void {
		this.maxKeys = maxKeys;
		while (this.slots.size > maxKeys) this.evictOldest();
	}

	private grow(capacity: number): void {
		this.flags = enlarged(this.flags, new Uint8Array(capacity));
		this.leaseEnds = enlarged(this.leaseEnds, new Float64Array(capacity));
		this.expiries = enlarged(this.expiries, new Float64Array(capacity));
		this.fingerprintHigh = enlarged(this.fingerprintHigh, new Uint32Array(capacity));
		this.fingerprintLow = enlarged(this.fingerprintLow, new Uint32Array(capacity));
	}

	/** Journal line of the key's current state: `[key, flags, leaseEnd, expiry, fingerprint, result]`; `[key]` deletes. */
	private line(key: string, slot: number): string {
		// Built by hand (the fingerprint is hex, the rest numbers): about twice as fast as JSON.stringify of an array.
		const fingerprint = this.fingerprint(slot) ?? '';
		const result = JSON.stringify(this.results.get(slot) ?? '');
		return `[${JSON.stringify(key)},${this.flags[slot] & STATUS_BITS},${this.leaseEnds[slot]},${this.expiries[slot]},"${fingerprint}",${result}]`;
	}

	private snapshot(): string[] {
		const lines: string[] = [];
		for (const [key, slot] of this.slots) lines.push(this.line(key, slot));
		return lines;
	}

	/** Applies one journal line; false when the line is damaged (a write torn by a crash). */
	private replay(text: string, now: number): boolean {
		let entry: unknown;
		try {
			entry = JSON.parse(text);
		} catch {
			return false;
		}
		if (!Array.isArray(entry) || typeof entry[0] !== 'string') return false;
		const key = entry[0];
		const slot = this.slots.get(key);
		if (entry.length === 1) {
			if (slot !== undefined) this.remove(key, slot);
			return true;
		}
		const [, status, leaseEnd, expiry, fingerprint, result] = entry as [string, number, number, number, string, string];
		if ((status !== IN_PROGRESS && status !== COMPLETED) || typeof expiry !== 'number' || typeof leaseEnd !== 'number') {
			return false;
		}
		if (expiry <= now) {
			if (slot !== undefined) this.remove(key, slot);
			return true;
		}
		this.write(key, slot ?? this.allocate(), status, leaseEnd, expiry, fingerprint || undefined, result || undefined);
		return true;
	}
}
