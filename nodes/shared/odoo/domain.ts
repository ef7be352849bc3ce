import { MAX_DEPTH, Literal, formatPythonValue, parseLiteral } from './domainSyntax';
import { OdooDomainError } from './errors';

/**
 * Odoo domains: a list in Polish (prefix) notation of terms `(field, operator, value)` and the operators `&`, `|`
 * (two operands) and `!` (one). Terms side by side are ANDed.
 */
export type DomainValue = Literal;
export type DomainOperator = '&' | '|' | '!';
export type DomainTerm = [field: string | 0 | 1, operator: string, value: DomainValue | Domain];
export type DomainElement = DomainOperator | DomainTerm;
export type Domain = DomainElement[];
/** A domain as users give it: JSON or Python text, or an already parsed list. Blank means every record. */
export type DomainInput = string | readonly unknown[] | null | undefined;

export const TERM_OPERATORS = [
	'=',
	'!=',
	'<=',
	'<',
	'>',
	'>=',
	'=?',
	'=like',
	'=ilike',
	'like',
	'not like',
	'ilike',
	'not ilike',
	'in',
	'not in',
	'child_of',
	'parent_of',
	'any',
	'not any',
	'any!',
	'not any!',
] as const;

const OPERATOR_SET: ReadonlySet<string> = new Set(TERM_OPERATORS);
const SUBDOMAIN_OPERATORS: ReadonlySet<string> = new Set(['any', 'not any', 'any!', 'not any!']);
const ARITY: Record<DomainOperator, number> = { '&': 2, '|': 2, '!': 1 };
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const TRUE_DOMAIN: Domain = [];
export const FALSE_DOMAIN: Domain = [[0, '=', 1]];

/** Parses and validates a domain. Throws `OdooDomainError` naming the bad term (position and text). */
export function parseDomain(input: DomainInput): Domain {
	if (input === null || input === undefined) return [];
	if (typeof input === 'string') return input.trim() ? validateDomain(parseLiteral(input)) : [];
	return validateDomain(input);
}

/** Checks a parsed domain and returns a clean copy (operators in lower case). */
export function validateDomain(value: unknown): Domain {
	return new DomainValidator().domain(value, 0, []);
}

class DomainValidator {
	/** `path` is the chain of term positions (0-based) leading to a sub-domain of `any`. */
	domain(value: unknown, depth: number, path: number[]): Domain {
		if (!Array.isArray(value)) {
			throw this.error(path, undefined, value, 'a domain must be a list of terms, like [("state", "=", "sale")]');
		}
		if (depth > MAX_DEPTH) throw this.error(path, undefined, value, `nested more than ${MAX_DEPTH} levels deep`);
		const elements = Array.from(value, (element, index) => this.element(element, depth, [...path, index]));
		this.checkArity(elements, path);
		return elements;
	}

	private element(element: unknown, depth: number, path: number[]): DomainElement {
		if (typeof element === 'string') {
			if (Object.prototype.hasOwnProperty.call(ARITY, element)) return element as DomainOperator;
			throw this.error(path, element, element, "a domain item must be a term (field, operator, value) or '&', '|', '!'");
		}
		if (!Array.isArray(element) || element.length !== 3) {
			const count = Array.isArray(element) ? `, not ${element.length}` : '';
			throw this.error(path, element, element, `a term must have 3 items (field, operator, value)${count}`);
		}
		const [field, operator, value] = element as unknown[];
		if ((field === 0 || field === 1) && operator === '=' && value === 1) return [field, '=', 1];
		if (typeof field !== 'string' || !FIELD_PATH.test(field)) {
			throw this.error(path, element, element, 'the first item must be a field name, such as "partner_id.country_id"');
		}
		const normalised = typeof operator === 'string' ? operator.trim().toLowerCase() : undefined;
		if (normalised === undefined || !OPERATOR_SET.has(normalised)) {
			throw this.error(path, element, element, `unknown operator ${describe(operator)}; use one of ${TERM_OPERATORS.join(' ')}`);
		}
		if (SUBDOMAIN_OPERATORS.has(normalised)) return [field, normalised, this.domain(value, depth + 1, path)];
		return [field, normalised, this.value(value, depth, path, element)];
	}

	private value(value: unknown, depth: number, path: number[], element: unknown): DomainValue {
		if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		if (Array.isArray(value) && depth < MAX_DEPTH) {
			return Array.from(value, (item: unknown) => this.value(item, depth + 1, path, element));
		}
		throw this.error(path, element, element, 'the value must be a string, a finite number, True, False, None or a list of them');
	}

