import { andDomains, OdooError, type OdooClient, type OdooRecord } from '../shared/odoo';
import { eventDomain, type EventSpec } from './eventSpec';
import type { OdooNotice } from './webhookRequest';

/**
 * What reading a notified record back says about the notification:
 * - `committed`: the change is visible and the record matches the event (its committed state is in `record`);
 * - `deleted`: the record is gone, the deletion is committed;
 * - `filtered`: the change is visible, but the record no longer matches (a transient state, or changed again);
 * - `expired`: the change never became visible in time (its transaction rolled back, or is still running).
 */
export type Confirmation =
	| { status: 'committed'; record: OdooRecord }
	| { status: 'deleted' }
	| { status: 'filtered' }
	| { status: 'expired' };

const CHUNK = 500;
const FIRST_DELAY_MS = 10;
/** Longest pause between two reads while notifications wait. */
const MAX_DELAY_MS = 2_000;

interface Waiter {
	notice: OdooNotice;
	deadline: number;
	resolve: (confirmation: Confirmation) => void;
	reject: (error: unknown) => void;
}

/**
 * Confirms webhook notifications by reading the records back, many at once. Odoo 17 and 18 post before their
 * transaction commits, and a POST may even come from a transaction that rolls back; Odoo 19 posts after the commit.
 * A change is visible once Odoo shows the record with a later write_date than the notified one, or the same one
 * (whole seconds) with the values the notification carries; a deletion once the record is gone. Reading back also gives
 * both delivery paths the same committed record.
 */
export class ReadBack {
	private pending: Waiter[] = [];
	private timer?: NodeJS.Timeout;
	private running = false;
	private delayMs = FIRST_DELAY_MS;

	constructor(
		private readonly client: OdooClient,
		private readonly spec: EventSpec,
		/** How long a notification may wait for its transaction to commit. */
		private readonly maxWaitMs: number,
	) {}

	confirm(notice: OdooNotice): Promise<Confirmation> {
		return new Promise((resolve, reject) => {
			this.pending.push({ notice, deadline: Date.now() + this.maxWaitMs, resolve, reject });
			this.schedule(FIRST_DELAY_MS);
		});
	}

	private schedule(delayMs: number): void {
		if (this.timer || this.running) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.tick();
		}, delayMs);
		this.timer.unref();
	}

	private async tick(): Promise<void> {
		this.running = true;
		const batch = this.pending;
		this.pending = [];
		let remaining: Waiter[];
		try {
			remaining = await this.check(batch);
		} catch (error) {
			remaining = this.afterFailure(batch, error);
		} finally {
			this.running = false;
		}
		this.pending.unshift(...remaining);
		if (!this.pending.length) return;
		this.delayMs = remaining.length < batch.length ? FIRST_DELAY_MS : Math.min(this.delayMs * 2, MAX_DELAY_MS);
		this.schedule(this.delayMs);
	}

	/** A passing outage only delays the notifications; any other failure is reported to each of them. */
	private afterFailure(batch: Waiter[], error: unknown): Waiter[] {
		if (error instanceof OdooError && error.retryable) return this.expire(batch);
		for (const waiter of batch) waiter.reject(error);
		return [];
	}

	private async check(batch: Waiter[]): Promise<Waiter[]> {
		const ids = [...new Set(batch.map((waiter) => waiter.notice.recordId))];
		const fields = this.spec.kind === 'deleted' ? ['write_date'] : this.spec.readFields;
		const rows = new Map<number, OdooRecord>();
		for (let start = 0; start < ids.length; start += CHUNK) {
			for (const row of await this.client.read(this.spec.model, ids.slice(start, start + CHUNK), fields)) rows.set(row.id, row);
		}
		const visible: Array<[Waiter, OdooRecord]> = [];
		const waiting: Waiter[] = [];
		for (const waiter of batch) {
			const row = rows.get(waiter.notice.recordId);
			if (this.spec.kind === 'deleted') {
				if (row) waiting.push(waiter);
				else waiter.resolve({ status: 'deleted' });
			} else if (row && isVisible(row, waiter.notice)) visible.push([waiter, row]);
			else waiting.push(waiter);
		}
		const matching = await this.matching(visible.map(([, row]) => row.id));
		for (const [waiter, row] of visible) waiter.resolve(matching.has(row.id) ? { status: 'committed', record: row } : { status: 'filtered' });
		// One transaction may post a record several times as it goes (a new transfer: draft, then ready); once one of
		// its notifications is visible, the others show a state the commit did not keep.
		const committed = new Set(visible.map(([waiter]) => transactionKey(waiter.notice)));
		return this.expire(
			waiting.filter((waiter) => {
				if (!committed.has(transactionKey(waiter.notice))) return true;
				waiter.resolve({ status: 'filtered' });
				return false;
			}),
		);
	}

	private async matching(ids: number[]): Promise<Set<number>> {
		const found = new Set<number>();
		const unique = [...new Set(ids)];
		for (let start = 0; start < unique.length; start += CHUNK) {
			const domain = andDomains([['id', 'in', unique.slice(start, start + CHUNK)]], eventDomain(this.spec));
			for (const id of await this.client.search(this.spec.model, domain)) found.add(id);
		}
		return found;
	}

	private expire(waiters: Waiter[]): Waiter[] {
		const now = Date.now();
		return waiters.filter((waiter) => {
			if (now < waiter.deadline) return true;
			waiter.resolve({ status: 'expired' });
			return false;
		});
	}
}

function isVisible(row: OdooRecord, notice: OdooNotice): boolean {
	if (notice.writeDate === undefined) return true;
	const written = String(row.write_date);
	if (written !== notice.writeDate) return written > notice.writeDate;
	return Object.entries(notice.record).every(([field, value]) => field === 'id' || sameValue(value, row[field]));
}

/** The notification carries `read(load=None)` values; the read-back has a many2one as `[id, name]`. */
function sameValue(notified: unknown, read: unknown): boolean {
	const plain = Array.isArray(read) && read.length === 2 && typeof read[0] === 'number' && typeof read[1] === 'string' ? read[0] : read;
	return JSON.stringify(notified) === JSON.stringify(plain);
}

function transactionKey(notice: OdooNotice): string {
	return `${notice.recordId}|${notice.writeDate ?? ''}`;
}

const MAX_QUEUES = 1_000;
const queues = new Map<string, ReadBack>();

/** One queue per trigger node and configuration, shared by the concurrent webhook requests of this process. */
export function readBackFor(key: string, create: () => ReadBack): ReadBack {
	let queue = queues.get(key);
	if (!queue) {
		queue = create();
		queues.set(key, queue);
		if (queues.size > MAX_QUEUES) queues.delete(queues.keys().next().value as string);
	}
	return queue;
}
