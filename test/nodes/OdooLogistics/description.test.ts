import type { INodeProperties } from 'n8n-workflow';

import { OdooLogistics } from '../../../nodes/OdooLogistics/OdooLogistics.node';

const { description } = new OdooLogistics();

/** The properties the editor shows for a resource and operation (conditions on other parameters ignored). */
function shownFor(resource: string, operation: string): INodeProperties[] {
	return description.properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return (!show.resource || show.resource.includes(resource)) && (!show.operation || show.operation.includes(operation));
	});
}

describe('Node description', () => {
	const resources = description.properties.find((property) => property.name === 'resource')!.options as Array<{ value: string }>;
	const operations = (resource: string) =>
		(description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))!
			.options as Array<{ value: string }>).map((option) => option.value);

	it('declares what n8n needs: credential test, AI tool use, subtitle, main input and output', () => {
		expect(description).toMatchObject({
			name: 'odooLogistics',
			displayName: 'Odoo Logistics',
			usableAsTool: true,
			credentials: [{ name: 'odooLogisticsApi', required: true, testedBy: 'odooLogisticsApiTest' }],
			inputs: ['main'],
			outputs: ['main'],
		});
		expect(description.subtitle).toContain('$parameter["operation"]');
	});

	it('gives every operation its own parameters, without two of the same name shown at once', () => {
		for (const { value: resource } of resources) {
			for (const operation of operations(resource)) {
				const shown = shownFor(resource, operation).filter((property) => property.displayOptions?.show?.operation);
				expect(shown.length).toBeGreaterThan(0);
				const unconditional = shown.filter((property) => Object.keys(property.displayOptions!.show!).length === 2);
				const names = unconditional.map((property) => property.name);
				expect({ resource, operation, names }).toEqual({ resource, operation, names: [...new Set(names)] });
			}
		}
	});
});
