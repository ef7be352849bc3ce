/**
 * The workflow templates in workflows/: clean, importable n8n JSON that uses the package's nodes with parameters they
 * really have, the shared credential placeholders, and decision data (approval policies) that the package's engines
 * accept and decide as the sticky notes say.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ApprovalRouter } from '../../nodes/ApprovalRouter/ApprovalRouter.node';
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { ExceptionClassifier } from '../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { SignalClassifier } from '../../nodes/ExceptionClassifier/classifier';
import { IdempotencyGuard } from '../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { OdooLogistics } from '../../nodes/OdooLogistics/OdooLogistics.node';
import { OdooLogisticsTrigger } from '../../nodes/OdooLogisticsTrigger/OdooLogisticsTrigger.node';
import { SlaPrioritizer } from '../../nodes/SlaPrioritizer/SlaPrioritizer.node';

interface TemplateNode {
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

interface Template {
	id: string;
	name: string;
	active: boolean;
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

const read = (file: string): Template => JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8')) as Template;

const PACKAGE_NODES: Record<string, INodeType> = {
	odooLogistics: new OdooLogistics(),
	odooLogisticsTrigger: new OdooLogisticsTrigger(),
	idempotencyGuard: new IdempotencyGuard(),
	slaPrioritizer: new SlaPrioritizer(),
	exceptionClassifier: new ExceptionClassifier(),
	approvalRouter: new ApprovalRouter(),
};

/** Built-in node types the templates may use, with the versions both supported n8n lines (1.123, 2.41) have. */
const BUILT_IN: Record<string, number[]> = {
	'n8n-nodes-base.manualTrigger': [1],
	'n8n-nodes-base.scheduleTrigger': [1.2],
	'n8n-nodes-base.webhook': [2],
	'n8n-nodes-base.set': [3.4],
	'n8n-nodes-base.if': [2.2],
	'n8n-nodes-base.httpRequest': [4.2],
	'n8n-nodes-base.noOp': [1],
	'n8n-nodes-base.stopAndError': [1],
	'n8n-nodes-base.stickyNote': [1],
};

const ODOO_CREDENTIAL = { odooLogisticsApi: { id: 'odooLogistics001', name: 'Odoo Logistics account' } };
const REDIS_CREDENTIAL = { odooLogisticsRedis: { id: 'odooLogRedis0001', name: 'Odoo Logistics Redis' } };

/** Output count of a package node with these parameters (its outputs may be an expression on them). */
function outputCount(node: TemplateNode): number {
	const type = node.type.split('.')[1];
	const outputs = PACKAGE_NODES[type].description.outputs;
	if (type === 'exceptionClassifier') return node.parameters.routeBy === 'severity' ? 6 : 8;
	if (type === 'idempotencyGuard') return ['complete', 'release'].includes(String(node.parameters.operation)) ? 1 : 3;
	if (type === 'approvalRouter') return node.parameters.operation === 'waitForDecision' ? (node.parameters.decisionOutputs === 'split' ? 3 : 1) : 3;
	return Array.isArray(outputs) ? outputs.length : 1;
}

/** Whether a property shows for the node's parameters (displayOptions.show on values that are set literally). */
function shown(property: INodeProperties, parameters: Record<string, unknown>): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, values]) => {
		if (name.startsWith('@')) return true;
		const value = parameters[name] ?? undefined;
		return value === undefined || (values as unknown[]).includes(value);
	});
}

