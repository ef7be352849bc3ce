/**
 * Calls the Approval Router's webhook the way n8n's waiting-webhook handler does: with the request, a response to
 * write to, the waiting node (its parameters and credentials) and the execution it belongs to.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

// What ApprovalRouter.webhook() runs. Not through the node class: plain Node (the voter processes) would resolve
// ApprovalRouter.node to the codex file ApprovalRouter.node.json.
import { webhookRuntime } from '../../../../nodes/ApprovalRouter/actions/settings';
import { voteWebhook } from '../../../../nodes/ApprovalRouter/actions/vote.webhook';

export const EXECUTION = 'harness-execution';

export interface WaitingNode {
	/** The Wait for Decision node's parameters (e.g. voteStore). */
	parameters?: IDataObject;
	/** Credentials set on the node, by type, decrypted. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	executionId?: string;
}

export interface WebhookCall {
	response: { status: number; headers: Record<string, string>; html: string };
	result: IWebhookResponseData;
	logged: string[];
}

export async function callWebhook(
	method: 'GET' | 'POST',
	url: string,
	body: IDataObject = {},
	node: WaitingNode = {},
): Promise<WebhookCall> {
	const response = { status: 0, headers: {} as Record<string, string>, html: '' };
	const logged: string[] = [];
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name] = value;
		},
		end(html: string) {
			response.html = html;
		},
	};
	const query = Object.fromEntries(new URL(url).searchParams);
	const credentials = node.credentials ?? {};
	const context = {
		getRequestObject: () => ({ method }),
		getResponseObject: () => res,
		// As in n8n, a GET has no body at all.
		getBodyData: () => (method === 'GET' ? undefined : body),
		getQueryData: () => query,
		getExecutionId: () => node.executionId ?? EXECUTION,
		getNode: () => ({
			name: 'Wait',
			credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: type, name: type }])),
		}),
		getNodeParameter: (name: string, fallback?: unknown) => node.parameters?.[name] ?? fallback,
		getCredentials: async (type: string) => {
			if (!credentials[type]) throw new Error(`Node "Wait" does not have any credentials of type "${type}" set`);
			return credentials[type];
		},
		logger: { error: (message: string) => logged.push(message) },
	} as unknown as IWebhookFunctions;
	const result: IWebhookResponseData = await voteWebhook.call(context, webhookRuntime);
	return { response, result, logged };
}
