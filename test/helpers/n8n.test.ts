import { NodeOperationError } from 'n8n-workflow';
import { runWorkflow, testNode } from './n8n';

const doubler = testNode(
	'doubler',
	async function () {
		const items = this.getInputData();
		return [items.map((item, i) => {
			const value = this.getNodeParameter('value', i) as number;
			if (value < 0) throw new NodeOperationError(this.getNode(), 'negative', { itemIndex: i });
			return { json: { doubled: value * 2 }, pairedItem: { item: i } };
		})];
	},
	[{ displayName: 'Value', name: 'value', type: 'number', default: 0 }],
);

describe('in-process n8n harness', () => {
	it('evaluates expressions per item and keeps pairedItem', async () => {
		const result = await runWorkflow({
			items: [{ v: 1 }, { v: 5 }],
			nodeTypes: { doubler },
			chain: [{ name: 'Double', type: 'doubler', parameters: { value: '={{ $json.v + 1 }}' } }],
		});
		expect(result.status).toBe('success');
		expect(result.output('Double').map((i) => i.json.doubled)).toEqual([4, 12]);
		expect(result.output('Double').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reports a node error as a failed execution', async () => {
		const result = await runWorkflow({
			items: [{ v: -3 }],
			nodeTypes: { doubler },
			chain: [{ name: 'Double', type: 'doubler', parameters: { value: '={{ $json.v }}' } }],
		});
		expect(result.status).toBe('error');
		expect(result.error('Double')?.message).toBe('negative');
	});
});
