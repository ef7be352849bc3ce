export type TransportKind = 'jsonrpc' | 'json2';

export interface ServerVersion {
	/** As Odoo reports it: `18.0`, `19.0-20251227`, `saas~18.4`. */
	serverVersion: string;
	major: number;
	minor: number;
}

/**
 * Reads Odoo's `version_info` (`[19, 0, 0, "final", 0, ""]`, or `["saas~18", 4, …]` on Odoo Online) with the version
 * label next to it. `undefined` when the value is not an Odoo version.
 */
export function parseVersionInfo(info: unknown, label: unknown): ServerVersion | undefined {
	if (!Array.isArray(info) || info.length < 2) return undefined;
	const major = versionNumber(info[0]);
	const minor = versionNumber(info[1]);
	if (major === undefined || minor === undefined) return undefined;
	return { serverVersion: typeof label === 'string' && label ? label : `${major}.${minor}`, major, minor };
}

function versionNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
	const digits = typeof value === 'string' ? /^(?:saas~)?(\d+)$/.exec(value) : null;
	return digits ? Number(digits[1]) : undefined;
}

/** JSON-2 exists from 19.0, and on Odoo Online from saas~18.4. */
export function supportsJson2(version: Pick<ServerVersion, 'major' | 'minor'>): boolean {
	return version.major > 18 || (version.major === 18 && version.minor >= 4);
}
