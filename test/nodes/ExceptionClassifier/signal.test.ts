import { DEFAULT_SIGNAL_FIELDS, SignalReader } from '../../../nodes/ExceptionClassifier/signal';

const reader = new SignalReader(DEFAULT_SIGNAL_FIELDS);

describe('SignalReader', () => {
	it('reads the Odoo Logistics Trigger envelope', () => {
		const envelope = {
			eventId: 'evt-1',
			eventType: 'stock.picking.late',
			model: 'stock.picking',
			recordId: 42,
			occurredAt: '2025-03-14T09:00:00Z',
			source: 'webhook',
			deliveredBy: 'poll',
			record: { name: 'WH/OUT/00042', description: '<p>Customer called: <b>urgent</b></p>' },
		};
		expect(reader.read(envelope)).toEqual({
			signal: { event: 'stock.picking.late', text: 'Customer called: urgent' },
			problems: [],
		});
	});

	it('reads an AfterShip webhook and an EasyPost tracker event', () => {
		expect(reader.read({ event: 'tracking_update', msg: { tag: 'Exception', subtag: 'Exception_013' } }).signal).toEqual({
			event: 'tracking_update',
			tag: 'Exception',
			subtag: 'Exception_013',
		});
		expect(reader.read({ description: 'tracker.updated', result: { status: 'failure', status_detail: 'lost' } }).signal).toEqual({
			status: 'failure',
			statusDetail: 'lost',
			text: 'tracker.updated',
		});
	});

	it('joins every text field, and reads codes that are numbers', () => {
		expect(reader.read({ subject: 'Order S00042', text: 'The box is damaged', reason_code: 7 }).signal).toEqual({
			text: 'Order S00042\nThe box is damaged',
			reasonCode: '7',
		});
	});

	it('skips empty fields and reports fields it cannot read', () => {
		expect(reader.read({ status: false, subtag: null, text: '  ', tag: { code: 'Exception' }, body: ['a'] })).toEqual({
			signal: {},
			problems: ['tag holds object, not text', 'body holds a list, not text'],
		});
	});

	it('reads configured paths', () => {
		const custom = new SignalReader({ ...DEFAULT_SIGNAL_FIELDS, reasonCode: ['edi.AT7.AT701'], text: [] });
		expect(custom.read({ edi: { AT7: { AT701: 'AS' } }, text: 'ignored' }).signal).toEqual({ reasonCode: 'AS' });
	});
});
