import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { run } from './proc';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export interface PackageManifest {
	name: string;
	version: string;
	n8n: { nodes?: string[]; credentials?: string[] };
}

export function readManifest(): PackageManifest {
	return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageManifest;
}

let packed: Promise<string> | undefined;

/** Builds the package and `npm pack`s it into a temporary folder, once per process; resolves to the tarball. */
export function packPackage(): Promise<string> {
	packed ??= (async () => {
		await run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT });
		const dest = mkdtempSync(join(tmpdir(), 'odoo-logistics-pack-'));
		process.on('exit', () => rmSync(dest, { recursive: true, force: true }));
		const out = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: PACKAGE_ROOT });
		const [{ filename }] = JSON.parse(out.stdout) as Array<{ filename: string }>;
		return join(dest, filename);
	})();
	return packed;
}
