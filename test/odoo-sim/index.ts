/**
 * An in-process Odoo server for tests and demos: `/jsonrpc`, the web session routes, `/json/2` (19.0+), an in-memory
 * ORM with the logistics models, automation rules that really POST their webhooks, and fault injection.
 */
import { SimClock } from './clock';
import { createDatabase, runDirect } from './database';
import { FaultInjector, type FailNextOptions, type FaultOptions } from './faults';
import { callDirect } from './orm/dispatch';
import type { Env } from './orm/env';
import type { SimModule } from './orm/model';
import { plain } from './pyjson';
import { CallRunner } from './runner';
import { seedBase, type SimUser } from './seed/base';
import { seedDemo } from './seed/demo';
import { createStats, SimServer, type SimStats } from './server';
import type { OdooSimVersion } from './version';
import { WebhookSender } from './webhooks';

export type { OdooSimVersion } from './version';
export type { FaultOptions, FailNextOptions } from './faults';
export type { SimUser } from './seed/base';
export type { SimModule } from './orm/model';
export type { SimStats } from './server';

export interface SimulatorOptions {
	/** Default '18.0'. JSON-2 only on >= 19.0; webhook server actions on >= 17.0. */
	version?: OdooSimVersion;
	/** Default 'odoo'. */
	db?: string;
	/** Default 'demo'. */
	seed?: 'demo' | 'empty';
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 0 (a random free port). */
	port?: number;
	faults?: Partial<FaultOptions>;
	/** Optional modules installed (default: helpdesk and approvals; add 'stock_delivery' for carrier fields). */
	modules?: SimModule[];
	/** Start the clock frozen at this instant (a Date, ISO string or 'YYYY-MM-DD HH:MM:SS' UTC). */
	now?: Date | string;
}

export interface SimEnvApi {
	search(domain?: unknown[], opts?: { order?: string; limit?: number; offset?: number }): number[];
	read(ids: number[], fields?: string[]): Record<string, unknown>[];
	searchRead(domain?: unknown[], fields?: string[]): Record<string, unknown>[];
	create(vals: Record<string, unknown>): number;
	write(ids: number[], vals: Record<string, unknown>): void;
	unlink(ids: number[]): void;
	/** A business method as admin, without access checks; recordsets come back as id lists. */
	call(method: string, ids: number[], kwargs?: Record<string, unknown>): unknown;
}

export interface OdooSimulator {
	readonly url: string;
	readonly db: string;
	readonly version: OdooSimVersion;
	/** uid 2, login 'admin', password 'admin', a 40-hex API key. */
	readonly admin: SimUser;
	/** A portal user (contact of a customer in the demo data): AccessError on stock.move and the like. */
	readonly portal: SimUser;
	/** An internal user without administration rights (AccessError on settings, users, automation rules). */
	readonly demo: SimUser;
	/** The clock every Odoo date comes from: freeze, set and advance it to control write_date and friends. */
	readonly clock: SimClock;
	setFaults(partial: Partial<FaultOptions>): void;
	/**
	 * The next `count` RPC calls matching the filter fail as `kind`. http503/http502/concurrency/reset: the call is
	 * not executed. 'timeout': the call IS executed and committed, but the response is delayed by `delayMs`
	 * (default 5000).
	 */
	failNext(opts: FailNextOptions): void;
	readonly stats: SimStats;
	/** Direct access to the in-memory database (no HTTP, no ACL); each call is its own committed transaction. */
	env(model: string): SimEnvApi;
	/** Resolves when every outgoing webhook POST started so far has finished (or timed out). */
	flushWebhooks(): Promise<void>;
	close(): Promise<void>;
}

export async function startOdooSimulator(options: SimulatorOptions = {}): Promise<OdooSimulator> {
	const version = options.version ?? '18.0';
	const name = options.db ?? 'odoo';
	const clock = new SimClock();
	if (options.now) clock.set(options.now);
	const db = createDatabase({ name, version, modules: options.modules ?? ['helpdesk', 'approvals'], clock });
	const users = runDirect(db, (env) => seedBase(env), undefined, 1);
	if ((options.seed ?? 'demo') === 'demo') runDirect(db, (env) => seedDemo(env, users));

	const stats = createStats();
	const faults = new FaultInjector(options.faults);
	const sender = new WebhookSender(faults, stats);
	const server = new SimServer({ db, runner: new CallRunner(db, sender), sessions: new Map() }, faults, stats);
	const url = await server.listen(options.host ?? '127.0.0.1', options.port ?? 0);

	const direct = <T>(work: (env: Env) => T): T => plain(runDirect(db, work, (webhooks) => void sender.sendAll(webhooks)));
	const envApi = (model: string): SimEnvApi => ({
		search: (domain = [], opts = {}) => direct((env) => env.model(model).search(domain, opts)),
		read: (ids, fields) => direct((env) => env.model(model).read(ids, fields)),
		searchRead: (domain = [], fields) => direct((env) => env.model(model).read(env.model(model).search(domain), fields)),
		create: (vals) => direct((env) => env.model(model).create(vals)),
		write: (ids, vals) => direct((env) => env.model(model).write(ids, vals)),
		unlink: (ids) => direct((env) => env.model(model).unlink(ids)),
		call: (method, ids, kwargs = {}) => direct((env) => callDirect(env.replaceContext((kwargs.context as Record<string, unknown>) ?? {}), model, method, ids, kwargs)),
	});

	return {
		url,
		db: name,
		version,
		admin: users.admin,
		portal: users.portal,
		demo: users.demo,
		clock,
		stats,
		setFaults: (partial) => faults.set(partial),
		failNext: (opts) => faults.failNext(opts),
		env: envApi,
		flushWebhooks: () => sender.flush(),
		close: async () => {
			await server.close();
			sender.close();
		},
	};
}
