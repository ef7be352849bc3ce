import type { SimDatabase, WebSession } from '../orm/env';
import type { CallRunner } from '../runner';

/** An HTTP answer, before it is written. `body` is JSON unless `html` is set. */
export interface Reply {
	status: number;
	body: unknown;
	html?: boolean;
	headers?: Record<string, string>;
}

export interface CallInfo {
	transport: 'jsonrpc' | 'json2' | 'web';
	model?: string;
	method: string;
}

/** A parsed request: what it calls (for stats and fault filters), how to run it, how it looks when it fails. */
export interface PreparedRequest {
	call?: CallInfo;
	execute(): Promise<Reply>;
	/** The answer to a concurrency failure injected on this call. */
	concurrencyReply(): Reply;
}

export interface SimContext {
	db: SimDatabase;
	runner: CallRunner;
	sessions: Map<string, WebSession>;
}
