/** Reading a saved execution's run data, and waiting for an outcome, in the end-to-end suites. */
import type { Execution } from './n8n-instance';
import { sleep } from './proc';

export type Item = { json: Record<string, unknown> };
type RunData = Record<string, Array<{ data?: { main: Array<Item[] | null> } }>>;

/** Items a node sent to one of its outputs, over all its runs in the execution. */
export function output(execution: Execution, node: string, index = 0): Item[] {
	const runs = (execution.data?.resultData.runData as RunData | undefined)?.[node] ?? [];
	return runs.flatMap((run) => run.data?.main[index] ?? []);
}

/** Polls `get` every half second until it returns a value; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await get();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(500);
	}
}
