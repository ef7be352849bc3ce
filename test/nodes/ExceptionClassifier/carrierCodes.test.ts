import { SignalClassifier } from '../../../nodes/ExceptionClassifier/classifier';
import { Signal } from '../../../nodes/ExceptionClassifier/signal';
import { TAXONOMY_VERSION } from '../../../nodes/ExceptionClassifier/taxonomy';

/*
 * Table-driven cases from the carriers' own status documentation: each row is a documented code with the meaning
 * the documentation gives it, and the category a logistics team would file it under.
 */

const classifier = SignalClassifier.create();

/** AfterShip delivery sub-statuses: https://www.aftership.com/docs/tracking/enum/delivery-sub-statuses */
const AFTERSHIP_SUBTAGS: Array<[string, string, string]> = [
	['Delivered_001', 'Shipment delivered successfully', 'no_exception'],
	['Delivered_002', 'Package picked up by the customer', 'no_exception'],
	['Delivered_003', 'Package delivered to and signed by the customer', 'no_exception'],
	['Delivered_004', 'Package delivered to the customer and cash collected on delivery', 'no_exception'],
	['Delivered_005', 'The shipment was delivered to a neighbor', 'no_exception'],
	['AvailableForPickup_001', 'The package arrived at a pickup point near you and is available for pickup', 'no_exception'],
	['Exception_001', 'Delivery of the package failed due to some shipping exception', 'carrier_exception'],
	['Exception_002', 'Delivery of the package failed as the customer relocated', 'address_issue'],
	['Exception_003', 'Delivery of the package failed as the recipient refused to take the package due to some reason', 'refused'],
	['Exception_004', 'Package delayed due to some issues during the customs clearance', 'customs_hold'],
	['Exception_005', 'Package delayed due to some unforeseen reasons', 'carrier_delay'],
	['Exception_006', "The package being held due to pending payment from the customer's end", 'payment_hold'],
	['Exception_007', 'Package not delivered due to incorrect recipient address', 'address_issue'],
	['Exception_008', 'Package available for the pickup but not collected by the customer', 'failed_delivery_attempt'],
	['Exception_009', 'Package rejected by the carrier due to noncompliance with its guidelines', 'carrier_exception'],
	['Exception_010', 'The package is on its way back to the sender', 'return_to_sender'],
	['Exception_011', 'The return package has been successfully received by the sender', 'return_to_sender'],
	['Exception_012', 'Shipment damaged', 'damage'],
	['Exception_013', 'Delivery of the package failed as it got lost', 'lost'],
	['Exception_016', 'The shipment has experienced a delay due to a processing issue within the carrier network', 'carrier_delay'],
	['Exception_017', 'The shipment has experienced a delay due to extreme weather conditions such as storms, floods, or heavy snow', 'carrier_delay'],
	['Exception_018', 'The shipment has been placed on hold due to inaccurate or missing documents required by regulatory agencies', 'customs_hold'],
	['Exception_019', 'The shipment has experienced a delay due to a delayed or rescheduled flight', 'carrier_delay'],
	['Exception_020', 'The shipment was voided or canceled by the sender or carrier', 'cancellation'],
	['Exception_021', 'The shipment was destroyed or discarded, usually due to it being prohibited, damaged, or unable to be delivered', 'lost'],
	['AttemptFail_001', 'The delivery of the package failed due to some reason. Courier usually leaves a notice and will try to deliver again', 'failed_delivery_attempt'],
	['AttemptFail_002', 'Recipient not available at the given address', 'failed_delivery_attempt'],
	['AttemptFail_003', 'Business is closed at the time of delivery', 'failed_delivery_attempt'],
	['InTransit_001', 'Shipment on the way', 'no_exception'],
	['InTransit_002', 'Shipment accepted by the carrier', 'no_exception'],
	['InTransit_003', 'Shipment arrived at a hub or sorting center', 'no_exception'],
	['InTransit_004', 'International shipment arrived at the destination country', 'no_exception'],
	['InTransit_005', 'Customs clearance completed', 'no_exception'],
	['InTransit_006', 'Package handed over to customs for clearance', 'no_exception'],
	['InTransit_007', 'Package departed from the facility', 'no_exception'],
	['InTransit_008', 'Problem resolved and shipment in transit', 'no_exception'],
	['InTransit_009', 'Shipment forwarded to a different delivery address', 'no_exception'],
	['InfoReceived_001', 'The carrier received a request from the shipper and is about to pick up the shipment', 'no_exception'],
	['OutForDelivery_001', 'The package is out for delivery', 'no_exception'],
	['OutForDelivery_003', 'The customer is contacted before the final delivery', 'no_exception'],
	['OutForDelivery_004', 'A delivery appointment is scheduled', 'no_exception'],
	['Pending_001', 'No information available on the carrier website or the tracking number is yet to be tracked', 'no_exception'],
	['Expired_001', 'No tracking information of the shipment, from last 30 days', 'lost'],
];

