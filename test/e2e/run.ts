/**
 * End-to-end tests against the real n8n of each supported line.
 * `npx ts-node --transpile-only test/e2e/run.ts [--line 2.x|1.x|both] [--suite name]`; the last line is `N passed, M failed`.
 */
import { ensureN8n } from './install-n8n';
import { LINES, linesFromArgs } from './lines';
import { packPackage, type PackedPackage } from './pack';
import { Tester, type Suite } from './runner';
import { approval } from './approval.e2e';
import { odoo } from './odoo.e2e';
import { orderToShip } from './orderToShip.e2e';
import { smoke } from './smoke.e2e';
import { procureToReceive } from './procureToReceive.e2e';
import { returnToResolution } from './returnToResolution.e2e';
import { redelivery } from './redelivery.e2e';
import { security } from './security.e2e';

const SUITES: Record<string, Suite> = { smoke, odoo, approval, orderToShip, procureToReceive, returnToResolution, redelivery, security };

async function main(): Promise<number> {
	const lines = linesFromArgs(process.argv.slice(2));
	const suites = suitesFromArgs(process.argv.slice(2));
	const t = new Tester();
	let pkg: PackedPackage | undefined;
	await t.group('package', async () => {
		await t.check('npm run build && npm pack', async () => {
			pkg = await packPackage();
			return pkg.tarball;
		});
	});
	for (const line of lines) {
		let installed = false;
		await t.group(`${line}: install`, async () => {
			await t.check(`n8n ${LINES[line].n8n} installed`, async () => {
				const install = await ensureN8n(line);
				return `node ${install.nodeVersion}, expression engine ${install.expressionEngine}, ${install.dir}`;
			});
			installed = true;
		});
		if (!installed || !pkg) continue;
		for (const [name, suite] of suites) {
			const ctx = { line, packageTarball: pkg.tarball, manifest: pkg.manifest };
			await t.group(`${line}: ${name}`, () => suite(t, ctx));
		}
	}
	console.log(`\n${t.summary()}`);
	return t.failed === 0 && t.passed > 0 ? 0 : 1;
}

/** `--suite name` (repeatable) runs only those suites; default all. */
function suitesFromArgs(argv: string[]): Array<[string, Suite]> {
	const names = argv.flatMap((arg, i) => (argv[i - 1] === '--suite' ? [arg] : []));
	const unknown = names.filter((n) => !(n in SUITES));
	if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; one of ${Object.keys(SUITES).join(', ')}`);
	return Object.entries(SUITES).filter(([name]) => !names.length || names.includes(name));
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error.stack);
		process.exit(1);
	},
);
