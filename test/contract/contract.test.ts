/**
 * Contract tests: every recorded Odoo fixture, replayed in file order against a simulator of the same version, must
 * get an answer of the same shape (status, content type, keys, value kinds, error class and message) and, for
 * automation rules, the same webhook POSTs (count, headers, raw body format).
 */
import { startOdooSimulator, type OdooSimulator, type OdooSimVersion } from '../odoo-sim';
import { SUPPORTED_VERSIONS } from '../odoo-sim/version';
import { fixturesDir, fixtureVersions, loadFixtures } from './fixtures';
import { PLANS } from './plans';
import { Replayer } from './replayer';
import { WebhookSink } from '../odoo-sim/testing/webhook-sink';

const dir = fixturesDir();

for (const version of fixtureVersions(dir)) {
	const fixtures = loadFixtures(dir, version);
	const plan = PLANS[version];

	describe(`Odoo ${version} fixtures`, () => {
		if (!plan || !SUPPORTED_VERSIONS.includes(version as OdooSimVersion)) {
			test(`${version}: has a replay plan`, () => {
				throw new Error(`fixtures for ${version} exist but the simulator has no replay plan for that version (test/contract/plans.ts)`);
			});
			return;
		}
		let sim: OdooSimulator;
		let sink: WebhookSink;
		let replayer: Replayer;

		beforeAll(async () => {
			sink = new WebhookSink();
			const sinkUrl = await sink.start();
			sim = await startOdooSimulator({ version: version as OdooSimVersion, db: plan.db });
			replayer = new Replayer(sim, sink, sinkUrl, plan);
			await replayer.setup();
		});

		afterAll(async () => {
			await sim?.close();
			await sink?.close();
		});

		for (const fixture of fixtures) {
			test(`${version}/${fixture.name}`, async () => {
				expect(await replayer.run(fixture)).toEqual([]);
			});
		}
	});
}