/** AfterShip delivery statuses: https://www.aftership.com/docs/tracking/enum/delivery-statuses */
const AFTERSHIP_TAGS: Array<[string, string, string]> = [
	['Pending', 'New shipments added that are pending to track', 'no_exception'],
	['InfoReceived', 'Carrier has received request from shipper and is about to pick up the shipment', 'no_exception'],
	['InTransit', 'Carrier has accepted or picked up shipment from shipper', 'no_exception'],
	['OutForDelivery', 'Carrier is about to deliver the shipment, or it is ready to pickup', 'no_exception'],
	['AttemptFail', 'Carrier attempted to deliver but failed, and usually leaves a notice and will try to deliver again', 'failed_delivery_attempt'],
	['Delivered', 'The shipment was delivered successfully', 'no_exception'],
	['AvailableForPickup', 'The package arrived at a pickup point near you and is available for pickup', 'no_exception'],
	['Exception', 'Custom hold, undelivered, returned shipment to sender or any shipping exceptions', 'carrier_exception'],
	['Expired', 'Shipment has no tracking information for 30 days since added', 'lost'],
];

/** EasyPost Tracker `status`: https://docs.easypost.com/docs/trackers */
const EASYPOST_STATUSES: Array<[string, string]> = [
	['pre_transit', 'no_exception'],
	['in_transit', 'no_exception'],
	['out_for_delivery', 'no_exception'],
	['delivered', 'no_exception'],
	['available_for_pickup', 'no_exception'],
	['return_to_sender', 'return_to_sender'],
	['failure', 'carrier_exception'],
	['cancelled', 'cancellation'],
	['error', 'carrier_exception'],
];

/** EasyPost Tracker `status_detail`: https://docs.easypost.com/docs/trackers */
const EASYPOST_STATUS_DETAILS: Array<[string, string]> = [
	['address_correction', 'address_issue'],
	['arrived_at_destination', 'no_exception'],
	['arrived_at_facility', 'no_exception'],
	['arrived_at_pickup_location', 'no_exception'],
	['awaiting_information', 'carrier_exception'],
	['cancelled', 'cancellation'],
	['damaged', 'damage'],
	['delayed', 'carrier_delay'],
	['delivery_exception', 'failed_delivery_attempt'],
	['departed_facility', 'no_exception'],
	['departed_origin_facility', 'no_exception'],
	['expired', 'carrier_exception'],
	['failure', 'carrier_exception'],
	['held', 'carrier_exception'],
	['in_transit', 'no_exception'],
	['label_created', 'no_exception'],
	['lost', 'lost'],
	['missorted', 'carrier_delay'],
	['out_for_delivery', 'no_exception'],
	['received_at_destination_facility', 'no_exception'],
	['received_at_origin_facility', 'no_exception'],
	['refused', 'refused'],
	['return', 'return_to_sender'],
	['status_update', 'no_exception'],
	['transferred_to_destination_carrier', 'no_exception'],
	['transit_exception', 'carrier_delay'],
	['weather_delay', 'carrier_delay'],
];

