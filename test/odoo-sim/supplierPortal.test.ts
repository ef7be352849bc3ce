import { startOdooSimulator, type OdooSimulator } from '.';

describe('supplier portal', () => {
	let sim: OdooSimulator;
	beforeAll(async () => {
		sim = await startOdooSimulator({ now: '2030-01-10 08:00:00' });
	});
	afterAll(async () => {
		await sim.close();
	});

	const get = async (query: string) => {
		const res = await fetch(`${sim.url}/supplier-portal/eta${query}`);
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};

	it('answers a deterministic new arrival: the later of the expected date and now, plus the vendor lead time', async () => {
		// P00006: Pacific Packaging (3 days), expected 2030-01-13 08:00 (confirmed at "now" with the vendor lead time).
		const [po] = sim.env('purchase.order').searchRead([['name', '=', 'P00006']], ['date_planned']);
		expect(po.date_planned).toBe('2030-01-13 08:00:00');
		const first = await get('?po=P00006');
		expect(first).toEqual({
			status: 200,
			body: expect.objectContaining({ po: 'P00006', vendor: 'Pacific Packaging Ltd', previousEta: '2030-01-13T08:00:00.000Z', eta: '2030-01-16T12:00:00.000Z', delayDays: 4, confirmed: true }),
		});
		expect(await get('?po=P00006')).toEqual(first);
		sim.env('purchase.order').write([po.id as number], { date_planned: '2030-01-01 08:00:00' });
		expect((await get('?po=P00006')).body.eta).toBe('2030-01-13T12:00:00.000Z');
	});

	it('answers what a test set, fails on demand, and forgets the answers on DELETE', async () => {
		const put = (body: unknown) => fetch(`${sim.url}/supplier-portal/eta?po=P00003`, { method: 'PUT', body: JSON.stringify(body) });
		expect((await put({ eta: '2030-02-01T10:00:00Z', reason: 'Container held at customs' })).status).toBe(200);
		expect((await get('?po=P00003')).body).toMatchObject({ eta: '2030-02-01T10:00:00.000Z', reason: 'Container held at customs' });
		expect((await put({ status: 503 })).status).toBe(200);
		expect((await get('?po=P00003')).status).toBe(503);
		expect((await put({ eta: 'next week' })).status).toBe(400);
		await fetch(`${sim.url}/supplier-portal/eta`, { method: 'DELETE' });
		expect((await get('?po=P00003')).status).toBe(200);
	});

	it('refuses an unknown order and a missing reference, and lists the lookups', async () => {
		expect((await get('?po=P99999')).status).toBe(404);
		expect(await get('')).toEqual({ status: 400, body: { error: expect.stringMatching(/po .* is missing/) } });
		const log = (await (await fetch(`${sim.url}/supplier-portal/requests`)).json()) as Array<{ po: string }>;
		expect(log.map((r) => r.po)).toContain('P99999');
	});
});
