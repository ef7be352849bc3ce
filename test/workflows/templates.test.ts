/**
 * What every workflow template in workflows/ must be, checked on each *.json there (a new template gets these checks
 * without a line here): clean importable n8n JSON; node types and versions that exist on both n8n lines; only parameters
 * and option values the package's nodes have; the shared credential placeholders and no secret; wiring on outputs that
 * exist, every node reached, error outputs handled; the Manual Trigger first, so that `n8n execute` and a manual run
 * start from it; the Idempotency Guard on the Local store with Redis one parameter away, and the sticky note saying
 * what queue mode needs; the Exception Classifier's real event names. The checks of one template's own decisions are
 * in its own file (orderToShip.test.ts, procureToReceive.test.ts, returnToResolution.test.ts).
 */
import { ODOO_EVENT_RULES, ODOO_GENERIC_EVENT_RULES, PRESET_RULES, presetEventTypes } from '../../nodes/ExceptionClassifier/rules/odoo';
import type { PresetName } from '../../nodes/OdooLogisticsTrigger/presets';
import {
	BUILT_IN,
	MANUAL_TRIGGER,
	PACKAGE_NODES,
	PLACEHOLDERS,
	STICKY_NOTE,
	TEMPLATE_FILES,
	guardOperation,
	isEntry,
	isPackageNode,
	isType,
	isWaitForDecision,
	outputCount,
	packageType,
	readTemplate,
	readText,
	shownCredentials,
	shownProperties,
	withRedis,
} from './templates';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/** Event types the Odoo Logistics Trigger emits (the names the Exception Classifier is built around). */
const EVENT_TYPES = new Set((Object.keys(PRESET_RULES) as PresetName[]).flatMap(presetEventTypes));
/** Older names the classifier still accepts for the same conditions. */
const ALIASES = [...ODOO_EVENT_RULES, ...ODOO_GENERIC_EVENT_RULES].flatMap((rule) => rule.equals ?? []).filter((name) => !EVENT_TYPES.has(name));

test('workflows/ holds the three templates, each with its own id', () => {
	expect(TEMPLATE_FILES).toEqual(expect.arrayContaining(['order-to-ship.json', 'procure-to-receive.json', 'return-to-resolution.json']));
	const ids = TEMPLATE_FILES.map((file) => readTemplate(file).id);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ALIASES).toContain('stock.move.shortage');
	for (const name of ['stock.shortage', 'receipt.overdue', 'delivery.late', 'return.created']) expect(EVENT_TYPES.has(name)).toBe(true);
});

