import { activity } from './activity/Activity.resource';
import { approvalRequest } from './enterprise/ApprovalRequest.resource';
import { helpdeskTicket } from './enterprise/HelpdeskTicket.resource';
import { invoice } from './invoice/Invoice.resource';
import { message } from './message/Message.resource';
import type { ResourceDefinition } from './operation';
import { purchaseOrder } from './purchaseOrder/PurchaseOrder.resource';
import { record } from './record/Record.resource';
import { returnResource } from './return/Return.resource';
import { saleOrder } from './saleOrder/SaleOrder.resource';
import { transfer } from './transfer/Transfer.resource';

export const RESOURCES: ResourceDefinition[] = [
	record,
	saleOrder,
	transfer,
	purchaseOrder,
	returnResource,
	invoice,
	helpdeskTicket,
	approvalRequest,
	activity,
	message,
];
