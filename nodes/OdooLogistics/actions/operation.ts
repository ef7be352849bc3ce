import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Outcomes } from '../batch/outcomes';
import type { OdooSession } from '../transport/session';

/**
 * One operation of one resource. It works on all the input items at once and records each item's result in
 * `outcomes`, so that it can batch its calls to Odoo.
 */
export interface Operation {
	description: INodeProperties[];
	/** The operation changes data in Odoo: when it stops on an error, the error says what was written. */
	writes: boolean;
	execute(this: IExecuteFunctions, items: INodeExecutionData[], session: OdooSession, outcomes: Outcomes): Promise<void>;
}

export interface ResourceDefinition {
	/** Display name of the resource. */
	name: string;
	value: string;
	description: string;
	/** The model of a resource bound to one (for the field pickers). */
	model?: string;
	operations: Record<string, { name: string; action: string; description: string; operation: Operation }>;
}
