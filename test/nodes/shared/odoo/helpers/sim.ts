import { ApiMode, OdooClient, OdooClientOptions, RetryClock } from '../../../../../nodes/shared/odoo';
import { OdooSimVersion, OdooSimulator, SimUser, SimulatorOptions, startOdooSimulator } from '../../../../odoo-sim';

export interface ModeCase {
	name: string;
	version: OdooSimVersion;
	apiMode: ApiMode;
	transport: 'jsonrpc' | 'json2';
}

/** JSON-RPC against 18.0, JSON-2 against 19.0, and auto mode picking each. */
export const MODES: ModeCase[] = [
	{ name: 'JSON-RPC on 18.0', version: '18.0', apiMode: 'jsonrpc', transport: 'jsonrpc' },
	{ name: 'JSON-2 on 19.0', version: '19.0', apiMode: 'json2', transport: 'json2' },
	{ name: 'auto on 18.0', version: '18.0', apiMode: 'auto', transport: 'jsonrpc' },
	{ name: 'auto on 19.0', version: '19.0', apiMode: 'auto', transport: 'json2' },
];

/** Sleeps that do not wait, recorded. */
export function instantClock(): Partial<RetryClock> & { sleeps: number[] } {
	const sleeps: number[] = [];
	return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

export function clientFor(
	sim: OdooSimulator,
	apiMode: ApiMode,
	options: OdooClientOptions & { user?: SimUser; secret?: string; database?: string; timeoutMs?: number } = {},
): OdooClient {
	const { user = sim.admin, secret, database, timeoutMs, ...clientOptions } = options;
	return new OdooClient(
		{
			url: sim.url,
			database: database ?? sim.db,
			login: user.login,
			secret: secret ?? user.apiKey,
			apiMode,
			timeoutMs,
		},
		{ clock: instantClock(), ...clientOptions },
	);
}

/** Starts a simulator before the suite's tests and closes it (and the clients made with `track`) after them. */
export function useSimulator(options: () => SimulatorOptions) {
	const state: { sim?: OdooSimulator; clients: OdooClient[] } = { clients: [] };
	beforeAll(async () => {
		state.sim = await startOdooSimulator(options());
	});
	afterEach(() => {
		for (const client of state.clients.splice(0)) client.close();
		state.sim?.setFaults({ errorRate: 0, latencyMs: 0, latencySpikeRate: 0 });
	});
	afterAll(async () => {
		await state.sim?.close();
	});
	return {
		get sim(): OdooSimulator {
			if (!state.sim) throw new Error('the simulator is not started');
			return state.sim;
		},
		track(client: OdooClient): OdooClient {
			state.clients.push(client);
			return client;
		},
	};
}
