/** The command line of the soak's runs (run.ts, returns.ts): options, the report's table, the last line and exit code. */

/** The value after `--<name>`, or undefined when the option is absent. */
export function argValue(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0) return undefined;
	const value = process.argv[i + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
	return value;
}

/** `--<name>` as a number from min to max, or the fallback when the option is absent. */
export function numberArg(name: string, fallback: number, min: number, max: number): number {
	const text = argValue(name);
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
	return value;
}

/** The report's table of measures, as Markdown. */
export function printTable(rows: Array<[string, string]>): void {
	const width = Math.max(...rows.map(([k]) => k.length));
	console.log(`\n| ${'measure'.padEnd(width)} | value |\n| ${'-'.repeat(width)} | ----- |`);
	for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
	console.log('');
}

/** Runs a soak's main; last line "<name> passed" (exit 0) or "<name> FAILED: <why>" (exit 1). */
export function runMain(name: string, main: () => Promise<void>): void {
	main().then(
		() => {
			console.log(`${name} passed`);
			process.exit(0);
		},
		(error: Error) => {
			console.log(`${name} FAILED: ${error.message}`);
			process.exit(1);
		},
	);
}