describe.each([
	['procure-to-receive.json', 'oleProcureToRcv1'],
	['return-to-resolution.json', 'oleReturnToRes01'],
])('template %s', (file, id) => {
	const template = read(file);
	const byName = new Map(template.nodes.map((node) => [node.name, node]));

	it('is a clean, inactive export with its fixed id', () => {
		expect(template.id).toBe(id);
		expect(template.active).toBe(false);
		expect(template.settings).toMatchObject({ executionOrder: 'v1' });
		expect(template.pinData ?? {}).toEqual({});
		for (const key of ['staticData', 'shared', 'activeVersionId', 'versionCounter', 'triggerCount', 'createdAt', 'updatedAt']) {
			expect(template).not.toHaveProperty(key);
		}
		expect(new Set(template.nodes.map((n) => n.id)).size).toBe(template.nodes.length);
		expect(byName.size).toBe(template.nodes.length);
	});

	it('uses node types and versions that exist, with parameters the package nodes have', () => {
		for (const node of template.nodes) {
			if (node.type.startsWith('n8n-nodes-odoo-logistics.')) {
				const type = PACKAGE_NODES[node.type.split('.')[1]];
				expect({ node: node.name, known: !!type }).toEqual({ node: node.name, known: true });
				expect([type.description.version].flat()).toContain(node.typeVersion);
				const properties = type.description.properties.filter((p) => shown(p, node.parameters));
				const names = new Set(properties.map((p) => p.name));
				const unknown = Object.keys(node.parameters).filter((name) => !names.has(name));
				expect({ node: node.name, unknown }).toEqual({ node: node.name, unknown: [] });
			} else {
				expect({ node: node.name, type: node.type, version: BUILT_IN[node.type]?.includes(node.typeVersion) }).toEqual({
					node: node.name,
					type: node.type,
					version: true,
				});
			}
		}
	});

	it('names the shared credential placeholders, and no secret', () => {
		for (const node of template.nodes) {
			if (node.type.endsWith('.odooLogistics') || node.type.endsWith('.odooLogisticsTrigger')) expect(node.credentials).toEqual(ODOO_CREDENTIAL);
			else if (node.type.endsWith('.idempotencyGuard')) expect(node.credentials).toEqual(REDIS_CREDENTIAL);
			else if (node.type.endsWith('.approvalRouter') && node.parameters.operation === 'waitForDecision') expect(node.credentials).toEqual(REDIS_CREDENTIAL);
			else expect(node.credentials).toBeUndefined();
		}
		const text = JSON.stringify(template);
		expect(text).not.toMatch(/"(password|apiKey|secret|token)"\s*:\s*"[^"]/i);
		expect(text).not.toMatch(/[0-9a-f]{40}/);
	});

	it('connects existing nodes on outputs they have; every node but sticky notes and triggers is reached', () => {
		const reached = new Set<string>();
		for (const [from, { main }] of Object.entries(template.connections)) {
			const node = byName.get(from);
			expect({ from, exists: !!node }).toEqual({ from, exists: true });
			if (node!.type.startsWith('n8n-nodes-odoo-logistics.')) {
				const count = outputCount(node!) + (node!.onError === 'continueErrorOutput' ? 1 : 0);
				expect({ from, outputs: main.length <= count }).toEqual({ from, outputs: true });
			}
			for (const targets of main) {
				for (const target of targets) {
					expect({ from, to: target.node, exists: byName.has(target.node) }).toEqual({ from, to: target.node, exists: true });
					reached.add(target.node);
				}
			}
		}
		const entries = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.webhook', 'n8n-nodes-base.stickyNote'];
		const unreached = template.nodes.filter((n) => !entries.includes(n.type) && !reached.has(n.name)).map((n) => n.name);
		expect(unreached).toEqual([]);
		expect(template.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')).toBe(true);
		expect(template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(5);
	});

	it('keeps the Idempotency Guard on the Local store; Redis is one parameter per Guard node', () => {
		const guards = template.nodes.filter((n) => n.type.endsWith('.idempotencyGuard'));
		expect(guards.length).toBeGreaterThanOrEqual(3);
		for (const guard of guards) {
			expect(guard.parameters.store).toBe('local');
			const redis = { ...guard.parameters, store: 'redis' };
			const credentials = PACKAGE_NODES.idempotencyGuard.description.credentials!.filter((c) => !c.displayOptions || shown(c as unknown as INodeProperties, redis));
			expect(credentials.map((c) => c.name)).toEqual(Object.keys(guard.credentials ?? {}));
		}
		for (const wait of template.nodes.filter((n) => n.type.endsWith('.approvalRouter') && n.parameters.operation === 'waitForDecision')) {
			expect(wait.parameters.voteStore).toBe('local');
		}
		// Every Guard node uses the same keys: Complete and Release find the claim of Check & Claim.
		expect(new Set(guards.map((g) => g.parameters.options && (g.parameters.options as { namespace?: string }).namespace)).size).toBe(1);
	});

	it('completes and releases the key that Check & Claim claimed (the same value, read back from the claimed item)', () => {
		const guards = template.nodes.filter((n) => n.type.endsWith('.idempotencyGuard'));
		const [claim] = guards.filter((g) => (g.parameters.operation ?? 'checkAndClaim') === 'checkAndClaim');
		expect(guards.filter((g) => (g.parameters.operation ?? 'checkAndClaim') === 'checkAndClaim')).toHaveLength(1);
		const claimKey =
			claim.parameters.keySource === 'field'
				? `$json.${String(claim.parameters.keyField)}`
				: String(claim.parameters.keyExpression).replace(/^=\{\{\s*|\s*\}\}$/g, '');
		expect(claim.parameters.keySource).not.toBe('fields'); // a hash cannot be written again as an expression
		const input = Object.entries(template.connections).find(([, { main }]) => main.some((targets) => targets.some((t) => t.node === claim.name)))![0];
		const readBack = [claim.name, input].map((node) => `={{ ${claimKey.split('$json.').join(`$('${node}').item.json.`)} }}`);
		for (const guard of guards.filter((g) => g !== claim)) {
			expect({ node: guard.name, keySource: guard.parameters.keySource }).toEqual({ node: guard.name, keySource: 'expression' });
			expect(readBack).toContain(guard.parameters.keyExpression);
		}
	});
});

describe.each([
	['return-to-resolution.json', /\.(reason|requestId|customerEmail)\b(?!Html)/],
	['procure-to-receive.json', /\.(reason|vendor)\b(?!Html)/],
])('template %s: HTML', (file, rawField) => {
	it('escapes the text that comes from outside Odoo before putting it into HTML (chatter, notes, descriptions)', () => {
		const html = read(file)
			.nodes.filter((n) => n.type.endsWith('.odooLogistics'))
			.flatMap((n) => [n.parameters.body, (n.parameters.options as { note?: string } | undefined)?.note, n.parameters.valuesJson])
			.filter((value): value is string => typeof value === 'string' && /<p>/.test(value));
		expect(html.length).toBeGreaterThan(2);
		for (const value of html) {
			const inHtml = [...value.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]).join(' ');
			expect({ value, raw: rawField.test(inHtml) }).toEqual({ value, raw: false });
		}
	});
});

