import { OdooClient } from './client';
import {
	OdooAccessError,
	OdooAuthenticationError,
	OdooError,
	OdooNotOdooServerError,
	OdooSettingsError,
	OdooUnknownDatabaseError,
	OdooUnreachableError,
} from './errors';
import { TransportKind, supportsJson2 } from './version';

export type DiagnosisStage = 'settings' | 'url' | 'tls' | 'not_odoo' | 'database' | 'login';

export type Diagnosis =
	| { ok: true; serverVersion: string; transport: TransportKind; uid: number }
	| { ok: false; stage: DiagnosisStage; message: string };

const SETTING_STAGES: Record<string, DiagnosisStage> = { url: 'url', database: 'database', login: 'login', secret: 'login' };

/** A connection test does not wait for a long retry sequence. */
const DIAGNOSIS_RETRY = { maxAttempts: 2, maxTotalMs: 5_000 };

/**
 * Checks the settings against the server, one part after the other, and says which part is wrong: the URL, the TLS
 * certificate, the server not being Odoo, the database, or the login and API key. On success it has authenticated.
 */
export async function diagnoseConnection(settings: unknown): Promise<Diagnosis> {
	let client: OdooClient | undefined;
	try {
		client = new OdooClient(settings as ConstructorParameters<typeof OdooClient>[0], { retry: DIAGNOSIS_RETRY });
		const version = await client.version();
		if (version.transport === 'json2' && !supportsJson2(version)) {
			return {
				ok: false,
				stage: 'settings',
				message: `The API mode JSON-2 needs Odoo 19 or later, and this server runs Odoo ${version.serverVersion}: choose 'auto' or 'jsonrpc'.`,
			};
		}
		const uid = await client.authenticate();
		const { serverVersion, transport } = await client.version();
		return { ok: true, serverVersion, transport, uid };
	} catch (error) {
		return { ok: false, stage: stageOf(error), message: describe(error) };
	} finally {
		client?.close();
	}
}

function stageOf(error: unknown): DiagnosisStage {
	if (error instanceof OdooSettingsError) return SETTING_STAGES[error.setting] ?? 'settings';
	if (error instanceof OdooUnreachableError) return error.tls ? 'tls' : 'url';
	if (error instanceof OdooNotOdooServerError) return 'not_odoo';
	if (error instanceof OdooUnknownDatabaseError) return 'database';
	if (error instanceof OdooAuthenticationError || error instanceof OdooAccessError) return 'login';
	return 'url';
}

function describe(error: unknown): string {
	if (!(error instanceof OdooError)) return `The connection test failed unexpectedly (${(error as Error)?.name ?? 'error'}).`;
	return error.hint ? `${error.message}. ${error.hint}` : error.message;
}
