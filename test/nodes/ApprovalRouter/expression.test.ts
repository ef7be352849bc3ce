import fc from 'fast-check';

import { compileExpression, ExpressionError } from '../../../nodes/ApprovalRouter/expression';
import { Unknown } from '../../../nodes/ApprovalRouter/values';

const evaluate = (source: string, item: Record<string, unknown> = {}) => compileExpression(source).ev(item);

describe('condition expressions', () => {
	it('respects operator precedence and parentheses', () => {
		expect(evaluate('1 + 2 * 3 == 7')).toBe(true);
		expect(evaluate('(1 + 2) * 3 == 9')).toBe(true);
		expect(evaluate('-2 * -3 == 6')).toBe(true);
		expect(evaluate('10 % 4 == 2 and 9 / 3 == 3')).toBe(true);
		expect(evaluate('true or false and false')).toBe(true);
		expect(evaluate('not true or true')).toBe(true);
		expect(evaluate('!(1 < 2) || 2 >= 2 && 3 != 3')).toBe(false);
	});

	it('reads nested fields and list positions', () => {
		const item = { customer: { credit_status: 'hold' }, lines: [{ qty: 4 }, { qty: 6 }] };
		expect(evaluate("customer.credit_status == 'hold'", item)).toBe(true);
		expect(evaluate('lines.1.qty * 2 > lines.0.qty + 7', item)).toBe(true);
	});

	it('compares numbers with numeric text, and text only with text', () => {
		expect(evaluate('amount > 10000', { amount: '12500.50' })).toBe(true);
		expect(evaluate('amount == 12500', { amount: 12500 })).toBe(true);
		expect(evaluate("code == 'A1'", { code: 'A1' })).toBe(true);
		expect(evaluate('flag == true', { flag: true })).toBe(true);
	});

	it('evaluates in and not in against literal lists and list fields', () => {
		expect(evaluate("category in ['expedited_freight', 'hazmat']", { category: 'hazmat' })).toBe(true);
		expect(evaluate("category not in ['expedited_freight', 'hazmat']", { category: 'standard' })).toBe(true);
		expect(evaluate('3 in allowed', { allowed: [1, 2, 3] })).toBe(true);
		expect(evaluate("country in [origin, 'DE']", { country: 'FR', origin: 'FR' })).toBe(true);
	});

	it('tests presence with exists()', () => {
		expect(evaluate('exists(customs_document)', { customs_document: 'EX-1' })).toBe(true);
		expect(evaluate('not exists(customs_document)', {})).toBe(true);
		expect(evaluate('exists(customs_document)', { customs_document: null })).toBe(false);
	});

	describe('missing and mistyped values are unknown, never false', () => {
		it('names a missing field', () => {
			const result = evaluate('amount > 10000', {});
			expect(result).toBeInstanceOf(Unknown);
			expect(result).toMatchObject({ field: 'amount', reason: 'field "amount" is missing' });
		});

		it("treats Odoo's false for an empty field as the wrong kind", () => {
			expect(evaluate("credit_status == 'hold'", { credit_status: false })).toMatchObject({
				field: 'credit_status',
				reason: expect.stringContaining('is false'),
			});
			expect(evaluate('amount >= 1', { amount: false })).toBeInstanceOf(Unknown);
		});

		it('refuses arithmetic on text and division by zero', () => {
			expect(evaluate('amount * 2 > 1', { amount: 'lots' })).toMatchObject({ field: 'amount' });
			expect(evaluate('amount / qty > 1', { amount: 10, qty: 0 })).toBeInstanceOf(Unknown);
		});

		it('makes an in-list test unknown when the value cannot be compared and no entry matches', () => {
			expect(evaluate("status in ['a', 'b']", { status: false })).toBeInstanceOf(Unknown);
			expect(evaluate("status in ['a', 'b']", {})).toMatchObject({ field: 'status' });
		});
	});

	it('follows three-valued logic: false and unknown is false, true or unknown is true', () => {
		const unknown = 'missing > 1';
		fc.assert(
			fc.property(fc.boolean(), (known) => {
				expect(evaluate(`${known} and ${unknown}`)).toEqual(known ? expect.any(Unknown) : false);
				expect(evaluate(`${unknown} and ${known}`)).toEqual(known ? expect.any(Unknown) : false);
				expect(evaluate(`${known} or ${unknown}`)).toEqual(known ? true : expect.any(Unknown));
				expect(evaluate(`not (${known} or ${unknown})`)).toEqual(known ? false : expect.any(Unknown));
			}),
		);
	});

	it('agrees with JavaScript on comparisons of random numbers', () => {
		fc.assert(
			fc.property(fc.integer(), fc.integer(), (a, b) => {
				const item = { a, b };
				expect(evaluate('a > b', item)).toBe(a > b);
				expect(evaluate('a >= b', item)).toBe(a >= b);
				expect(evaluate('a < b', item)).toBe(a < b);
				expect(evaluate('a <= b', item)).toBe(a <= b);
				expect(evaluate('a == b', item)).toBe(a === b);
				expect(evaluate('a + b == b + a', item)).toBe(true);
			}),
		);
	});

	it('lists the fields an expression reads', () => {
		expect(compileExpression("amount * qty > 5 and customer.tier in ['gold'] or exists(x)").fields).toEqual([
			'amount',
			'qty',
			'customer.tier',
			'x',
		]);
	});

	it.each([
		['amount >', 'unexpected end of expression at column 9'],
		['amount >> 3', 'unexpected ">" at column 9'],
		["category == 'open", 'unterminated text at column 13'],
		['(amount > 1', 'expected ")" but found end of expression at column 12'],
		['amount == null', 'null is not a value: test a field with exists(field) at column 11'],
		['exists(3)', 'exists() takes a field path, found "3" at column 8'],
		['amount # 2', 'unexpected "#" at column 8'],
	])('reports %j as malformed: %s', (source, message) => {
		expect(() => compileExpression(source)).toThrow(ExpressionError);
		expect(() => compileExpression(source)).toThrow(message);
	});
});
