import { NodeOperationError, type INode } from 'n8n-workflow';

/** The message of any failure, and the hint for the user when the error carries one (Odoo errors, input errors). */
export function describeError(error: unknown): { message: string; hint?: string } {
	if (error instanceof NodeOperationError) return { message: error.message, hint: error.description ?? undefined };
	if (error instanceof Error) {
		const hint = (error as { hint?: unknown }).hint;
		return { message: error.message, hint: typeof hint === 'string' ? hint : undefined };
	}
	return { message: String(error) };
}

/** A node error that keeps its message as written. */
export function nodeError(
	node: INode,
	message: string,
	options: { description?: string; itemIndex?: number } = {},
): NodeOperationError {
	const error = new NodeOperationError(node, message, options);
	// n8n swaps a message naming a network code (ECONNRESET) for a generic one; ours says more (what, where, and whether
	// a write happened).
	error.message = message;
	return error;
}

/** A node error for any failure outside an item (connection, pickers, activation, a store), keeping its message and hint. */
export function toNodeError(node: INode, error: unknown): NodeOperationError {
	const { message, hint } = describeError(error);
	return nodeError(node, message, { description: hint });
}
