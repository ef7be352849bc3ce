/**
 * Process-wide defaults of the Approval Router: the random master key used when no signing key credential is set,
 * and the in-process vote store. Both serve a single n8n process only; actions/settings.ts picks the shared ones
 * (signing key credential, Redis vote store) when the node is configured with them.
 */
import { randomBytes } from 'node:crypto';

import { InProcessVoteStore, type VoteStore } from './voteStore';

export interface ApprovalRuntime {
	masterKey: Buffer;
	store: VoteStore;
	/**
	 * How long a ballot is kept after its deadline. Links expire at the deadline, so this only covers clock skew
	 * between n8n processes and the moment the execution resumes.
	 */
	retentionMs: number;
}

export const RETENTION_MS = 15 * 60 * 1000;

export const processRuntime: ApprovalRuntime = {
	masterKey: randomBytes(32),
	store: new InProcessVoteStore(),
	retentionMs: RETENTION_MS,
};

/** The path of the waiting webhook; approval links are `<$execution.resumeUrl>/<path>?token=…`. */
export const WEBHOOK_PATH = 'approval';
