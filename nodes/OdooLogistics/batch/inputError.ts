/** Bad input from the workflow: a parameter or a field value the node cannot send to Odoo. The message names it. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}
