import { AFTERSHIP_GENERIC_RULES, AFTERSHIP_SPECIFIC_RULES } from './aftership';
import { EASYPOST_GENERIC_RULES, EASYPOST_SPECIFIC_RULES } from './easypost';
import { ODOO_EVENT_RULES, ODOO_GENERIC_EVENT_RULES } from './odoo';
import { TEXT_RULES } from './text';
import { RuleDefinition } from './types';
import { X12_GENERIC_RULES, X12_SPECIFIC_RULES } from './x12';

export * from './types';
export { PRESET_RULES, presetEventTypes } from './odoo';

/**
 * The built-in rules in evaluation order: Odoo events and carrier codes that name a specific exception, then the
 * text rules, then Odoo events and carrier codes that are generic or only report progress. A carrier status such as
 * "in transit" thus never hides a checkpoint message that says the parcel is damaged.
 */
export const BUILT_IN_RULES: readonly RuleDefinition[] = [
	...ODOO_EVENT_RULES,
	...AFTERSHIP_SPECIFIC_RULES,
	...EASYPOST_SPECIFIC_RULES,
	...X12_SPECIFIC_RULES,
	...TEXT_RULES,
	...ODOO_GENERIC_EVENT_RULES,
	...AFTERSHIP_GENERIC_RULES,
	...EASYPOST_GENERIC_RULES,
	...X12_GENERIC_RULES,
];
