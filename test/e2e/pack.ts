import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { run } from './proc';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export interface PackageManifest {
	name: string;
	version: string;
	n8n: { nodes?: string[]; credentials?: string[] };
}

export interface PackedPackage {
	tarball: string;
	/** The package.json inside the tarball (the working tree may change while tests run). */
	manifest: PackageManifest;
}

let packed: Promise<PackedPackage> | undefined;

/** Builds the package and `npm pack`s it into a temporary folder, once per process. */
export function packPackage(): Promise<PackedPackage> {
	packed ??= (async () => {
		await run('npm', ['run', 'build'], { cwd: PACKAGE_ROOT });
		const dest = mkdtempSync(join(tmpdir(), 'odoo-logistics-pack-'));
		process.on('exit', () => rmSync(dest, { recursive: true, force: true }));
		const out = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: PACKAGE_ROOT });
		const [{ filename }] = JSON.parse(out.stdout) as Array<{ filename: string }>;
		const tarball = join(dest, filename);
		const manifest = (await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout;
		return { tarball, manifest: JSON.parse(manifest) as PackageManifest };
	})();
	return packed;
}
