/**
 * Configuration under fuzzing: SLA policies, approval policies and classifier rules, as arbitrary values and as the
 * nodes' own example documents with one value anywhere replaced by anything. Each is accepted, or refused with the
 * engine's configuration error naming where the problem is; never a TypeError. Through n8n, the nodes turn any bad
 * document into a NodeOperationError.
 */
import fc from 'fast-check';
import type { INodeType } from 'n8n-workflow';

import { ApprovalRouter } from '../../nodes/ApprovalRouter/ApprovalRouter.node';
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { PolicyError } from '../../nodes/ApprovalRouter/schema';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { ExceptionClassifier } from '../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { RuleConfigurationError } from '../../nodes/ExceptionClassifier/userRules';
import { SlaPolicy, SlaPolicyError } from '../../nodes/SlaPrioritizer/policy';
import { SlaPrioritizer } from '../../nodes/SlaPrioritizer/SlaPrioritizer.node';
import { formatPath } from '../../nodes/shared/validation';
import { runWorkflow } from '../helpers/n8n';
import { RUNS, anyValue, jsonValue, mutateAt } from './arbitraries';

function exampleOf(node: INodeType, parameter: string): unknown {
	const property = node.description.properties.find((candidate) => candidate.name === parameter);
	return JSON.parse(String(property?.default));
}

const SLA_EXAMPLE = exampleOf(new SlaPrioritizer(), 'policyJson');
const APPROVAL_EXAMPLE = exampleOf(new ApprovalRouter() as unknown as INodeType, 'policyJson');
const RULES_EXAMPLE = exampleOf(new ExceptionClassifier(), 'rulesJson');

/** Runs `compile`; returns the error it threw, after checking it is of the expected class. */
function outcome<E extends Error>(compile: () => unknown, errorClass: new (...args: never[]) => E): E | undefined {
	try {
		compile();
		return undefined;
	} catch (error) {
		if (!(error instanceof errorClass)) throw new Error(`expected ${errorClass.name}, got ${(error as Error)?.stack ?? String(error)}`);
		return error;
	}
}

/** True when one path is a prefix of the other: the problem is reported at the value replaced, inside it or above it. */
function related(a: Array<string | number>, b: Array<string | number>): boolean {
	const length = Math.min(a.length, b.length);
	return a.slice(0, length).every((key, index) => String(key) === String(b[index]));
}