/** ASC X12 element 1651, Shipment Status or Appointment Reason Code: https://www.stedi.com/edi/x12-005010/element/1651 */
const X12_REASON_CODES: Array<[string, string, string]> = [
	['A1', 'Missed Delivery', 'failed_delivery_attempt'],
	['A2', 'Incorrect Address', 'address_issue'],
	['A3', 'Indirect Delivery', 'no_exception'],
	['A5', 'Unable to Locate', 'address_issue'],
	['A6', 'Address Corrected - Delivery Attempted', 'address_issue'],
	['AD', 'Customer Requested Future Delivery', 'carrier_delay'],
	['AE', 'Restricted Articles Unacceptable', 'carrier_exception'],
	['AG', 'Consignee Related', 'failed_delivery_attempt'],
	['AH', 'Driver Related', 'carrier_delay'],
	['AI', 'Mechanical Breakdown', 'carrier_delay'],
	['AJ', 'Other Carrier Related', 'carrier_delay'],
	['AK', 'Damaged, Rewrapped in Hub', 'damage'],
	['AL', 'Previous Stop', 'carrier_delay'],
	['AN', 'Holiday - Closed', 'carrier_delay'],
	['AO', 'Weather or Natural Disaster Related', 'carrier_delay'],
	['AP', 'Awaiting Export', 'customs_hold'],
	['AQ', 'Recipient Unavailable - Delivery Delayed', 'failed_delivery_attempt'],
	['AR', 'Improper International Paperwork', 'customs_hold'],
	['AS', 'Hold Due to Customs Documentation Problems', 'customs_hold'],
	['AT', 'Unable to Contact Recipient for Broker Information', 'customs_hold'],
	['AU', 'Civil Event Related Delay', 'carrier_delay'],
	['AV', 'Exceeds Service Limitations', 'carrier_exception'],
	['AW', 'Past Cut-off Time', 'carrier_delay'],
	['AX', 'Insufficient Pickup Time', 'carrier_delay'],
	['AY', 'Missed Pickup', 'carrier_delay'],
	['AZ', 'Alternate Carrier Delivered', 'no_exception'],
	['B1', 'Consignee Closed', 'failed_delivery_attempt'],
	['B4', 'Held for Payment', 'payment_hold'],
	['B8', 'Improper Unloading Facility or Equipment', 'failed_delivery_attempt'],
	['B9', 'Receiving Time Restricted', 'failed_delivery_attempt'],
	['BC', 'Missing Documents', 'customs_hold'],
	['BD', 'Border Clearance', 'customs_hold'],
	['BE', 'Road Conditions', 'carrier_delay'],
	['BF', 'Carrier Keying Error', 'carrier_delay'],
	['BH', 'Insufficient Time to Complete Delivery', 'carrier_delay'],
	['BK', 'Prearranged Appointment', 'no_exception'],
	['BS', 'Refused by Customer', 'refused'],
	['BT', 'Returned to Shipper', 'return_to_sender'],
	['C2', 'Credit Hold', 'credit_hold'],
	['C4', 'Customer Vacation', 'failed_delivery_attempt'],
	['C5', 'Customer Strike', 'failed_delivery_attempt'],
	['C8', 'Collect on Delivery Required', 'payment_hold'],
	['C9', 'Cash Not Available From Consignee', 'payment_hold'],
	['CA', 'Customs (Import or Export)', 'customs_hold'],
	['D1', 'Carrier Dispatch Error', 'carrier_delay'],
	['D2', 'Driver Not Available', 'carrier_delay'],
	['F1', 'Non-Express Clearance Delay', 'customs_hold'],
	['F2', 'International Non-carrier Delay', 'carrier_delay'],
	['NS', 'Normal Status', 'no_exception'],
];

/**
 * Odoo events: those the Odoo Logistics Trigger's presets emit (`odooTrigger.test.ts` builds their envelopes), then
 * further names of the same conditions, as custom trigger events or other sources name them.
 */
const ODOO_EVENTS: Array<[string, string]> = [
	['receipt.overdue', 'supplier_delay'],
	['delivery.late', 'warehouse_delay'],
	['stock.shortage', 'stock_shortage'],
	['return.created', 'return_requested'],
	['helpdesk.ticket.created', 'customer_issue'],
	['sale.order.confirmed', 'no_exception'],
	['delivery.ready', 'no_exception'],
	['delivery.done', 'no_exception'],
	['approval.request.status_changed', 'no_exception'],
	['stock.picking.late', 'warehouse_delay'],
	['stock.picking.backorder_created', 'stock_shortage'],
	['stock.move.shortage', 'stock_shortage'],
	['purchase.order.receipt_overdue', 'supplier_delay'],
	['quality.check.failed', 'quality_hold'],
	['quality.alert.created', 'quality_hold'],
	['stock.move.cancelled', 'cancellation'],
	['sale.order.credit_hold', 'credit_hold'],
	['account.move.disputed', 'invoice_dispute'],
	['stock.picking.return_created', 'return_requested'],
];

