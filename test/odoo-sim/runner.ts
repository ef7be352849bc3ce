import { serializationFailure } from './errors';
import { takeWebhooks } from './models/automation';
import { Env, type SimDatabase, type Transport, type WebSession } from './orm/env';
import { LockConflict } from './orm/store';
import { major } from './version';
import type { WebhookSender } from './webhooks';

/** Odoo retries a transaction that hit a concurrency error up to 5 times (`MAX_TRIES_ON_CONCURRENCY_FAILURE`). */
const MAX_TRIES = 5;

export interface CallContext {
	uid: number;
	transport: Transport;
	session?: WebSession;
}

/**
 * Runs each RPC call as one transaction. Up to 18.0, webhook POSTs go out before the commit (the receiver cannot see
 * the change yet, even when it calls back); from 19.0 after it. Either way they are sent before the response. A call
 * that writes rows another open call has written waits for that call to end, then runs again (a row lock).
 */
export class CallRunner {
	constructor(
		private readonly db: SimDatabase,
		private readonly sender: WebhookSender,
	) {}

	async run<T>(call: CallContext, work: (env: Env) => T): Promise<T> {
		const preCommit = major(this.db.version) < 19;
		for (let attempt = 1; ; attempt++) {
			const tx = this.db.store.begin({ respectLocks: true });
			const env = new Env(this.db, tx, call.uid, {}, call.transport, call.session);
			let result: T;
			try {
				result = work(env);
			} catch (error) {
				const queued = takeWebhooks(tx);
				tx.rollback();
				if (error instanceof LockConflict) {
					if (attempt >= MAX_TRIES) throw serializationFailure();
					await error.holder.done;
					continue;
				}
				// Before 19.0 the POSTs were already sent, inline, when the error happened; 19.0 drops them on rollback.
				if (preCommit) await this.sender.sendAll(queued);
				throw error;
			}
			const queued = takeWebhooks(tx);
			if (preCommit) {
				await this.sender.sendAll(queued);
				tx.commit();
			} else {
				tx.commit();
				await this.sender.sendAll(queued);
			}
			return result;
		}
	}
}
