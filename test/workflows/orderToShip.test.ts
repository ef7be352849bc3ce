/**
 * The order-to-ship template as a file: importable n8n JSON with the package's node types and versions, parameters
 * the nodes know, placeholder credentials only, an error path to Release from every Odoo node, and policies that the
 * engines accept and that decide as the template's notes say.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ApprovalRouter } from '../../nodes/ApprovalRouter/ApprovalRouter.node';
import { Decider } from '../../nodes/ApprovalRouter/decision';
import { compilePolicy } from '../../nodes/ApprovalRouter/policy';
import { ExceptionClassifier } from '../../nodes/ExceptionClassifier/ExceptionClassifier.node';
import { IdempotencyGuard } from '../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { OdooLogistics } from '../../nodes/OdooLogistics/OdooLogistics.node';
import { OdooLogisticsTrigger } from '../../nodes/OdooLogisticsTrigger/OdooLogisticsTrigger.node';
import { prioritize } from '../../nodes/SlaPrioritizer/sla';
import { SlaPolicy } from '../../nodes/SlaPrioritizer/policy';
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

type Connections = Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;

const file = join(__dirname, '..', '..', 'workflows', 'order-to-ship.json');
const text = readFileSync(file, 'utf8');
const wf = JSON.parse(text) as { id: string; name: string; active: boolean; nodes: TemplateNode[]; connections: Connections; settings: Record<string, unknown>; pinData?: object; staticData?: unknown };
const PKG = 'n8n-nodes-odoo-logistics.';
const packageNodes: Record<string, INodeType> = {
	odooLogistics: new OdooLogistics(),
	odooLogisticsTrigger: new OdooLogisticsTrigger(),
	idempotencyGuard: new IdempotencyGuard(),
	slaPrioritizer: new SlaPrioritizer(),
	exceptionClassifier: new ExceptionClassifier(),
	approvalRouter: new ApprovalRouter(),
};
const byName = (name: string) => {
	const node = wf.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`no node "${name}" in the template`);
	return node;
};
const ours = wf.nodes.filter((n) => n.type.startsWith(PKG));
const typeOf = (node: TemplateNode) => node.type.slice(PKG.length);
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** The properties of a node type that apply to these parameter values (displayOptions.show, one level deep). */
function shownProperties(properties: INodeProperties[], parameters: Record<string, unknown>): INodeProperties[] {
	return properties.filter((property) =>
		Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) => {
			if (name.startsWith('/')) return true;
			const value = parameters[name] ?? properties.find((p) => p.name === name)?.default;
			return (allowed as unknown[]).includes(value);
		}),
	);
}

