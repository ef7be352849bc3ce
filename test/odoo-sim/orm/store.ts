import { serializationFailure } from '../errors';

export type Row = { id: number } & Record<string, unknown>;

/** Thrown when a transaction writes a row another open transaction has written (a PostgreSQL row lock). */
export class LockConflict extends Error {
	constructor(readonly holder: Transaction) {
		super('row locked by a concurrent transaction');
	}
}

/**
 * The committed database. Id and name sequences live outside transactions, as PostgreSQL sequences do: a call that
 * fails still uses up its numbers (the gaps seen in the fixtures).
 */
export class Store {
	private readonly tables = new Map<string, Map<number, Row>>();
	private readonly versions = new Map<string, number>();
	private readonly nextIds = new Map<string, number>();
	private readonly sequences = new Map<string, number>();
	private readonly locks = new Map<string, Transaction>();
	private readonly sorted = new Map<string, Row[]>();

	table(model: string): Map<number, Row> {
		let table = this.tables.get(model);
		if (!table) {
			table = new Map();
			this.tables.set(model, table);
		}
		return table;
	}

	/** The committed rows of `model` by ascending id (cached until the next commit touches the model; do not mutate). */
	sortedRows(model: string): Row[] {
		let rows = this.sorted.get(model);
		if (!rows) {
			rows = [...this.table(model).values()].sort((a, b) => a.id - b.id);
			this.sorted.set(model, rows);
		}
		return rows;
	}

	nextId(model: string): number {
		const id = this.nextIds.get(model) ?? 1;
		this.nextIds.set(model, id + 1);
		return id;
	}

	/** Makes the next id of `model` at least `id` (seeding with fixed ids). */
	reserveIds(model: string, nextId: number): void {
		this.nextIds.set(model, Math.max(nextId, this.nextIds.get(model) ?? 1));
	}

	nextSequence(code: string): number {
		const n = (this.sequences.get(code) ?? 0) + 1;
		this.sequences.set(code, n);
		return n;
	}

	version(key: string): number {
		return this.versions.get(key) ?? 0;
	}

	begin(options: { respectLocks: boolean }): Transaction {
		return new Transaction(this, options.respectLocks);
	}

	/** @internal used by Transaction */
	lockHolder(key: string): Transaction | undefined {
		return this.locks.get(key);
	}

	/** @internal used by Transaction */
	setLock(key: string, tx: Transaction | undefined): void {
		if (tx) this.locks.set(key, tx);
		else this.locks.delete(key);
	}

	/** @internal used by Transaction */
	apply(model: string, id: number, row: Row | null): void {
		const key = `${model}:${id}`;
		if (row) this.table(model).set(id, row);
		else this.table(model).delete(id);
		this.sorted.delete(model);
		this.versions.set(key, this.version(key) + 1);
	}
}

/**
 * One RPC call's view of the database: a copy-on-write overlay over the committed rows. Nothing it writes is visible
 * to other transactions until {@link commit}.
 */
export class Transaction {
	private readonly overlay = new Map<string, Map<number, Row | null>>();
	private readonly readVersions = new Map<string, number>();
	private readonly postCommit: Array<() => void> = [];
	private state: 'open' | 'committed' | 'rolled back' = 'open';
	private resolveDone!: () => void;
	/** Settles when the transaction commits or rolls back (callers waiting on its locks retry then). */
	readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

	constructor(
		private readonly store: Store,
		private readonly respectLocks: boolean,
	) {}

	get isOpen(): boolean {
		return this.state === 'open';
	}

	get(model: string, id: number): Row | undefined {
		const over = this.overlay.get(model);
		if (over?.has(id)) return over.get(id) ?? undefined;
		return this.store.table(model).get(id);
	}

	has(model: string, id: number): boolean {
		return this.get(model, id) !== undefined;
	}

	/** Every live row of `model`, by ascending id (do not mutate the array). */
	rows(model: string): Row[] {
		const base = this.store.sortedRows(model);
		const over = this.overlay.get(model);
		if (!over?.size) return base;
		const table = this.store.table(model);
		const created = [...over.values()].filter((row): row is Row => row !== null && !table.has(row.id)).sort((a, b) => a.id - b.id);
		// Merge the (sorted) committed rows, with this transaction's versions, and the (sorted) rows it created.
		const out: Row[] = [];
		let next = 0;
		for (const row of base) {
			while (next < created.length && created[next].id < row.id) out.push(created[next++]);
			const current = over.has(row.id) ? over.get(row.id) : row;
			if (current) out.push(current);
		}
		while (next < created.length) out.push(created[next++]);
		return out;
	}

	put(model: string, row: Row): void {
		this.touch(model, row.id);
		this.overlayOf(model).set(row.id, row);
	}

	remove(model: string, id: number): void {
		this.touch(model, id);
		this.overlayOf(model).set(id, null);
	}

	onCommit(callback: () => void): void {
		this.postCommit.push(callback);
	}

	commit(): void {
		this.assertOpen();
		for (const [key, version] of this.readVersions) {
			if (this.store.version(key) !== version) {
				this.rollback();
				throw serializationFailure();
			}
		}
		for (const [model, rows] of this.overlay) for (const [id, row] of rows) this.store.apply(model, id, row);
		this.finish('committed');
		for (const callback of this.postCommit) callback();
	}

	rollback(): void {
		if (this.state === 'open') this.finish('rolled back');
	}

	private finish(state: 'committed' | 'rolled back'): void {
		this.state = state;
		for (const key of this.readVersions.keys()) {
			if (this.store.lockHolder(key) === this) this.store.setLock(key, undefined);
		}
		this.resolveDone();
	}

	private touch(model: string, id: number): void {
		this.assertOpen();
		const key = `${model}:${id}`;
		if (this.readVersions.has(key)) return;
		if (this.store.table(model).has(id)) {
			const holder = this.store.lockHolder(key);
			if (holder && holder !== this && holder.isOpen) {
				if (this.respectLocks) throw new LockConflict(holder);
			}
			if (this.respectLocks) this.store.setLock(key, this);
		}
		this.readVersions.set(key, this.store.version(key));
	}

	private overlayOf(model: string): Map<number, Row | null> {
		let over = this.overlay.get(model);
		if (!over) {
			over = new Map();
			this.overlay.set(model, over);
		}
		return over;
	}

	private assertOpen(): void {
		if (this.state !== 'open') throw new Error(`transaction already ${this.state}`);
	}
}
