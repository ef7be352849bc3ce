import { NodeOperationError, type INode } from 'n8n-workflow';

import { OdooAccessError } from '../shared/odoo';
import { nodeError, toNodeError } from '../shared/n8n/errors';

const ADMIN_HINT =
	'Automation rules can only be managed by an Odoo user with the Administration rights (Settings). Use such a user in the credential, or choose the Polling delivery.';

/** The node error for any failure: Odoo's message and hint, never the credential's secret. */
export function triggerError(node: INode, error: unknown): NodeOperationError {
	return error instanceof NodeOperationError ? error : toNodeError(node, error);
}

/** Managing automation rules fails most often for want of rights: the error says which. */
export function ruleError(node: INode, error: unknown): NodeOperationError {
	return error instanceof OdooAccessError ? nodeError(node, error.message, { description: ADMIN_HINT }) : triggerError(node, error);
}
