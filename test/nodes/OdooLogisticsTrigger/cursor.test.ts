/**
 * The polling cursor, alone and driving `pollEvents` against an in-memory table where transactions commit late:
 * every version of a record that a poll could see is emitted once, and nothing is emitted twice.
 */
import fc from 'fast-check';

import type { OdooClient, OdooRecord } from '../../../nodes/shared/odoo';
import { Cursor, readCursor, startCursor } from '../../../nodes/OdooLogisticsTrigger/cursor';
import { resolveEvent } from '../../../nodes/OdooLogisticsTrigger/eventSpec';
import { eventIdOf } from '../../../nodes/OdooLogisticsTrigger/events';
import { pollEvents, streamOf } from '../../../nodes/OdooLogisticsTrigger/poller';
import { shiftOdooDatetime } from '../../../nodes/OdooLogisticsTrigger/odooTime';

const BASE = '2026-01-01 00:00:00';
const at = (second: number) => shiftOdooDatetime(BASE, second * 1000);

describe('Cursor', () => {
	const policy = { overlapMs: 60_000, retainExtra: 0, maxSeen: 100 };

	test('reads again from the overlap before the furthest point reached, never before the start', () => {
		const cursor = new Cursor(startCursor('s', at(100)), policy);
		expect(cursor.lowerBound()).toBe(at(100));
		cursor.advanceTo(at(500));
		const next = new Cursor(cursor.toState(), policy);
		expect(next.lowerBound()).toBe(at(440));
	});

	test('forgets the events that the window no longer reaches, keeps those it does', () => {
		const cursor = new Cursor(startCursor('s', at(0)), policy);
		cursor.remember('old', at(10));
		cursor.remember('edge', at(440));
		cursor.remember('new', at(500));
		cursor.advanceTo(at(500));
		expect(cursor.toState().seen).toEqual([
			['new', at(500)],
			['edge', at(440)],
		]);
	});

	test('a value event remembers its most recent events beyond the window, up to the limit', () => {
		const cursor = new Cursor(startCursor('s', at(0)), { ...policy, retainExtra: 2 });
		for (const second of [1, 2, 3, 4]) cursor.remember(`e${second}`, at(second));
		cursor.advanceTo(at(1000));
		expect(cursor.toState().seen.map(([id]) => id)).toEqual(['e4', 'e3']);
	});

	test('a stored state that is not a cursor is ignored', () => {
		expect(readCursor(undefined)).toBeUndefined();
		expect(readCursor({ stream: 's', floor: 'yesterday', since: at(0), seen: [] })).toBeUndefined();
		const state = startCursor('s', at(0));
		expect(readCursor(JSON.parse(JSON.stringify(state)))).toEqual(state);
	});
});

/** Enough of `searchRead` for the domains the poller builds: `&`, `|`, `!` and comparisons. */
class MemoryOdoo {
	rows: OdooRecord[] = [];
	readonly database = 'memory';

	async searchRead(_model: string, domain: unknown[], options: { order?: string; limit?: number }): Promise<OdooRecord[]> {
		const [field] = (options.order ?? 'id').split(/\s+/);
		return this.rows
			.filter((row) => matches(domain, row))
			.sort((a, b) => compare(a[field], b[field]) || a.id - b.id)
			.slice(0, options.limit)
			.map((row) => ({ ...row }));
	}
}

function matches(domain: unknown[], row: OdooRecord): boolean {
	let position = 0;
	const next = (): boolean => {
		const item = domain[position++];
		if (item === '&' || item === '|') {
			const left = next();
			const right = next();
			return item === '&' ? left && right : left || right;
		}
		if (item === '!') return !next();
		const [field, operator, value] = item as [string, string, unknown];
		const actual = row[field];
		switch (operator) {
			case '=':
				return actual === value;
			case '>':
				return compare(actual, value) > 0;
			case '>=':
				return compare(actual, value) >= 0;
			case '<=':
				return compare(actual, value) <= 0;
			default:
				throw new Error(`operator ${operator} not simulated`);
		}
	};
	let result = true;
	while (position < domain.length) result = next() && result;
	return result;
}

function compare(a: unknown, b: unknown): number {
	return a === b ? 0 : (a as string | number) > (b as string | number) ? 1 : -1;
}

describe('pollEvents with transactions that commit late', () => {
	const spec = resolveEvent({ event: 'custom', model: 'res.partner', customEvent: 'updated', fields: 'name' }, 18);
	const OVERLAP_SECONDS = 30;

	const change = fc.record({
		record: fc.integer({ min: 1, max: 6 }),
		stamp: fc.integer({ min: 0, max: 60 }),
		commitDelay: fc.integer({ min: 0, max: OVERLAP_SECONDS }),
	});

	test('every version a poll could see is emitted exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(change, { maxLength: 40 }),
				fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { maxLength: 12 }),
				fc.integer({ min: 1, max: 4 }),
				async (changes, times, pageSize) => {
					const commits = changes
						.map((c, order) => ({ ...c, order, commit: c.stamp + c.commitDelay }))
						.sort((a, b) => a.commit - b.commit || a.order - b.order);
					const odoo = new MemoryOdoo();
					let state = startCursor(streamOf(spec), at(0));
					const emitted: string[] = [];
					const visible = new Set<string>();
					// Polls at the chosen times, then one after every commit.
					for (const time of [...times.sort((a, b) => a - b), 1000]) {
						const current = new Map<number, OdooRecord>();
						for (const c of commits.filter((committed) => committed.commit <= time)) {
							current.set(c.record, { id: c.record, name: `v${c.order}`, write_date: at(c.stamp) });
						}
						odoo.rows = [...current.values()];
						for (const row of odoo.rows) visible.add(eventIdOf(odoo.database, spec, row.id, String(row.write_date)));
						const result = await pollEvents(odoo as unknown as OdooClient, spec, state, {
							database: odoo.database,
							overlapMs: OVERLAP_SECONDS * 1000,
							maxEvents: 1000,
							pageSize,
							now: new Date(),
						});
						emitted.push(...result.events.map((event) => event.eventId));
						state = result.cursor;
					}
					expect(new Set(emitted).size).toBe(emitted.length);
					expect(new Set(emitted)).toEqual(visible);
				},
			),
			{ numRuns: 300 },
		);
	});
});
