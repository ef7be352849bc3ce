/**
 * Where a waiting approval keeps its ballot between the webhook calls of the same waiting execution.
 *
 * The interface is the smallest one a shared store can implement atomically: read, create-if-absent, and replace
 * only if the version is still the one that was read (compare-and-set). `updateBallot` builds the read-modify-write
 * loop on top, so two approvers voting at the same instant can never both be counted as the deciding vote.
 */
import type { Ballot } from './votes';

export type OutputLayout = 'split' | 'single';

/** What the waiting node needs to answer a vote and, once the decision is final, to resume the workflow. */
export interface BallotEntry {
	ballot: Ballot;
	/** The JSON of the item waiting for the decision. */
	request: Record<string, unknown>;
	summary: string;
	escalateTo: string[];
	layout: OutputLayout;
}

export interface Versioned<T> {
	value: T;
	version: number;
}

export interface VoteStore {
	get(key: string): Promise<Versioned<BallotEntry> | undefined>;
	/** Stores the entry unless the key exists; true when it was stored. */
	create(key: string, entry: BallotEntry, expiresAt: number): Promise<boolean>;
	/** Replaces the entry if its version is still `version`; true when it was replaced. */
	replace(key: string, entry: BallotEntry, version: number, expiresAt: number): Promise<boolean>;
}

/**
 * Ballots live in this process: enough for a single n8n process, lost when it restarts (a waiting request is then
 * escalated at its deadline). Queue mode and restarts need the shared store (redisVoteStore.ts).
 */
export class InProcessVoteStore implements VoteStore {
	private readonly entries = new Map<string, Versioned<BallotEntry> & { expiresAt: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	async get(key: string): Promise<Versioned<BallotEntry> | undefined> {
		const entry = this.entries.get(key);
		if (!entry || entry.expiresAt <= this.now()) return undefined;
		return { value: entry.value, version: entry.version };
	}

	async create(key: string, entry: BallotEntry, expiresAt: number): Promise<boolean> {
		this.sweep();
		if (this.entries.has(key)) return false;
		this.entries.set(key, { value: entry, version: 1, expiresAt });
		return true;
	}

	async replace(key: string, entry: BallotEntry, version: number, expiresAt: number): Promise<boolean> {
		const current = this.entries.get(key);
		// An expired entry is gone for readers, so it must be gone for writers too.
		if (current && current.expiresAt <= this.now()) return false;
		if (!current || current.version !== version) return false;
		this.entries.set(key, { value: entry, version: version + 1, expiresAt });
		return true;
	}

	private sweep(): void {
		const now = this.now();
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
	}
}

export class StoreConflictError extends Error {
	constructor(key: string, attempts: number) {
		super(`The approval ${key} changed ${attempts} times while a vote was being recorded; try again`);
		this.name = 'StoreConflictError';
	}
}

const MAX_ATTEMPTS = 5;

/** A short random pause after a lost compare-and-set, so that writers racing on one ballot spread out. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));

/**
 * Applies `change` to the stored ballot with compare-and-set, retrying when another vote got in first.
 * Returns undefined when no ballot is stored under `key`.
 */
export async function updateBallot<R>(
	store: VoteStore,
	key: string,
	expiresAt: number,
	change: (entry: BallotEntry) => { entry: BallotEntry; result: R },
): Promise<{ entry: BallotEntry; result: R } | undefined> {
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const current = await store.get(key);
		if (!current) return undefined;
		const next = change(current.value);
		if (next.entry === current.value || (await store.replace(key, next.entry, current.version, expiresAt))) return next;
		if (attempt < MAX_ATTEMPTS) await backOff(attempt);
	}
	throw new StoreConflictError(key, MAX_ATTEMPTS);
}
