/**
 * Process-wide state of the Approval Router: the master key its per-execution signing keys derive from, and the
 * store of open ballots. Both live in this n8n process (see voteStore.ts for what a shared store must provide).
 */
import { randomBytes } from 'node:crypto';

import { InProcessVoteStore, type VoteStore } from './voteStore';

export interface ApprovalRuntime {
	masterKey: Buffer;
	store: VoteStore;
	/** How long a ballot stays readable after its deadline, so that late clicks get a clear page. */
	retentionMs: number;
}

export const processRuntime: ApprovalRuntime = {
	masterKey: randomBytes(32),
	store: new InProcessVoteStore(),
	retentionMs: 24 * 60 * 60 * 1000,
};

/** The path of the waiting webhook; approval links are `<$execution.resumeUrl>/<path>?token=…`. */
export const WEBHOOK_PATH = 'approval';
