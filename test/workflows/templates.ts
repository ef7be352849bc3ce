/**
 * Shared by the template tests: reading workflows/*.json, the package's node types, which of their parameters and
 * credentials apply to a node's parameter values, and how many outputs a node has.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INodeCredentialDescription, INodeProperties, INodeType } from 'n8n-workflow';

import { ApprovalRouter } from '../../nodes/ApprovalRouter/ApprovalRouter.node';
import { ExceptionClassifier } from '../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { IdempotencyGuard } from '../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { OdooLogistics } from '../../nodes/OdooLogistics/OdooLogistics.node';
import { OdooLogisticsTrigger } from '../../nodes/OdooLogisticsTrigger/OdooLogisticsTrigger.node';
import { SlaPrioritizer } from '../../nodes/SlaPrioritizer/SlaPrioritizer.node';

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: string;
}

export type Connections = Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;

export interface Template {
	id: string;
	name: string;
	active: boolean;
	nodes: TemplateNode[];
	connections: Connections;
	settings: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	meta?: Record<string, unknown>;
	[key: string]: unknown;
}

export const WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

/** Every template file in workflows/. */
export const TEMPLATE_FILES = readdirSync(WORKFLOWS_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort();

export const readText = (file: string): string => readFileSync(join(WORKFLOWS_DIR, file), 'utf8');
export const readTemplate = (file: string): Template => JSON.parse(readText(file)) as Template;

/** The node of that name; throws if the template has none. */
export function nodeNamed(template: Template, name: string): TemplateNode {
	const node = template.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`no node "${name}" in ${template.name}`);
	return node;
}

/** The nodes an output of a node is connected to (output 0 is the main one; the last is the error output). */
export const targets = (template: Template, from: string, output = 0): string[] => template.connections[from]?.main[output]?.map((c) => c.node) ?? [];

export const PACKAGE = 'n8n-nodes-odoo-logistics.';

export const PACKAGE_NODES: Record<string, INodeType> = {
	odooLogistics: new OdooLogistics(),
	odooLogisticsTrigger: new OdooLogisticsTrigger(),
	idempotencyGuard: new IdempotencyGuard(),
	slaPrioritizer: new SlaPrioritizer(),
	exceptionClassifier: new ExceptionClassifier(),
	approvalRouter: new ApprovalRouter(),
};

export const isPackageNode = (node: TemplateNode): boolean => node.type.startsWith(PACKAGE);
/** `idempotencyGuard` for `n8n-nodes-odoo-logistics.idempotencyGuard`. */
export const packageType = (node: TemplateNode): string => node.type.slice(PACKAGE.length);
export const isType = (node: TemplateNode, type: string): boolean => node.type === `${PACKAGE}${type}`;

export const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/**
 * Built-in node types the templates may use, with versions that both supported n8n lines have (checked against
 * n8n-nodes-base of n8n 1.123.81 and 2.41.1), their output count, and whether they start a workflow.
 */
export const BUILT_IN: Record<string, { versions: number[]; outputs: number; entry?: true }> = {
	'n8n-nodes-base.manualTrigger': { versions: [1], outputs: 1, entry: true },
	'n8n-nodes-base.scheduleTrigger': { versions: [1.2], outputs: 1, entry: true },
	'n8n-nodes-base.webhook': { versions: [2], outputs: 1, entry: true },
	'n8n-nodes-base.set': { versions: [3.4], outputs: 1 },
	'n8n-nodes-base.if': { versions: [2.2], outputs: 2 },
	'n8n-nodes-base.httpRequest': { versions: [4.2], outputs: 1 },
	'n8n-nodes-base.splitOut': { versions: [1], outputs: 1 },
	'n8n-nodes-base.removeDuplicates': { versions: [2], outputs: 1 },
	'n8n-nodes-base.noOp': { versions: [1], outputs: 1 },
	'n8n-nodes-base.respondToWebhook': { versions: [1.1], outputs: 1 },
	'n8n-nodes-base.stopAndError': { versions: [1], outputs: 0 },
	'n8n-nodes-base.stickyNote': { versions: [1], outputs: 0 },
};

