import type { SimClock } from './clock';
import { ACCOUNT_MODELS } from './models/account';
import { AUTH_MODELS } from './models/auth';
import { AUTOMATION_MODELS, AutomationEngine, takeWebhooks } from './models/automation';
import { BASE_MODELS } from './models/base';
import { HELPDESK_MODELS } from './models/helpdesk';
import { MAIL_MODELS } from './models/mail';
import { PRODUCT_MODELS } from './models/product';
import { PURCHASE_MODELS } from './models/purchase';
import { SALE_MODELS } from './models/sale';
import { STOCK_MODELS } from './models/stock';
import { baseMethods } from './orm/base-methods';
import { Env, type SimDatabase } from './orm/env';
import type { ModelDef, SimModule } from './orm/model';
import { Registry } from './orm/registry';
import { Store } from './orm/store';
import type { OdooSimVersion } from './version';

export const ALL_MODELS: readonly ModelDef[] = [
	...BASE_MODELS,
	...MAIL_MODELS,
	...AUTH_MODELS,
	...PRODUCT_MODELS,
	...STOCK_MODELS,
	...SALE_MODELS,
	...PURCHASE_MODELS,
	...ACCOUNT_MODELS,
	...AUTOMATION_MODELS,
	...HELPDESK_MODELS,
];

export function createDatabase(options: {
	name: string;
	version: OdooSimVersion;
	modules: readonly SimModule[];
	clock: SimClock;
}): SimDatabase {
	return {
		name: options.name,
		version: options.version,
		registry: new Registry(options.version, options.modules, ALL_MODELS, baseMethods(options.version)),
		store: new Store(),
		clock: options.clock,
		xmlids: new Map(),
		observers: [new AutomationEngine()],
	};
}

/** An environment over the committed data, for checks that write nothing (credentials, API keys). */
export function readOnlyEnv(db: SimDatabase): Env {
	return new Env(db, db.store.begin({ respectLocks: false }), 1, {}, 'direct');
}

/**
 * Runs `work` without access checks in its own committed transaction (seeding and the direct `env()` API), acting
 * as `uid` (default: admin). Webhooks the work triggered are handed to `onWebhooks` after the commit.
 */
export function runDirect<T>(
	db: SimDatabase,
	work: (env: Env) => T,
	onWebhooks?: (webhooks: Array<{ url: string; body: string }>) => void,
	uid = 2,
): T {
	const tx = db.store.begin({ respectLocks: false });
	const env = new Env(db, tx, uid, {}, 'direct');
	try {
		const result = work(env);
		tx.commit();
		const webhooks = takeWebhooks(tx);
		if (webhooks.length) onWebhooks?.(webhooks);
		return result;
	} catch (error) {
		takeWebhooks(tx);
		tx.rollback();
		throw error;
	}
}
