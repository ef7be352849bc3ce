const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * `indexes` ordered by `keys[index]`, ascending and stable (equal keys keep their order in `indexes`). A least
 * significant digit radix sort on the bits of the doubles: four linear passes, where a comparison sort of a million
 * items makes some twenty million comparisons. Keys must not be NaN.
 */
export function sortIndexesByKey(indexes: Uint32Array, keys: Float64Array): Uint32Array {
	const count = indexes.length;
	let hi = new Uint32Array(count);
	let lo = new Uint32Array(count);
	let order = indexes.slice();
	const double = new Float64Array(1);
	const words = new Uint32Array(double.buffer);
	const [low, high] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];
	for (let i = 0; i < count; i++) {
		// `+ 0` turns -0 into +0; flipping the bits makes unsigned order match numeric order.
		double[0] = keys[indexes[i]] + 0;
		const negative = words[high] >>> 31 === 1;
		hi[i] = negative ? ~words[high] >>> 0 : (words[high] | 0x80000000) >>> 0;
		lo[i] = negative ? ~words[low] >>> 0 : words[low];
	}

	let nextHi = new Uint32Array(count);
	let nextLo = new Uint32Array(count);
	let nextOrder = new Uint32Array(count);
	const offsets = new Uint32Array(BUCKETS);
	for (let pass = 0; pass < 4; pass++) {
		const source = pass < 2 ? lo : hi;
		const shift = (pass % 2) * DIGIT_BITS;
		offsets.fill(0);
		for (let i = 0; i < count; i++) offsets[(source[i] >>> shift) & (BUCKETS - 1)]++;
		if (offsets[(source[0] >>> shift) & (BUCKETS - 1)] === count) continue;
		let total = 0;
		for (let digit = 0; digit < BUCKETS; digit++) {
			const size = offsets[digit];
			offsets[digit] = total;
			total += size;
		}
		for (let i = 0; i < count; i++) {
			const target = offsets[(source[i] >>> shift) & (BUCKETS - 1)]++;
			nextHi[target] = hi[i];
			nextLo[target] = lo[i];
			nextOrder[target] = order[i];
		}
		[hi, nextHi] = [nextHi, hi];
		[lo, nextLo] = [nextLo, lo];
		[order, nextOrder] = [nextOrder, order];
	}
	return order;
}