function expectCategory(signal: Signal, category: string, rulePrefix: string): void {
	const decision = classifier.classify(signal);
	expect(decision).toMatchObject({ category, taxonomyVersion: TAXONOMY_VERSION });
	expect(decision.matchedRule).toMatch(new RegExp(`^${rulePrefix.replace(/\./g, '\\.')}`));
	expect(decision.confidence).toBeGreaterThan(0);
}

describe('carrier and Odoo code sets', () => {
	it.each(AFTERSHIP_SUBTAGS)('AfterShip subtag %s (%s) is %s', (subtag, _, category) => {
		expectCategory({ subtag }, category, 'aftership.subtag.');
		expectCategory({ subtag: subtag.toLowerCase() }, category, 'aftership.subtag.');
	});

	it.each(AFTERSHIP_TAGS)('AfterShip tag %s (%s) is %s', (tag, _, category) => {
		expectCategory({ tag }, category, 'aftership.tag.');
	});

	it('reads an AfterShip subtag added after this table by its tag prefix', () => {
		expectCategory({ subtag: 'Exception_030' }, 'carrier_exception', 'aftership.subtag.Exception_*');
		expectCategory({ subtag: 'AttemptFail_009' }, 'failed_delivery_attempt', 'aftership.subtag.AttemptFail_*');
		expectCategory({ subtag: 'InTransit_013' }, 'no_exception', 'aftership.subtag.progress_*');
	});

	it.each(EASYPOST_STATUSES)('EasyPost status %s is %s', (status, category) => {
		expectCategory({ status }, category, 'easypost.status.');
	});

	it.each(EASYPOST_STATUS_DETAILS)('EasyPost status_detail %s is %s', (statusDetail, category) => {
		expectCategory({ statusDetail }, category, 'easypost.status_detail.');
	});

	it('reads the EasyPost detail before the status it refines', () => {
		expectCategory({ status: 'in_transit', statusDetail: 'weather_delay' }, 'carrier_delay', 'easypost.status_detail.weather_delay');
		expectCategory({ status: 'failure', statusDetail: 'address_correction' }, 'address_issue', 'easypost.status_detail.');
	});

	it.each(X12_REASON_CODES)('X12 1651 reason code %s (%s) is %s', (reasonCode, _, category) => {
		expectCategory({ reasonCode }, category, `x12.1651.${reasonCode}`);
	});

	it.each(ODOO_EVENTS)('Odoo event %s is %s', (event, category) => {
		expectCategory({ event }, category, 'odoo.event.');
	});

	it('leaves a code it does not know unclassified, saying which part it read', () => {
		expect(classifier.classify({ reasonCode: 'ZZ' })).toMatchObject({
			category: 'unclassified',
			confidence: 0,
			matchedRule: null,
			reason: 'no rule matched the X12 1651 reason code',
		});
	});

	// A checkpoint message carries the same meaning as the code: the text rules agree with the code tables.
	it.each([...AFTERSHIP_SUBTAGS.filter(([code]) => /^(Exception|AttemptFail)_/.test(code) && !['Exception_001', 'Exception_011'].includes(code))])(
		'the text rules read AfterShip\'s description of %s ("%s") as %s',
		(_, description, category) => {
			expect(classifier.classify({ text: description }).category).toBe(category);
		},
	);

	it.each(X12_REASON_CODES.filter(([code]) => ['A1', 'A2', 'A5', 'AK', 'AO', 'AR', 'AS', 'AW', 'AY', 'B1', 'B4', 'BC', 'BD', 'BE', 'BS', 'BT', 'C2', 'C8', 'CA', 'AI'].includes(code)))(
		'the text rules read the X12 name of %s ("%s") as %s',
		(_, name, category) => {
			expect(classifier.classify({ text: name }).category).toBe(category);
		},
	);
});
