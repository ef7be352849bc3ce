/**
 * Which Odoo the demo runs against: the simulator (none of the four settings set) or a real Odoo (all four set), and,
 * for a real Odoo, a connection check with the package's own client before anything else starts. A wrong setting
 * stops the demo with a message naming the environment variable to fix; the API key never appears in it.
 */
import { diagnoseConnection, type ConnectionSettingsInput, type DiagnosisStage } from '../../nodes/shared/odoo';

export const ODOO_SETTINGS = ['ODOO_URL', 'ODOO_DB', 'ODOO_USER', 'ODOO_API_KEY'] as const;
export type OdooSettingName = (typeof ODOO_SETTINGS)[number];

export type DemoTarget =
	| { kind: 'simulator' }
	| { kind: 'odoo'; url: string; database: string; login: string; secret: string; ignoreTls: boolean };

/** A setting the demo cannot run with; `settings` names the environment variables to fix. */
export class DemoSettingsError extends Error {
	constructor(
		message: string,
		readonly settings: OdooSettingName[],
	) {
		super(message);
		this.name = 'DemoSettingsError';
	}
}

/** Reads ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY (and ODOO_IGNORE_TLS=1); an empty value counts as not set. */
export function readDemoTarget(env: NodeJS.ProcessEnv = process.env): DemoTarget {
	const value = (name: OdooSettingName) => env[name]?.trim() ?? '';
	const set = ODOO_SETTINGS.filter((name) => value(name) !== '');
	if (set.length === 0) return { kind: 'simulator' };
	const missing = ODOO_SETTINGS.filter((name) => !set.includes(name));
	if (missing.length) {
		throw new DemoSettingsError(
			`${list(missing)} ${missing.length === 1 ? 'is' : 'are'} not set, but ${list(set)} ${set.length === 1 ? 'is' : 'are'}: ` +
				`to run the demo against a real Odoo set all four of ${ODOO_SETTINGS.join(', ')}; to run it against the simulator, unset them all.`,
			missing,
		);
	}
	return {
		kind: 'odoo',
		url: value('ODOO_URL'),
		database: value('ODOO_DB'),
		login: value('ODOO_USER'),
		// A key or password may legitimately start or end with spaces: only emptiness was checked on the trimmed value.
		secret: env.ODOO_API_KEY ?? '',
		ignoreTls: env.ODOO_IGNORE_TLS === '1' || env.ODOO_IGNORE_TLS === 'true',
	};
}

/** The client settings of a real Odoo target. */
export function connectionOf(target: Extract<DemoTarget, { kind: 'odoo' }>): ConnectionSettingsInput {
	return { url: target.url, database: target.database, login: target.login, secret: target.secret, apiMode: 'auto', ignoreTls: target.ignoreTls };
}

const STAGE_SETTINGS: Record<DiagnosisStage, OdooSettingName[]> = {
	url: ['ODOO_URL'],
	tls: ['ODOO_URL'],
	not_odoo: ['ODOO_URL'],
	database: ['ODOO_DB'],
	login: ['ODOO_USER', 'ODOO_API_KEY'],
	settings: ['ODOO_URL'],
};

const STAGE_PROBLEM: Record<DiagnosisStage, string> = {
	url: 'ODOO_URL is not reachable or not valid',
	tls: "ODOO_URL's TLS certificate cannot be verified (set ODOO_IGNORE_TLS=1 to connect anyway)",
	not_odoo: 'ODOO_URL does not answer like an Odoo server',
	database: 'ODOO_DB is not a database of this Odoo',
	login: 'ODOO_USER / ODOO_API_KEY were refused',
	settings: 'the Odoo settings are not usable',
};

/**
 * Authenticates against the real Odoo with the package's client (the same check as the credential's connection test).
 * Resolves to the server version and transport; rejects with a `DemoSettingsError` naming the wrong setting.
 */
export async function checkOdooTarget(target: Extract<DemoTarget, { kind: 'odoo' }>): Promise<{ serverVersion: string; transport: string; uid: number }> {
	const diagnosis = await diagnoseConnection(connectionOf(target));
	if (diagnosis.ok) return { serverVersion: diagnosis.serverVersion, transport: diagnosis.transport, uid: diagnosis.uid };
	const settings = settingsOf(diagnosis.stage, diagnosis.message);
	const problem = diagnosis.stage === 'settings' ? `${list(settings)}: the setting is not usable` : STAGE_PROBLEM[diagnosis.stage];
	throw new DemoSettingsError(`${problem}. ${diagnosis.message}`, settings);
}

/** A settings-stage failure comes from the client's own validation; its message says which setting it was. */
function settingsOf(stage: DiagnosisStage, message: string): OdooSettingName[] {
	if (stage !== 'settings') return STAGE_SETTINGS[stage];
	if (/database/i.test(message)) return ['ODOO_DB'];
	if (/login/i.test(message)) return ['ODOO_USER'];
	if (/key|password/i.test(message)) return ['ODOO_API_KEY'];
	return ['ODOO_URL'];
}

function list(names: readonly string[]): string {
	return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
