/**
 * Replays recorded fixtures against a simulator and reports how the answers differ in shape from the recording.
 */
import type { OdooSimulator } from '../odoo-sim';
import { dumps, loads } from '../odoo-sim/pyjson';
import type { Fixture, HttpExchange, ReceivedPost } from './fixtures';
import { IdMap } from './id-map';
import { attributeDiff, normalizeDigits, semanticDiff, shapeDiff } from './shape';
import type { CapturedPost, WebhookSink } from '../odoo-sim/testing/webhook-sink';

type Json = Record<string, unknown>;

/** Where the simulator may differ from a recording on purpose: the paths left out of the comparison, and why. */
export interface Allowance {
	reason: string;
	/** Diff lines starting with one of these (`$.result`, `message`, `webhook 1`) are ignored. */
	ignore: string[];
}

export interface FixtureHooks {
	/** Unrecorded calls the recording made before this fixture (setup), and the ids they produced. */
	before?: (ctx: ReplayContext) => Promise<void>;
	after?: (ctx: ReplayContext) => Promise<void>;
	/** Changes the (already id-translated) request, for values that are not ids (a document name in a domain). */
	rewrite?: (body: unknown, ctx: ReplayContext) => unknown;
	/** Which user's API key replaces `<api-key>` in the Authorization header. */
	key?: 'admin' | 'demo';
}

export interface ReplayPlan {
	/** The recording's database name (reused so request bodies keep it). */
	db: string;
	/** Aliases for the records the recording found in Odoo's demo data. */
	setup: (ctx: ReplayContext) => Promise<void>;
	hooks: Record<string, FixtureHooks>;
	allow: Record<string, Allowance>;
}

export interface ReplayContext {
	sim: OdooSimulator;
	ids: IdMap;
	/** An unrecorded call, made over JSON-RPC as admin like the recorder's helper calls. */
	call(model: string, method: string, args: unknown[], kwargs?: Json): Promise<unknown>;
}

interface Answer {
	status: number;
	headers: Headers;
	body: unknown;
}

const RECORDED_SINKS = /http:\/\/127\.0\.0\.1:876\d/g;
const SIGNIFICANT_HEADERS = ['user-agent', 'accept-encoding', 'accept', 'connection', 'content-type'];

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
	if (value && typeof value === 'object' && value.constructor === Object) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
	}
	return value;
}

