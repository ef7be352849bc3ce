import { deliveryProblem, eventDomain, resolveEvent, TriggerConfigError } from '../../../nodes/OdooLogisticsTrigger/eventSpec';
import { toEvent } from '../../../nodes/OdooLogisticsTrigger/events';
import { PRESET_NAMES } from '../../../nodes/OdooLogisticsTrigger/presets';

const NOW = new Date('2026-11-26T12:00:00.000Z');

describe('events from node parameters', () => {
	test('every preset resolves on Odoo 16 to 19 with the fields its id and cursor need', () => {
		for (const event of PRESET_NAMES) {
			for (const major of [16, 17, 18, 19]) {
				const spec = resolveEvent({ event }, major);
				expect(spec.model).toMatch(/^[a-z_.]+$/);
				expect(spec.readFields).toEqual(expect.arrayContaining(spec.fields));
				if (spec.kind === 'valueSet') expect(spec.readFields).toContain(spec.field);
				if (spec.kind === 'due') expect(spec.readFields).toEqual(expect.arrayContaining([spec.dueDate, spec.entryDate]));
			}
		}
	});

	test('presets follow the version: locked orders before 17, return_id from 17', () => {
		expect(eventDomain(resolveEvent({ event: 'saleOrderConfirmed' }, 16))).toEqual([['state', 'in', ['sale', 'done']]]);
		expect(eventDomain(resolveEvent({ event: 'saleOrderConfirmed' }, 18))).toEqual([['state', 'in', ['sale']]]);
		expect(resolveEvent({ event: 'returnCreated' }, 16).domain).toEqual([['move_ids.origin_returned_move_id', '!=', false]]);
		expect(resolveEvent({ event: 'returnCreated' }, 17).domain).toEqual([['return_id', '!=', false]]);
		expect(resolveEvent({ event: 'stockShortage' }, 16).fields).toContain('reserved_availability');
		expect(resolveEvent({ event: 'stockShortage' }, 17).fields).toContain('quantity');
	});

	test('a filter narrows a preset, and extra fields are added once', () => {
		const spec = resolveEvent({ event: 'deliveryDone', domain: "[('location_id', '=', 8)]", fields: 'carrier_id, state' }, 18);
		expect(spec.domain).toEqual(['&', ['picking_type_code', '=', 'outgoing'], ['location_id', '=', 8]]);
		expect(spec.fields.filter((field) => field === 'state')).toHaveLength(1);
		expect(spec.fields).toContain('carrier_id');
	});

	test('custom events name their type after the model and the change', () => {
		expect(resolveEvent({ event: 'custom', model: 'stock.picking', customEvent: 'created' }, 18)).toMatchObject({
			eventType: 'stock.picking.created',
			fields: ['display_name'],
		});
		expect(resolveEvent({ event: 'custom', model: 'stock.picking', customEvent: 'valueSet', valueField: 'state', values: 'done' }, 18)).toMatchObject({
			eventType: 'stock.picking.state.set',
			values: ['done'],
		});
	});

	test.each([
		[{ event: 'custom', model: 'Stock Picking' }, "Model: 'Stock Picking' is not a model name such as stock.picking"],
		[{ event: 'custom', model: 'stock.picking', customEvent: 'valueSet' }, 'Field: choose the field to watch'],
		[{ event: 'custom', model: 'stock.picking', domain: "[('state', '=')]" }, 'Filter (Domain): term 1'],
		[{ event: 'deliveryDone', fields: 'name, bad field' }, "Fields: 'bad field' is not a field name"],
		[{ event: 'nope' }, 'Event: Invalid enum value'],
	])('bad parameters name the parameter: %j', (parameters, message) => {
		expect(() => resolveEvent(parameters as never, 18)).toThrow(TriggerConfigError);
		expect(() => resolveEvent(parameters as never, 18)).toThrow(message);
	});

	test('time-based events only poll, deletions only come by webhook', () => {
		const late = resolveEvent({ event: 'deliveryLate' }, 18);
		expect(deliveryProblem(late, 'polling')).toBeUndefined();
		expect(deliveryProblem(late, 'webhook')).toMatch(/Polling/);
		const deleted = resolveEvent({ event: 'custom', model: 'sale.order', customEvent: 'deleted' }, 18);
		expect(deliveryProblem(deleted, 'polling')).toMatch(/Webhook or Hybrid/);
		expect(deliveryProblem(deleted, 'hybrid')).toBeUndefined();
	});
});

