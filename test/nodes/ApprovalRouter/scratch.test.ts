import { runWorkflow } from '../../helpers/n8n';
import { ApprovalRouter } from '../../../nodes/ApprovalRouter/ApprovalRouter.node';
import { EXAMPLE_POLICY } from '../../../nodes/ApprovalRouter/description';

it('scratch', async () => {
	const result = await runWorkflow({
		items: [{ customer: { credit_status: 'hold' }, requester: 'ops@example.com', amount: 5 }, { customer: { credit_status: 'ok' } }, { customer: { credit_status: 'blocked' } }],
		nodeTypes: { approvalRouter: new ApprovalRouter() },
		chain: [{ name: 'Route', type: 'approvalRouter', parameters: { operation: 'route', policySource: 'json', policyJson: EXAMPLE_POLICY } }],
	});
	console.log(result.status, result.error('Route'));
	console.log(JSON.stringify([0, 1, 2].map((i) => result.output('Route', i)), null, 1).slice(0, 3000));
	const wait = await runWorkflow({
		items: [{ customer: { credit_status: 'hold' }, requester: 'ops@example.com', amount: 5 }],
		nodeTypes: { approvalRouter: new ApprovalRouter() },
		nodes: [
			{ name: 'Route', type: 'approvalRouter', parameters: { operation: 'route', policySource: 'json', policyJson: EXAMPLE_POLICY } },
			{ name: 'Wait', type: 'approvalRouter', parameters: { operation: 'waitForDecision' } },
		],
		connections: { Items: { main: [[{ node: 'Route', type: 'main', index: 0 }]] }, Route: { main: [[], [{ node: 'Wait', type: 'main', index: 0 }], []] } },
	});
	console.log(wait.status, wait.error('Wait'), wait.run.waitTill, JSON.stringify(wait.run.data.executionData?.nodeExecutionStack[0].data).slice(0, 500), wait.run.data.executionData?.nodeExecutionStack[0].metadata);
});
