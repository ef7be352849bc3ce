import { OdooSettingsError, normaliseUrl, parseConnectionSettings } from '../../../../nodes/shared/odoo';

const valid = { url: 'https://acme.example.com', database: 'acme', login: 'admin', secret: 's3cret-key' };

function settingsError(input: unknown): OdooSettingsError {
	try {
		parseConnectionSettings(input);
	} catch (error) {
		expect(error).toBeInstanceOf(OdooSettingsError);
		return error as OdooSettingsError;
	}
	throw new Error('expected an OdooSettingsError');
}

describe('parseConnectionSettings', () => {
	it('applies the defaults', () => {
		expect(parseConnectionSettings(valid)).toEqual({
			...valid,
			apiMode: 'auto',
			ignoreTls: false,
			timeoutMs: 60_000,
		});
	});

	it.each([
		['https://acme.odoo.com/', 'https://acme.odoo.com'],
		['https://acme.odoo.com/odoo', 'https://acme.odoo.com'],
		['https://acme.odoo.com/odoo/sales/42?debug=1#x', 'https://acme.odoo.com'],
		['https://acme.odoo.com/web#action=12&model=sale.order', 'https://acme.odoo.com'],
		['http://localhost:8069/jsonrpc', 'http://localhost:8069'],
		['https://erp.example.com/proxy/odoo/', 'https://erp.example.com/proxy'],
		['  https://ACME.example.com:8443  ', 'https://acme.example.com:8443'],
	])('normalises the URL %s', (input, expected) => {
		expect(parseConnectionSettings({ ...valid, url: input }).url).toBe(expected);
	});

	it.each([
		['', 'The URL is required'],
		['acme.odoo.com', 'not a valid address'],
		['ftp://acme.odoo.com', 'must start with http:// or https://'],
		['localhost:8069', 'must start with http:// or https://'],
	])('refuses the URL %p, naming the setting', (url, message) => {
		const error = settingsError({ ...valid, url });
		expect(error.setting).toBe('url');
		expect(error.message).toContain(message);
	});

	it('refuses credentials in the URL without repeating them', () => {
		const error = settingsError({ ...valid, url: 'https://admin:hunter2@acme.odoo.com' });
		expect(error.setting).toBe('url');
		expect(error.message).toContain('must not contain a user name or password');
		expect(JSON.stringify(error) + error.message + error.stack).not.toContain('hunter2');
	});

	it('names the missing or invalid setting', () => {
		expect(settingsError({ ...valid, database: ' ' }).setting).toBe('database');
		expect(settingsError({ ...valid, secret: '' }).message).toContain('The API key or password is required');
		expect(settingsError({ ...valid, apiMode: 'xmlrpc' }).message).toContain("'auto', 'json2' or 'jsonrpc'");
		expect(settingsError({ ...valid, timeoutMs: -5 }).setting).toBe('timeoutMs');
		expect(settingsError('https://acme.odoo.com').message).toContain('must be an object');
	});

	it('needs a login except for JSON-2', () => {
		const { login: _login, ...withoutLogin } = valid;
		expect(settingsError(withoutLogin).setting).toBe('login');
		expect(settingsError({ ...withoutLogin, apiMode: 'jsonrpc' }).message).toContain('The login is required');
		expect(parseConnectionSettings({ ...withoutLogin, apiMode: 'json2' }).login).toBeUndefined();
	});

	it('never puts the secret in a settings error', () => {
		const secret = 'a'.repeat(40);
		for (const input of [
			{ ...valid, secret, url: 'nope' },
			{ ...valid, secret, database: 5 },
			{ ...valid, secret, apiMode: secret },
			{ ...valid, secret: 12345 },
		]) {
			const error = settingsError(input);
			expect(JSON.stringify(error) + error.message + error.stack).not.toContain(secret);
		}
	});
});

describe('normaliseUrl', () => {
	it('keeps the scheme, host, port and proxy prefix', () => {
		expect(normaliseUrl('https://h.example:8443/erp/web/login')).toEqual({ url: 'https://h.example:8443/erp' });
	});
});
