import { readFileSync } from 'fs';
import { join } from 'path';
import type { OdooSimulator } from '../odoo-sim';
import type { CredentialFixture, WorkflowFixture } from './n8n-instance';

/** `test/e2e/fixtures/<name>.json`. */
export function readWorkflow(name: string): WorkflowFixture {
	return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as WorkflowFixture;
}

/** An Odoo Logistics API credential for the simulator's admin; by default the one the templates name. */
export function simulatorCredential(
	sim: OdooSimulator,
	{ id = 'odooLogistics001', name = 'Odoo Logistics account' }: { id?: string; name?: string } = {},
): CredentialFixture {
	return {
		id,
		name,
		type: 'odooLogisticsApi',
		data: { url: sim.url, database: sim.db, login: sim.admin.login, secret: sim.admin.apiKey, apiMode: 'auto', ignoreTls: false },
	};
}
