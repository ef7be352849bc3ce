import fc from 'fast-check';

import { sortIndexesByKey } from '../../../nodes/SlaPrioritizer/sortIndexes';

describe('sortIndexesByKey', () => {
	const key = fc.oneof(
		fc.double({ noNaN: true }),
		fc.integer({ min: -5, max: 5 }),
		fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 52, -(2 ** 52)),
	);

	it('orders like a stable comparison sort, for any doubles including zeros, infinities and ties', () => {
		fc.assert(
			fc.property(fc.array(key, { maxLength: 300 }), (values) => {
				const keys = Float64Array.from(values);
				const indexes = Uint32Array.from(values.keys());
				const expected = Array.from(indexes).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
				expect(Array.from(sortIndexesByKey(indexes, keys))).toEqual(expected);
			}),
			{ numRuns: 500 },
		);
	});

	it('sorts a subset of indexes, keeping their given order for equal keys', () => {
		const keys = Float64Array.from([5, 1, 5, 3, 1]);
		expect(Array.from(sortIndexesByKey(Uint32Array.from([4, 0, 2, 1]), keys))).toEqual([4, 1, 0, 2]);
		expect(Array.from(sortIndexesByKey(new Uint32Array(0), keys))).toEqual([]);
	});
});