describe('event ids', () => {
	const order = { id: 32, name: 'S00032', state: 'sale', partner_id: [11, 'Delta'], date_order: '2026-11-26 18:41:51', write_date: '2026-11-26 18:41:53' };

	test('envelope: ids are 32 hex characters, dates ISO 8601 in UTC', () => {
		const event = toEvent(resolveEvent({ event: 'saleOrderConfirmed' }, 18), 'logi', order, 'webhook', NOW);
		expect(event).toEqual({
			eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
			eventType: 'sale.order.confirmed',
			model: 'sale.order',
			recordId: 32,
			occurredAt: '2026-11-26T18:41:51Z',
			source: 'odoo',
			deliveredBy: 'webhook',
			record: order,
		});
	});

	test('the id depends on the change, not on who delivered it or on unrelated writes', () => {
		const spec = resolveEvent({ event: 'saleOrderConfirmed' }, 18);
		const id = (record: Record<string, unknown>, database = 'logi') => toEvent(spec, database, { ...order, ...record }, 'poll', NOW).eventId;
		expect(toEvent(spec, 'logi', order, 'webhook', NOW).eventId).toBe(id({}));
		expect(id({ write_date: '2026-11-27 08:00:00', client_order_ref: 'later' })).toBe(id({}));
		expect(id({ date_order: '2026-12-01 09:00:00' })).not.toBe(id({}));
		expect(id({ id: 33 })).not.toBe(id({}));
		expect(id({}, 'other-db')).not.toBe(id({}));
	});

	test('each kind of event has its change marker', () => {
		const id = (parameters: Record<string, string>, record: Record<string, unknown>) =>
			toEvent(resolveEvent({ event: 'custom', model: 'stock.picking', ...parameters } as never, 18), 'db', { id: 1, ...record }, 'poll', NOW).eventId;
		const created = { customEvent: 'created' };
		expect(id(created, { create_date: '2026-01-01 00:00:00', write_date: '2026-01-02 00:00:00' })).toBe(
			id(created, { create_date: '2026-01-01 00:00:00', write_date: '2026-01-05 00:00:00' }),
		);
		const updated = { customEvent: 'updated' };
		expect(id(updated, { write_date: '2026-01-02 00:00:00' })).not.toBe(id(updated, { write_date: '2026-01-02 00:00:01' }));
		const valueSet = { customEvent: 'valueSet', valueField: 'user_id' };
		expect(id(valueSet, { user_id: [7, 'Ann'], write_date: '2026-01-01 00:00:00' })).toBe(id(valueSet, { user_id: [7, 'Ann B.'], write_date: '2026-02-01 00:00:00' }));
		expect(id(valueSet, { user_id: [7, 'Ann'] })).not.toBe(id(valueSet, { user_id: [8, 'Bob'] }));
		const shortage = resolveEvent({ event: 'stockShortage' }, 18);
		const move = (state: string) => toEvent(shortage, 'db', { id: 5, state, write_date: '2026-01-01 00:00:00' }, 'poll', NOW).eventId;
		expect(move('confirmed')).toBe(move('partially_available'));
	});

	test('a due event happens when its date passes; a deletion when it is notified', () => {
		const late = toEvent(resolveEvent({ event: 'deliveryLate' }, 18), 'db', { id: 3, scheduled_date: '2026-11-20 08:00:00', create_date: '2026-11-01 08:00:00' }, 'poll', NOW);
		expect(late.occurredAt).toBe('2026-11-20T08:00:00Z');
		const deleted = toEvent(resolveEvent({ event: 'custom', model: 'sale.order', customEvent: 'deleted' }, 18), 'db', { id: 9 }, 'webhook', NOW);
		expect(deleted.occurredAt).toBe('2026-11-26T12:00:00Z');
	});
});
