import { callsTo, jsonOf, model, outputOf, runNode, useSimulator } from './helpers';

describe('Activity and Message', () => {
	const ctx = useSimulator();

	const orders = () => ctx.sim.env('sale.order').search([], { order: 'id', limit: 3 });
	const typeId = (name: string) => ctx.sim.env('mail.activity.type').search([['name', '=', name]])[0];

	it('schedules activities on records in one create call', async () => {
		const { sim } = ctx;
		const ids = orders();
		const [demo] = sim.env('res.users').search([['login', '=', sim.demo.login]]);
		sim.stats.reset();
		const output = await outputOf(
			runNode(
				sim,
				{
					resource: 'activity',
					operation: 'schedule',
					model: model('sale.order'),
					recordId: '={{ $json.id }}',
					activityTypeId: typeId('Call'),
					summary: '={{ "Call about order " + $json.id }}',
					options: { userId: demo, dueDate: '2026-12-24', note: '<p>Ask for the <b>dock</b> hours</p>' },
				},
				ids.map((id) => ({ id })),
			),
		).then(jsonOf);
		expect(callsTo(sim, 'mail.activity', 'create')).toBe(1);
		expect(output.map((json) => [json.res_model, json.res_id, json.summary, json.date_deadline, (json.user_id as { id: number }).id])).toEqual(
			ids.map((id) => ['sale.order', id, `Call about order ${id}`, '2026-12-24', demo]),
		);
		expect((output[0].activity_type_id as { name: string }).name).toBe('Call');
	});

	it('marks activities done in one call, posting the feedback', async () => {
		const { sim } = ctx;
		const [saleModel] = sim.env('ir.model').search([['model', '=', 'sale.order']]);
		const [order] = orders();
		const activities = [1, 2].map((n) => sim.env('mail.activity').create({ res_model_id: saleModel, res_id: order, summary: `Check ${n}`, activity_type_id: typeId('To-Do') }));
		sim.stats.reset();
		const output = await outputOf(
			runNode(sim, { resource: 'activity', operation: 'markDone', activityId: '={{ $json.id }}', feedback: 'Carrier confirmed' }, activities.map((id) => ({ id }))),
		).then(jsonOf);
		expect(callsTo(sim, 'mail.activity', 'action_feedback')).toBe(1);
		expect(output).toEqual(activities.map((id) => ({ id, done: true })));
		expect(sim.env('mail.activity').search([['id', 'in', activities]])).toEqual([]);
		const bodies = sim.env('mail.message').searchRead([['model', '=', 'sale.order'], ['res_id', '=', order]], ['body']).map((row) => String(row.body));
		expect(bodies.some((body) => body.includes('Carrier confirmed'))).toBe(true);
	});

	it('posts an HTML note and a plain-text message in the chatter', async () => {
		const { sim } = ctx;
		const [order] = orders();
		const [note] = await outputOf(
			runNode(sim, { resource: 'message', operation: 'post', model: model('sale.order'), recordId: String(order), body: '<p>Delayed by <b>2 days</b></p>' }),
		).then(jsonOf);
		expect(note).toMatchObject({ model: 'sale.order', recordId: order });
		const [noteRow] = sim.env('mail.message').read([note.id as number], ['body', 'subtype_id']);
		expect(noteRow.body).toBe('<p>Delayed by <b>2 days</b></p>');
		expect((noteRow.subtype_id as [number, string])[1]).toBe('Note');

		const [plain] = await outputOf(
			runNode(sim, {
				resource: 'message',
				operation: 'post',
				model: model('sale.order'),
				recordId: String(order),
				messageType: 'message',
				body: 'Use <dock 4>',
				html: false,
			}),
		).then(jsonOf);
		const [plainRow] = sim.env('mail.message').read([plain.id as number], ['body', 'subtype_id']);
		expect(plainRow.body).toBe('<p>Use &lt;dock 4&gt;</p>');
		expect((plainRow.subtype_id as [number, string])[1]).toBe('Discussions');
	});
});
