/**
 * A minimal check runner: groups of named checks, run in order. A failed check ends its group (later checks in it
 * would only fail for the same reason); other groups still run. Prints `PASS`/`FAIL` lines and a summary.
 */
import type { Line } from './lines';
import type { PackageManifest } from './pack';
import { seconds } from './proc';

class CheckFailed extends Error {}

export class Tester {
	passed = 0;

	failed = 0;

	/** Runs `fn` as one check; resolves to its result, or ends the current group when it throws. */
	async check<T>(name: string, fn: () => Promise<T>): Promise<T> {
		const t = Date.now();
		try {
			const result = await fn();
			this.passed++;
			const detail = typeof result === 'string' && result ? ` ${result}` : '';
			console.log(`PASS ${name} (${seconds(t)} s)${detail}`);
			return result;
		} catch (error) {
			this.failed++;
			console.log(`FAIL ${name} (${seconds(t)} s)\n${indent(error instanceof Error ? error.message : String(error))}`);
			throw new CheckFailed(name);
		}
	}

	async group(title: string, body: () => Promise<void>): Promise<void> {
		console.log(`\n== ${title}`);
		try {
			await body();
		} catch (error) {
			if (error instanceof CheckFailed) {
				console.log(`   (rest of "${title}" skipped)`);
				return;
			}
			this.failed++;
			console.log(`FAIL ${title}: error outside a check\n${indent(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
		}
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

const indent = (text: string) => text.replace(/^/gm, '     ');

/** What every end-to-end suite gets: the n8n line under test and the packed package. */
export interface SuiteContext {
	line: Line;
	packageTarball: string;
	manifest: PackageManifest;
}

/** A suite runs its checks with `t.check` against one n8n line. */
export type Suite = (t: Tester, ctx: SuiteContext) => Promise<void>;
