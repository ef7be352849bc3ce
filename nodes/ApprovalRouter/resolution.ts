/**
 * The outcome of a vote as it leaves Wait for Decision: `approval.resolution` on the waiting item, with every vote
 * (who, what, when, comment), a one-line summary and the same as HTML for Odoo's chatter.
 */
import { escapeHtml } from './html';
import type { Ballot, Vote } from './votes';

export type ResolutionStatus = 'approved' | 'rejected' | 'escalated';

export interface Resolution {
	status: ResolutionStatus;
	decisionId: string;
	resolvedAt: string;
	reason: string;
	/** `null` when n8n resumed the execution at the deadline: the votes cast until then are not known there. */
	votes: Vote[] | null;
	escalateTo: string[];
	summary: string;
	chatter: string;
}

const TITLE: Record<ResolutionStatus, string> = { approved: 'Approved', rejected: 'Rejected', escalated: 'Escalated' };

function describeVote(vote: Vote): string {
	const comment = vote.comment ? `: "${vote.comment}"` : '';
	return `${vote.approver} ${vote.choice === 'approve' ? 'approved' : 'rejected'} at ${vote.at}${comment}`;
}

function build(fields: Omit<Resolution, 'summary' | 'chatter'>): Resolution {
	const votes = fields.votes === null ? ['votes cast before the deadline are not included'] : fields.votes.map(describeVote);
	const escalation =
		fields.status === 'escalated' && fields.escalateTo.length ? [`escalate to ${fields.escalateTo.join(', ')}`] : [];
	const lines = [fields.reason, ...votes, ...escalation, `decision ${fields.decisionId} at ${fields.resolvedAt}`];
	return {
		...fields,
		summary: `${TITLE[fields.status]}: ${[fields.reason, ...votes, ...escalation].join('; ')}`,
		chatter: `<p><strong>${escapeHtml(`Approval Router: ${TITLE[fields.status]}`)}</strong></p><ul>${lines
			.map((line) => `<li>${escapeHtml(line)}</li>`)
			.join('')}</ul>`,
	};
}

/** The resolution of a closed ballot. */
export function resolveBallot(ballot: Ballot, escalateTo: string[]): Resolution {
	if (ballot.status === 'open') throw new Error(`Approval ${ballot.decisionId} is still open`);
	return build({
		status: ballot.status,
		decisionId: ballot.decisionId,
		resolvedAt: ballot.closedAt ?? new Date(ballot.deadline).toISOString(),
		reason: ballot.closeReason ?? ballot.status,
		votes: ballot.votes,
		escalateTo,
	});
}

/** The resolution n8n emits when it resumes the execution at the deadline, prepared when the wait starts. */
export function deadlineResolution(decisionId: string, deadline: number, escalateTo: string[]): Resolution {
	return build({
		status: 'escalated',
		decisionId,
		resolvedAt: new Date(deadline).toISOString(),
		reason: 'no final decision before the deadline',
		votes: null,
		escalateTo,
	});
}

/** A request nobody can vote on (the policy names no approver for it) is escalated as soon as it arrives. */
export function unvotableResolution(decisionId: string, now: number): Resolution {
	return build({
		status: 'escalated',
		decisionId,
		resolvedAt: new Date(now).toISOString(),
		reason: 'the policy names no approver for this request',
		votes: [],
		escalateTo: [],
	});
}

/** The waiting item with the resolution added to its approval record. */
export function withResolution(request: Record<string, unknown>, resolution: Resolution): Record<string, unknown> {
	const approval = request.approval;
	return {
		...request,
		approval: { ...(typeof approval === 'object' && approval !== null ? approval : {}), resolution },
	};
}