describe('configuration fuzzing', () => {
	it('examples shipped with the nodes are valid', () => {
		expect(() => SlaPolicy.compile(SLA_EXAMPLE)).not.toThrow();
		expect(() => compilePolicy(APPROVAL_EXAMPLE)).not.toThrow();
		expect(() => SignalClassifier.create(RULES_EXAMPLE)).not.toThrow();
	});

	describe('SLA policies', () => {
		it('refuses any value that is not a policy with an SlaPolicyError naming the field', () => {
			fc.assert(
				fc.property(anyValue, (value) => {
					const error = outcome(() => SlaPolicy.compile(value), SlaPolicyError);
					if (!error) return;
					expect(error.message).toMatch(/^Invalid SLA policy: /);
					expect(error.message).toContain(`${error.field}: `);
				}),
				{ numRuns: RUNS.cheap },
			);
		});

		it('names the replaced value (or the setting that depends on it) when one value of the example is wrong', () => {
			fc.assert(
				fc.property(fc.nat(), anyValue, (choice, replacement) => {
					const { value, path } = mutateAt(SLA_EXAMPLE, choice, replacement);
					const error = outcome(() => SlaPolicy.compile(value), SlaPolicyError);
					if (!error) return;
					const named = error.field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
					const crossField = error.field === 'defaultTier' || /^tiers\[\d+\]\.name$/.test(error.field);
					if (!(related(named, path.map(String)) || crossField || error.field === '(root)')) {
						throw new Error(`replacing ${formatPath(path)} was reported at ${error.field}: ${error.message}`);
					}
					expect(error.message).toContain(`${error.field}: `);
				}),
				{ numRuns: RUNS.cheap },
			);
		});
	});

	describe('approval policies', () => {
		it('refuses any value that is not a policy with a PolicyError, one line per problem', () => {
			fc.assert(
				fc.property(anyValue, (value) => {
					const error = outcome(() => compilePolicy(value), PolicyError);
					if (!error) return;
					expect(error.issues.length).toBeGreaterThan(0);
					expect(error.message).toBe(`Invalid approval policy: ${error.issues[0]}${error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : ''}`);
					for (const issue of error.issues) expect(issue.length).toBeGreaterThan(5);
				}),
				{ numRuns: RUNS.cheap },
			);
		});

		it('names the rule, condition or field when one value of the example is wrong', () => {
			fc.assert(
				fc.property(fc.nat(), anyValue, (choice, replacement) => {
					const { value, path } = mutateAt(APPROVAL_EXAMPLE, choice, replacement);
					const error = outcome(() => compilePolicy(value), PolicyError);
					if (!error || !path.length) return;
					const [top, index] = path;
					const expected =
						top === 'rules' && typeof index === 'number'
							? /rule (?:"(?:[^"\\]|\\.)*" \(#\d+\)|#\d+)|^rules/
							: new RegExp(`(?:^|, )${String(top).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|rule |^rules|group`);
					if (!error.issues.some((issue) => expected.test(issue))) {
						throw new Error(`replacing ${formatPath(path)} gave issues that do not name it: ${error.issues.join(' | ')}`);
					}
				}),
				{ numRuns: RUNS.cheap },
			);
		});
	});

	describe('classifier rules', () => {
		it('refuses any value that is not a rule list with a RuleConfigurationError', () => {
			fc.assert(
				fc.property(fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 }), fc.string()), (value) => {
					const error = outcome(() => SignalClassifier.create(value), RuleConfigurationError);
					if (!error) return;
					expect(error.message).toMatch(/^(?:Invalid rules: Rule (?:"(?:[^"\\]|\\.)*" \(#\d+\)|#\d+): |The rules (?:are not valid JSON|must be a JSON array))/);
				}),
				{ numRuns: RUNS.cheap },
			);
		});

		it('names the rule by id and position, and the field, when one value of the example is wrong', () => {
			fc.assert(
				fc.property(fc.nat(), anyValue, (choice, replacement) => {
					const { value, path } = mutateAt(RULES_EXAMPLE, choice, replacement);
					const error = outcome(() => SignalClassifier.create(value), RuleConfigurationError);
					if (!error || path.length === 0) return;
					const position = Number(path[0]) + 1;
					expect(error.message).toMatch(new RegExp(`Rule (?:"(?:[^"\\\\]|\\\\.)*" \\(#${position}\\)|#${position}):`));
					if (path.length > 1 && typeof path[1] === 'string' && !/id|position|label|confidence/.test(path[1])) {
						// The field replaced, or the matcher rule that its absence breaks, is named.
						expect(error.message).toMatch(new RegExp(`${path[1]}|equals, keywords or pattern|category|pattern`));
					}
				}),
				{ numRuns: RUNS.cheap },
			);
		});

		it('refuses an invalid user regex at configuration time, naming the rule', () => {
			const started = Date.now();
			const error = outcome(() => SignalClassifier.create([{ id: 'bad', field: 'text', pattern: '(unclosed', category: 'carrier_delay' }]), RuleConfigurationError);
			expect(error?.message).toContain('Rule "bad" (#1): pattern is not a valid regular expression');
			expect(Date.now() - started).toBeLessThan(1000);
		});
	});

	describe('through n8n', () => {
		const documents = fc.oneof(fc.string({ maxLength: 40 }), jsonValue.map((value) => JSON.stringify(value) ?? ''));

		async function runNode(type: string, node: INodeType, parameters: Record<string, unknown>) {
			const result = await runWorkflow({
				items: [{ name: 'x', amount: 5, requested_by: 'a@acme.test', eventType: 'x' }],
				nodeTypes: { [type]: node },
				chain: [{ name: 'Node', type, parameters: parameters as never }],
			});
			return result.error('Node');
		}

		// A valid document may still fail an item (the SLA Prioritizer names the item and its missing date).
		it('turns any policy or rules document into a NodeOperationError naming the problem, or runs', async () => {
			const cases: Array<[string, () => INodeType, (document: unknown) => Record<string, unknown>, RegExp, unknown]> = [
				['slaPrioritizer', () => new SlaPrioritizer(), (policyJson) => ({ policySource: 'json', policyJson, output: 'single' }), /^(?:Invalid SLA policy: |Policy \(JSON\) is not valid JSON|Item 0: )/, SLA_EXAMPLE],
				['approvalRouter', () => new ApprovalRouter() as unknown as INodeType, (policyJson) => ({ operation: 'route', policySource: 'json', policyJson, requesterField: 'requested_by' }), /^(?:Invalid approval policy: |The policy is not valid JSON)/, APPROVAL_EXAMPLE],
				['exceptionClassifier', () => new ExceptionClassifier(), (rulesJson) => ({ rulesSource: 'json', rulesJson, routeBy: 'ownerTeam' }), /^(?:Invalid rules: |The rules )/, RULES_EXAMPLE],
			];
			for (const [type, make, parameters, message, example] of cases) {
				await fc.assert(
					fc.asyncProperty(fc.oneof(documents, fc.tuple(fc.nat(), anyValue).map(([choice, replacement]) => JSON.stringify(mutateAt(example, choice, replacement).value) ?? '')), async (document) => {
						const error = await runNode(type, make(), parameters(document));
						if (!error) return;
						expect(error.name).toBe('NodeOperationError');
						expect(error.message).toMatch(message);
					}),
					{ numRuns: RUNS.io / 2 },
				);
			}
		});
	});
});
