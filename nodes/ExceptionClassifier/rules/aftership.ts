import { codeRules, CodeRow, RuleDefinition } from './types';

/*
 * AfterShip Tracking delivery statuses (tags) and sub-statuses (subtags), with AfterShip's own meanings:
 * https://www.aftership.com/docs/tracking/enum/delivery-statuses and
 * https://www.aftership.com/docs/tracking/enum/delivery-sub-statuses (Exception_016 to _021 from 27 March 2026).
 */

/** Subtags that name a specific exception. */
const SPECIFIC_SUBTAGS: readonly CodeRow[] = [
	['Exception_002', 'address_issue', 0.9, 'customer moved'],
	['Exception_003', 'refused', 0.95, 'customer refused delivery'],
	['Exception_004', 'customs_hold', 0.9, 'delayed (customs clearance)'],
	['Exception_005', 'carrier_delay', 0.85, 'delayed (external factors)'],
	['Exception_006', 'payment_hold', 0.9, 'held for payment'],
	['Exception_007', 'address_issue', 0.95, 'incorrect address'],
	['Exception_008', 'failed_delivery_attempt', 0.85, 'pickup missed: not collected by the customer'],
	['Exception_009', 'carrier_exception', 0.85, 'rejected by carrier'],
	['Exception_010', 'return_to_sender', 0.95, 'returning to sender'],
	['Exception_011', 'return_to_sender', 0.95, 'returned to sender'],
	['Exception_012', 'damage', 0.95, 'shipment damaged'],
	['Exception_013', 'lost', 0.95, 'shipment lost'],
	['Exception_016', 'carrier_delay', 0.9, 'delayed (processing issue)'],
	['Exception_017', 'carrier_delay', 0.9, 'delayed (extreme weather)'],
	['Exception_018', 'customs_hold', 0.9, 'incorrect or missing documents'],
	['Exception_019', 'carrier_delay', 0.9, 'delayed (late flight)'],
	['Exception_020', 'cancellation', 0.9, 'shipment cancelled'],
	['Exception_021', 'lost', 0.9, 'shipment disposed'],
	['AttemptFail_001', 'failed_delivery_attempt', 0.95, 'failed attempt'],
	['AttemptFail_002', 'failed_delivery_attempt', 0.95, 'addressee not available'],
	['AttemptFail_003', 'failed_delivery_attempt', 0.95, 'business closed'],
];

/** Subtags of normal progress, and the generic exception. */
const GENERIC_SUBTAGS: readonly CodeRow[] = [
	['Exception_001', 'carrier_exception', 0.6, 'generic shipping exception'],
	['Expired_001', 'lost', 0.5, 'no tracking information for 30 days'],
	['Delivered_001', 'no_exception', 0.95, 'delivered'],
	['Delivered_002', 'no_exception', 0.95, 'picked up by the customer'],
	['Delivered_003', 'no_exception', 0.95, 'signed by the customer'],
	['Delivered_004', 'no_exception', 0.95, 'delivered, cash on delivery collected'],
	['Delivered_005', 'no_exception', 0.95, 'delivered to a neighbour'],
	['AvailableForPickup_001', 'no_exception', 0.9, 'available for pickup'],
	['InfoReceived_001', 'no_exception', 0.9, 'carrier received the shipment information'],
	['InTransit_001', 'no_exception', 0.9, 'in transit'],
	['InTransit_002', 'no_exception', 0.9, 'acceptance scan'],
	['InTransit_003', 'no_exception', 0.9, 'arrival scan'],
	['InTransit_004', 'no_exception', 0.9, 'arrived at the destination country'],
	['InTransit_005', 'no_exception', 0.9, 'customs clearance completed'],
	['InTransit_006', 'no_exception', 0.8, 'handed over to customs for clearance'],
	['InTransit_007', 'no_exception', 0.9, 'departure scan'],
	['InTransit_008', 'no_exception', 0.85, 'problem resolved, in transit'],
	['InTransit_009', 'no_exception', 0.8, 'forwarded to a different delivery address'],
	['OutForDelivery_001', 'no_exception', 0.9, 'out for delivery'],
	['OutForDelivery_003', 'no_exception', 0.9, 'customer contacted before delivery'],
	['OutForDelivery_004', 'no_exception', 0.9, 'delivery appointment scheduled'],
	['Pending_001', 'no_exception', 0.8, 'no tracking information yet'],
];

/** Tags, for signals without a subtag. */
const TAGS: readonly CodeRow[] = [
	['AttemptFail', 'failed_delivery_attempt', 0.85, 'failed attempt'],
	['Exception', 'carrier_exception', 0.5, 'exception (custom hold, undelivered, returned or other)'],
	['Expired', 'lost', 0.5, 'no tracking information for 30 days'],
	['Pending', 'no_exception', 0.8, 'pending'],
	['InfoReceived', 'no_exception', 0.9, 'info received'],
	['InTransit', 'no_exception', 0.9, 'in transit'],
	['OutForDelivery', 'no_exception', 0.9, 'out for delivery'],
	['AvailableForPickup', 'no_exception', 0.9, 'available for pickup'],
	['Delivered', 'no_exception', 0.95, 'delivered'],
];

export const AFTERSHIP_SPECIFIC_RULES: RuleDefinition[] = codeRules('aftership.subtag', 'subtag', SPECIFIC_SUBTAGS);

/** Subtags added by AfterShip after this table was written fall back on their prefix, which is their tag. */
export const AFTERSHIP_GENERIC_RULES: RuleDefinition[] = [
	...codeRules('aftership.subtag', 'subtag', GENERIC_SUBTAGS),
	{
		id: 'aftership.subtag.AttemptFail_*',
		field: 'subtag',
		pattern: '^AttemptFail_\\d+$',
		category: 'failed_delivery_attempt',
		confidence: 0.8,
		label: 'a failed-attempt subtag',
	},
	{
		id: 'aftership.subtag.Exception_*',
		field: 'subtag',
		pattern: '^Exception_\\d+$',
		category: 'carrier_exception',
		confidence: 0.5,
		label: 'an exception subtag',
	},
	{
		id: 'aftership.subtag.progress_*',
		field: 'subtag',
		pattern: '^(?:Pending|InfoReceived|InTransit|OutForDelivery|AvailableForPickup|Delivered)_\\d+$',
		category: 'no_exception',
		confidence: 0.8,
		label: 'a subtag of normal progress',
	},
	...codeRules('aftership.tag', 'tag', TAGS),
];
