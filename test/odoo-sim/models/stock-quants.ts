import type { Env, Rec } from '../orm/env';

/** Move states that hold a reservation on the source location's quants. */
const RESERVING = ['confirmed', 'waiting', 'partially_available', 'assigned'];
const OPEN = ['draft', 'confirmed', 'waiting', 'partially_available', 'assigned'];

export function isInternal(env: Env, locationId: number | false): boolean {
	return Boolean(locationId) && env.rec('stock.location', locationId as number).get('usage') === 'internal';
}

/** `location` and its sub-locations. */
export function locationTree(env: Env, locationId: number): number[] {
	return env.model('stock.location').search([['id', 'child_of', locationId]], { activeTest: false });
}

/** Quantity reserved on a location by open moves (a move's `quantity` is what it has reserved or picked). */
export function reservedQty(env: Env, productId: number, locationIds: number[], excludeMove?: number): number {
	return env
		.model('stock.move')
		.search([
			['product_id', '=', productId],
			['location_id', 'in', locationIds],
			['state', 'in', RESERVING],
		])
		.filter((id) => id !== excludeMove)
		.reduce((sum, id) => sum + env.rec('stock.move', id).num('quantity'), 0);
}

export function onHandQty(env: Env, productId: number, locationIds: number[]): number {
	return env
		.model('stock.quant')
		.search([
			['product_id', '=', productId],
			['location_id', 'in', locationIds],
		])
		.reduce((sum, id) => sum + env.rec('stock.quant', id).num('quantity'), 0);
}

/** What a move may still reserve at its source location. */
export function freeQty(env: Env, productId: number, locationId: number, excludeMove?: number): number {
	const tree = locationTree(env, locationId);
	return onHandQty(env, productId, tree) - reservedQty(env, productId, tree, excludeMove);
}

/** Adds `delta` to the quant of a product at an internal location (creating it when needed). */
export function adjustQuant(env: Env, productId: number, locationId: number, delta: number): void {
	if (!delta || !isInternal(env, locationId)) return;
	const quants = env.model('stock.quant');
	const [existing] = quants.search([
		['product_id', '=', productId],
		['location_id', '=', locationId],
	]);
	if (existing) quants.write([existing], { quantity: env.rec('stock.quant', existing).num('quantity') + delta });
	else quants.create({ product_id: productId, location_id: locationId, quantity: delta, in_date: env.now() });
}

/** On hand, free, incoming and outgoing quantities of a product over all internal locations. */
export function stockAvailability(product: Rec): { onHand: number; free: number; incoming: number; outgoing: number } {
	const env = product.env;
	const internal = env.model('stock.location').search([['usage', '=', 'internal']], { activeTest: false });
	const onHand = onHandQty(env, product.id, internal);
	const moves = env.model('stock.move').search([
		['product_id', '=', product.id],
		['state', 'in', OPEN],
	]);
	let incoming = 0;
	let outgoing = 0;
	for (const move of env.recs('stock.move', moves)) {
		const fromInternal = internal.includes(move.get<number>('location_id'));
		const toInternal = internal.includes(move.get<number>('location_dest_id'));
		if (toInternal && !fromInternal) incoming += move.num('product_uom_qty');
		if (fromInternal && !toInternal) outgoing += move.num('product_uom_qty');
	}
	return { onHand, free: onHand - reservedQty(env, product.id, internal), incoming, outgoing };
}