describe('order-to-ship template: the file', () => {
	test('clean, importable n8n workflow: id, inactive, v1 execution order, no pinned or static data', () => {
		expect(wf.id).toBe('oleOrderToShip01');
		expect(wf.active).toBe(false);
		expect(wf.settings.executionOrder).toBe('v1');
		expect(wf.pinData ?? {}).toEqual({});
		expect(wf.staticData).toBeUndefined();
		expect(new Set(wf.nodes.map((n) => n.name)).size).toBe(wf.nodes.length);
		expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(wf.nodes.length);
		for (const node of wf.nodes) expect(node.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	});

	test('package nodes: known types at the version the package declares, only parameters the node has, valid options', () => {
		expect(ours.length).toBeGreaterThan(10);
		for (const node of ours) {
			const type = packageNodes[typeOf(node)];
			expect(type).toBeDefined();
			expect(node.typeVersion).toBe(type.description.version);
			const shown = shownProperties(type.description.properties, node.parameters);
			for (const [name, value] of Object.entries(node.parameters)) {
				// n8n adds Poll Times to every polling node.
				if (name === 'pollTimes' && type.description.polling) continue;
				const property = shown.find((p) => p.name === name);
				if (!property) throw new Error(`${node.name}: parameter "${name}" is not shown for these values`);
				if (property.type === 'options' && !property.typeOptions?.loadOptionsMethod && !isExpression(value)) {
					expect({ node: node.name, name, ok: property.options?.some((o) => 'value' in o && o.value === value) }).toEqual({ node: node.name, name, ok: true });
				}
			}
		}
	});

	test('credentials are placeholders only: the Odoo Logistics account on every Odoo node, the Redis one on the Guards', () => {
		for (const node of wf.nodes) {
			const odoo = node.type === `${PKG}odooLogistics` || node.type === `${PKG}odooLogisticsTrigger`;
			if (odoo) expect(node.credentials).toEqual({ odooLogisticsApi: { id: 'odooLogistics001', name: 'Odoo Logistics account' } });
			else if (node.type === `${PKG}idempotencyGuard`) expect(node.credentials).toEqual({ odooLogisticsRedis: { id: 'odooLogRedis0001', name: 'Odoo Logistics Redis' } });
			else expect(node.credentials).toBeUndefined();
		}
		expect(text).not.toMatch(/https?:\/\/(?!docs\.n8n\.io)/);
		expect(text).not.toMatch(/"(password|secret|apiKey|token)"\s*:/i);
	});

	test('Idempotency Guard: Claim, Complete and Release share the Local store and the scope, flippable to Redis', () => {
		const guards = ours.filter((n) => typeOf(n) === 'idempotencyGuard');
		expect(guards.map((g) => [g.name, g.parameters.operation, g.parameters.store])).toEqual([
			['Claim event', 'checkAndClaim', 'local'],
			['Complete event', 'complete', 'local'],
			['Release event', 'release', 'local'],
		]);
		expect(byName('Claim event').parameters.keyField).toBe('eventId');
		for (const name of ['Complete event', 'Release event']) expect(byName(name).parameters.keyExpression).toBe("={{ $('Claim event').item.json.eventId }}");
		for (const guard of guards) {
			expect(guard.parameters.options).toEqual({});
			// Store: Redis asks for exactly the credential already named on the node.
			const redis = packageNodes.idempotencyGuard.description.credentials!.filter((c) =>
				Object.entries(c.displayOptions?.show ?? {}).every(([name, values]) => (values as unknown[]).includes({ ...guard.parameters, store: 'redis' }[name])),
			);
			expect(redis.map((c) => c.name)).toEqual(Object.keys(guard.credentials ?? {}));
		}
	});

	test('wiring: every connection names a node; the trigger is Hybrid; duplicates stop; every Odoo node has an error path to Release', () => {
		const names = new Set(wf.nodes.map((n) => n.name));
		for (const [from, { main }] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const targets of main) for (const target of targets) expect(names.has(target.node)).toBe(true);
		}
		const trigger = byName('Sale order confirmed');
		expect(trigger.parameters).toMatchObject({ delivery: 'hybrid', event: 'saleOrderConfirmed' });
		expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		const claim = wf.connections['Claim event'].main;
		expect(claim[0].map((c) => c.node)).toEqual(['Check readiness']);
		expect(claim[1].map((c) => c.node)).toEqual(['Already handled']);
		expect(claim[2].map((c) => c.node)).toEqual(['Already handled']);
		for (const node of ours.filter((n) => typeOf(n) === 'odooLogistics')) {
			expect({ node: node.name, onError: node.onError }).toEqual({ node: node.name, onError: 'continueErrorOutput' });
			expect({ node: node.name, error: wf.connections[node.name]?.main[1]?.map((c) => c.node) }).toEqual({ node: node.name, error: ['Release event'] });
		}
		// Every node but the entries and sticky notes is reached from somewhere.
		const reached = new Set(Object.values(wf.connections).flatMap(({ main }) => main.flat().map((c) => c.node)));
		const unreached = wf.nodes.filter((n) => !reached.has(n.name) && !/Trigger$|trigger$|stickyNote$/.test(n.type)).map((n) => n.name);
		expect(unreached).toEqual([]);
		expect(wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(6);
		// `n8n execute` and a full manual run start from the first trigger or poll node in the list: the Manual Trigger.
		expect(wf.nodes[0].type).toBe('n8n-nodes-base.manualTrigger');
		expect(wf.connections[wf.nodes[0].name].main[0].map((c) => c.node)).toEqual(['Sample event']);
	});
});

describe('order-to-ship template: its policies', () => {
	const policy = compilePolicy(JSON.parse(byName('Release policy').parameters.policyJson as string));
	const decider = new Decider(policy, { requesterField: 'requester' });
	const facts = { requester: 'Mitchell Admin', creditOverLimit: false, expeditedFreight: false, amount: 500 };

	test.each([
		['in stock, credit fine', {}, 'auto_approve', []],
		['customer over its credit limit', { creditOverLimit: true }, 'needs_approval', ['credit-hold']],
		['delivery promised within 24 h', { expeditedFreight: true }, 'needs_approval', ['expedited-freight']],
	])('Release policy: %s → %s', (_label, extra, outcome, rules) => {
		const record = decider.decide({ ...facts, ...extra });
		expect(record.outcome).toBe(outcome);
		expect(record.matchedRules.map((r) => r.id)).toEqual(rules);
		if (outcome === 'needs_approval') expect(record.required?.approvers.length).toBeGreaterThan(0);
	});

	test('Rank by SLA: Gold deliveries urgent from the start, Silver and Bronze not, a commitment date passed is urgent', () => {
		const sla = JSON.parse(byName('Rank by SLA').parameters.policyJson as string);
		const compiled = SlaPolicy.compile({ ...sla, calendar: { timeZone: 'UTC', ...sla.calendar } });
		const now = Date.parse('2026-11-24T10:00:00Z'); // a Tuesday, in working hours
		const start = '2026-11-24 09:59:00';
		const deliveries = [
			{ id: 1, scheduled_date: start, date_deadline: false },
			{ id: 2, scheduled_date: start, date_deadline: false },
			{ id: 3, scheduled_date: start, date_deadline: false },
			{ id: 4, scheduled_date: start, date_deadline: '2026-11-24 09:00:00' },
			{ id: 5, scheduled_date: start, date_deadline: '2026-12-24 09:00:00' },
		];
		const tiers = [['SLA Gold'], ['SLA Silver'], ['SLA Bronze'], ['SLA Silver'], ['SLA Gold']];
		const ranking = prioritize(deliveries, compiled, { now, tierValues: tiers });
		const byId = new Map(deliveries.map((d, index) => [d.id, ranking.assessment(index)]));
		expect([1, 2, 3, 4, 5].map((id) => [id, byId.get(id)?.tier, byId.get(id)?.odooPriority])).toEqual([
			[1, 'gold', '1'],
			[2, 'silver', '0'],
			[3, 'bronze', '0'],
			[4, 'silver', '1'],
			[5, 'gold', '0'],
		]);
	});
});
