import type { ResourceDefinition } from '../operation';
import { post } from './post.operation';

export const message: ResourceDefinition = {
	name: 'Message',
	value: 'message',
	description: "Notes and messages in a record's chatter",
	operations: {
		post: { name: 'Post', action: 'Post a message', description: "Post a note or a message in a record's chatter", operation: post },
	},
};
