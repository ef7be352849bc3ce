/**
 * Shared by the secret scans (test/security/secrets.test.ts in-process, test/e2e/security.e2e.ts in a real n8n): an
 * Odoo that quotes every request in its errors, so that a key or password reaches the error paths, and the scan of
 * collected texts for the secrets.
 */
import type { StubRequest, StubResponse } from '../nodes/shared/odoo/helpers/stubServer';

/** An Odoo 19 (for a stub server) that accepts any login and quotes every request, body and headers, in its error answers. */
export function echoingOdoo(request: StubRequest): StubResponse {
	const quoted = `${request.body} ${JSON.stringify(request.headers)}`;
	if (request.path === '/web/version') return { body: { version: '19.0', version_info: [19, 0, 0, 'final', 0, ''] } };
	if (request.path.startsWith('/json/2/')) return { status: 500, body: { name: 'builtins.ValueError', message: `bad call: ${quoted}`, arguments: [quoted], debug: quoted } };
	const { id, params } = (request.json ?? {}) as { id?: number; params?: { method?: string } };
	if (params?.method === 'version') return { body: { jsonrpc: '2.0', id, result: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''] } } };
	if (params?.method === 'authenticate' || params?.method === 'login') return { body: { jsonrpc: '2.0', id, result: 2 } };
	return { body: { jsonrpc: '2.0', id, error: { code: 200, message: `Odoo Server Error ${quoted}`, data: { name: 'builtins.ValueError', message: quoted, debug: quoted, arguments: [quoted] } } } };
}

export interface Secret {
	name: string;
	value: string;
}

/** Each secret found in a collected text, named with where it was and the text before it. An empty secret is never found. */
export function leaksIn(collected: ReadonlyArray<{ scenario: string; text: string }>, secrets: readonly Secret[]): string[] {
	const leaks: string[] = [];
	for (const { scenario, text } of collected) {
		for (const { name, value } of secrets) {
			const at = value ? text.indexOf(value) : -1;
			if (at >= 0) leaks.push(`${name} in ${scenario}: …${text.slice(Math.max(0, at - 80), at).replace(/\s+/g, ' ')}[SECRET]…`);
		}
	}
	return leaks;
}
