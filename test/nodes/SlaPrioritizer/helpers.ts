import type { IDataObject, INode } from 'n8n-workflow';

import { type HarnessNode, runWorkflow } from '../../helpers/n8n';

// Named with its extension: under ts-node (bench/sla.bench.ts) Node.js would otherwise resolve `SlaPrioritizer.node`
// to the codex file next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SlaPrioritizer } = require('../../../nodes/SlaPrioritizer/SlaPrioritizer.node.ts') as typeof import('../../../nodes/SlaPrioritizer/SlaPrioritizer.node');

/** The name of the SLA Prioritizer node in `runSla`'s workflow. */
export const SLA = 'SLA';

/** Items → SLA Prioritizer (named `SLA`) with `parameters`, through n8n's execution engine. */
export function runSla(items: IDataObject[], parameters: INode['parameters'], node: Partial<HarnessNode> = {}) {
	return runWorkflow({
		items,
		nodeTypes: { slaPrioritizer: new SlaPrioritizer() },
		chain: [{ name: SLA, type: 'slaPrioritizer', parameters, ...node }],
	});
}
