import { OWNER_TEAMS, SEVERITIES, TAXONOMY, TAXONOMY_VERSION, taxonomySchema } from '../../../nodes/ExceptionClassifier/taxonomy';

describe('exception taxonomy', () => {
	it('fits its schema', () => {
		expect(taxonomySchema.safeParse(TAXONOMY).success).toBe(true);
		expect(TAXONOMY.version).toBe(TAXONOMY_VERSION);
	});

	it('rejects a taxonomy with a duplicate category or no unclassified category', () => {
		const [first, ...others] = TAXONOMY.categories;
		const duplicate = taxonomySchema.safeParse({ ...TAXONOMY, categories: [first, first, ...others] });
		expect(duplicate.success || duplicate.error.issues[0].message).toBe(`"${first.id}" is defined twice`);
		const noFallback = taxonomySchema.safeParse({ ...TAXONOMY, categories: TAXONOMY.categories.filter((c) => c.kind !== 'unclassified') });
		expect(noFallback.success || noFallback.error.issues[0].message).toBe('needs exactly one unclassified category');
	});

	it.each([
		['supply', ['supplier_delay', 'stock_shortage']],
		['quality', ['quality_hold', 'damage']],
		['carrier', ['carrier_delay', 'failed_delivery_attempt', 'address_issue', 'customs_hold', 'lost', 'refused']],
		['returns', ['return_requested']],
		['finance', ['invoice_dispute', 'credit_hold']],
		['none', ['unclassified']],
	])('has the %s categories', (group, ids) => {
		const inGroup = TAXONOMY.categories.filter((category) => category.group === group).map((category) => category.id);
		expect(inGroup).toEqual(expect.arrayContaining(ids));
	});

	it('routes high-impact exceptions to a person and automates only lower-risk ones (the seed rule)', () => {
		for (const category of TAXONOMY.categories) {
			if (category.severity === 'high' || category.severity === 'critical') expect([category.id, category.needsHuman]).toEqual([category.id, true]);
		}
		expect(TAXONOMY.categories.filter((category) => category.kind === 'exception' && !category.needsHuman).length).toBeGreaterThan(0);
	});

	it('gives every owner team and every severity at least one category', () => {
		const exceptions = TAXONOMY.categories.filter((category) => category.kind === 'exception');
		expect(new Set(exceptions.map((category) => category.ownerTeam))).toEqual(new Set(OWNER_TEAMS));
		expect(new Set(exceptions.map((category) => category.severity))).toEqual(new Set(SEVERITIES));
	});
});
