import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance } from 'axios';

import { CallSite, RawResponse, fromNetworkFailure } from '../errorMapping';
import { RpcStats } from '../stats';

export interface HttpOptions {
	baseUrl: string;
	ignoreTls: boolean;
	timeoutMs: number;
	userAgent: string;
}

export interface HttpRequest {
	method: 'GET' | 'POST';
	path: string;
	body?: unknown;
	headers?: Record<string, string>;
	timeoutMs?: number;
	/** Key under which the request is counted in the stats (`model/method`, `common/authenticate`, `web/version`). */
	statsKey: string;
}

/**
 * The HTTP layer shared by both transports: one axios instance with keep-alive agents, no redirects followed, every
 * status accepted, the body kept as text so that HTML pages can be told apart from JSON.
 */
export class HttpClient {
	private readonly axios: AxiosInstance;
	private readonly agents: { http: http.Agent; https: https.Agent };
	/** Set once any response arrived: from then on a refused or reset connection means Odoo is restarting. */
	reached = false;

	constructor(
		private readonly options: HttpOptions,
		private readonly stats: RpcStats,
	) {
		this.agents = {
			http: new http.Agent({ keepAlive: true }),
			https: new https.Agent({ keepAlive: true, rejectUnauthorized: !options.ignoreTls }),
		};
		this.axios = axios.create({
			baseURL: options.baseUrl,
			httpAgent: this.agents.http,
			httpsAgent: this.agents.https,
			maxRedirects: 0,
			responseType: 'text',
			transformResponse: [(data: unknown) => data],
			validateStatus: () => true,
			headers: { 'User-Agent': options.userAgent, Accept: 'application/json' },
		});
	}

	get baseUrl(): string {
		return this.options.baseUrl;
	}

	async request(request: HttpRequest, site: Omit<CallSite, 'reached'>): Promise<RawResponse> {
		const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
		this.stats.record(request.statsKey);
		try {
			const response = await this.axios.request<string>({
				method: request.method,
				url: request.path,
				data: request.body === undefined ? undefined : JSON.stringify(request.body),
				headers: {
					...(request.body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
					...request.headers,
				},
				timeout: timeoutMs,
			});
			this.reached = true;
			return {
				status: response.status,
				headers: lowerCaseHeaders(response.headers as Record<string, unknown>),
				body: typeof response.data === 'string' ? response.data : '',
			};
		} catch (error) {
			// The axios error holds the request config and body (with the secret): only its code is used.
			throw fromNetworkFailure(error, { ...site, reached: this.reached }, this.options.baseUrl, timeoutMs);
		}
	}

	close(): void {
		this.agents.http.destroy();
		this.agents.https.destroy();
	}
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
	}
	return result;
}

/** Parses a JSON body; `undefined` when the body is not JSON. */
export function parseJson(body: string): { value: unknown } | undefined {
	try {
		return { value: JSON.parse(body) };
	} catch {
		return undefined;
	}
}
