/**
 * Starts the Odoo simulator with demo data and prints how to connect.
 *
 *   npx ts-node --transpile-only test/odoo-sim/cli.ts [--port 8069] [--version 18.0] [--db odoo] [--host 127.0.0.1]
 *                                                     [--seed demo|empty] [--modules stock_delivery,helpdesk,approvals]
 */
import { startOdooSimulator, type OdooSimulator, type SimModule, type SimulatorOptions } from './index';
import { SUPPORTED_VERSIONS, type OdooSimVersion } from './version';

const MODULES: SimModule[] = ['stock_delivery', 'helpdesk', 'approvals'];

const USAGE = `usage: cli.ts [--port N] [--version ${SUPPORTED_VERSIONS.join('|')}] [--db NAME] [--host HOST] [--seed demo|empty] [--modules ${MODULES.join(',')}]`;

export function parseArgs(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = { port: 8069 };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		// `--demo` asks for what is the default anyway: demo data (`npm run demo` itself is test/demo/demo.ts).
		if (flag === '--demo') continue;
		const value = argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		switch (flag) {
			case '--port':
				if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`invalid port: ${value}`);
				options.port = Number(value);
				break;
			case '--version':
				if (!SUPPORTED_VERSIONS.includes(value as OdooSimVersion)) throw new Error(`unsupported version: ${value}`);
				options.version = value as OdooSimVersion;
				break;
			case '--db':
				options.db = value;
				break;
			case '--host':
				options.host = value;
				break;
			case '--seed':
				if (value !== 'demo' && value !== 'empty') throw new Error(`invalid seed: ${value}`);
				options.seed = value;
				break;
			case '--modules': {
				const modules = value.split(',').filter(Boolean);
				const unknown = modules.find((m) => !MODULES.includes(m as SimModule));
				if (unknown) throw new Error(`unknown module: ${unknown}`);
				options.modules = modules as SimModule[];
				break;
			}
			default:
				throw new Error(`unknown option: ${flag}`);
		}
	}
	return options;
}

export function connectionInfo(sim: OdooSimulator): string {
	const json2 = Number(sim.version.split('.')[0]) >= 19;
	return [
		`Odoo ${sim.version} simulator listening on ${sim.url}`,
		`  database   ${sim.db}`,
		`  admin      login ${sim.admin.login} / password ${sim.admin.password} (uid ${sim.admin.uid})`,
		`  API key    ${sim.admin.apiKey}`,
		`  demo user  ${sim.demo.login} / ${sim.demo.password}   portal user  ${sim.portal.login} / ${sim.portal.password}`,
		`  JSON-RPC   POST ${sim.url}/jsonrpc`,
		json2
			? `  JSON-2     POST ${sim.url}/json/2/<model>/<method>  (Authorization: Bearer <API key>, X-Odoo-Database: ${sim.db})`
			: `  JSON-2     not available before 19.0 (start with --version 19.0)`,
		'',
		'In n8n, create an "Odoo Logistics API" credential with:',
		`  Base URL ${sim.url}   Database ${sim.db}   Login ${sim.admin.login}   API Key or Password ${sim.admin.apiKey}`,
		'and use it in the Odoo Logistics and Odoo Logistics Trigger nodes (n8n on this machine reaches the simulator on',
		'loopback). The package itself is in dist/ (npm pack, then install it into ~/.n8n/nodes, see the README).',
		'',
		'Press Ctrl+C to stop.',
	].join('\n');
}

async function main(): Promise<void> {
	let options: SimulatorOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		process.exit(2);
	}
	const sim = await startOdooSimulator(options);
	process.stdout.write(`${connectionInfo(sim)}\n`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`${signal} received, stopping.\n`);
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
