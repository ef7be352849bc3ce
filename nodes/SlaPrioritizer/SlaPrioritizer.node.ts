import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { withResult } from '../shared/fieldPath';
import { slaProperties } from './description';
import { readNow, readPolicyInput } from './parameters';
import { SlaPolicy, SlaPolicyError } from './policy';
import { prioritize, SLA_STATUSES } from './sla';

const STATUS_OUTPUTS = SLA_STATUSES.map((status) => ({
	type: 'main',
	displayName: { breached: 'Breached', at_risk: 'At Risk', on_track: 'On Track' }[status],
}));

export class SlaPrioritizer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Prioritizer',
		name: 'slaPrioritizer',
		icon: 'file:slaPrioritizer.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.output === "byStatus" ? "By status" : "Ranked by urgency" }}',
		description:
			'Rank sale orders, transfers or tickets by what will breach first: promise dates, carrier cut-offs and working hours',
		defaults: { name: 'SLA Prioritizer' },
		usableAsTool: true,
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.output === "byStatus" ? ${JSON.stringify(STATUS_OUTPUTS)} : ["main"] }}`,
		properties: slaProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const byStatus = this.getNodeParameter('output', 0) === 'byStatus';
		const resultField = String((this.getNodeParameter('options', 0, {}) as IDataObject).resultField || 'sla');
		const outputs: INodeExecutionData[][] = byStatus ? SLA_STATUSES.map(() => []) : [[]];
		// With "continue", n8n shows such an item as `{ error }` and routes it to the error output when there is one.
		const failed = (index: number, field: string, message: string): INodeExecutionData => ({
			json: { error: message },
			error: new NodeOperationError(this.getNode(), message, { itemIndex: index, description: `Field: ${field}` }),
			pairedItem: { item: index },
		});

		let policy: SlaPolicy;
		let now: number;
		try {
			policy = SlaPolicy.compile(readPolicyInput(this));
			now = readNow(this);
		} catch (error) {
			if (!(error instanceof SlaPolicyError)) throw error;
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), error.message, { description: `Setting at fault: ${error.field}` });
			}
			outputs[0] = items.map((_, index) => failed(index, error.field, error.message));
			return outputs;
		}

		const tierValues =
			this.getNodeParameter('tierMatch', 0) === 'expression'
				? items.map((_, index) => this.getNodeParameter('tierExpression', index))
				: undefined;
		const ranking = prioritize(
			items.map((item) => item.json),
			policy,
			{ now, tierValues },
		);
		const [firstError] = ranking.errors;
		if (firstError && !this.continueOnFail()) {
			const others = ranking.errors.length - 1;
			throw new NodeOperationError(this.getNode(), `Item ${firstError.index}: ${firstError.message}`, {
				itemIndex: firstError.index,
				description: `Field: ${firstError.field}.${others ? ` ${others} other item(s) have errors too.` : ''}`,
			});
		}

		for (const index of ranking.order) {
			const output = byStatus ? outputs[SLA_STATUSES.indexOf(ranking.statusOf(index))] : outputs[0];
			output.push({ json: withResult(items[index].json, resultField, ranking.assessment(index)), pairedItem: { item: index } });
		}
		for (const error of ranking.errors) outputs[0].push(failed(error.index, error.field, error.message));
		return outputs;
	}
}
