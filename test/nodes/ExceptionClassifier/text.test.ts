import { SignalClassifier } from '../../../nodes/ExceptionClassifier/classifier';

const classifier = SignalClassifier.create();

describe('English free text', () => {
	it.each([
		// Customer e-mails and tickets.
		['Hi, my order #S00042 never arrived and the tracking has not moved for 10 days.', 'lost'],
		['The box was crushed and two of the glasses inside are broken.', 'damage'],
		['I refused the delivery because the packaging was open.', 'refused'],
		['I moved last month, the parcel went to my old address by mistake. Wrong address!', 'address_issue'],
		['The driver says nobody was home, but I was in all day.', 'failed_delivery_attempt'],
		['I would like to return the chair, it does not fit. Can you send a return label?', 'return_requested'],
		['Your invoice INV/2025/0042 is wrong: we were charged twice for the freight.', 'invoice_dispute'],
		['Please cancel my order, I ordered the wrong size.', 'cancellation'],
		['Where is my parcel? It is three days late.', 'carrier_delay'],
		// Operations: warehouse, purchasing, finance, quality.
		['Item FURN_8888 is out of stock, picking is blocked until the next receipt.', 'stock_shortage'],
		['Supplier Wood Corner says PO00017 will be delayed by two weeks.', 'supplier_delay'],
		['Lot 0042 failed the incoming inspection and is quarantined.', 'quality_hold'],
		['Sales order S00099 is blocked: the customer is over the credit limit.', 'credit_hold'],
		// Carrier checkpoint messages.
		['Shipment on hold: commercial invoice missing, contact the broker.', 'customs_hold'],
		['Held for payment of import duties and taxes.', 'payment_hold'],
		['Return to sender: addressee unknown.', 'return_to_sender'],
		['Delay due to severe weather in the region.', 'carrier_delay'],
		['Shipment contains prohibited goods and was rejected by the carrier.', 'carrier_exception'],
	])('"%s" is %s', (text, category) => {
		const decision = classifier.classify({ text });
		expect(decision.category).toBe(category);
		expect(decision.matchedRule).toMatch(/^text\./);
		expect(decision.reason).toMatch(/^text mentions "/);
	});

	it('puts the specific meaning before the general one', () => {
		// "delayed" would be a carrier delay; customs says why.
		expect(classifier.classify({ text: 'Your parcel is delayed in customs.' }).category).toBe('customs_hold');
		// "late" would be a carrier delay; the supplier says whose.
		expect(classifier.classify({ text: 'The vendor shipment is late again.' }).category).toBe('supplier_delay');
	});

	it('matches whole words only', () => {
		expect(classifier.classify({ text: 'Please find the translated documentation attached.' }).category).toBe('unclassified');
		expect(classifier.classify({ text: 'The glass is unbroken and well packed.' }).category).toBe('unclassified');
	});

	it('leaves text without a known exception unclassified, with a reason', () => {
		expect(classifier.classify({ text: 'Thank you for your order!' })).toMatchObject({
			category: 'unclassified',
			reason: 'no rule matched the text',
			needsHuman: true,
		});
	});
});
