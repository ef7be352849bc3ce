/** Distinct texts remembered per matcher; items of one batch name few customers, tags and carriers. */
const MEMO_LIMIT = 10_000;

/**
 * Finds which entry of an ordered list (tiers, carrier cut-offs) a field of an item names. A field may hold a name,
 * an id, an Odoo many2one pair `[id, "name"]`, a list of tag ids or names, or objects with `id`/`name`/`display_name`;
 * every value it holds is tried, and the earliest entry of the list wins. Text compares trimmed and
 * case-insensitively; a number and its decimal text are the same value.
 */
export class KeyMatcher {
	private readonly texts = new Map<string, number>();
	private readonly numbers = new Map<number, number>();
	private readonly memo = new Map<string, number>();

	/** `keys[i]` are the values that select entry `i`. */
	constructor(keys: ReadonlyArray<ReadonlyArray<string | number>>) {
		keys.forEach((values, index) => {
			for (const value of values) {
				const text = normaliseText(String(value));
				if (text !== '' && !this.texts.has(text)) this.texts.set(text, index);
				const number = typeof value === 'number' ? value : text === '' ? NaN : Number(text);
				if (Number.isFinite(number) && !this.numbers.has(number)) this.numbers.set(number, index);
			}
		});
	}

	/** The earliest entry that `value` names, or -1. */
	match(value: unknown): number {
		return this.best(value, -1, 0);
	}

	private best(value: unknown, found: number, depth: number): number {
		let index: number | undefined;
		if (typeof value === 'number') {
			index = this.numbers.get(value);
		} else if (typeof value === 'string') {
			index = this.memo.get(value);
			if (index === undefined) {
				index = this.texts.get(normaliseText(value)) ?? -1;
				if (this.memo.size < MEMO_LIMIT) this.memo.set(value, index);
			}
		} else {
			return depth > 2 || typeof value !== 'object' || value === null ? found : this.bestOfObject(value, found, depth);
		}
		return index !== undefined && index >= 0 && (found < 0 || index < found) ? index : found;
	}

	private bestOfObject(value: object, found: number, depth: number): number {
		if (Array.isArray(value)) {
			for (const element of value) found = this.best(element, found, depth + 1);
			return found;
		}
		const record = value as Record<string, unknown>;
		for (const key of ['id', 'name', 'display_name']) {
			if (key in record) found = this.best(record[key], found, depth + 1);
		}
		return found;
	}
}

function normaliseText(value: string): string {
	return value.trim().toLowerCase();
}