describe('return-to-resolution decisions', () => {
	const template = read('return-to-resolution.json');
	const route = template.nodes.find((n) => n.name === 'Authorise the return')!;
	const policy = compilePolicy(JSON.parse(String(route.parameters.policyJson)));
	const decide = (reason: string, returnValue: number) => policy.evaluate({ reasonLower: reason.toLowerCase(), returnValue, customerEmail: 'buyer@example.com' });

	it('authorises low-value returns, asks a returns manager above 250, refuses fraud-like reasons whatever the value', () => {
		expect(decide('Two boxes arrived crushed', 19.8).outcome).toBe('auto_approve');
		expect(decide('The printer does not power on', 389).outcome).toBe('needs_approval');
		expect(decide('The box was empty when it arrived', 9.9).outcome).toBe('reject');
		expect(decide('Package never arrived', 1000).outcome).toBe('reject');
		expect(decide('Chargeback filed with my bank', 50).outcome).toBe('reject');
	});

	it('classifies the reasons of the sample and the journeys', () => {
		const classifier = SignalClassifier.create();
		expect(classifier.classify({ text: 'Two boxes arrived crushed and damaged' }).category).toBe('damage');
		expect(classifier.classify({ text: 'I would like to return it, wrong size' }).category).toBe('return_requested');
	});
});

describe('procure-to-receive decisions', () => {
	const template = read('procure-to-receive.json');
	const route = template.nodes.find((n) => n.name === 'Expedite freight?')!;
	const policy = compilePolicy(JSON.parse(String(route.parameters.policyJson)));
	const decide = (tier: string, amount: number) => policy.evaluate({ impact: { tier, amount } }).outcome;

	it('sends Gold customers to a logistics manager, refuses small orders, expedites the rest', () => {
		expect(decide('Gold', 210)).toBe('needs_approval');
		expect(decide('Silver', 630)).toBe('auto_approve');
		expect(decide('Bronze', 229)).toBe('reject');
		expect(decide('None', 1200)).toBe('auto_approve');
	});

	it('puts the supplier portal URL in Settings only', () => {
		const settings = template.nodes.find((n) => n.name === 'Settings')!;
		const assignments = (settings.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		expect(assignments.find((a) => a.name === 'supplierPortalUrl')?.value).toMatch(/^https?:\/\/.+\/supplier-portal$/);
		const portal = template.nodes.find((n) => n.name === 'Ask the supplier portal')!;
		expect(String(portal.parameters.url)).toContain("$('Settings').first().json.supplierPortalUrl");
		expect(JSON.stringify(template.nodes.filter((n) => n.name !== 'Settings' && n.type !== 'n8n-nodes-base.stickyNote'))).not.toMatch(/localhost|127\.0\.0\.1/);
	});

	it('classifies the delays a supplier portal reports', () => {
		const classifier = SignalClassifier.create();
		expect(classifier.classify({ text: 'Supplier production delayed: the plant is behind schedule' }).category).toBe('supplier_delay');
		expect(classifier.classify({ text: 'Container held at customs awaiting documents' }).category).toBe('customs_hold');
	});
});
