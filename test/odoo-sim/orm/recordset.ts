/** A method result that is a recordset: JSON-2 returns its ids; JSON-RPC its ids, or one id for `@api.returns`. */
export class RecordSet {
	constructor(
		readonly model: string,
		readonly ids: number[],
	) {}
}
