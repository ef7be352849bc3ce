/**
 * Rule conditions: a field compared with a threshold (`{ field, op, value }`) or an expression (`{ expr }`).
 * Both compile to the same three-valued operands as the expression language.
 */
import { compileExpression, ExpressionError } from './expression';
import { compare, existsOperand, fieldOperand, inList, literalOperand, matches, not, type Operand } from './operands';
import { compilePath, type Item, Unknown } from './values';

export const OPERATORS = [
	'eq',
	'ne',
	'gt',
	'gte',
	'lt',
	'lte',
	'between',
	'in',
	'not_in',
	'exists',
	'not_exists',
	'matches',
] as const;

export type Operator = (typeof OPERATORS)[number];

export type Scalar = string | number | boolean;

/** `{ field: 'credit_limit' }` in place of a threshold compares two fields of the item. */
export interface FieldReference {
	field: string;
}

export interface FieldCondition {
	field: string;
	op: Operator;
	value?: Scalar | Scalar[] | FieldReference;
}

export interface ExpressionCondition {
	expr: string;
}

export type ConditionDefinition = FieldCondition | ExpressionCondition;

/** What an auditor reads about one condition: the threshold, the value the item had and the result. */
export interface ConditionEvidence {
	rule: string;
	condition: string;
	field?: string;
	operator?: Operator;
	threshold?: unknown;
	actual?: unknown;
	values?: Record<string, unknown>;
	result: boolean | 'unknown';
}

export interface CompiledCondition {
	test: Operand;
	text: string;
	fields: string[];
	evidence(item: Item, rule: string): ConditionEvidence;
}

export class ConditionError extends Error {}

const SYMBOL: Partial<Record<Operator, '==' | '!=' | '>' | '>=' | '<' | '<='>> = {
	eq: '==',
	ne: '!=',
	gt: '>',
	gte: '>=',
	lt: '<',
	lte: '<=',
};

function isFieldReference(value: unknown): value is FieldReference {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && 'field' in value;
}

function isScalar(value: unknown): value is Scalar {
	return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function threshold(value: unknown): Operand {
	if (isFieldReference(value)) return fieldOperand(value.field);
	if (!isScalar(value)) throw new ConditionError('needs a value: a number, a text, true/false or { "field": "..." }');
	return literalOperand(value, JSON.stringify(value));
}

function numeric(value: unknown, what: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConditionError(`${what} must be a number`);
	return value;
}

function fieldTest(condition: FieldCondition): Operand {
	const subject = fieldOperand(condition.field);
	const { op, value } = condition;
	const symbol = SYMBOL[op];
	if (symbol) return compare(symbol, subject, threshold(value));
	switch (op) {
		case 'between': {
			if (!Array.isArray(value) || value.length !== 2) throw new ConditionError('"between" needs [min, max]');
			const [min, max] = [numeric(value[0], 'min'), numeric(value[1], 'max')];
			if (min > max) throw new ConditionError(`"between" range is empty: min ${min} is above max ${max}`);
			const low = compare('>=', subject, literalOperand(min, String(min)));
			const high = compare('<=', subject, literalOperand(max, String(max)));
			return {
				ev: (item) => {
					const a = low.ev(item);
					return a === true ? high.ev(item) : a;
				},
				text: `${condition.field} between ${min} and ${max}`,
				fields: subject.fields,
			};
		}
		case 'in':
		case 'not_in': {
			if (!Array.isArray(value) || value.length === 0) throw new ConditionError(`"${op}" needs a non-empty list`);
			if (!value.every(isScalar)) throw new ConditionError(`"${op}" list may only hold numbers, texts or true/false`);
			const kinds = new Set(value.map((v) => typeof v));
			if (kinds.size > 1) throw new ConditionError(`"${op}" list mixes ${[...kinds].join(' and ')} values`);
			return inList(op === 'not_in', subject, literalOperand(value, JSON.stringify(value)));
		}
		case 'exists':
		case 'not_exists': {
			if (value !== undefined) throw new ConditionError(`"${op}" takes no value`);
			const present = existsOperand(condition.field);
			return op === 'exists' ? present : not(present);
		}
		case 'matches': {
			if (typeof value !== 'string') throw new ConditionError('"matches" needs a regular expression as text');
			let pattern: RegExp;
			try {
				pattern = new RegExp(value);
			} catch (error) {
				throw new ConditionError(`"matches" has an invalid regular expression: ${(error as Error).message}`);
			}
			return matches(subject, pattern);
		}
		default:
			throw new ConditionError(`unknown operator "${String(op)}" (use one of ${OPERATORS.join(', ')})`);
	}
}

function resultOf(value: unknown): boolean | 'unknown' {
	return typeof value === 'boolean' ? value : 'unknown';
}

/** What the item held, between the condition's text and its result in the evidence. */
type Observed = Omit<ConditionEvidence, 'rule' | 'condition' | 'result'>;

function compiled(test: Operand, text: string, observe: (item: Item) => Observed): CompiledCondition {
	return {
		test,
		text,
		fields: test.fields,
		evidence: (item, rule) => ({ rule, condition: text, ...observe(item), result: resultOf(test.ev(item)) }),
	};
}

/** Compiles one condition; throws `ConditionError` with a message fit for the user when it is malformed. */
export function compileCondition(condition: ConditionDefinition): CompiledCondition {
	if ('expr' in condition) {
		let test: Operand;
		try {
			test = compileExpression(condition.expr);
		} catch (error) {
			if (error instanceof ExpressionError) {
				throw new ConditionError(`expression ${JSON.stringify(condition.expr)} is malformed: ${error.message}`);
			}
			throw error;
		}
		const readers = test.fields.map((path) => [path, compilePath(path)] as const);
		return compiled(test, condition.expr, (item) => ({
			values: Object.fromEntries(readers.map(([path, read]) => [path, read(item) ?? null])),
		}));
	}
	const test = fieldTest(condition);
	const read = compilePath(condition.field);
	const reference = isFieldReference(condition.value) ? compilePath(condition.value.field) : undefined;
	return compiled(test, test.text, (item) => ({
		field: condition.field,
		operator: condition.op,
		threshold: reference ? (reference(item) ?? null) : (condition.value ?? null),
		actual: read(item) ?? null,
	}));
}

const NONE: Unknown[] = [];

function unknownOf(condition: CompiledCondition, value: unknown): Unknown {
	return value instanceof Unknown ? value : new Unknown(`${condition.text} is not true or false`);
}

/**
 * Compiles conditions into one conjunction: false as soon as one is false, otherwise the unknowns (empty when all
 * are true). A rule's conditions are evaluated for every item, so one and two conditions get their own closures.
 */
export function compileConjunction(conditions: CompiledCondition[]): (item: Item) => false | Unknown[] {
	if (conditions.length === 0) return () => NONE;
	if (conditions.length === 1) {
		const [only] = conditions;
		const ev = only.test.ev;
		return (item) => {
			const value = ev(item);
			return value === true ? NONE : value === false ? false : [unknownOf(only, value)];
		};
	}
	return (item) => {
		let unknowns: Unknown[] | undefined;
		for (const condition of conditions) {
			const value = condition.test.ev(item);
			if (value === false) return false;
			if (value !== true) (unknowns ??= []).push(unknownOf(condition, value));
		}
		return unknowns ?? NONE;
	};
}
