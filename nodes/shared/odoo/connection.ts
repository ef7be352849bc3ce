import { z } from 'zod';

import { OdooSettingsError } from './errors';

export const API_MODES = ['auto', 'json2', 'jsonrpc'] as const;
export type ApiMode = (typeof API_MODES)[number];

export const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 600_000;

/** Paths that users paste along with the base URL: the web client, or an API endpoint. */
const WEB_PATH = /\/(odoo|web|jsonrpc|json\/2|xmlrpc)(\/.*)?$/;

/**
 * The base URL of Odoo: http(s) only, without credentials, query, fragment, trailing slash or web-client path
 * (`https://acme.odoo.com/odoo/sales` → `https://acme.odoo.com`). A path prefix of a reverse proxy is kept.
 */
export function normaliseUrl(input: string): { url: string } | { error: string } {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		return { error: 'The URL is not a valid address: write it in full, for example https://mycompany.odoo.com' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { error: 'The URL must start with http:// or https://, for example https://mycompany.odoo.com' };
	}
	if (url.username || url.password) {
		return { error: 'The URL must not contain a user name or password: use the Login and API Key settings' };
	}
	const path = url.pathname.replace(/\/+$/, '').replace(WEB_PATH, '');
	return { url: `${url.protocol}//${url.host}${path}` };
}

const text = (setting: string) =>
	z.string({ required_error: `${setting} is required`, invalid_type_error: `${setting} must be text` });

export const connectionSettingsSchema = z
	.object({
		url: text('The URL')
			.trim()
			.min(1, 'The URL is required')
			.transform((value, ctx) => {
				const result = normaliseUrl(value);
				if ('url' in result) return result.url;
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.error });
				return z.NEVER;
			}),
		database: text('The database name').trim().min(1, 'The database name is required'),
		login: text('The login').trim().optional(),
		secret: text('The API key or password').min(1, 'The API key or password is required'),
		apiMode: z
			.enum(API_MODES, { errorMap: () => ({ message: "The API mode must be 'auto', 'json2' or 'jsonrpc'" }) })
			.default('auto'),
		ignoreTls: z.boolean({ invalid_type_error: 'Ignore TLS issues must be true or false' }).default(false),
		timeoutMs: z
			.number({ invalid_type_error: 'The timeout must be a number of milliseconds' })
			.int('The timeout must be a whole number of milliseconds')
			.positive('The timeout must be positive')
			.max(MAX_TIMEOUT_MS, `The timeout must be at most ${MAX_TIMEOUT_MS} ms`)
			.default(DEFAULT_TIMEOUT_MS),
	})
	.superRefine((settings, ctx) => {
		if (settings.apiMode !== 'json2' && !settings.login) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['login'],
				message: "The login is required, unless the API mode is 'json2' (Odoo 19+ with an API key)",
			});
		}
	});

export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;
export type ConnectionSettings = z.output<typeof connectionSettingsSchema>;

/** Validates the settings. The thrown error names the setting to fix and never contains the secret. */
export function parseConnectionSettings(input: unknown): ConnectionSettings {
	const result = connectionSettingsSchema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const setting = issue.path.length ? String(issue.path[0]) : 'settings';
	const message = issue.path.length ? issue.message : 'The connection settings must be an object';
	throw new OdooSettingsError(setting, message);
}
