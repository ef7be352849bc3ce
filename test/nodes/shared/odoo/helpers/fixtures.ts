import fs from 'node:fs';
import path from 'node:path';

import { StubRequest, StubResponse, StubServer, startStubServer } from './stubServer';

/** The recorded request/response pairs of real Odoo 18.0 and 19.0 servers (see their README). */
export const FIXTURES_DIR =
	process.env.ODOO_FIXTURES_DIR ?? path.resolve(__dirname, '../../../../../../shared/odoo-fixtures');

export type FixtureVersion = '18.0' | '19.0';

export interface Fixture {
	description: string;
	request: { method: string; path: string; headers: Record<string, string>; body: unknown };
	response: { status: number; headers: Record<string, string>; body: unknown };
}

export function loadFixture(version: FixtureVersion, number: string): Fixture {
	const folder = path.join(FIXTURES_DIR, version);
	const file = fs.readdirSync(folder).find((name) => name.startsWith(`${number}-`) && name.endsWith('.json'));
	if (!file) throw new Error(`no fixture ${version}/${number} in ${folder}`);
	return JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Fixture;
}

const asResponse = (fixture: Fixture): StubResponse => ({
	status: fixture.response.status,
	headers: { 'Content-Type': fixture.response.headers['content-type'] ?? 'application/json; charset=utf-8' },
	body: fixture.response.body,
});

function withId(response: StubResponse, request: StubRequest): StubResponse {
	const body = response.body as Record<string, unknown> | undefined;
	const id = (request.json as { id?: unknown } | undefined)?.id;
	return body && typeof body === 'object' && 'jsonrpc' in body ? { ...response, body: { ...body, id } } : response;
}

/**
 * A server that answers like the recorded Odoo: the version and authentication calls from their own fixtures, and
 * every other call with `fixture`'s response.
 */
export function replayServer(version: FixtureVersion, fixture: Fixture): Promise<StubServer> {
	const versionFixture = version === '19.0' ? loadFixture('19.0', '43') : loadFixture('18.0', '01');
	return startStubServer((request) => {
		if (request.method === 'GET' && request.path === '/web/version') {
			return version === '19.0'
				? asResponse(loadFixture('19.0', '01'))
				: { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<title>404 Not Found</title>' };
		}
		const params = (request.json as { params?: { service?: string; method?: string } } | undefined)?.params;
		if (request.path === '/jsonrpc' && params?.service === 'common' && params.method === 'version') {
			return withId(asResponse(versionFixture), request);
		}
		const replaysAuthenticate = (fixture.request.body as { params?: { method?: string } } | null)?.params?.method === 'authenticate';
		if (request.path === '/jsonrpc' && params?.service === 'common' && params.method === 'authenticate' && !replaysAuthenticate) {
			return withId({ body: { jsonrpc: '2.0', id: 0, result: 2 } }, request);
		}
		if (request.path === '/json/2/res.users/context_get' && fixture.request.path !== request.path) {
			return { body: { lang: 'en_US', tz: 'Europe/Brussels', uid: 2 } };
		}
		return withId(asResponse(fixture), request);
	});
}
