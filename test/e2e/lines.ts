/** The n8n release lines the package supports, each with the Node.js its users run it on. */
export type Line = '2.x' | '1.x';

export interface LineSpec {
	n8n: string;
	/** A `node-linux-<arch>` version from the npm registry, or `system` for the Node.js running these scripts. */
	node: string;
}

export const LINES: Record<Line, LineSpec> = {
	'2.x': { n8n: process.env.N8N_E2E_V2 ?? '2.41.1', node: process.env.N8N_E2E_NODE24 ?? '24.21.0' },
	'1.x': { n8n: process.env.N8N_E2E_V1 ?? '1.123.81', node: 'system' },
};

export const ALL_LINES = Object.keys(LINES) as Line[];

/** `--line 2.x|1.x|both` (default both). */
export function linesFromArgs(argv: string[]): Line[] {
	const i = argv.indexOf('--line');
	const value = i >= 0 ? argv[i + 1] : 'both';
	if (value === 'both') return ALL_LINES;
	if (value in LINES) return [value as Line];
	throw new Error(`--line must be one of ${ALL_LINES.join(', ')}, both (got ${value})`);
}
