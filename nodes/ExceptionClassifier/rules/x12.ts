import { codeRules, CodeRow, RuleDefinition } from './types';

/*
 * ASC X12 element 1651, Shipment Status or Appointment Reason Code (AT7 segment of the 214 Transportation Carrier
 * Shipment Status message), with the X12 meanings (for example https://www.stedi.com/edi/x12-005010/element/1651).
 * Codes that state no problem (appointments, 'Normal Status') come after the text rules.
 */

const EXCEPTION_CODES: readonly CodeRow[] = [
	['A1', 'failed_delivery_attempt', 0.9, 'missed delivery'],
	['A2', 'address_issue', 0.95, 'incorrect address'],
	['A5', 'address_issue', 0.9, 'unable to locate'],
	['A6', 'address_issue', 0.8, 'address corrected, delivery attempted'],
	['AA', 'carrier_delay', 0.85, 'mis-sort'],
	['AD', 'carrier_delay', 0.7, 'customer requested future delivery'],
	['AE', 'carrier_exception', 0.85, 'restricted articles unacceptable'],
	['AF', 'carrier_delay', 0.8, 'accident'],
	['AG', 'failed_delivery_attempt', 0.7, 'consignee related'],
	['AH', 'carrier_delay', 0.85, 'driver related'],
	['AI', 'carrier_delay', 0.85, 'mechanical breakdown'],
	['AJ', 'carrier_delay', 0.8, 'other carrier related'],
	['AK', 'damage', 0.9, 'damaged, rewrapped in hub'],
	['AL', 'carrier_delay', 0.8, 'previous stop'],
	['AN', 'carrier_delay', 0.85, 'holiday, closed'],
	['AO', 'carrier_delay', 0.9, 'weather or natural disaster related'],
	['AP', 'customs_hold', 0.8, 'awaiting export'],
	['AQ', 'failed_delivery_attempt', 0.85, 'recipient unavailable, delivery delayed'],
	['AR', 'customs_hold', 0.9, 'improper international paperwork'],
	['AS', 'customs_hold', 0.95, 'hold due to customs documentation problems'],
	['AT', 'customs_hold', 0.85, 'unable to contact recipient for broker information'],
	['AU', 'carrier_delay', 0.85, 'civil event related delay'],
	['AV', 'carrier_exception', 0.85, 'exceeds service limitations'],
	['AW', 'carrier_delay', 0.85, 'past cut-off time'],
	['AX', 'carrier_delay', 0.8, 'insufficient pick-up time'],
	['AY', 'carrier_delay', 0.85, 'missed pick-up'],
	['B1', 'failed_delivery_attempt', 0.9, 'consignee closed'],
	['B4', 'payment_hold', 0.9, 'held for payment'],
	['B8', 'failed_delivery_attempt', 0.8, 'improper unloading facility or equipment'],
	['B9', 'failed_delivery_attempt', 0.8, 'receiving time restricted'],
	['BC', 'customs_hold', 0.85, 'missing documents'],
	['BD', 'customs_hold', 0.85, 'border clearance'],
	['BE', 'carrier_delay', 0.85, 'road conditions'],
	['BF', 'carrier_delay', 0.75, 'carrier keying error'],
	['BH', 'carrier_delay', 0.8, 'insufficient time to complete delivery'],
	['BS', 'refused', 0.95, 'refused by customer'],
	['BT', 'return_to_sender', 0.95, 'returned to shipper'],
	['C2', 'credit_hold', 0.85, 'credit hold'],
	['C4', 'failed_delivery_attempt', 0.85, 'customer vacation'],
	['C5', 'failed_delivery_attempt', 0.8, 'customer strike'],
	['C8', 'payment_hold', 0.85, 'collect on delivery required'],
	['C9', 'payment_hold', 0.85, 'cash not available from consignee'],
	['CA', 'customs_hold', 0.9, 'customs (import or export)'],
	['D1', 'carrier_delay', 0.85, 'carrier dispatch error'],
	['D2', 'carrier_delay', 0.85, 'driver not available'],
	['F1', 'customs_hold', 0.8, 'non-express clearance delay'],
	['F2', 'carrier_delay', 0.7, 'international non-carrier delay'],
];

const PROGRESS_CODES: readonly CodeRow[] = [
	['NS', 'no_exception', 0.9, 'normal status'],
	['A3', 'no_exception', 0.8, 'indirect delivery'],
	['AZ', 'no_exception', 0.8, 'alternate carrier delivered'],
	['BK', 'no_exception', 0.85, 'prearranged appointment'],
];

export const X12_SPECIFIC_RULES: RuleDefinition[] = codeRules('x12.1651', 'reasonCode', EXCEPTION_CODES);
export const X12_GENERIC_RULES: RuleDefinition[] = codeRules('x12.1651', 'reasonCode', PROGRESS_CODES);
