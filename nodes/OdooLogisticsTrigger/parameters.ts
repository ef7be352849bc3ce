import type { IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { formatZodError } from '../shared/validation';
import type { OdooClient } from '../shared/odoo';
import { DELIVERIES, TriggerConfigError, resolveEvent, type Delivery, type EventParameters, type EventSpec } from './eventSpec';
import type { RegistrationKind } from './staticData';

export type TriggerFunctions = IHookFunctions | IPollFunctions | IWebhookFunctions;

export interface TriggerOptions {
	overlapMs: number;
	maxEvents: number;
	/** Hybrid: how old a change must be before the reconciliation poll reports it instead of the webhook. */
	reconcileAfterMs: number;
	/** Webhook: how long a notified change may take to commit before it is dropped. */
	commitWaitMs: number;
	/** Where the first activation starts; now when not given. */
	startFrom?: Date;
	/** What a poll's events start: one execution with all of them, or one execution each. */
	executions: 'perPoll' | 'perEvent';
}

/** Each event parameter with the value it has when the editor hides it. */
const EVENT_PARAMETERS: Required<EventParameters> = {
	event: 'saleOrderConfirmed',
	model: '',
	customEvent: 'updated',
	watchFields: '',
	valueField: '',
	values: '',
	changeDateField: '',
	domain: '',
	fields: '',
};

const optionsSchema = z.object({
	executions: z.enum(['perPoll', 'perEvent']).default('perPoll'),
	overlapMinutes: z.number().min(0).max(1440).default(5),
	maxEventsPerPoll: z.number().int().min(1).max(10_000).default(1000),
	reconcileAfterSeconds: z.number().min(0).max(86_400).default(60),
	commitWaitSeconds: z.number().min(1).max(3600).default(180),
	startFrom: z
		.string()
		.default('')
		.refine((value) => !value || !Number.isNaN(Date.parse(value)), 'must be a date'),
});

export function readDelivery(fn: TriggerFunctions): Delivery {
	const delivery = fn.getNodeParameter('delivery', 'polling') as Delivery;
	if (!DELIVERIES.includes(delivery)) throw new TriggerConfigError('Delivery', `'${String(delivery)}' is not a delivery`);
	return delivery;
}

/** The event parameters that apply; the others are hidden in the editor and not read. */
export function readEventParameters(fn: TriggerFunctions): EventParameters {
	const values: Record<string, unknown> = {};
	for (const [name, hidden] of Object.entries(EVENT_PARAMETERS)) values[name] = fn.getNodeParameter(name, hidden);
	return values as EventParameters;
}

export function readOptions(fn: TriggerFunctions): TriggerOptions {
	const parsed = optionsSchema.safeParse(fn.getNodeParameter('options', {}));
	if (!parsed.success) throw new TriggerConfigError('Options', formatZodError(parsed.error));
	const { overlapMinutes, maxEventsPerPoll, reconcileAfterSeconds, commitWaitSeconds, startFrom, executions } = parsed.data;
	return {
		executions,
		overlapMs: overlapMinutes * 60_000,
		maxEvents: maxEventsPerPoll,
		reconcileAfterMs: reconcileAfterSeconds * 1000,
		commitWaitMs: commitWaitSeconds * 1000,
		...(startFrom ? { startFrom: new Date(startFrom) } : {}),
	};
}

/** The event for the Odoo version the client talks to. */
export async function readEventSpec(fn: TriggerFunctions, client: OdooClient): Promise<EventSpec> {
	const { major } = await client.version();
	return resolveEvent(readEventParameters(fn), major);
}

/** A test run ("Listen for test event") works apart from the active workflow. */
export function registrationKind(fn: TriggerFunctions): RegistrationKind {
	return fn.getMode() === 'manual' ? 'test' : 'production';
}

/** Identifies this trigger node, active or under test, in this process. */
export function streamKey(fn: TriggerFunctions): string {
	return `${fn.getWorkflow().id ?? ''}:${fn.getNode().id}:${registrationKind(fn)}`;
}
