/**
 * Smoke: the packed package installs into a real n8n like a community package, n8n loads all its node and
 * credential types, and workflows using its credential import and run.
 */
import assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { readWorkflow } from './fixtures';
import { n8nEnv } from './install-n8n';
import { prepareN8n, type CredentialFixture, type N8nInstance } from './n8n-instance';
import type { PackageManifest } from './pack';
import { run } from './proc';
import type { Suite } from './runner';

const CREDENTIAL: CredentialFixture = {
	id: 'oleSmokeOdoo0001',
	name: 'Odoo (e2e)',
	type: 'odooLogisticsApi',
	data: { url: 'http://127.0.0.1:9', database: 'e2e', login: 'admin', secret: 'e2e-secret', apiMode: 'jsonrpc', ignoreTls: false },
};

interface NodeJson {
	name: string;
	credentials?: Record<string, { id: string | null; name: string }>;
}

export const smoke: Suite = async (t, { line, packageTarball, manifest }) => {
	const workflows = ['smoke-credential', 'smoke-manual', 'smoke-webhook'].map(readWorkflow);
	const n8n = await t.check('package installs into the user folder; credential and workflows import', () =>
		prepareN8n({ line, packageTarball, credentials: [CREDENTIAL], workflows }),
	);
	try {
		await t.check('installed package has every file of its n8n section', async () => {
			const dir = installedPackage(n8n, manifest);
			const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
			assert.equal(installed.version, manifest.version);
			const missing = [...(installed.n8n.nodes ?? []), ...(installed.n8n.credentials ?? [])].filter((f) => !existsSync(join(dir, f)));
			assert.deepEqual(missing, []);
			assert.ok(!existsSync(join(dir, 'node_modules', 'n8n-workflow')), 'n8n-workflow must come from n8n, not the package');
			return `${installed.name}@${installed.version}`;
		});

		await t.check('credential is stored encrypted and decrypts to the imported data', async () => {
			const file = join(n8n.workDir, 'credential-export.json');
			await n8n.cli(['export:credentials', `--id=${CREDENTIAL.id}`, '--decrypted', `--output=${file}`]);
			const [exported] = JSON.parse(readFileSync(file, 'utf8')) as CredentialFixture[];
			assert.equal(exported.type, CREDENTIAL.type);
			assert.deepEqual(exported.data, CREDENTIAL.data);
		});

		await t.check('n8n execute runs a workflow from the CLI', async () => {
			const res = await n8n.cliExecute('oleSmokeManual01');
			assert.equal(res.run?.status, 'success', res.run?.data.resultData.error?.message ?? `exit ${res.code}\n${res.stdout.slice(-2000)}${res.stderr.slice(-2000)}`);
			const set = res.run?.data.resultData.runData.Set as Array<{ data: { main: Array<Array<{ json: { answer: number } }>> } }>;
			assert.equal(set[0].data.main[0][0].json.answer, 42);
			return res.code === 0 ? '' : `(n8n then exited ${res.signal ?? res.code})`;
		});

		await t.check('n8n start: ready with an owner and an API key', async () => {
			await n8n.start();
			return n8n.baseUrl;
		});

		await t.check('n8n loads every node and credential type of the package', async () => {
			const expected = await packageTypes(n8n, manifest);
			const loaded = async (what: string) => new Set((await n8n.ownerRequest<Array<{ name: string }>>(`/types/${what}.json`)).map((x) => x.name));
			const [nodes, credentials] = await Promise.all([loaded('nodes'), loaded('credentials')]);
			const missing = [...expected.nodes.filter((n) => !nodes.has(n)), ...expected.credentials.filter((c) => !credentials.has(c))];
			assert.deepEqual(missing, [], `not loaded by n8n: ${missing.join(', ')}\n${problems(n8n.serverLog(), manifest.name)}`);
			return [...expected.nodes, ...expected.credentials].join(', ');
		});

		await t.check('imported workflow keeps its odooLogisticsApi credential', async () => {
			const wf = await n8n.api<{ nodes: NodeJson[] }>('/workflows/oleSmokeCred0001');
			const node = wf.nodes.find((n) => n.name === 'Odoo request');
			assert.equal(node?.credentials?.odooLogisticsApi?.id, CREDENTIAL.id);
		});

		await t.check('activated webhook workflow answers and its execution is recorded', async () => {
			const res = await fetch(`${n8n.baseUrl}/webhook/ole-smoke`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'world' }),
			});
			assert.deepEqual(await res.json(), { greeting: 'Hello world!' });
			const [execution] = await n8n.waitForExecutions('oleSmokeWebhook1', 1);
			assert.equal(execution.status, 'success');
		});

		await t.check('n8n stops on SIGTERM', () => n8n.stop());
	} finally {
		await n8n.dispose();
	}
};

function installedPackage(n8n: N8nInstance, manifest: PackageManifest): string {
	return join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', manifest.name);
}

/**
 * The type names n8n should give the installed package's nodes (`<package>.<node name>`) and credentials
 * (`<credential name>`), read from its classes the way n8n loads them: on n8n's node, with n8n's modules.
 */
async function packageTypes(n8n: N8nInstance, manifest: PackageManifest): Promise<{ nodes: string[]; credentials: string[] }> {
	const script = `
		const { join, basename } = require('path');
		const [dir, section] = process.argv.slice(1);
		const { nodes = [], credentials = [] } = JSON.parse(section);
		// n8n's convention: each file exports a class named like the file.
		const load = (file, suffix) => new (require(join(dir, file))[basename(file, suffix)])();
		console.log(JSON.stringify({
			nodes: nodes.map((f) => load(f, '.node.js').description.name),
			credentials: credentials.map((f) => load(f, '.credentials.js').name),
		}));`;
	const env = n8nEnv(n8n.install, { NODE_PATH: join(n8n.install.dir, 'node_modules') });
	const out = await run(n8n.install.nodeBin, ['-e', script, installedPackage(n8n, manifest), JSON.stringify(manifest.n8n)], { env });
	const names = JSON.parse(out.stdout) as { nodes: string[]; credentials: string[] };
	return { nodes: names.nodes.map((n) => `${manifest.name}.${n}`), credentials: names.credentials };
}

function problems(log: string, packageName: string): string {
	return log.split('\n').filter((l) => l.includes(packageName) || /error|fail|warn/i.test(l)).slice(-20).join('\n');
}
