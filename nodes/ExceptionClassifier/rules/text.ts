import { RuleDefinition } from './types';

/**
 * English free text (emails, tickets, carrier checkpoint messages). In order: the first match wins, so the specific
 * rules come before the broad ones (a "delay due to customs" is a customs hold, not a carrier delay).
 */
export const TEXT_RULES: RuleDefinition[] = [
	{
		id: 'text.lost',
		field: 'text',
		pattern:
			'\\b(?:lost|stolen|never (?:arrived|received|delivered)|(?:parcel|package|shipment|order) (?:is |was |has been )?(?:missing|stolen|disposed|destroyed)|missing (?:parcel|package|shipment))\\b',
		category: 'lost',
		confidence: 0.75,
		label: 'a lost or missing shipment',
	},
	{
		id: 'text.damage',
		field: 'text',
		keywords: ['damaged', 'damage', 'broken', 'crushed', 'smashed', 'dented', 'leaking', 'torn', 'shattered', 'water damage'],
		category: 'damage',
		confidence: 0.75,
		label: 'damaged goods',
	},
	{
		id: 'text.refused',
		field: 'text',
		pattern:
			'\\b(?:refused|refusal|declined (?:the )?(?:delivery|parcel|package)|rejected (?:the )?(?:delivery|parcel|package|shipment)|did not accept (?:the )?(?:delivery|parcel|package))\\b',
		category: 'refused',
		confidence: 0.75,
		label: 'a refused delivery',
	},
	{
		id: 'text.carrier_rejected',
		field: 'text',
		pattern: '\\b(?:rejected by (?:the )?carrier|restricted (?:articles?|items?|goods)|prohibited (?:articles?|items?|goods))\\b',
		category: 'carrier_exception',
		confidence: 0.7,
		label: 'goods the carrier will not carry',
	},
	{
		id: 'text.payment_hold',
		field: 'text',
		pattern:
			'\\b(?:held (?:for|due to pending) payment|pending payment|(?:unpaid|outstanding) (?:duties|charges)|import (?:duties|tax|vat)|duties and taxes|cash on delivery|collect on delivery)\\b',
		category: 'payment_hold',
		confidence: 0.7,
		label: 'charges to pay before delivery',
	},
	{
		id: 'text.customs',
		field: 'text',
		pattern:
			'\\b(?:customs|border clearance|clearance (?:delay|hold)|import (?:clearance|documents?|licen[cs]e)|export (?:declaration|documents?)|commercial invoice|broker|(?:missing|incorrect|inaccurate|incomplete) (?:\\w+ )?documents?|international paperwork)\\b',
		category: 'customs_hold',
		confidence: 0.75,
		label: 'a customs hold',
	},
	{
		id: 'text.return_to_sender',
		field: 'text',
		pattern: '\\b(?:return(?:ed|ing)? to (?:the )?(?:sender|shipper|origin)|back to the (?:sender|shipper)|rts)\\b',
		category: 'return_to_sender',
		confidence: 0.8,
		label: 'a return to sender',
	},
	{
		id: 'text.address',
		field: 'text',
		pattern:
			'\\b(?:(?:wrong|incorrect|invalid|incomplete|unknown|insufficient|bad) (?:delivery |shipping |recipient )?address|address (?:is |was )?(?:wrong|incorrect|invalid|incomplete|not found|unknown)|(?:customer|consignee|recipient) (?:has )?(?:moved|relocated)|unable to locate|address correction)\\b',
		category: 'address_issue',
		confidence: 0.75,
		label: 'an address problem',
	},
	{
		id: 'text.failed_attempt',
		field: 'text',
		pattern:
			"\\b(?:delivery attempt(?:ed)?|attempted delivery|missed delivery|failed delivery|delivery of the (?:package|parcel|shipment) failed|no one (?:was )?(?:home|available|in)|nobody (?:was )?(?:home|available|in)|recipient (?:not available|unavailable|absent)|(?:business|consignee|recipient|shop|store|office) (?:is |was )?closed|not collected|uncollected|(?:couldn't|could not|unable to|cannot|can't) deliver)",
		category: 'failed_delivery_attempt',
		confidence: 0.75,
		label: 'a failed delivery attempt',
	},
	{
		id: 'text.stock_shortage',
		field: 'text',
		pattern:
			'\\b(?:out of stock|stock ?-?outs?|(?:stock|inventory) shortage|short(?:age)? of stock|not enough stock|insufficient (?:stock|inventory|quantity)|back ?-?order(?:ed|s)?|short[- ]?(?:shipped|picked|pick)|not available in (?:the )?warehouse)\\b',
		category: 'stock_shortage',
		confidence: 0.75,
		label: 'a stock shortage',
	},
	{
		id: 'text.supplier_delay',
		field: 'text',
		pattern:
			'\\b(?:supplier|vendor|purchase order)\\b.{0,60}\\b(?:late|delay(?:ed|s)?|overdue|slipp?ed|postponed|not (?:yet )?(?:arrived|received|shipped))\\b|\\b(?:late|delayed|overdue) (?:receipt|supplier|vendor|purchase order|inbound)\\b',
		category: 'supplier_delay',
		confidence: 0.7,
		label: 'a late supplier',
	},
	{
		id: 'text.quality_hold',
		field: 'text',
		pattern:
			'\\b(?:quality (?:hold|issue|problem|check|inspection|alert)|(?:failed|failing) (?:the )?(?:inspection|quality)|quarantined?|non-?conform(?:ing|ance|ant|ity)|defective|out of spec(?:ification)?)\\b',
		category: 'quality_hold',
		confidence: 0.7,
		label: 'a quality problem',
	},
	{
		id: 'text.invoice_dispute',
		field: 'text',
		pattern:
			'\\b(?:invoice|bill|billed|billing|charge[ds]?)\\b.{0,60}\\b(?:wrong|incorrect|dispute[ds]?|disagree|overcharged?|twice|duplicated?|error)\\b|\\b(?:dispute[ds]? (?:the |this |an? |your )?(?:invoice|bill|charge)|overcharged|charged twice|double[- ]charged)\\b',
		category: 'invoice_dispute',
		confidence: 0.7,
		label: 'an invoice dispute',
	},
	{
		id: 'text.credit_hold',
		field: 'text',
		pattern: '\\b(?:credit (?:hold|limit|block)|(?:overdue|unpaid) (?:invoices?|balance)|blocked for (?:payment|credit))\\b',
		category: 'credit_hold',
		confidence: 0.7,
		label: 'a credit hold',
	},
	{
		id: 'text.return_request',
		field: 'text',
		pattern:
			'\\b(?:return (?:request|authori[sz]ation|label)|rma|(?:want|would like|wish|need) to (?:return|send (?:it|this|them) back)|exchange (?:it|this|the item)|refund)\\b',
		category: 'return_requested',
		confidence: 0.7,
		label: 'a return request',
	},
	{
		id: 'text.cancellation',
		field: 'text',
		keywords: ['cancel', 'cancelled', 'canceled', 'cancellation', 'voided'],
		category: 'cancellation',
		confidence: 0.65,
		label: 'a cancellation',
	},
	{
		id: 'text.delay',
		field: 'text',
		pattern:
			'\\b(?:delay(?:ed|s)?|late|running behind|held up|missed (?:the )?(?:flight|connection|cut-?off|pick-?up|collection)|past (?:the )?cut-?off|weather|storm|snow|flood(?:ing)?|backlog|breakdown|accident|road conditions|mis-?rout(?:ed|e)|mis-?sort(?:ed)?)\\b',
		category: 'carrier_delay',
		confidence: 0.6,
		label: 'a delay',
	},
];