	/** Reads from the end, counting operands: each operator needs its operands after it. */
	private checkArity(elements: Domain, path: number[]): void {
		let operands = 0;
		for (let index = elements.length - 1; index >= 0; index -= 1) {
			const element = elements[index];
			if (typeof element !== 'string') {
				operands += 1;
				continue;
			}
			const arity = ARITY[element];
			if (operands < arity) {
				const needed = arity === 1 ? 'one term after it' : 'two terms after it';
				throw this.error([...path, index], element, element, `the operator '${element}' needs ${needed}`);
			}
			operands -= arity - 1;
		}
	}

	private error(path: number[], term: unknown, shown: unknown, reason: string): OdooDomainError {
		const where = path.map((index) => `term ${index + 1}`).join(' > ');
		const text = term === undefined ? '' : ` ${describe(shown)}`;
		return new OdooDomainError(`${where || 'the domain'}${text}: ${reason}`, {
			termIndex: path[0],
			term: term === undefined ? undefined : describe(term),
		});
	}
}

/** A short Python-like rendering of any value, safe for cycles and odd types (used in error messages). */
function describe(value: unknown, depth = 0): string {
	const text = describeValue(value, depth);
	return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeValue(value: unknown, depth: number): string {
	if (typeof value === 'string') return formatPythonValue(value.length > 100 ? `${value.slice(0, 100)}...` : value);
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return formatPythonValue(value);
	if (Array.isArray(value)) {
		if (depth > 3) return '[...]';
		const items = value.slice(0, 5).map((item: unknown) => describeValue(item, depth + 1));
		return `${depth === 0 && value.length === 3 ? '(' : '['}${items.join(', ')}${value.length > 5 ? ', ...' : ''}${
			depth === 0 && value.length === 3 ? ')' : ']'
		}`;
	}
	if (value === undefined) return 'undefined';
	return typeof value === 'object' ? '{...}' : typeof value;
}

/** The domain in Python syntax (as Odoo writes it) or JSON. Parsing the result gives the same domain back. */
export function formatDomain(domain: Domain, syntax: 'python' | 'json' = 'python'): string {
	if (syntax === 'json') return JSON.stringify(domain);
	return `[${domain.map(formatElement).join(', ')}]`;
}

function formatElement(element: DomainElement): string {
	if (typeof element === 'string') return formatPythonValue(element);
	const [field, operator, value] = element;
	const shown = SUBDOMAIN_OPERATORS.has(operator) ? formatDomain(value as Domain) : formatPythonValue(value as Literal);
	return `(${formatPythonValue(field)}, ${formatPythonValue(operator)}, ${shown})`;
}

/** Makes the implicit ANDs explicit, so that the domain is one expression (Odoo's `normalize_domain`). */
export function normalizeDomain(domain: Domain): Domain {
	const result: Domain = [];
	let expected = 1;
	for (const element of domain) {
		if (expected === 0) {
			result.unshift('&');
			expected = 1;
		}
		expected += typeof element === 'string' ? ARITY[element] - 1 : -1;
		result.push(element);
	}
	return result;
}

const isTrue = (domain: Domain) => domain.length === 0 || sameDomain(domain, [[1, '=', 1]]);
const isFalse = (domain: Domain) => sameDomain(domain, FALSE_DOMAIN);

function sameDomain(a: Domain, b: Domain): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function combine(operator: '&' | '|', domains: Domain[], unit: (d: Domain) => boolean, zero: (d: Domain) => boolean) {
	const parts: Domain[] = [];
	for (const domain of domains) {
		if (zero(domain)) return 'zero';
		if (!unit(domain)) parts.push(normalizeDomain(domain));
	}
	if (!parts.length) return 'unit';
	return [...Array<DomainOperator>(parts.length - 1).fill(operator), ...parts.flat()] as Domain;
}

/** Records matching every domain. An empty domain matches everything and is left out. */
export function andDomains(...domains: Domain[]): Domain {
	const result = combine('&', domains, isTrue, isFalse);
	return result === 'zero' ? FALSE_DOMAIN : result === 'unit' ? TRUE_DOMAIN : result;
}

/** Records matching any of the domains. */
export function orDomains(...domains: Domain[]): Domain {
	const result = combine('|', domains, isFalse, isTrue);
	return result === 'zero' ? TRUE_DOMAIN : result === 'unit' ? FALSE_DOMAIN : result;
}

/** Records not matching the domain. */
export function notDomain(domain: Domain): Domain {
	if (isTrue(domain)) return FALSE_DOMAIN;
	if (isFalse(domain)) return TRUE_DOMAIN;
	return ['!', ...normalizeDomain(domain)];
}
