/**
 * Record in Odoo: files each Needs Approval item in Odoo, as an approval request (Enterprise Approvals) or as one
 * activity per approver on the business record (Community). The whole batch goes in one create.
 */
import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { nodeError, toNodeError } from '../../shared/n8n/errors';
import { CREDENTIAL_TYPE, connectionSettings } from '../../shared/n8n/odooCredential';
import { OdooClient } from '../../shared/odoo';
import { type OdooRequest, type OdooTarget, recordInOdoo } from '../odooRecord';
import { parseRecord, RecordError } from '../record';

const MODEL_NAME = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+$/;

interface ItemRequest {
	index: number;
	request: OdooRequest;
}

/** The request of one item; throws a NodeOperationError naming the item and the field. */
function requestOf(context: IExecuteFunctions, index: number): ItemRequest {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex: index, ...(description ? { description } : {}) });
	let record;
	try {
		record = parseRecord(context.getNodeParameter('approvalRecord', index));
	} catch (error) {
		if (error instanceof RecordError) throw fail(error.message);
		throw error;
	}
	if (record.outcome !== 'needs_approval' || !record.required) {
		throw fail(`The approval record's outcome is ${record.outcome}: only Needs Approval items are recorded in Odoo`);
	}
	const model = String(context.getNodeParameter('businessModel', index, '')).trim();
	if (!MODEL_NAME.test(model)) {
		throw fail(`Business Model ${JSON.stringify(model)} is not an Odoo model name`, 'E.g. stock.picking, sale.order or purchase.order.');
	}
	const rawId = context.getNodeParameter('recordId', index, '') as unknown;
	const resId = typeof rawId === 'number' ? rawId : Number(String(rawId).trim());
	if (!Number.isInteger(resId) || resId <= 0) {
		throw fail(`Record ID must be the positive whole number of the ${model} record, not ${JSON.stringify(rawId)}`);
	}
	const chatter = (record as { chatter?: unknown }).chatter;
	return {
		index,
		request: {
			decisionId: record.decisionId,
			summary: record.summary,
			chatter: typeof chatter === 'string' ? chatter : '',
			requester: record.requester,
			approvers: record.required.approvers,
			minApprovals: Math.max(1, ...record.required.clauses.map((c) => c.minApprovals)),
			order: record.required.order,
			deadline: record.required.deadline,
			model,
			resId,
		},
	};
}

export async function recordInOdooOperation(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const errors = new Map<number, string>();
	const requests: ItemRequest[] = [];
	items.forEach((_item, index) => {
		try {
			requests.push(requestOf(this, index));
		} catch (error) {
			if (!continueOnFail) throw error;
			errors.set(index, (error as Error).message);
		}
	});

	const client = new OdooClient(connectionSettings(await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)));
	let outcomes;
	try {
		outcomes = await recordInOdoo(
			client,
			requests.map((r) => r.request),
			{
				target: this.getNodeParameter('odooTarget', 0, 'auto') as OdooTarget,
				category: String(this.getNodeParameter('approvalCategory', 0, '')),
				submit: this.getNodeParameter('submitRequest', 0, true) as boolean,
				allOrNothing: !continueOnFail,
			},
		);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	} finally {
		client.close();
	}
	outcomes.forEach((outcome, position) => {
		if (outcome.ok) return;
		const { index } = requests[position];
		if (!continueOnFail) {
			throw nodeError(this.getNode(), `${outcome.message}; nothing was recorded in Odoo`, {
				itemIndex: index,
				description: `Field: ${outcome.field}`,
			});
		}
		errors.set(index, outcome.message);
	});

	const recorded = new Map(requests.map((r, position) => [r.index, outcomes[position]]));
	return [
		items.map((item, index) => {
			const outcome = recorded.get(index);
			const approval = (item.json.approval ?? {}) as IDataObject;
			const json: IDataObject =
				outcome?.ok === true
					? { ...item.json, approval: { ...approval, odoo: outcome.recorded as unknown as IDataObject } }
					: { ...item.json, error: errors.get(index) ?? 'not recorded' };
			return { json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: index } };
		}),
	];
}
