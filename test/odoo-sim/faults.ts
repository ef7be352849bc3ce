/** Fault injection: latency, transient errors and dropped webhooks, all driven by one seeded PRNG. */

export type FaultKind = 'http503' | 'http502' | 'concurrency' | 'reset';
export type FailNextKind = FaultKind | 'timeout';

export interface FaultOptions {
	latencyMs: number;
	latencySpikeRate: number;
	latencySpikeMs: number;
	errorRate: number;
	errorKinds: FaultKind[];
	dropWebhookRate: number;
	seed: number;
}

export interface FailNextOptions {
	count?: number;
	kind: FailNextKind;
	model?: string;
	method?: string;
	delayMs?: number;
}

export interface InjectedFault {
	kind: FailNextKind;
	delayMs: number;
}

export const DEFAULT_FAULTS: FaultOptions = {
	latencyMs: 0,
	latencySpikeRate: 0,
	latencySpikeMs: 0,
	errorRate: 0,
	errorKinds: ['http503'],
	dropWebhookRate: 0,
	seed: 1,
};

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private options: FaultOptions = { ...DEFAULT_FAULTS };
	private random = prng(DEFAULT_FAULTS.seed);
	private readonly queue: Array<FailNextOptions & { count: number; delayMs: number }> = [];

	constructor(initial: Partial<FaultOptions> = {}) {
		this.set(initial);
	}

	set(partial: Partial<FaultOptions>): void {
		for (const rate of ['latencySpikeRate', 'errorRate', 'dropWebhookRate'] as const) {
			const value = partial[rate];
			if (value !== undefined && (value < 0 || value > 1)) throw new RangeError(`${rate} must be between 0 and 1`);
		}
		if (partial.errorKinds && partial.errorKinds.length === 0) throw new RangeError('errorKinds must not be empty');
		this.options = { ...this.options, ...partial };
		if (partial.seed !== undefined) this.random = prng(partial.seed);
	}

	failNext(options: FailNextOptions): void {
		const count = options.count ?? 1;
		if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
		this.queue.push({ ...options, count, delayMs: options.delayMs ?? 5000 });
	}

	/** Extra latency for one HTTP request. */
	latency(): number {
		const { latencyMs, latencySpikeRate, latencySpikeMs } = this.options;
		const spike = latencySpikeRate > 0 && this.random() < latencySpikeRate ? latencySpikeMs : 0;
		return latencyMs + spike;
	}

	/** The fault to inject for one RPC call, if any: queued `failNext` entries first, then the random error rate. */
	forCall(model: string | undefined, method: string): InjectedFault | undefined {
		const index = this.queue.findIndex(
			(entry) => (!entry.model || entry.model === model) && (!entry.method || entry.method === method),
		);
		if (index >= 0) {
			const entry = this.queue[index];
			entry.count -= 1;
			if (entry.count === 0) this.queue.splice(index, 1);
			return { kind: entry.kind, delayMs: entry.delayMs };
		}
		const { errorRate, errorKinds } = this.options;
		if (errorRate > 0 && this.random() < errorRate) {
			return { kind: errorKinds[Math.floor(this.random() * errorKinds.length)], delayMs: 0 };
		}
		return undefined;
	}

	dropWebhook(): boolean {
		const rate = this.options.dropWebhookRate;
		return rate > 0 && this.random() < rate;
	}
}
