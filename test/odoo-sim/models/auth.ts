import { createHash, randomBytes } from 'node:crypto';
import { addDays } from '../clock';
import { userError } from '../errors';
import { userKind } from '../orm/acl';
import type { Env } from '../orm/env';
import { char, datetime, many2one, selection } from '../orm/fields';
import type { ModelDef } from '../orm/model';
import { requireSingleton } from './base';

/** How long a password check made through the identity-check wizard stays valid (Odoo: 10 minutes). */
const IDENTITY_CHECK_MS = 10 * 60 * 1000;

/** A deterministic 40-hex API key, so the demo database prints the same key on every start. */
export function demoApiKey(db: string, login: string): string {
	return createHash('sha1').update(`odoo-sim:${db}:${login}`).digest('hex');
}

/** Stores an API key for a user (the key itself is kept out of every readable field). */
export function addApiKey(env: Env, uid: number, name: string, key: string, expiration: string | false = false): number {
	const id = env.model('res.users.apikeys').create({ name, user_id: uid, scope: 'rpc', expiration_date: expiration });
	env.tx.put('res.users.apikeys', { ...env.tx.get('res.users.apikeys', id)!, _key: key });
	return id;
}

export function userForApiKey(env: Env, key: string): number | undefined {
	const now = env.now();
	const row = env.tx
		.rows('res.users.apikeys')
		.find((r) => r._key === key && (!r.expiration_date || (r.expiration_date as string) > now));
	if (!row) return undefined;
	const user = env.tx.get('res.users', row.user_id as number);
	return user && user.active !== false ? user.id : undefined;
}

function passwordMatches(env: Env, uid: number, password: unknown): boolean {
	const user = env.tx.get('res.users', uid);
	return Boolean(user && user.active !== false && typeof password === 'string' && password && user._password === password);
}

/** `_check_credentials`: the password, or one of the user's API keys. */
export function checkCredentials(env: Env, uid: number, secret: unknown): boolean {
	if (passwordMatches(env, uid, secret)) return true;
	return typeof secret === 'string' && userForApiKey(env, secret) === uid;
}

/** `common.authenticate` / `common.login`: the uid, or `false` for a bad login or secret. */
export function authenticate(env: Env, login: unknown, secret: unknown): number | false {
	const user = env.tx.rows('res.users').find((r) => r.login === login && r.active !== false);
	return user && checkCredentials(env, user.id, secret) ? user.id : false;
}

function identityCheckAction(env: Env, request: Record<string, unknown>): Record<string, unknown> {
	const id = env.model('res.users.identitycheck').create({ request: JSON.stringify(request) });
	return {
		type: 'ir.actions.act_window',
		res_model: 'res.users.identitycheck',
		res_id: id,
		name: 'Security Control',
		target: 'new',
		views: [[false, 'form']],
	};
}

function makeKey(env: Env, ids: number[]): Record<string, unknown> {
	const session = env.session;
	if (!session) throw userError('This method can only be accessed over HTTP');
	if (!session.identityCheckedAt || env.db.clock.now().getTime() - session.identityCheckedAt > IDENTITY_CHECK_MS) {
		return identityCheckAction(env, { model: 'res.users.apikeys.description', method: 'make_key', ids });
	}
	const description = env.rec('res.users.apikeys.description', requireSingleton('res.users.apikeys.description', ids));
	if (userKind(env) === 'portal') throw userError('Only internal users can create API keys');
	const duration = description.str('duration');
	if (duration === '0' && !['admin', 'superuser'].includes(userKind(env))) {
		throw userError('Only administrators can create persistent API keys.');
	}
	const expiration =
		duration === '-1' ? description.get<string | false>('expiration_date') : duration && duration !== '0' ? addDays(env.now(), Number(duration)) : false;
	const key = randomBytes(20).toString('hex');
	addApiKey(env, env.uid, description.str('name'), key, expiration);
	return {
		type: 'ir.actions.act_window',
		res_model: 'res.users.apikeys.show',
		name: 'API Key Ready',
		views: [[false, 'form']],
		target: 'new',
		context: { default_key: key },
	};
}

const DURATIONS = [
	['1', '1 Day'],
	['7', '1 Week'],
	['30', '1 Month'],
	['90', '3 Months'],
	['180', '6 Months'],
	['365', '1 Year'],
	['0', 'Persistent Key'],
	['-1', 'Custom Date'],
] as const;

export const AUTH_MODELS: ModelDef[] = [
	{
		name: 'res.users.apikeys',
		description: 'Users API Keys',
		order: 'id',
		fields: {
			name: char('Description', { required: true, readonly: true }),
			user_id: many2one('res.users', 'User', { required: true, readonly: true, ondelete: 'cascade' }),
			scope: char('Scope', { readonly: true }),
			expiration_date: datetime('Expiration Date', { readonly: true }),
		},
		access: { internal: ['read', 'unlink'], portal: [] },
	},
	{
		name: 'res.users.apikeys.description',
		description: 'API Key Description',
		transient: true,
		fields: {
			name: char('Description', { required: true }),
			duration: selection(DURATIONS, 'Duration', { since: '18.0', required: true }),
			expiration_date: datetime('Expiration Date'),
		},
		methods: {
			make_key: {
				api: 'records',
				owner: 'APIKeyDescription',
				params: [],
				httpOnly: true,
				access: 'none',
				fn: ({ env, ids }) => makeKey(env, ids),
			},
		},
		access: { portal: [] },
	},
	{
		name: 'res.users.identitycheck',
		description: 'Password Check Wizard',
		transient: true,
		fields: {
			request: char('Request'),
			password: char('Password'),
		},
		methods: {
			run_check: {
				api: 'records',
				owner: 'CheckIdentity',
				params: [],
				access: 'none',
				fn: ({ env, ids }) => {
					const wizard = env.rec('res.users.identitycheck', requireSingleton('res.users.identitycheck', ids));
					const password = wizard.get('password') || env.context.password;
					const session = env.session;
					if (!session) throw userError('This method can only be accessed over HTTP');
					if (!passwordMatches(env, env.uid, password)) {
						throw userError('Incorrect Password, try again or click on Forgot Password to reset your password.');
					}
					session.identityCheckedAt = env.db.clock.now().getTime();
					wizard.write({ password: false });
					const request = JSON.parse(wizard.str('request')) as { method: string; ids: number[] };
					if (request.method !== 'make_key') return true;
					return makeKey(env, request.ids);
				},
			},
		},
		access: { portal: [] },
	},
	{
		name: 'res.users.apikeys.show',
		description: 'Show API Key',
		transient: true,
		fields: { key: char('Key', { readonly: true }) },
	},
];
