import { codeRules, CodeRow, RuleDefinition } from './types';

/*
 * EasyPost Tracker `status` and `status_detail`, as listed for the Tracker object in
 * https://docs.easypost.com/docs/trackers.
 */

const SPECIFIC_DETAILS: readonly CodeRow[] = [
	['address_correction', 'address_issue', 0.85, 'address correction'],
	['damaged', 'damage', 0.9, 'damaged'],
	['lost', 'lost', 0.9, 'lost'],
	['refused', 'refused', 0.9, 'refused'],
	['return', 'return_to_sender', 0.85, 'returning to the sender'],
	['weather_delay', 'carrier_delay', 0.9, 'weather delay'],
	['delayed', 'carrier_delay', 0.85, 'delayed'],
	['missorted', 'carrier_delay', 0.85, 'missorted'],
	['cancelled', 'cancellation', 0.85, 'cancelled'],
];

const SPECIFIC_STATUSES: readonly CodeRow[] = [
	['return_to_sender', 'return_to_sender', 0.85, 'return to sender'],
	['cancelled', 'cancellation', 0.8, 'cancelled'],
];

const GENERIC_DETAILS: readonly CodeRow[] = [
	['delivery_exception', 'failed_delivery_attempt', 0.65, 'delivery exception'],
	['transit_exception', 'carrier_delay', 0.6, 'transit exception'],
	['held', 'carrier_exception', 0.6, 'held by the carrier'],
	['awaiting_information', 'carrier_exception', 0.5, 'awaiting information'],
	['failure', 'carrier_exception', 0.6, 'failure'],
	['expired', 'carrier_exception', 0.5, 'tracker expired'],
	['label_created', 'no_exception', 0.9, 'label created'],
	['received_at_origin_facility', 'no_exception', 0.9, 'received at the origin facility'],
	['departed_origin_facility', 'no_exception', 0.9, 'departed the origin facility'],
	['arrived_at_facility', 'no_exception', 0.9, 'arrived at a facility'],
	['departed_facility', 'no_exception', 0.9, 'departed a facility'],
	['in_transit', 'no_exception', 0.9, 'in transit'],
	['transferred_to_destination_carrier', 'no_exception', 0.9, 'transferred to the destination carrier'],
	['arrived_at_destination', 'no_exception', 0.9, 'arrived at the destination'],
	['received_at_destination_facility', 'no_exception', 0.9, 'received at the destination facility'],
	['out_for_delivery', 'no_exception', 0.9, 'out for delivery'],
	['arrived_at_pickup_location', 'no_exception', 0.9, 'arrived at the pickup location'],
	['status_update', 'no_exception', 0.7, 'status update'],
];

const GENERIC_STATUSES: readonly CodeRow[] = [
	['failure', 'carrier_exception', 0.6, 'failure'],
	['error', 'carrier_exception', 0.5, 'error'],
	['pre_transit', 'no_exception', 0.9, 'pre-transit'],
	['in_transit', 'no_exception', 0.9, 'in transit'],
	['out_for_delivery', 'no_exception', 0.9, 'out for delivery'],
	['available_for_pickup', 'no_exception', 0.9, 'available for pickup'],
	['delivered', 'no_exception', 0.95, 'delivered'],
];

export const EASYPOST_SPECIFIC_RULES: RuleDefinition[] = [
	...codeRules('easypost.status_detail', 'statusDetail', SPECIFIC_DETAILS),
	...codeRules('easypost.status', 'status', SPECIFIC_STATUSES),
];

export const EASYPOST_GENERIC_RULES: RuleDefinition[] = [
	...codeRules('easypost.status_detail', 'statusDetail', GENERIC_DETAILS),
	...codeRules('easypost.status', 'status', GENERIC_STATUSES),
];