describe.each(TEMPLATE_FILES)('template %s', (file) => {
	const text = readText(file);
	const template = readTemplate(file);
	const byName = new Map(template.nodes.map((node) => [node.name, node]));
	const ours = template.nodes.filter(isPackageNode);
	const guards = ours.filter((n) => isType(n, 'idempotencyGuard'));
	const notes = template.nodes.filter((n) => n.type === STICKY_NOTE).map((n) => String(n.parameters.content));

	test('clean, inactive n8n export: fixed id, v1 execution order, no pinned or static data, unique node names and ids', () => {
		expect(template.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(template.name).toEqual(expect.any(String));
		expect(template.active).toBe(false);
		expect(template.settings).toMatchObject({ executionOrder: 'v1' });
		expect(template.pinData ?? {}).toEqual({});
		expect(template.meta).toMatchObject({ templateCredsSetupCompleted: false });
		for (const key of ['staticData', 'shared', 'activeVersionId', 'versionCounter', 'triggerCount', 'createdAt', 'updatedAt']) {
			expect(template).not.toHaveProperty(key);
		}
		expect(byName.size).toBe(template.nodes.length);
		expect(new Set(template.nodes.map((n) => n.id)).size).toBe(template.nodes.length);
		for (const node of template.nodes) expect({ node: node.name, id: UUID.test(node.id) }).toEqual({ node: node.name, id: true });
		// As n8n writes it: tabs, a final newline.
		expect(text).toBe(`${JSON.stringify(template, null, '\t')}\n`);
	});

	test('node types and versions that exist: the package nodes at a version they declare, built-ins on both n8n lines', () => {
		expect(ours.length).toBeGreaterThan(3);
		for (const node of template.nodes) {
			const versions = isPackageNode(node) ? [PACKAGE_NODES[packageType(node)]?.description.version ?? []].flat() : BUILT_IN[node.type]?.versions ?? [];
			expect({ node: node.name, type: node.type, version: versions.includes(node.typeVersion) }).toEqual({ node: node.name, type: node.type, version: true });
		}
	});

	test('package nodes: only parameters the node shows for these values, option values it offers, collection fields it has', () => {
		for (const node of ours) {
			const properties = shownProperties(node);
			const polling = PACKAGE_NODES[packageType(node)].description.polling === true;
			for (const [name, value] of Object.entries(node.parameters)) {
				// n8n adds Poll Times to every polling node.
				if (name === 'pollTimes' && polling) continue;
				const property = properties.find((p) => p.name === name);
				expect({ node: node.name, parameter: name, shown: !!property }).toEqual({ node: node.name, parameter: name, shown: true });
				if (!property || isExpression(value)) continue;
				if (property.type === 'options' && !property.typeOptions?.loadOptionsMethod) {
					const offered = (property.options ?? []).map((o) => ('value' in o ? o.value : undefined));
					expect({ node: node.name, parameter: name, value, offered: offered.includes(value as string) }).toEqual({ node: node.name, parameter: name, value, offered: true });
				}
				if (property.type === 'collection' && value && typeof value === 'object') {
					const fields = new Set((property.options ?? []).map((o) => o.name));
					const unknown = Object.keys(value).filter((key) => !fields.has(key));
					expect({ node: node.name, parameter: name, unknown }).toEqual({ node: node.name, parameter: name, unknown: [] });
				}
			}
		}
	});

	test('credentials: the shared placeholders, exactly where the node asks for one (Redis too, one parameter away); no secret', () => {
		for (const node of template.nodes) {
			let expected: Record<string, unknown> | undefined;
			if (isPackageNode(node)) {
				const asked = [...shownCredentials(node), ...shownCredentials(node, withRedis(node))].filter((c) => c.required).map((c) => c.name);
				if (asked.length) expected = Object.fromEntries(asked.map((name) => [name, PLACEHOLDERS[name] ?? `no placeholder for ${name}`]));
			}
			expect({ node: node.name, credentials: node.credentials }).toEqual({ node: node.name, credentials: expected });
		}
		expect(text).not.toMatch(/"(password|apiKey|secret|token)"\s*:\s*"[^"]/i);
		expect(text).not.toMatch(/[0-9a-f]{40}/i);
		// A URL only as a setting the user edits (a Set node named Settings) or to n8n's documentation.
		const elsewhere = JSON.stringify(template.nodes.filter((n) => !(n.type === 'n8n-nodes-base.set' && n.name === 'Settings')));
		expect(elsewhere.match(/https?:\/\/(?!docs\.n8n\.io)[^"\s)]*/g) ?? []).toEqual([]);
	});

	test('wiring: existing nodes, outputs they have, every node reached from an entry, every error output handled', () => {
		const reached = new Set<string>();
		for (const [from, { main }] of Object.entries(template.connections)) {
			const node = byName.get(from);
			expect({ from, exists: !!node }).toEqual({ from, exists: true });
			const outputs = outputCount(node!) + (node!.onError === 'continueErrorOutput' ? 1 : 0);
			expect({ from, outputs: main.length <= outputs }).toEqual({ from, outputs: true });
			for (const list of main) {
				for (const target of list ?? []) {
					// None of the node types the templates use has a second input.
					expect({ from, target }).toEqual({ from, target: { node: target.node, type: 'main', index: 0 } });
					expect({ from, to: target.node, exists: byName.has(target.node) }).toEqual({ from, to: target.node, exists: true });
					reached.add(target.node);
				}
			}
		}
		const entries = template.nodes.filter(isEntry);
		expect(entries.length).toBeGreaterThanOrEqual(2);
		for (const entry of entries) expect({ entry: entry.name, connected: (template.connections[entry.name]?.main[0] ?? []).length > 0 }).toEqual({ entry: entry.name, connected: true });
		const unreached = template.nodes.filter((n) => n.type !== STICKY_NOTE && !isEntry(n) && !reached.has(n.name)).map((n) => n.name);
		expect(unreached).toEqual([]);
		for (const node of template.nodes.filter((n) => n.onError === 'continueErrorOutput')) {
			const error = template.connections[node.name]?.main[outputCount(node)] ?? [];
			expect({ node: node.name, errorOutput: error.length > 0 }).toEqual({ node: node.name, errorOutput: true });
		}
	});

	test('the Manual Trigger comes first: `n8n execute` and a manual run start from the first trigger in the node list', () => {
		const manual = template.nodes.filter((n) => n.type === MANUAL_TRIGGER);
		expect(manual).toHaveLength(1);
		expect(template.nodes[0].name).toBe(manual[0].name);
		const firstTrigger = template.nodes.find((n) => isEntry(n) && n.type !== 'n8n-nodes-base.webhook');
		expect(firstTrigger?.type).toBe(MANUAL_TRIGGER);
	});

	test('sticky notes explain the flow: an overview and one per step', () => {
		expect(notes.length).toBeGreaterThanOrEqual(6);
		const overview = notes.map((content) => /^## (.+)$/m.exec(content)?.[1]).filter((title) => title && template.name.startsWith(title));
		expect(overview).toHaveLength(1);
	});

	test('Idempotency Guard: Local store with the Redis placeholder; Check & Claim once; Complete and Release find its key', () => {
		expect(guards.length).toBeGreaterThanOrEqual(3);
		for (const guard of guards) {
			expect({ node: guard.name, store: guard.parameters.store }).toEqual({ node: guard.name, store: 'local' });
			expect(guard.credentials).toEqual({ odooLogisticsRedis: PLACEHOLDERS.odooLogisticsRedis });
		}
		for (const wait of ours.filter(isWaitForDecision)) {
			expect({ node: wait.name, voteStore: wait.parameters.voteStore }).toEqual({ node: wait.name, voteStore: 'local' });
			expect(wait.credentials).toEqual({ odooLogisticsRedis: PLACEHOLDERS.odooLogisticsRedis });
		}
		// Every Guard node uses the same keys: Complete and Release find the claim of Check & Claim.
		expect(new Set(guards.map((g) => (g.parameters.options as { namespace?: string } | undefined)?.namespace)).size).toBe(1);
		const claims = guards.filter((g) => guardOperation(g) === 'checkAndClaim');
		expect(claims).toHaveLength(1);
		const [claim] = claims;
		expect(claim.parameters.keySource).not.toBe('fields'); // a hash cannot be written again as an expression
		const claimKey = claim.parameters.keySource === 'field' ? `$json.${String(claim.parameters.keyField)}` : String(claim.parameters.keyExpression).replace(/^=\{\{\s*|\s*\}\}$/g, '');
		const input = Object.entries(template.connections).find(([, { main }]) => main.some((list) => list?.some((t) => t.node === claim.name)))![0];
		const readBack = [claim.name, input].map((node) => `={{ ${claimKey.split('$json.').join(`$('${node}').item.json.`)} }}`);
		for (const guard of guards.filter((g) => g !== claim)) {
			expect({ node: guard.name, keySource: guard.parameters.keySource }).toEqual({ node: guard.name, keySource: 'expression' });
			expect(readBack).toContain(guard.parameters.keyExpression);
		}
	});

	test('a sticky note says what queue mode needs: Store → Redis on every Guard, re-delivery on Redis (and the Vote Store, the signing key)', () => {
		const note = notes.find((content) => /^#+ Queue mode$/m.test(content));
		expect(note).toBeDefined();
		const named = (name: string) => note!.includes(`*${name}*`);
		expect(note).toMatch(/\*Store\* to \*\*Redis\*\*/);
		expect(note).toContain('Odoo Logistics Redis');
		expect(guards.filter((g) => !named(g.name)).map((g) => g.name)).toEqual([]);
		const following = ours.filter((n) => isType(n, 'odooLogisticsTrigger') && (n.parameters.redelivery ?? 'off') !== 'off');
		if (following.length) expect(note).toMatch(/\*Re-Deliver Until Completed\* to \*\*Redis Guard Store\*\*/);
		expect(following.filter((n) => !named(n.name)).map((n) => n.name)).toEqual([]);
		const waits = ours.filter(isWaitForDecision);
		if (waits.length) {
			expect(note).toMatch(/\*Vote Store\* to \*\*Redis\*\*/);
			expect(note).toContain('Approval Router Signing Key');
			const signing = ours.filter((n) => isType(n, 'approvalRouter') && ['route', 'waitForDecision'].includes(String(n.parameters.operation ?? 'route')));
			expect(signing.filter((n) => !named(n.name)).map((n) => n.name)).toEqual([]);
		} else {
			expect(note).not.toContain('Vote Store');
		}
	});

	test("event names: the Odoo Logistics Trigger's own (stock.shortage, receipt.overdue...), never an older alias", () => {
		for (const alias of ALIASES) {
			expect({ alias, used: new RegExp(`(?<![\\w.])${alias.replace(/\./g, '\\.')}(?![\\w.])`).test(text) }).toEqual({ alias, used: false });
		}
		const literal = template.nodes
			.filter((n) => n.type === 'n8n-nodes-base.set')
			.flatMap((n) => (n.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments ?? [])
			.filter((a) => ['eventType', 'event'].includes(a.name) && !isExpression(a.value));
		for (const { value } of literal) expect({ value, known: EVENT_TYPES.has(String(value)) }).toEqual({ value, known: true });
	});
});
