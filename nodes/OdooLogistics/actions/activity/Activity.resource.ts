import type { ResourceDefinition } from '../operation';
import { markDone } from './markDone.operation';
import { schedule } from './schedule.operation';

export const activity: ResourceDefinition = {
	name: 'Activity',
	value: 'activity',
	description: 'Activities to do on any record (mail.activity)',
	operations: {
		schedule: { name: 'Schedule', action: 'Schedule an activity', description: 'Schedule an activity on a record', operation: schedule },
		markDone: { name: 'Mark Done', action: 'Mark an activity done', description: 'Mark activities done, with feedback', operation: markDone },
	},
};
