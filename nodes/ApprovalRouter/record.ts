/**
 * An approval record on its way from Route to Wait for Decision: Route adds the approvers' links and a seal;
 * Wait for Decision reads the record back, checks the seal and turns it into a ballot. The seal covers everything
 * the vote depends on, so a node in between cannot lower the quorum, swap approvers or move the deadline.
 */
import { z } from 'zod';

import type { ApprovalRecord } from './decision';
import { type LinkClaims, seal, signLink, verifySeal } from './links';
import { OUTCOMES } from './schema';
import type { BallotSpec } from './votes';

export interface ApprovalLink {
	approver: string;
	url: string;
	expiresAt: string;
}

export type IssuedRecord = ApprovalRecord & { links?: ApprovalLink[]; seal: string };

export interface IssueContext {
	key: Buffer;
	executionId: string;
	/** Where the approval links point: the waiting webhook of this execution. */
	approvalUrl: string;
	includeLinks: boolean;
}

interface Sealed {
	decisionId: string;
	outcome: string;
	requester: string | null;
	required: unknown;
	summary: string;
}

function sealed(record: Sealed): Sealed {
	const { decisionId, outcome, requester, required, summary } = record;
	return { decisionId, outcome, requester, required, summary };
}

/** Seals a record and, for a request that can be put to a vote, adds one signed link per approver if asked. */
export function issueRecord(record: ApprovalRecord, context: IssueContext): IssuedRecord {
	const issued: IssuedRecord = { ...record, seal: seal(context.key, sealed(record)) };
	const required = record.required;
	if (!context.includeLinks || record.outcome !== 'needs_approval' || !required?.reachable) return issued;
	const expiresAt = Date.parse(required.deadline);
	issued.links = required.approvers.map((approver) => {
		const claims: LinkClaims = { executionId: context.executionId, decisionId: record.decisionId, approver, expiresAt };
		const url = new URL(context.approvalUrl);
		url.searchParams.set('token', signLink(context.key, claims));
		return { approver, url: url.toString(), expiresAt: required.deadline };
	});
	return issued;
}

const identities = z.array(z.string());

const requiredSchema = z
	.object({
		approvers: identities,
		clauses: z
			.array(z.object({ rules: identities, approvers: identities, minApprovals: z.number().int().min(1) }).passthrough())
			.min(1),
		order: z.enum(['parallel', 'sequential']),
		deadline: z.string().datetime(),
		escalateTo: identities,
		reachable: z.boolean(),
		problems: z.array(z.string()),
	})
	.passthrough();

const recordSchema = z
	.object({
		decisionId: z.string().min(1),
		outcome: z.enum(OUTCOMES),
		requester: z.string().nullable(),
		required: requiredSchema.nullable(),
		summary: z.string(),
		seal: z.string().min(1),
	})
	.passthrough();

export type ReceivedRecord = z.output<typeof recordSchema>;
export type ReceivedRequirement = NonNullable<ReceivedRecord['required']>;

export class RecordError extends Error {}

/** Reads the shape of a record Route produced, without checking its seal; throws `RecordError` saying what is wrong. */
export function parseRecord(value: unknown): ReceivedRecord {
	const parsed = recordSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = ['approval', ...issue.path].join('.');
		throw new RecordError(`The approval record is not one Route produced: ${field}: ${issue.message}`);
	}
	return parsed.data;
}

/** Reads a record that Route issued in this execution; throws `RecordError` saying what is wrong. */
export function readRecord(value: unknown, key: Buffer): ReceivedRecord {
	const record = parseRecord(value);
	if (!verifySeal(key, sealed(record), record.seal)) {
		throw new RecordError(
			'The approval record was not issued by an Approval Router Route node in this execution, or it was changed since, or Route and Wait for Decision use different Approval Router Signing Key credentials',
		);
	}
	return record;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** The ballot of a sealed needs_approval record. */
export function ballotSpec(record: ReceivedRecord, required: ReceivedRequirement): BallotSpec {
	return {
		decisionId: record.decisionId,
		requester: record.requester,
		approvers: required.approvers,
		clauses: required.clauses.map(({ approvers, minApprovals }) => ({ approvers, minApprovals })),
		order: required.order,
		deadline: Date.parse(required.deadline),
	};
}
