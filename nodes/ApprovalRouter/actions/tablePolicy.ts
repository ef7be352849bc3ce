/**
 * Turns the node's table parameters into the policy format, so that table and JSON policies go through the same
 * schema, compile the same way and hash the same way.
 */

export interface TableRule {
	id?: string;
	description?: string;
	conditions?: string;
	outcome?: string;
	priority?: number;
	approvers?: string;
	minApprovals?: number;
	order?: string;
	escalateAfter?: string;
	escalateTo?: string;
	exclude?: string;
	excludeRequesterGroups?: boolean;
}

export interface TableParameters {
	policyId: string;
	policyVersion: string;
	hitPolicy: string;
	groups: { group?: Array<{ name?: string; members?: string }> };
	rules: { rule?: TableRule[] };
	noMatchOutcome: string;
}

const list = (text = '') =>
	text
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter(Boolean);

function rule(row: TableRule): Record<string, unknown> {
	const conditions = (row.conditions ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((expr) => ({ expr }));
	return {
		id: row.id ?? '',
		...(row.description ? { description: row.description } : {}),
		priority: row.priority ?? 0,
		when: conditions,
		outcome: row.outcome,
		...(row.outcome === 'needs_approval'
			? {
					approval: {
						approvers: list(row.approvers),
						minApprovals: row.minApprovals ?? 1,
						order: row.order ?? 'parallel',
						escalateAfter: row.escalateAfter ?? '',
						escalateTo: list(row.escalateTo),
						exclude: list(row.exclude),
						excludeRequesterGroups: row.excludeRequesterGroups ?? false,
					},
				}
			: {}),
	};
}

export function tablePolicy(parameters: TableParameters): Record<string, unknown> {
	return {
		id: parameters.policyId,
		version: parameters.policyVersion,
		hitPolicy: parameters.hitPolicy,
		groups: Object.fromEntries((parameters.groups.group ?? []).map((g) => [g.name ?? '', list(g.members)])),
		rules: (parameters.rules.rule ?? []).map(rule),
		noMatch: { outcome: parameters.noMatchOutcome },
	};
}
