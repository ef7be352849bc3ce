export type OdooSimVersion = '16.0' | '17.0' | '18.0' | '19.0';

export const SUPPORTED_VERSIONS: readonly OdooSimVersion[] = ['16.0', '17.0', '18.0', '19.0'];

export function major(version: OdooSimVersion): number {
	return Number(version.split('.')[0]);
}

/** True when `version` is at least `since` (and, when given, below `until`). */
export function inRange(version: OdooSimVersion, since?: OdooSimVersion, until?: OdooSimVersion): boolean {
	if (since && major(version) < major(since)) return false;
	if (until && major(version) >= major(until)) return false;
	return true;
}
