import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { parseFieldList, splitList, withResult } from '../shared/fieldPath';
import { SignalClassifier } from './classifier';
import { classifierProperties } from './description';
import { SIGNAL_FIELDS } from './rules';
import { DEFAULT_SIGNAL_FIELDS, SignalFieldPaths, SignalReader } from './signal';
import { CATEGORIES, OWNER_TEAMS, SEVERITIES } from './taxonomy';
import { RuleConfigurationError } from './userRules';

const TEAM_NAMES = ['Warehouse', 'Procurement', 'Customer Service', 'Finance', 'Quality', 'Logistics'];
/** Most urgent first. */
const SEVERITY_ROUTES = [...SEVERITIES].reverse();
const TAIL_OUTPUTS = ['No Exception', 'Unclassified'];

const outputsFor = (names: string[]) => [...names, ...TAIL_OUTPUTS].map((displayName) => ({ type: 'main', displayName }));
const TEAM_OUTPUTS = outputsFor(TEAM_NAMES);
const SEVERITY_OUTPUTS = outputsFor(SEVERITY_ROUTES.map((severity) => severity.replace(/^./, (first) => first.toUpperCase())));

interface RuleParameters {
	id: string;
	field: string;
	match: 'equals' | 'keywords' | 'pattern';
	value: string;
	category: string;
	confidence: number;
	position: string;
}

export class ExceptionClassifier implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Exception Classifier',
		name: 'exceptionClassifier',
		icon: 'file:exceptionClassifier.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter.routeBy === "severity" ? "By severity" : "By owner team" }}',
		description:
			'Turn Odoo events, carrier tracking codes and e-mail text into exception decisions: category, severity, owner and next action',
		defaults: { name: 'Exception Classifier' },
		usableAsTool: true,
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.routeBy === "severity" ? ${JSON.stringify(SEVERITY_OUTPUTS)} : ${JSON.stringify(TEAM_OUTPUTS)} }}`,
		properties: classifierProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const routeBy = this.getNodeParameter('routeBy', 0) === 'severity' ? 'severity' : 'ownerTeam';
		const routes: readonly string[] = routeBy === 'severity' ? SEVERITY_ROUTES : OWNER_TEAMS;
		const resultField = String((this.getNodeParameter('options', 0, {}) as IDataObject).resultField || 'classification');

		const outputs: INodeExecutionData[][] = [...routes, ...TAIL_OUTPUTS].map(() => []);
		const unclassified = outputs[outputs.length - 1];

		let classifier: SignalClassifier;
		try {
			classifier = SignalClassifier.create(readUserRules(this));
		} catch (error) {
			if (!(error instanceof RuleConfigurationError)) throw error;
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error.message);
			// With "continue", n8n shows each item as `{ error }`, on the error output when there is one.
			for (let index = 0; index < items.length; index++) {
				unclassified.push({
					json: { error: error.message },
					error: new NodeOperationError(this.getNode(), error.message, { itemIndex: index }),
					pairedItem: { item: index },
				});
			}
			return outputs;
		}
		const reader = new SignalReader(readSignalFields(this));

		items.forEach((item, index) => {
			const { signal, problems } = reader.read(item.json);
			const decision = classifier.classify(signal);
			const kind = CATEGORIES.get(decision.category)?.kind;
			const output =
				kind === 'informational' ? routes.length : kind === 'unclassified' ? routes.length + 1 : routes.indexOf(decision[routeBy]);
			const result = problems.length ? { ...decision, warnings: problems } : decision;
			outputs[output].push({ json: withResult(item.json, resultField, result), pairedItem: { item: index } });
		});
		return outputs;
	}
}

function readUserRules(context: IExecuteFunctions): unknown {
	const source = context.getNodeParameter('rulesSource', 0);
	if (source === 'ui') {
		const rules = (context.getNodeParameter('rules', 0, {}) as { rule?: RuleParameters[] }).rule ?? [];
		return rules.map(({ match, value, ...rule }) => ({
			...rule,
			[match]: match === 'pattern' ? value : splitList(value),
		}));
	}
	return source === 'json' ? context.getNodeParameter('rulesJson', 0) : [];
}

function readSignalFields(context: IExecuteFunctions): SignalFieldPaths {
	const configured = context.getNodeParameter('signalFields', 0, {}) as Record<string, string>;
	const paths = { ...DEFAULT_SIGNAL_FIELDS };
	for (const field of SIGNAL_FIELDS) {
		if (typeof configured[field] === 'string') paths[field] = parseFieldList(configured[field]);
	}
	return paths;
}
