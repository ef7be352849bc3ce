import { getOperation } from '../common/recordOperations';
import type { ResourceDefinition } from '../operation';
import { createCreditNote } from './createCreditNote.operation';
import { INVOICE } from './target';

export const invoice: ResourceDefinition = {
	name: 'Invoice',
	value: 'invoice',
	description: 'Customer invoices and vendor bills (account.move)',
	model: INVOICE.model,
	operations: {
		get: { name: 'Get', action: 'Get an invoice', description: 'Read invoices by ID', operation: getOperation(INVOICE) },
		createCreditNote: {
			name: 'Create Credit Note',
			action: 'Create a credit note for an invoice',
			description: "Credit a posted invoice, in full or given products and quantities, with Odoo's reversal wizard",
			operation: createCreditNote,
		},
	},
};
