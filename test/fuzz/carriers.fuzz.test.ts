/**
 * Carrier codes and free text under fuzzing: the Exception Classifier and the SLA Prioritizer's carrier cut-off table
 * take any value an item can hold. Codes match whatever their case and surrounding spaces, nothing throws, nothing is
 * dropped, and the text rules stay fast on adversarial text.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { ExceptionClassifier } from '../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { BUILT_IN_RULES, SIGNAL_FIELDS, type SignalField } from '../../nodes/ExceptionClassifier/rules';
import { DEFAULT_SIGNAL_FIELDS, SignalReader, type Signal } from '../../nodes/ExceptionClassifier/signal';
import { CATEGORIES } from '../../nodes/ExceptionClassifier/taxonomy';
import { KeyMatcher } from '../../nodes/SlaPrioritizer/keyMatcher';
import { SlaPolicy, SlaPolicyError } from '../../nodes/SlaPrioritizer/policy';
import { prioritize } from '../../nodes/SlaPrioritizer/sla';
import { runWorkflow } from '../helpers/n8n';
import { runSla } from '../nodes/SlaPrioritizer/helpers';
import { RUNS, anyValue, jsonValue, nastyString } from './arbitraries';

const classifier = SignalClassifier.create();
const CODE_RULES = BUILT_IN_RULES.filter((rule) => rule.equals);
const TEXT_RULES = BUILT_IN_RULES.filter((rule) => !rule.equals);

/** The first built-in rule that lists `code` for `field`: the rule that must decide a signal holding only that code. */
function ruleFor(field: SignalField, code: string): string | undefined {
	const key = code.trim().toLowerCase();
	return CODE_RULES.find((rule) => rule.field === field && rule.equals!.some((value) => value.trim().toLowerCase() === key))?.id;
}

const knownCode = fc.constantFrom(...CODE_RULES.flatMap((rule) => rule.equals!.map((code) => [rule.field, code] as const)));
const padding = fc.stringMatching(/^[ \t\n]{0,3}$/);
const recase = (text: string, mask: number[]) =>
	[...text].map((char, index) => ((mask[index % mask.length] ?? 0) % 2 ? char.toUpperCase() : char.toLowerCase())).join('');

function expectWellFormed(result: ReturnType<SignalClassifier['classify']>): void {
	expect(CATEGORIES.has(result.category)).toBe(true);
	expect(result.confidence).toBeGreaterThanOrEqual(0);
	expect(result.confidence).toBeLessThanOrEqual(1);
	expect(typeof result.reason).toBe('string');
	expect(result.reason.length).toBeGreaterThan(0);
	if (result.matchedRule !== null) expect(BUILT_IN_RULES.some((rule) => rule.id === result.matchedRule)).toBe(true);
}