/** Where a workflow starts: a built-in trigger, or a package node without inputs (the Odoo Logistics Trigger). */
export function isEntry(node: TemplateNode): boolean {
	if (isPackageNode(node)) {
		const inputs = PACKAGE_NODES[packageType(node)]?.description.inputs;
		return Array.isArray(inputs) && inputs.length === 0;
	}
	return BUILT_IN[node.type]?.entry === true;
}

/** The credential placeholders every template names: users create these once and every template finds them. */
export const PLACEHOLDERS: Record<string, { id: string; name: string }> = {
	odooLogisticsApi: { id: 'odooLogistics001', name: 'Odoo Logistics account' },
	odooLogisticsRedis: { id: 'odooLogRedis0001', name: 'Odoo Logistics Redis' },
};

type DisplayOptions = INodeProperties['displayOptions'];

/** Whether displayOptions.show holds for these parameter values (a parameter not set has its default). */
function shows(displayOptions: DisplayOptions, parameters: Record<string, unknown>, properties: INodeProperties[]): boolean {
	return Object.entries(displayOptions?.show ?? {}).every(([name, allowed]) => {
		if (name.startsWith('/') || name.startsWith('@')) return true;
		const value = name in parameters ? parameters[name] : properties.find((p) => p.name === name)?.default;
		return (allowed as unknown[]).includes(value);
	});
}

/** The properties of a package node that apply to its parameter values. */
export function shownProperties(node: TemplateNode, parameters = node.parameters): INodeProperties[] {
	const { properties } = PACKAGE_NODES[packageType(node)].description;
	return properties.filter((property) => shows(property.displayOptions, parameters, properties));
}

/** The credentials a package node asks for with these parameter values. */
export function shownCredentials(node: TemplateNode, parameters = node.parameters): INodeCredentialDescription[] {
	const { credentials = [], properties } = PACKAGE_NODES[packageType(node)].description;
	return credentials.filter((credential) => shows(credential.displayOptions as DisplayOptions, parameters, properties));
}

/** The node's parameters with its store switched to Redis (Guard: Store; Wait for Decision: Vote Store). */
export function withRedis(node: TemplateNode): Record<string, unknown> {
	if (isType(node, 'idempotencyGuard')) return { ...node.parameters, store: 'redis' };
	if (isWaitForDecision(node)) return { ...node.parameters, voteStore: 'redis' };
	if (isType(node, 'odooLogisticsTrigger') && (node.parameters.redelivery ?? 'off') !== 'off') return { ...node.parameters, redelivery: 'redis' };
	return node.parameters;
}

export const isWaitForDecision = (node: TemplateNode): boolean => isType(node, 'approvalRouter') && node.parameters.operation === 'waitForDecision';
export const guardOperation = (node: TemplateNode): string => String(node.parameters.operation ?? 'checkAndClaim');

/** Main outputs of a node with its parameters, without the error output. */
export function outputCount(node: TemplateNode): number {
	if (!isPackageNode(node)) return BUILT_IN[node.type]?.outputs ?? 1;
	const type = packageType(node);
	if (type === 'exceptionClassifier') return node.parameters.routeBy === 'severity' ? 6 : 8;
	if (type === 'idempotencyGuard') return ['complete', 'release'].includes(guardOperation(node)) ? 1 : 3;
	if (type === 'approvalRouter') return isWaitForDecision(node) ? (node.parameters.decisionOutputs === 'split' ? 3 : 1) : 3;
	const { outputs } = PACKAGE_NODES[type].description;
	return Array.isArray(outputs) ? outputs.length : 1;
}

/**
 * Text from outside Odoo (a request, a supplier portal) must be escaped before it goes into HTML (chatter messages,
 * notes, descriptions): no `<p>` of an Odoo Logistics node may read one of these raw fields.
 */
export function expectExternalTextEscaped(template: Template, rawField: RegExp): void {
	const html = template.nodes
		.filter((n) => isType(n, 'odooLogistics'))
		.flatMap((n) => [n.parameters.body, (n.parameters.options as { note?: string } | undefined)?.note, n.parameters.valuesJson])
		.filter((value): value is string => typeof value === 'string' && /<p>/.test(value));
	expect(html.length).toBeGreaterThan(2);
	for (const value of html) {
		const inHtml = [...value.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]).join(' ');
		expect({ value, raw: rawField.test(inHtml) }).toEqual({ value, raw: false });
	}
}
