/** What the benchmarks share: how they end, and how they time a node in a real n8n execution. */
import type { RunResult } from '../test/helpers/n8n';

/** Runs a benchmark's `main` and ends the process: 0 once it finished, 1 with the error printed when it failed. */
export function runBenchmark(main: () => Promise<unknown>): void {
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}

/**
 * The fastest execution time (ms) of node `node` in three runs of `run`, after a warm-up run; `check` sees each timed
 * run and throws when its output is wrong.
 */
export async function bestNodeTime(run: () => Promise<RunResult>, node: string, check: (result: RunResult) => void = () => {}): Promise<number> {
	await run();
	let fastest = Infinity;
	for (let i = 0; i < 3; i++) {
		const result = await run();
		check(result);
		fastest = Math.min(fastest, result.run.data.resultData.runData[node][0].executionTime);
	}
	return fastest;
}
