import { type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { Decider } from '../decision';
import { deriveExecutionKey } from '../links';
import { type ApprovalPolicy, compilePolicy } from '../policy';
import { issueRecord } from '../record';
import { type ApprovalRuntime, WEBHOOK_PATH } from '../runtime';
import { type Outcome, PolicyError } from '../schema';
import { type TableParameters, tablePolicy } from './tablePolicy';

const OUTPUT: Record<Outcome, number> = { auto_approve: 0, needs_approval: 1, reject: 2 };

function rawPolicy(context: IExecuteFunctions): unknown {
	if (context.getNodeParameter('policySource', 0) === 'table') {
		const parameter = (name: string, fallback: unknown) => context.getNodeParameter(name, 0, fallback);
		return tablePolicy({
			policyId: parameter('policyId', '') as string,
			policyVersion: parameter('policyVersion', '') as string,
			hitPolicy: parameter('hitPolicy', 'FIRST') as string,
			groups: parameter('groups', {}) as TableParameters['groups'],
			rules: parameter('rules', {}) as TableParameters['rules'],
			noMatchOutcome: parameter('noMatchOutcome', 'auto_approve') as string,
		});
	}
	const json = context.getNodeParameter('policyJson', 0);
	if (typeof json !== 'string') return json;
	try {
		return JSON.parse(json);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `The policy is not valid JSON: ${(error as Error).message}`);
	}
}

/** The policy is read once per run (item 0): it is configuration, not data. */
function readPolicy(context: IExecuteFunctions): ApprovalPolicy {
	try {
		return compilePolicy(rawPolicy(context));
	} catch (error) {
		if (!(error instanceof PolicyError)) throw error;
		throw new NodeOperationError(context.getNode(), error.message, { description: error.issues.join('\n') });
	}
}

export async function route(this: IExecuteFunctions, runtime: ApprovalRuntime): Promise<INodeExecutionData[][]> {
	const policy = readPolicy(this);
	const requesterField = (this.getNodeParameter('requesterField', 0) as string).trim();
	if (!requesterField) {
		throw new NodeOperationError(this.getNode(), 'Requester Field is empty: name the item field that holds the requester');
	}
	const includeLinks = this.getNodeParameter('options.includeLinks', 0, true) as boolean;
	const executionId = this.getExecutionId();
	const issue = {
		key: deriveExecutionKey(runtime.masterKey, executionId),
		executionId,
		approvalUrl: `${this.evaluateExpression('{{ $execution.resumeUrl }}', 0) as string}/${WEBHOOK_PATH}`,
		includeLinks,
	};
	const decider = new Decider(policy, { requesterField });
	const outputs: INodeExecutionData[][] = [[], [], []];
	this.getInputData().forEach((item, index) => {
		const record = decider.decide(item.json);
		const approval = issueRecord(record, issue);
		outputs[OUTPUT[record.outcome]].push({
			json: { ...item.json, approval },
			...(item.binary ? { binary: item.binary } : {}),
			pairedItem: { item: index },
		});
	});
	return outputs;
}
