import { callMethod } from '../../batch/records';
import { prepare } from '../../execution/parameters';
import { forAnyModel, option, optionsCollection } from '../common/descriptions';
import type { Operation } from '../operation';

export const executeMethod: Operation = {
	writes: true,
	description: forAnyModel('record', 'executeMethod', [
		{
			displayName: 'Method',
			name: 'method',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. action_confirm',
			description: 'A public method of the model (methods starting with an underscore cannot be called from outside Odoo)',
		},
		{
			displayName: 'Record IDs',
			name: 'recordIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 7, 8, 12',
			description: 'The records to call the method on, separated by commas. Empty calls it on the model.',
		},
		{
			displayName: 'Arguments (JSON Array)',
			name: 'positionalArguments',
			type: 'json',
			default: '[]',
			description:
				'The method\'s arguments by position, after the records, such as [["name"]] for read. Not available on JSON-2 (Odoo 19+): use keyword arguments there.',
		},
		{
			displayName: 'Keyword Arguments',
			name: 'keywordArguments',
			type: 'json',
			default: '{}',
			description: 'The method\'s arguments by name, such as {"feedback": "Done"}',
		},
		optionsCollection([
			option.context,
			{
				displayName: 'Combine Items Into One Call',
				name: 'combine',
				type: 'boolean',
				default: false,
				description:
					'Whether items calling the method with the same arguments share one call on all their records (per batch). Each item then gets the result of that call. If Odoo refuses the call, it applies to none of them.',
			},
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const ids = p.ids('recordIds', 'Record IDs', true);
			return {
				indices: [p.index],
				model: p.model(),
				method: p.text('method', 'Method'),
				ids: ids.length ? ids : null,
				args: p.array('positionalArguments', 'Arguments (JSON Array)'),
				kwargs: p.object('keywordArguments', 'Keyword Arguments'),
				context: p.context(),
			};
		});
		const combine = this.getNodeParameter('options.combine', 0, false) === true;
		// A method may do anything (send mail, call webhooks): a refused combined call is not sent again in parts.
		const results = await callMethod(session, outcomes, requests, { combine, isolate: false });
		for (const { indices, model, ids } of requests) {
			if (!results.has(indices[0])) continue;
			outcomes.ok(indices[0], { result: results.get(indices[0]) ?? null }, { written: { model, ids: ids ?? [] } });
		}
	},
};