describe('Exception Classifier with carrier codes and free text', () => {
	it('classifies every known carrier and Odoo code alike whatever its case and surrounding spaces', () => {
		fc.assert(
			fc.property(knownCode, padding, padding, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), ([field, code], before, after, mask) => {
				const result = classifier.classify({ [field]: `${before}${recase(code, mask)}${after}` });
				expectWellFormed(result);
				expect(result.matchedRule).toBe(ruleFor(field, code));
				// The reason quotes the value as received (trimmed); everything else is the same decision.
				const { reason, ...decision } = result;
				const { reason: canonicalReason, ...canonical } = classifier.classify({ [field]: code });
				expect(decision).toEqual(canonical);
				expect(reason.toLowerCase()).toBe(canonicalReason.toLowerCase());
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('classifies any signal without throwing, deterministically, into a taxonomy category', () => {
		const signal = fc.record(
			Object.fromEntries(SIGNAL_FIELDS.map((field) => [field, fc.oneof(nastyString, knownCode.map(([, code]) => code), fc.string({ unit: 'binary', maxLength: 300 }))])) as Record<
				SignalField,
				fc.Arbitrary<string>
			>,
			{ requiredKeys: [] },
		);
		fc.assert(
			fc.property(signal, (value: Signal) => {
				const result = classifier.classify(value);
				expectWellFormed(result);
				expect(classifier.classify({ ...value })).toEqual(result);
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('reads any item shape into a signal, listing what is not text instead of failing', () => {
		const reader = new SignalReader(DEFAULT_SIGNAL_FIELDS);
		const item = fc.oneof(
			anyValue,
			fc.record({ eventType: anyValue, msg: fc.oneof(anyValue, fc.record({ tag: anyValue, subtag: anyValue })), result: fc.oneof(anyValue, fc.record({ status: anyValue, status_detail: anyValue })), subject: anyValue, text: anyValue }, { requiredKeys: [] }),
		);
		fc.assert(
			fc.property(item, (value) => {
				const { signal, problems } = reader.read(value);
				for (const part of Object.values(signal)) expect(typeof part).toBe('string');
				for (const problem of problems) expect(problem).toMatch(/^[\w.]+ holds .+, not text$/);
				expectWellFormed(classifier.classify(signal));
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('stays fast on adversarial text built from the text rules’ own words (no catastrophic backtracking)', () => {
		const words = TEXT_RULES.flatMap((rule) => (rule.keywords ?? []).concat((rule.pattern ?? '').match(/[a-z]{3,}/g) ?? []));
		const samples = fc.sample(fc.array(fc.constantFrom(...words, ' ', '  ', '-', '\n', 'a', '(', '.'), { minLength: 50, maxLength: 200 }), { numRuns: 20, seed: 7 });
		let slowest = 0;
		for (const parts of samples) {
			let text = parts.join(' ');
			while (text.length < 40_000) text += text;
			const started = performance.now();
			expectWellFormed(classifier.classify({ text }));
			expectWellFormed(classifier.classify({ text: `${'a '.repeat(20_000)}!` }));
			slowest = Math.max(slowest, performance.now() - started);
		}
		// Linear regexes on the first 20,000 characters take a few milliseconds; backtracking would take seconds.
		expect(slowest).toBeLessThan(500);
	});

	it('routes any items through n8n: each item on exactly one output, paired with its input', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.oneof(jsonValue, fc.record({ status: fc.oneof(nastyString, knownCode.map(([, code]) => code)), subject: nastyString })), { minLength: 1, maxLength: 8 }), async (values) => {
				const items = values.map((value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : { value } as IDataObject));
				const result = await runWorkflow({
					items,
					nodeTypes: { exceptionClassifier: new ExceptionClassifier() },
					chain: [{ name: 'Classify', type: 'exceptionClassifier', parameters: { rulesSource: 'none', routeBy: 'ownerTeam' } }],
				});
				expect(result.error('Classify')).toBeUndefined();
				const outputs = result.run.data.resultData.runData.Classify[0].data!.main as INodeExecutionData[][];
				const paired = outputs.flat().map((item) => (item.pairedItem as { item: number }).item).sort((a, b) => a - b);
				expect(paired).toEqual(items.map((_, index) => index));
			}),
			{ numRuns: RUNS.io / 2 },
		);
	});
});

describe('SLA Prioritizer carrier cut-offs with any carrier value', () => {
	const CARRIERS = ['DHL Express', 'UPS', 'bpost', 'PostNL', 42];
	const policy = SlaPolicy.compile({
		calendar: { timeZone: 'Europe/Brussels' },
		cutoffs: [
			{ carriers: ['DHL Express', 42], time: '16:00', timeZone: 'Europe/Berlin', transitHours: 24 },
			{ carriers: ['UPS', 'bpost'], time: '17:30' },
			{ carriers: ['PostNL', 'dhl express'], time: '15:00', timeZone: 'Europe/Amsterdam' },
			{ carriers: ['*'], time: '12:00' },
		],
	});
	const firstEntry = (carrier: string | number) => policy.cutoffs.findIndex((cutoff) => cutoff.spec.label.toLowerCase().split(' cut-off')[0].split(', ').includes(String(carrier).toLowerCase()));

	it('finds the first cut-off naming a carrier, in any of the shapes Odoo and carriers send it', () => {
		const shape = fc.tuple(fc.constantFrom(...CARRIERS), padding, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.nat({ max: 5 })).map(([carrier, pad, mask, form]) => {
			const name = typeof carrier === 'number' ? carrier : `${pad}${recase(carrier, mask)}${pad}`;
			const forms: unknown[] = [name, [typeof carrier === 'number' ? carrier : 7, name], { id: 99, name }, { display_name: name }, [[name]], String(name)];
			return { carrier, value: forms[form] };
		});
		fc.assert(
			fc.property(shape, ({ carrier, value }) => {
				expect(policy.carrierMatcher.match(value)).toBe(firstEntry(carrier));
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('matches any value to an entry index or to none, without throwing, even on cycles', () => {
		const cyclic: Record<string, unknown> = { name: 'x' };
		cyclic.id = cyclic;
		const matcher = new KeyMatcher([['a', 1], ['B'], []]);
		fc.assert(
			fc.property(fc.oneof(anyValue, fc.constant(cyclic), fc.constant([cyclic, [cyclic]])), (value) => {
				const found = matcher.match(value);
				expect(Number.isInteger(found) && found >= -1 && found < 3).toBe(true);
				expect(policy.carrierMatcher.match(value)).toBeGreaterThanOrEqual(-1);
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('ranks items with any carrier value, or names the item and field; never drops one', () => {
		const item = fc.record({ carrier_id: fc.oneof(anyValue, fc.constantFrom(...CARRIERS)), commitment_date: fc.oneof(fc.constant('2025-03-20 10:00:00'), fc.constant(false), anyValue) });
		fc.assert(
			fc.property(fc.array(item, { minLength: 1, maxLength: 12 }), (records) => {
				const ranking = prioritize(records, policy, { now: Date.parse('2025-03-14T09:00:00Z') });
				const seen = [...ranking.order, ...ranking.errors.map((error) => error.index)].sort((a, b) => a - b);
				expect(seen).toEqual(records.map((_, index) => index));
				for (const error of ranking.errors) {
					expect(error.field.length).toBeGreaterThan(0);
					expect(error.message.length).toBeGreaterThan(0);
				}
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('refuses any cut-off table that is not one with an SlaPolicyError naming the cut-off', () => {
		fc.assert(
			fc.property(fc.oneof(anyValue, fc.array(fc.record({ carriers: anyValue, time: fc.oneof(anyValue, fc.constant('16:00')), timeZone: fc.oneof(nastyString, fc.constant('Europe/Berlin')) }, { requiredKeys: [] }), { maxLength: 3 })), (cutoffs) => {
				try {
					SlaPolicy.compile({ calendar: { timeZone: 'UTC' }, cutoffs });
				} catch (error) {
					if (!(error instanceof SlaPolicyError)) throw error;
					expect(error.field).toMatch(/^cutoffs/);
					expect(error.message).toContain(`${error.field}: `);
				}
			}),
			{ numRuns: RUNS.cheap },
		);
	});

	it('through n8n: any carrier value is ranked, or the node stops naming the item and field', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.oneof(jsonValue, fc.constantFrom(...CARRIERS)), { minLength: 1, maxLength: 6 }), async (carriers) => {
				const items = carriers.map((carrier_id, index) => ({ id: index, carrier_id, commitment_date: '2025-03-20 10:00:00' }) as IDataObject);
				const result = await runSla(items, {
					policySource: 'json',
					policyJson: JSON.stringify({ calendar: { timeZone: 'Europe/Brussels' }, cutoffs: [{ carriers: ['DHL Express'], time: '16:00' }] }),
					output: 'single',
					options: { now: '2025-03-14T09:00:00Z' },
				});
				const error = result.error('SLA');
				if (error) {
					expect(error.name).toBe('NodeOperationError');
					expect(error.message).toMatch(/^Item \d+: /);
					return;
				}
				expect(result.output('SLA').map((out) => (out.pairedItem as { item: number }).item).sort()).toEqual(items.map((_, index) => index));
			}),
			{ numRuns: RUNS.io / 2 },
		);
	});
});