function contentFamily(contentType: string | null | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export class Replayer {
	readonly ids: IdMap;
	private session = '';
	private lastCaptures: CapturedPost[] = [];
	private readonly ctx: ReplayContext;

	constructor(
		private readonly sim: OdooSimulator,
		private readonly sink: WebhookSink,
		private readonly sinkUrl: string,
		private readonly plan: ReplayPlan,
	) {
		this.ids = new IdMap(sim);
		this.ctx = { sim, ids: this.ids, call: (model, method, args, kwargs) => this.call(model, method, args, kwargs) };
	}

	async setup(): Promise<void> {
		await this.plan.setup(this.ctx);
	}

	/** Replays one fixture; returns the differences not covered by the plan's allowances (empty: the fixture passes). */
	async run(fixture: Fixture): Promise<string[]> {
		const number = fixture.name.slice(0, 2);
		const hooks = this.plan.hooks[number] ?? {};
		await hooks.before?.(this.ctx);
		const mark = this.sink.received.length;
		let diffs: string[];
		if (fixture.kind === 'rpc') {
			diffs = await this.exchange(fixture, hooks);
		} else if (fixture.kind === 'webhook') {
			diffs = [];
			for (const [i, call] of fixture.calls.entries()) diffs.push(...(await this.exchange(call, hooks)).map((d) => `call ${i + 1}: ${d}`));
			await this.sim.flushWebhooks();
			diffs.push(...this.comparePosts(fixture.received, this.sink.received.slice(mark), true));
		} else {
			diffs = this.comparePosts([fixture.post], this.lastCaptures, false);
		}
		await this.sim.flushWebhooks();
		this.lastCaptures = this.sink.received.slice(mark);
		await hooks.after?.(this.ctx);
		const allowance = this.plan.allow[number];
		if (!allowance) return diffs;
		const remaining = diffs.filter((d) => !allowance.ignore.some((prefix) => d.startsWith(prefix)));
		// An allowance that hides nothing any more must go, so the list stays true.
		return remaining.length === diffs.length ? [...remaining, `allowance no longer needed: ${allowance.reason}`] : remaining;
	}

	private async call(model: string, method: string, args: unknown[], kwargs: Json = {}): Promise<unknown> {
		const { admin, url } = this.sim;
		const response = await fetch(`${url}/jsonrpc`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: dumps({ jsonrpc: '2.0', method: 'call', id: 0, params: { service: 'object', method: 'execute_kw', args: [this.plan.db, admin.uid, admin.apiKey, model, method, args, kwargs] } }),
		});
		const body = loads(await response.text()) as Json;
		if (body.error) throw new Error(`setup call ${model}.${method} failed: ${JSON.stringify(body.error)}`);
		return body.result;
	}

	private secret(value: unknown, hooks: FixtureHooks): unknown {
		if (value === '<api-key>') return hooks.key === 'demo' ? this.sim.demo.apiKey : this.sim.admin.apiKey;
		if (value === 'portal') return this.sim.portal.password;
		return value;
	}

	/** The recorded request with the simulator's ids, credentials, session and webhook sink. */
	private translate(request: HttpExchange['request'], hooks: FixtureHooks): { body: unknown; model?: string; method?: string } {
		let body = mapStrings(request.body, (s) => s.replace(RECORDED_SINKS, this.sinkUrl));
		let model: string | undefined;
		let method: string | undefined;
		const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(request.path);
		if (json2 && body && typeof body === 'object') {
			[model, method] = [json2[1], json2[2]];
			body = this.ids.json2(model, body as Json);
		} else if (request.path === '/jsonrpc' && body && typeof body === 'object') {
			const params = { ...((body as Json).params as Json) };
			const args = [...((params.args as unknown[]) ?? [])];
			if (params.service === 'object') {
				[model, method] = [String(args[3]), String(args[4])];
				args[1] = typeof args[1] === 'number' ? this.ids.id('res.users', args[1]) : args[1];
				args[2] = this.secret(args[2], hooks);
				const [positional, kwargs] = this.ids.call(model, method, (args[5] as unknown[]) ?? [], args[6] as Json | undefined);
				args.splice(5, 2, positional, ...(kwargs ? [kwargs] : []));
			} else if (params.service === 'common' && args.length > 2) {
				args[2] = this.secret(args[2], hooks);
			}
			body = { ...(body as Json), params: { ...params, args } };
		} else if (request.path.startsWith('/web/dataset/call_kw') && body && typeof body === 'object') {
			const params = { ...((body as Json).params as Json) };
			[model, method] = [String(params.model), String(params.method)];
			const [args, kwargs] = this.ids.call(model, method, (params.args as unknown[]) ?? [], params.kwargs as Json | undefined);
			body = { ...(body as Json), params: { ...params, args, kwargs } };
		}
		return { body: hooks.rewrite ? hooks.rewrite(body, this.ctx) : body, model, method };
	}

	private async send(request: HttpExchange['request'], body: unknown, hooks: FixtureHooks): Promise<Answer> {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers ?? {})) {
			headers[name] = value.replace('<api-key>', String(this.secret('<api-key>', hooks))).replace('<session>', this.session);
		}
		if (!request.headers && request.method === 'POST') headers['Content-Type'] = 'application/json';
		const payload = body === null || body === undefined ? undefined : typeof body === 'string' ? body : dumps(body);
		const response = await fetch(`${this.sim.url}${request.path}`, { method: request.method, headers, body: payload });
		const text = await response.text();
		const parsed = contentFamily(response.headers.get('content-type')) === 'application/json' ? loads(text, { typedFloats: true }) : text;
		return { status: response.status, headers: response.headers, body: parsed };
	}

	private async exchange(exchange: HttpExchange, hooks: FixtureHooks): Promise<string[]> {
		const { body, model, method } = this.translate(exchange.request, hooks);
		const answer = await this.send(exchange.request, body, hooks);
		const recorded = exchange.response;
		const diffs: string[] = [];
		if (recorded.status !== undefined && recorded.status !== answer.status) diffs.push(`status: expected ${recorded.status}, got ${answer.status}`);
		const recordedType = recorded.headers?.['content-type'];
		if (recordedType && contentFamily(recordedType) !== contentFamily(answer.headers.get('content-type'))) {
			diffs.push(`content-type: expected ${recordedType}, got ${answer.headers.get('content-type')}`);
		}
		const authenticate = recorded.headers?.['www-authenticate'];
		if (authenticate !== undefined && authenticate !== answer.headers.get('www-authenticate')) {
			diffs.push(`www-authenticate: expected ${JSON.stringify(authenticate)}, got ${JSON.stringify(answer.headers.get('www-authenticate'))}`);
		}
		if (exchange.request.path === '/web/session/authenticate') {
			const cookie = /session_id=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '');
			if (!cookie) diffs.push('set-cookie: no session_id cookie');
			else this.session = cookie[1];
		}
		if (typeof recorded.body === 'string' || typeof answer.body === 'string') {
			if (recorded.body !== answer.body) diffs.push(`body: expected ${JSON.stringify(recorded.body)}, got ${JSON.stringify(answer.body)?.slice(0, 300)}`);
			return diffs;
		}
		diffs.push(...shapeDiff(recorded.body, answer.body));
		diffs.push(...semanticDiff(recorded.body, answer.body));
		diffs.push(...this.compareErrors(recorded.body, answer.body));
		if (model && method) {
			const result = (b: unknown) => (exchange.request.path.startsWith('/json/2/') ? b : (b as Json | null)?.result);
			// Field declarations are the contract a client's field mapping is built from: their attributes must match.
			if (method === 'fields_get') diffs.push(...attributeDiff(result(recorded.body), result(answer.body)));
			this.ids.learnAnswer(model, method, result(recorded.body), result(answer.body));
		}
		return diffs;
	}

	/**
	 * The JSON-RPC error code and title, the exception class, and the message once digits (ids, dates) are set aside
	 * must be the same.
	 */
	private compareErrors(recorded: unknown, actual: unknown): string[] {
		const errorOf = (body: unknown): Json | undefined => {
			if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
			const b = body as Json;
			if (b.error) return (b.error as Json).data as Json;
			return typeof b.name === 'string' && typeof b.message === 'string' ? b : undefined;
		};
		const expected = errorOf(recorded);
		const got = errorOf(actual);
		if (!expected || !got) return [];
		const diffs: string[] = [];
		const envelope = (body: unknown) => (body as Json).error as Json | undefined;
		const [recordedError, actualError] = [envelope(recorded), envelope(actual)];
		if (recordedError && (recordedError.code !== actualError?.code || recordedError.message !== actualError?.message)) {
			diffs.push(`error: expected code ${String(recordedError.code)} "${String(recordedError.message)}", got code ${String(actualError?.code)} "${String(actualError?.message)}"`);
		}
		if (expected.name !== got.name) diffs.push(`error name: expected ${String(expected.name)}, got ${String(got.name)}`);
		if (normalizeDigits(String(expected.message)) !== normalizeDigits(String(got.message))) {
			diffs.push(`message: expected ${JSON.stringify(expected.message)}, got ${JSON.stringify(got.message)}`);
		}
		return diffs;
	}

	/** Same number of POSTs; per POST the path, the significant headers (and their order) and the raw body's format. */
	private comparePosts(expected: ReceivedPost[], actual: CapturedPost[], headerOrder: boolean): string[] {
		const diffs: string[] = [];
		if (expected.length !== actual.length) {
			return [`webhooks: expected ${expected.length} POST(s), got ${actual.length}: ${actual.map((p) => p.body).join(' | ')}`];
		}
		expected.forEach((post, i) => {
			const got = actual[i];
			const where = `webhook ${i + 1}`;
			if (got.method !== post.method || got.path !== post.path) diffs.push(`${where}: expected ${post.method} ${post.path}, got ${got.method} ${got.path}`);
			const expectedNames = Object.keys(post.headers).map((h) => h.toLowerCase());
			const gotNames = got.headers.map(([h]) => h.toLowerCase());
			const sameNames = headerOrder ? expectedNames.join() === gotNames.join() : [...expectedNames].sort().join() === [...gotNames].sort().join();
			if (!sameNames) diffs.push(`${where} headers: expected ${expectedNames.join(', ')}, got ${gotNames.join(', ')}`);
			for (const [name, value] of Object.entries(post.headers)) {
				const lower = name.toLowerCase();
				const actualValue = got.headers.find(([h]) => h.toLowerCase() === lower)?.[1];
				if (SIGNIFICANT_HEADERS.includes(lower) && actualValue !== value) diffs.push(`${where} ${name}: expected ${value}, got ${actualValue}`);
			}
			const length = got.headers.find(([h]) => h.toLowerCase() === 'content-length')?.[1];
			if (length !== String(Buffer.byteLength(got.body))) diffs.push(`${where}: Content-Length ${length} does not match the body`);
			if (normalizeDigits(post.body) !== normalizeDigits(got.body)) diffs.push(`${where} body:\n  expected ${post.body}\n  got      ${got.body}`);
			try {
				this.ids.learnPayload(loads(post.body) as Json, loads(got.body) as Json);
			} catch {
				diffs.push(`${where}: body is not JSON`);
			}
		});
		return diffs;
	}
}
