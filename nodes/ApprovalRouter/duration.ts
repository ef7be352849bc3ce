/** Escalation delays: ISO 8601 (`PT4H`, `P1DT12H`) or shorthand (`90m`, `4h`, `2d`, `1d12h`). */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const SHORT = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/i;

/** Milliseconds, or `undefined` when the text is not a positive duration. */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	const parts = ISO.exec(trimmed) ?? SHORT.exec(trimmed);
	if (!parts || trimmed === 'P' || trimmed.endsWith('T')) return undefined;
	const [days, hours, minutes, seconds] = parts.slice(1).map((p) => Number(p ?? 0));
	const ms = days * UNIT_MS.d + hours * UNIT_MS.h + minutes * UNIT_MS.m + seconds * UNIT_MS.s;
	return ms > 0 ? ms : undefined;
}

/** The canonical ISO 8601 form of a duration (`P1DT4H30M`). */
export function formatDuration(ms: number): string {
	let rest = Math.round(ms / 1000);
	const take = (unit: number) => {
		const amount = Math.floor(rest / unit);
		rest -= amount * unit;
		return amount;
	};
	const [d, h, m, s] = [take(86_400), take(3_600), take(60), take(1)];
	const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
	return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}
