import { withOnceKeyMarker } from '../../../shared/odoo';
import { groupBy, runEach, stableKey } from '../../batch/runner';
import { prepare } from '../../execution/parameters';
import { EVENT_KEY_PLACEHOLDER, forAnyModel, onceKeyOption, option, optionsCollection, recordId } from '../common/descriptions';
import { readOnceKey } from '../common/readers';
import type { Operation } from '../operation';

const SUBTYPES: Record<string, string> = { note: 'mail.mt_note', message: 'mail.mt_comment' };

/** Odoo posts on one record per call (`message_post`); the items' posts run a few at a time. */
export const post: Operation = {
	writes: true,
	description: forAnyModel('message', 'post', [
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
			onceKeyOption(
				EVENT_KEY_PLACEHOLDER,
				'Posts the message only if no message with this key is on the record yet (for re-runs and re-delivered events); otherwise returns the existing message with alreadyPosted. The key is added to the body as a short reference line.',
			),
		]),
	]),
	async execute(items, session, outcomes) {
		const requests = await prepare(this, items, outcomes, (p) => {
			const options = p.options();
			const partnerIds = p.ids('options.partnerIds', 'Notify Partner IDs', true);
			const onceKey = readOnceKey(options);
			return {
				onceKey,
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
		// "Only Once per Key": one search for the keys of the whole batch; a key already on its record posts nothing.
		const keyed = requests.filter((request) => request.onceKey !== undefined);
		const settled = new Set<(typeof requests)[number]>();
		if (keyed.length) {
			try {
				const existing = await session.flows.findOnceKeyed(
					'message',
					keyed.map((request) => ({ model: request.model, id: request.id, key: request.onceKey! })),
					{ context: keyed[0].context },
				);
				keyed.forEach((request, position) => {
					const messageId = existing.get(position);
					if (messageId === undefined) return;
					settled.add(request);
					outcomes.ok(request.indices[0], { id: messageId, model: request.model, recordId: request.id, alreadyPosted: true });
				});
			} catch (error) {
				outcomes.failAll(keyed.flatMap((request) => request.indices), error);
				for (const request of keyed) settled.add(request);
			}
		}
		// Items of the batch with the same record and key post once; the others report that message.
		const pending = requests.filter((request) => !settled.has(request));
		const groups = groupBy(pending, (request) =>
			request.onceKey === undefined ? `item:${request.indices[0]}` : stableKey([request.model, request.id, request.onceKey]),
		);
		const posts = [...groups.values()].map((group) => ({ ...group[0], indices: group.flatMap((request) => request.indices) }));
		await runEach(posts, session.batching.concurrency, outcomes, async (request) => {
			const body = request.onceKey === undefined ? request.body : withOnceKeyMarker(request.body, request.onceKey, request.html);
			const messageId = await session.flows.messagePost(request.model, request.id, body, {
				html: request.html,
				subject: request.subject,
				subtypeXmlid: request.subtype,
				partnerIds: request.partnerIds,
				context: request.context,
			});
			const [first, ...repeats] = request.indices;
			const written = { model: 'mail.message', ids: [messageId] };
			const json = { id: messageId, model: request.model, recordId: request.id };
			outcomes.ok(first, request.onceKey === undefined ? json : { ...json, alreadyPosted: false }, { written });
			for (const index of repeats) outcomes.ok(index, { ...json, alreadyPosted: true });
		});
	},
};
