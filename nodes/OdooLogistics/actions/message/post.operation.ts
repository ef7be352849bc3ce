import { runEach } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { forOperation, modelLocator, option, optionsCollection, recordId } from '../common/descriptions';
import type { Operation } from '../operation';

const SUBTYPES: Record<string, string> = { note: 'mail.mt_note', message: 'mail.mt_comment' };

/** Odoo posts on one record per call (`message_post`); the items' posts run a few at a time. */
export const post: Operation = {
	writes: true,
	description: forOperation('message', 'post', [
		modelLocator,
		recordId('recordId', 'Record ID', 'The ID of the record whose chatter gets the message'),
		{
			displayName: 'Post As',
			name: 'messageType',
			type: 'options',
			options: [
				{ name: 'Internal Note', value: 'note', description: 'Visible to internal users only, nobody is notified' },
				{ name: 'Message', value: 'message', description: 'Sent to the followers of the record' },
			],
			default: 'note',
		},
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '', required: true },
		{
			displayName: 'Body Is HTML',
			name: 'html',
			type: 'boolean',
			default: true,
			description: 'Whether the body is HTML (such as <p>Delayed by <b>2 days</b></p>); otherwise Odoo shows it as plain text',
		},
		optionsCollection([
			option.context,
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
			{
				displayName: 'Notify Partner IDs',
				name: 'partnerIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7, 12',
				description: 'Partners to notify besides the followers, separated by commas',
			},
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const options = p.options();
			const partnerIds = p.ids('options.partnerIds', 'Notify Partner IDs', true);
			return {
				indices: [p.index],
				model: p.model(),
				id: p.id('recordId', 'Record ID'),
				body: p.text('body', 'Body'),
				html: p.raw<boolean>('html', true) === true,
				subtype: SUBTYPES[p.raw<string>('messageType', 'note')] ?? SUBTYPES.note,
				subject: typeof options.subject === 'string' && options.subject ? options.subject : undefined,
				partnerIds: partnerIds.length ? partnerIds : undefined,
				context: p.context(),
			};
		});
		await runEach(requests, session.batching.concurrency, outcomes, async (request) => {
			const messageId = await session.flows.messagePost(request.model, request.id, request.body, {
				html: request.html,
				subject: request.subject,
				subtypeXmlid: request.subtype,
				partnerIds: request.partnerIds,
				context: request.context,
			});
			outcomes.ok(
				request.indices[0],
				{ id: messageId, model: request.model, recordId: request.id },
				{ written: { model: 'mail.message', ids: [messageId] } },
			);
		});
	},
};
