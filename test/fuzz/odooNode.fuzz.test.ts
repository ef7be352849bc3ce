/**
 * The Odoo Logistics node under fuzzing, through n8n against the simulator: arbitrary domain texts and arbitrary
 * record values. A domain the package cannot read is refused before anything is sent to Odoo, with a NodeOperationError
 * that says where; values Odoo refuses create nothing; nothing ever fails with another kind of error.
 */
import fc from 'fast-check';

import { formatDomain } from '../../nodes/shared/odoo';
import { model, runNode, useSimulator } from '../nodes/OdooLogistics/helpers';
import { RUNS, jsonValue, nastyString, validDomain } from './arbitraries';

const WRITES = new Set(['create', 'write', 'unlink', 'copy']);

describe('Odoo Logistics node fuzzing', () => {
	const ctx = useSimulator();

	it('refuses a domain it cannot read before calling Odoo, naming the character or term; runs the others read-only', async () => {
		const domainText = fc.oneof(
			nastyString,
			fc.tuple(validDomain, fc.nat(), fc.string({ maxLength: 2 })).map(([domain, at, insert]) => {
				const text = formatDomain(domain);
				const position = at % (text.length + 1);
				return text.slice(0, position) + insert + text.slice(position + 1);
			}),
			validDomain.map((domain) => formatDomain(domain, 'json')),
		);
		const seen = { refused: 0, ran: 0 };
		await fc.assert(
			fc.asyncProperty(domainText, async (domain) => {
				const { sim } = ctx;
				sim.stats.reset();
				const result = await runNode(sim, { resource: 'record', operation: 'getMany', model: model('res.partner'), filterMode: 'domain', domain, limit: 5, options: { fields: ['name'] } });
				const error = result.error('Odoo');
				expect(sim.stats.calls.filter((call) => WRITES.has(call.method))).toEqual([]);
				if (!error) {
					seen.ran += 1;
					return;
				}
				expect(error.name).toMatch(/^Node(?:Operation|Api)Error$/);
				const searches = sim.stats.calls.filter((call) => call.model === 'res.partner' && call.method.startsWith('search'));
				if (/not a valid Odoo domain/.test(error.message)) {
					// Refused by the package: Odoo was never asked to search (field metadata may have been read).
					expect(searches).toEqual([]);
					expect(error.message).toMatch(/^The parameter "Domain" is not a valid Odoo domain: (?:cannot read the domain at character \d+|term \d+|the domain)/);
					seen.refused += 1;
				}
			}),
			{ numRuns: RUNS.io },
		);
		// Both kinds were exercised.
		expect(seen.refused).toBeGreaterThan(0);
		expect(seen.ran).toBeGreaterThan(0);
	});

	it('creates with any values JSON or refuses it; a refused item creates nothing', async () => {
		const values = fc.oneof(
			fc.string({ maxLength: 30 }),
			jsonValue.map((value) => JSON.stringify(value) ?? ''),
			fc.record({ name: fc.oneof(nastyString, jsonValue), comment: nastyString, no_such_field: jsonValue }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
		);
		await fc.assert(
			fc.asyncProperty(values, async (valuesJson) => {
				const { sim } = ctx;
				const before = sim.env('res.partner').search([['active', 'in', [true, false]]]).length;
				sim.stats.reset();
				const result = await runNode(sim, { resource: 'record', operation: 'create', model: model('res.partner'), valuesMode: 'json', valuesJson }, [{}], { continueOnFail: true });
				const [item] = result.output('Odoo');
				const after = sim.env('res.partner').search([['active', 'in', [true, false]]]).length;
				if (item?.json.error !== undefined) {
					expect(typeof item.json.error).toBe('string');
					expect(after).toBe(before);
				} else {
					expect(typeof item?.json.id).toBe('number');
					expect(after).toBe(before + 1);
					expect(sim.stats.calls.filter((call) => call.method === 'create')).toHaveLength(1);
				}
			}),
			{ numRuns: RUNS.io },
		);
	});
});
