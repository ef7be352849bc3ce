/**
 * Counts the HTTP requests a client sent, by `model/method` (`common/authenticate`, `web/version` for the service
 * calls). Retries count as requests: the numbers are what Odoo saw.
 */
export class RpcStats {
	private readonly counts = new Map<string, number>();
	private totalCount = 0;

	record(key: string): void {
		this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
		this.totalCount += 1;
	}

	get total(): number {
		return this.totalCount;
	}

	/** Requests to one model (all its methods), or to one method of it. */
	count(model: string, method?: string): number {
		if (method !== undefined) return this.counts.get(`${model}/${method}`) ?? 0;
		let sum = 0;
		for (const [key, value] of this.counts) if (key.startsWith(`${model}/`)) sum += value;
		return sum;
	}

	snapshot(): Record<string, number> {
		return Object.fromEntries(this.counts);
	}

	reset(): void {
		this.counts.clear();
		this.totalCount = 0;
	}
}
