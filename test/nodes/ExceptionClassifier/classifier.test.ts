import { MAX_TEXT_LENGTH, SignalClassifier } from '../../../nodes/ExceptionClassifier/classifier';
import { BUILT_IN_RULES } from '../../../nodes/ExceptionClassifier/rules';
import { CATEGORIES, TAXONOMY_VERSION } from '../../../nodes/ExceptionClassifier/taxonomy';
import { RuleConfigurationError } from '../../../nodes/ExceptionClassifier/userRules';
import { LOST_SHIPMENT_DECISION } from './decisions';

function configurationError(rules: unknown): string {
	try {
		SignalClassifier.create(rules);
	} catch (error) {
		if (error instanceof RuleConfigurationError) return error.message;
		throw error;
	}
	throw new Error('the rules were accepted');
}

describe('SignalClassifier', () => {
	const classifier = SignalClassifier.create();

	it('gives every decision the full contract, taken from the taxonomy', () => {
		expect(classifier.classify({ subtag: 'Exception_013' })).toEqual(LOST_SHIPMENT_DECISION);
	});

	it('sends an empty signal to unclassified, with the reason', () => {
		for (const signal of [{}, { text: '   ', subtag: '' }]) {
			expect(classifier.classify(signal)).toMatchObject({
				category: 'unclassified',
				confidence: 0,
				matchedRule: null,
				needsHuman: true,
				reason:
					'empty signal: no Odoo event, AfterShip tag, AfterShip subtag, EasyPost status, EasyPost status detail, X12 1651 reason code or text',
			});
		}
	});

	describe('rule order', () => {
		it('reads a specific code before the text, and the text before a generic code', () => {
			expect(classifier.classify({ subtag: 'Exception_012', text: 'customer refused' }).category).toBe('damage');
			expect(classifier.classify({ subtag: 'Exception_001', text: 'customer refused the parcel' }).category).toBe('refused');
			expect(classifier.classify({ status: 'in_transit', text: 'Parcel damaged in the hub' }).category).toBe('damage');
			expect(classifier.classify({ tag: 'Delivered', text: 'Order confirmed' }).category).toBe('no_exception');
		});

		it('reads Odoo events first', () => {
			expect(classifier.classify({ event: 'stock.picking.late', text: 'damaged' }).category).toBe('warehouse_delay');
		});
	});

	describe('user rules', () => {
		it('run before the built-in rules by default, overriding them', () => {
			const custom = SignalClassifier.create([
				{ id: 'scratches-are-cosmetic', field: 'text', keywords: ['scratched', 'damaged'], category: 'return_requested', confidence: 0.8 },
			]);
			expect(custom.classify({ text: 'The table arrived damaged' })).toMatchObject({
				category: 'return_requested',
				matchedRule: 'scratches-are-cosmetic',
				confidence: 0.8,
				reason: 'text mentions "damaged": user rule "scratches-are-cosmetic"',
			});
		});

		it('run after the built-in rules when placed last, only extending them', () => {
			const custom = SignalClassifier.create([
				{ id: 'pallet-words', field: 'text', pattern: 'pallet|damaged', category: 'carrier_exception', position: 'last', label: 'pallet trouble' },
			]);
			expect(custom.classify({ text: 'Pallet wrap came loose' })).toMatchObject({ category: 'carrier_exception', reason: 'text mentions "Pallet": pallet trouble' });
			expect(custom.classify({ text: 'The table arrived damaged' }).category).toBe('damage');
		});

		it('replace a built-in rule that has the same id, in its place', () => {
			const custom = SignalClassifier.create([
				{ id: 'aftership.subtag.Exception_005', field: 'subtag', equals: ['Exception_005'], category: 'carrier_exception', confidence: 0.7 },
			]);
			expect(custom.classify({ subtag: 'Exception_005' })).toMatchObject({ category: 'carrier_exception', matchedRule: 'aftership.subtag.Exception_005' });
			// Still after the specific subtags, before the text rules.
			expect(custom.classify({ subtag: 'Exception_005', text: 'refused' }).category).toBe('carrier_exception');
		});

		it('can match any part of the signal, with values compared case-insensitively', () => {
			const custom = SignalClassifier.create([
				{ id: 'our-event', field: 'event', equals: ['x_custom.backlog'], category: 'warehouse_delay' },
				{ id: 'ups-codes', field: 'reasonCode', pattern: '^U\\d{2}$', category: 'carrier_delay' },
			]);
			expect(custom.classify({ event: 'X_CUSTOM.BACKLOG' }).matchedRule).toBe('our-event');
			expect(custom.classify({ reasonCode: 'U42' }).matchedRule).toBe('ups-codes');
		});

		it.each([
			['an invalid regular expression', [{ id: 'broken', field: 'text', pattern: '(unclosed', category: 'damage' }], 'Rule "broken" (#1): pattern is not a valid regular expression'],
			['an unknown category', [{ id: 'x', field: 'text', keywords: ['x'], category: 'flood' }], `Rule "x" (#1): category "flood" is not in taxonomy ${TAXONOMY_VERSION} (known: supplier_delay,`],
			['an unknown field', [{ id: 'y', field: 'carrier', equals: ['a'], category: 'damage' }], "Rule \"y\" (#1): field: Invalid enum value. Expected 'event'"],
			['a confidence above 1', [{ id: 'z', field: 'text', keywords: ['z'], category: 'damage', confidence: 2 }], 'Rule "z" (#1): confidence: Number must be less than or equal to 1'],
			['a misspelt key', [{ id: 'k', field: 'text', keyword: ['k'], category: 'damage' }], 'Rule "k" (#1): keyword: Unrecognized key'],
			['no matcher', [{ id: 'm', field: 'text', category: 'damage' }], 'Rule "m" (#1): give exactly one of equals, keywords or pattern'],
			['two matchers', [{ id: 'm', field: 'text', keywords: ['a'], pattern: 'b', category: 'damage' }], 'Rule "m" (#1): give exactly one of equals, keywords or pattern'],
			['no id', [{ field: 'text', keywords: ['a'], category: 'damage' }], 'Rule #1: id: Required'],
			[
				'a duplicate id',
				[
					{ id: 'd', field: 'text', keywords: ['a'], category: 'damage' },
					{ id: 'd', field: 'text', keywords: ['b'], category: 'lost' },
				],
				'Rule "d" (#2): the id is already used by rule #1',
			],
			['rules that are not a list', { id: 'a' }, 'The rules must be a JSON array of rule objects'],
		])('reject %s at configuration time, naming the rule', (_, rules, message) => {
			expect(configurationError(rules)).toContain(message);
		});

		it('report every rule at fault at once', () => {
			const message = configurationError([
				{ id: 'ok', field: 'text', keywords: ['a'], category: 'damage' },
				{ id: 'bad-1', field: 'text', pattern: '[', category: 'damage' },
				{ id: 'bad-2', field: 'text', keywords: ['b'], category: 'nope' },
			]);
			expect(message).toMatch(/^Invalid rules: Rule "bad-1" \(#2\): .*; Rule "bad-2" \(#3\): /);
			expect(message).not.toContain('"ok"');
		});
	});

	it('reads at most the first 20,000 characters of a text', () => {
		const padding = 'x'.repeat(MAX_TEXT_LENGTH);
		expect(classifier.classify({ text: `damaged ${padding}` }).category).toBe('damage');
		expect(classifier.classify({ text: `${padding} damaged` }).category).toBe('unclassified');
	});

	describe('built-in rules', () => {
		it('have unique ids and known categories, and their patterns compile', () => {
			const ids = BUILT_IN_RULES.map((rule) => rule.id);
			expect(new Set(ids).size).toBe(ids.length);
			for (const rule of BUILT_IN_RULES) {
				expect(CATEGORIES.has(rule.category)).toBe(true);
				expect([rule.equals, rule.keywords, rule.pattern].filter(Boolean)).toHaveLength(1);
				if (rule.pattern) expect(() => new RegExp(rule.pattern as string, 'i')).not.toThrow();
				expect(rule.confidence).toBeGreaterThan(0);
				expect(rule.confidence).toBeLessThanOrEqual(1);
			}
		});

		it('never list a code twice, so that no code rule is shadowed by another', () => {
			for (const rule of BUILT_IN_RULES.filter((r) => r.equals)) {
				for (const value of rule.equals ?? []) {
					expect(classifier.classify({ [rule.field]: value }).matchedRule).toBe(rule.id);
				}
			}
		});
	});
});
