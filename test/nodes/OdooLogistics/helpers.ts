import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OdooLogistics } from '../../../nodes/OdooLogistics/OdooLogistics.node';
import { startOdooSimulator, type OdooSimulator, type SimulatorOptions } from '../../odoo-sim';
import { runWorkflow, type RunResult } from '../../helpers/n8n';

export type ApiMode = 'auto' | 'json2' | 'jsonrpc';

export function credentialsFor(sim: OdooSimulator, apiMode: ApiMode = 'auto') {
	return { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode, ignoreTls: false };
}

/** A model in the Model parameter, as the editor saves a resource locator typed by name. */
export const model = (name: string) => ({ __rl: true, mode: 'name', value: name });

export interface RunOptions {
	continueOnFail?: boolean;
	apiMode?: ApiMode;
}

/** Runs Items → Odoo Logistics through n8n's workflow execution against the simulator. */
export function runNode(sim: OdooSimulator, parameters: INodeParameters, items: IDataObject[] = [{}], options: RunOptions = {}): Promise<RunResult> {
	return runWorkflow({
		items,
		nodeTypes: { odooLogistics: new OdooLogistics() },
		chain: [
			{
				name: 'Odoo',
				type: 'odooLogistics',
				parameters,
				credentials: ['odooLogisticsApi'],
				continueOnFail: options.continueOnFail,
			},
		],
		credentials: { odooLogisticsApi: credentialsFor(sim, options.apiMode) },
	});
}

/** The node's output items, after checking the run succeeded. */
export async function outputOf(run: Promise<RunResult>): Promise<INodeExecutionData[]> {
	const result = await run;
	const error = result.error('Odoo');
	if (error) throw new Error(`The node failed: ${error.message} ${(error as { description?: string }).description ?? ''}`);
	expect(result.status).toBe('success');
	return result.output('Odoo');
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairedOf = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);

/** Starts one simulator for the suite (demo data, Odoo 18 unless told) and closes it after. */
export function useSimulator(options: SimulatorOptions = {}): { readonly sim: OdooSimulator } {
	let sim: OdooSimulator | undefined;
	beforeAll(async () => {
		sim = await startOdooSimulator(options);
	});
	afterEach(() => {
		sim?.setFaults({ latencyMs: 0, errorRate: 0 });
	});
	afterAll(async () => {
		await sim?.close();
	});
	return {
		get sim() {
			if (!sim) throw new Error('the simulator is not started');
			return sim;
		},
	};
}

/** RPC calls the simulator served for a model and method since the last reset. */
export function callsTo(sim: OdooSimulator, model: string, method?: string): number {
	return sim.stats.calls.filter((call) => call.model === model && (method === undefined || call.method === method)).length;
}
