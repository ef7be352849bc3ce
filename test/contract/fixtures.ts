import * as fs from 'node:fs';
import * as path from 'node:path';
import { dumps, loads } from '../odoo-sim/pyjson';

export interface HttpExchange {
	request: { method: string; path: string; headers?: Record<string, string>; body: unknown };
	response: { status: number; headers?: Record<string, string>; body: unknown };
}

export interface ReceivedPost {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
}

/** A recorded fixture: an RPC exchange, a webhook trigger (calls + what the sink received), or a captured POST. */
export type Fixture =
	| ({ kind: 'rpc'; name: string; description: string } & HttpExchange)
	| { kind: 'webhook'; name: string; description: string; calls: HttpExchange[]; received: ReceivedPost[] }
	| { kind: 'capture'; name: string; description: string; post: ReceivedPost };

export function fixturesDir(): string {
	const dir = process.env.ODOO_FIXTURES_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'odoo-fixtures');
	if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
		throw new Error(
			`Odoo fixtures not found at ${dir}. Set ODOO_FIXTURES_DIR to the folder holding the recorded version folders (18.0/, 19.0/, ...).`,
		);
	}
	return dir;
}

/** Version folders (`18.0`, `19.0`, ...) present in the fixtures directory. */
export function fixtureVersions(dir: string): string[] {
	const versions = fs
		.readdirSync(dir)
		.filter((entry) => /^\d+\.\d+$/.test(entry) && fs.statSync(path.join(dir, entry)).isDirectory())
		.sort((a, b) => Number(a) - Number(b));
	if (!versions.length) throw new Error(`No version folders (like 18.0/) in ${dir}`);
	return versions;
}

const RPC_PATH = /^\/(jsonrpc|json\/2\/|web\/)/;

/** Loads a version's fixtures in file order. Numbers written with a fraction are kept apart from integers. */
export function loadFixtures(dir: string, version: string): Fixture[] {
	const folder = path.join(dir, version);
	return fs
		.readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const name = file.replace(/\.json$/, '');
			const raw = loads(fs.readFileSync(path.join(folder, file), 'utf8'), { typedFloats: true }) as Record<string, unknown>;
			const description = String(raw.description ?? '');
			if (raw.trigger) {
				const trigger = raw.trigger as { calls: HttpExchange[] };
				const received = Array.isArray(raw.received) ? raw.received : [raw.received];
				return { kind: 'webhook', name, description, calls: trigger.calls, received: received as ReceivedPost[] };
			}
			const exchange = raw as unknown as HttpExchange;
			if (!RPC_PATH.test(exchange.request.path)) {
				// A captured POST whose body was stored parsed: its raw form is `json.dumps(sort_keys=True)`.
				const request = exchange.request as ReceivedPost;
				const body = typeof request.body === 'string' ? request.body : dumps(request.body, { sortKeys: true });
				return { kind: 'capture', name, description, post: { ...request, body } };
			}
			return { kind: 'rpc', name, description, request: exchange.request, response: exchange.response };
		});
}
