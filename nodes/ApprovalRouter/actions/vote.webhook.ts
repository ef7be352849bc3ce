import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { deriveExecutionKey } from '../links';
import { messagePage } from '../pages';
import type { ApprovalRuntime } from '../runtime';
import { handleVoteRequest, type VoteResponse } from '../voting';
import { closedOutputs } from './waitForDecision.operation';

const HEADERS = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Robots-Tag': 'noindex',
	'Content-Security-Policy':
		"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * GET shows the confirmation page, POST records the vote; the execution resumes only with a final decision.
 * This must not throw: n8n resumes a waiting execution when its webhook fails.
 */
export async function voteWebhook(
	this: IWebhookFunctions,
	runtimeOf: (context: IWebhookFunctions) => Promise<ApprovalRuntime>,
): Promise<IWebhookResponseData> {
	let response: VoteResponse;
	try {
		const runtime = await runtimeOf(this);
		// A GET (the link opened in a browser) has no body.
		const body = (this.getBodyData() ?? {}) as IDataObject;
		const query = this.getQueryData() as IDataObject;
		const executionId = this.getExecutionId();
		response = await handleVoteRequest(
			{
				method: this.getRequestObject().method,
				token: body.token ?? query.token,
				choice: body.choice,
				comment: body.comment,
				executionId,
				now: Date.now(),
			},
			{ store: runtime.store, key: deriveExecutionKey(runtime.masterKey, executionId), retentionMs: runtime.retentionMs },
		);
	} catch (error) {
		this.logger.error(`Approval Router could not record a vote: ${(error as Error).message}`);
		response = { status: 503, html: messagePage('Please try again', 'Your vote could not be recorded. Please try again.') };
	}
	const res = this.getResponseObject();
	res.status(response.status);
	for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
	res.end(response.html);
	return response.decided
		? { noWebhookResponse: true, workflowData: closedOutputs(response.decided) }
		: { noWebhookResponse: true };
}
