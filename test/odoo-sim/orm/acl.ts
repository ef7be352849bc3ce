import { accessError } from '../errors';
import { major } from '../version';
import type { Env } from './env';
import type { AccessOp } from './model';

export type UserKind = 'superuser' | 'admin' | 'internal' | 'portal';

/** Group names that Odoo 19 renamed ("Role / ..."); other names are shown as written. */
const GROUP_LABELS: Record<string, [string, string]> = {
	'base.group_system': ['Administration/Settings', 'Role / Administrator'],
	'base.group_user': ['Internal User', 'Role / User'],
	'base.group_erp_manager': ['Access Rights', 'Access Rights'],
};

function groupLabel(env: Env, group: string): string {
	const labels = GROUP_LABELS[group];
	return labels ? labels[major(env.version) >= 19 ? 1 : 0] : group;
}

const VERBS: Record<AccessOp, string> = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' };
const ALL_OPS: AccessOp[] = ['read', 'write', 'create', 'unlink'];

/** The users' groups field: `groups_id`, renamed `group_ids` in 19.0. */
export function groupsField(env: Env): 'groups_id' | 'group_ids' {
	return major(env.version) >= 19 ? 'group_ids' : 'groups_id';
}

export function userKind(env: Env, uid = env.uid): UserKind {
	if (uid === 1) return 'superuser';
	const groups = env.rec('res.users', uid).get<number[]>(groupsField(env));
	const has = (xmlid: string) => {
		const ref = env.db.xmlids.get(xmlid);
		return ref !== undefined && groups.includes(ref.id);
	};
	if (has('base.group_system')) return 'admin';
	if (has('base.group_portal')) return 'portal';
	return 'internal';
}

/** Direct (test) environments and administrators skip access checks. */
export function isPrivileged(env: Env): boolean {
	if (env.transport === 'direct') return true;
	const kind = userKind(env);
	return kind === 'superuser' || kind === 'admin';
}

/** The model ACL: AccessError "You are not allowed to access 'Stock Move' (stock.move) records..." */
export function checkModelAccess(env: Env, model: string, op: AccessOp): void {
	if (isPrivileged(env)) return;
	const def = env.registry.get(model);
	const access = def.access ?? {};
	const allowed = userKind(env) === 'portal' ? (access.portal ?? []) : (access.internal ?? ALL_OPS);
	if (allowed.includes(op)) return;
	const groups = (access.groups?.[op] ?? access.groups?.read ?? []).map((g) => groupLabel(env, g));
	const allowedBy = groups.length
		? `This operation is allowed for the following groups:\n${groups.map((g) => `\t- ${g}`).join('\n')}`
		: 'No group currently allows this operation.';
	throw accessError(
		`You are not allowed to ${VERBS[op]} '${def.description}' (${model}) records.\n\n${allowedBy}\n\nContact your administrator to request access if necessary.`,
	);
}

function portalPartner(env: Env): number {
	const partner = env.rec('res.users', env.uid).m2o('partner_id');
	const commercial = partner?.m2o('commercial_partner_id');
	return commercial?.id ?? partner?.id ?? 0;
}

/** Record rules: ids of `model` the caller may see (portal users only see their own documents). */
export function visibleIds(env: Env, model: string, ids: number[]): number[] {
	const rule = env.registry.get(model).access?.portalRule;
	if (!rule || isPrivileged(env) || userKind(env) !== 'portal') return ids;
	const partnerId = portalPartner(env);
	return ids.filter((id) => rule(env.rec(model, id), partnerId));
}

/** Record rules on named records: the "Uh-oh! Looks like you have stumbled upon some top-secret records" error. */
export function checkRecordRules(env: Env, model: string, op: AccessOp, ids: number[]): void {
	const existing = env.model(model).exists(ids);
	if (visibleIds(env, model, existing).length === existing.length) return;
	const user = env.rec('res.users', env.uid);
	const def = env.registry.get(model);
	throw accessError(
		`Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, ${user.str('name')} (id=${env.uid}) doesn't have '${op}' access to:\n- ${def.description} (${model})\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.`,
	);
}
