import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { IdempotencyGuard } from '../../../nodes/IdempotencyGuard/IdempotencyGuard.node';
import { runWorkflow, testNode } from '../../helpers/n8n';
import { GUARD, OUTPUT, statesOf, tempFolder } from './helpers';

/** A node that passes its input on unchanged: the other branch after the node that feeds the guard. */
const passThrough = testNode('passThrough', async function () {
	return [this.getInputData()];
});

/** Property reads on sandbox arrays while the guard runs. */
const reads: PropertyKey[] = [];
let recording = false;

/**
 * An array the way n8n 1.x with task runners off hands over a Code node's output: a proxy whose array methods also
 * return proxies (vm2's bridge does this, and n8n-core maps the input of the next node with the proxy's own `map`).
 * Every property read while the guard runs is recorded.
 */
function sandboxArray<T>(target: T[]): T[] {
	const proxy: T[] = new Proxy(target, {
		get(array, property, receiver) {
			if (recording) reads.push(property);
			if (property === 'constructor') return SandboxArray;
			return Reflect.get(array, property, receiver) as unknown;
		},
	});
	return proxy;
}

/** The `constructor` of a sandbox array: its species makes `map`, `slice` and the like return sandbox arrays. */
const SandboxArray = {
	[Symbol.species]: function SandboxArray(length: number) {
		return sandboxArray(new Array<unknown>(length));
	},
};

/** The guard, recording the reads on its input while it runs. */
class RecordingGuard extends IdempotencyGuard {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		recording = true;
		try {
			return await IdempotencyGuard.prototype.execute.call(this);
		} finally {
			recording = false;
		}
	}
}

/** Emits `parameters.items` as a sandbox array. */
const sandboxSource = testNode(
	'sandboxSource',
	async function () {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [sandboxArray(items.map((json) => ({ json })))];
	},
	[{ displayName: 'Items', name: 'items', type: 'string', default: '[]' }],
);

const events = (count: number) => Array.from({ length: count }, (_unused, i) => ({ eventId: `e${i % 3}`, n: i }));

describe('Idempotency Guard output items', () => {
	it('leave the input items unchanged, so another branch from the same node sees them as they were', async () => {
		const items = [{ eventId: 'a', n: 0, nested: { x: 1 } }, { eventId: 'b', n: 1 }, { eventId: 'a', n: 2 }];
		const result = await runWorkflow({
			items,
			nodeTypes: { idempotencyGuard: new IdempotencyGuard(), passThrough },
			nodes: [
				{ name: GUARD, type: 'idempotencyGuard', parameters: { options: { storeFolder: tempFolder() } } },
				{ name: 'Other Branch', type: 'passThrough' },
			],
			connections: {
				Items: {
					main: [
						[
							{ node: GUARD, type: 'main', index: 0 },
							{ node: 'Other Branch', type: 'main', index: 0 },
						],
					],
				},
			},
			workflowId: 'wf-branches',
		});
		expect(result.status).toBe('success');

		const fresh = result.output(GUARD, OUTPUT.new);
		const duplicate = result.output(GUARD, OUTPUT.duplicate);
		expect(fresh.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(duplicate.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect(statesOf([...fresh, ...duplicate]).map((state) => state.outcome)).toEqual(['new', 'new', 'duplicate']);
		expect(fresh[0].json).toEqual({ ...items[0], _idempotency: expect.objectContaining({ key: 'a' }) });

		// The source's own output and the other branch's input are the same objects the guard read.
		expect(result.output('Items').map((item) => item.json)).toEqual(items);
		expect(result.output('Other Branch').map((item) => item.json)).toEqual(items);
		const sourceJson = result.output('Items').map((item) => item.json);
		expect(fresh[0].json).not.toBe(sourceJson[0]);
		expect(duplicate[0].json).not.toBe(sourceJson[2]);
		// A node after the guard that changes its items in place does not reach the other branch.
		fresh[0].json.eventId = 'changed downstream';
		expect(sourceJson[0].eventId).toBe('a');
	});

	it('with Pass New Items Unchanged, give New items their input json itself, and still add the state to Duplicates', async () => {
		const items = [{ eventId: 'a', n: 0 }, { eventId: 'b', n: 1 }, { eventId: 'a', n: 2 }];
		const result = await runWorkflow({
			items,
			nodeTypes: { idempotencyGuard: new IdempotencyGuard() },
			chain: [{ name: GUARD, type: 'idempotencyGuard', parameters: { options: { storeFolder: tempFolder(), passNewUnchanged: true } } }],
			workflowId: 'wf-unchanged',
		});
		expect(result.status).toBe('success');
		const sourceJson = result.output('Items').map((item) => item.json);
		const fresh = result.output(GUARD, OUTPUT.new);
		expect(fresh.map((item) => item.json)).toEqual([items[0], items[1]]);
		expect(fresh[0].json).toBe(sourceJson[0]);
		expect(fresh[1].json).toBe(sourceJson[1]);
		expect(fresh.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const duplicate = result.output(GUARD, OUTPUT.duplicate);
		expect(duplicate.map((item) => item.pairedItem)).toEqual([{ item: 2 }]);
		expect(statesOf(duplicate)).toEqual([expect.objectContaining({ key: 'a', outcome: 'duplicate', status: 'in_progress' })]);
		expect(sourceJson).toEqual(items);
	});

	it('read an input that is a sandbox proxy by index only, never through its array methods', async () => {
		reads.length = 0;
		const items = events(30);
		const result = await runWorkflow({
			items: [{}],
			nodeTypes: { sandboxSource, idempotencyGuard: new RecordingGuard() },
			chain: [
				{ name: 'Code', type: 'sandboxSource', parameters: { items: JSON.stringify(items) } },
				{ name: GUARD, type: 'idempotencyGuard', parameters: { options: { storeFolder: tempFolder() } } },
			],
			workflowId: 'wf-sandbox',
		});
		expect(result.run.data.resultData.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.output(GUARD, OUTPUT.new)).toHaveLength(3);
		expect(result.output(GUARD, OUTPUT.duplicate).map((item) => item.pairedItem)).toEqual(
			items.slice(3).map((_item, index) => ({ item: index + 3 })),
		);

		const isIndex = (property: PropertyKey) => typeof property === 'string' && /^\d+$/.test(property);
		expect(reads.filter((property) => property !== 'length' && !isIndex(property))).toEqual([]);
		expect(reads.filter(isIndex)).toHaveLength(items.length);
	});
});
