import {
	OdooAccessError,
	OdooAuthenticationError,
	OdooBadValueError,
	OdooConcurrencyError,
	OdooError,
	OdooErrorDetails,
	OdooInvalidFieldError,
	OdooMissingRecordError,
	OdooNotOdooServerError,
	OdooServerError,
	OdooTimeoutError,
	OdooTransientError,
	OdooUnknownDatabaseError,
	OdooUnknownMethodError,
	OdooUnknownModelError,
	OdooUnreachableError,
	OdooUserError,
	OdooValidationError,
} from './errors';

/** Where a failure happened, and what may be said about it. */
export interface CallSite {
	model?: string;
	method: string;
	/** The call only reads, or the caller marked it idempotent. */
	safeToRepeat: boolean;
	/** The server answered this client at least once before (a refused connection then means a restart). */
	reached: boolean;
	/** Removes any secret from a text coming from the server. */
	redact: (text: string) => string;
}

export const HINTS = {
	authentication:
		'Check the login and the API key or password of the Odoo credential. API keys expire; JSON-2 (Odoo 19+) needs an API key, not a password.',
	access: 'The Odoo user of this credential lacks the rights for this operation: give it the needed group, or use another user.',
	validation: 'Fix the values sent to Odoo: the message names the field or the constraint.',
	user: "Odoo's business rules refuse this operation in the record's current state.",
	missing: 'The records do not exist any more, or a record rule hides them from this user.',
	unknownModel: 'Check the technical model name (for example sale.order) and that its app is installed.',
	unknownMethod: 'Check the method name, and that the app defining it is installed in this Odoo version.',
	invalidField: 'Check the technical field name (see fields_get); it may belong to an app that is not installed.',
	badValue: 'Check the values and arguments sent to Odoo.',
	concurrency: 'Another transaction changed the same records at the same time. Try again.',
	transient: 'Odoo, or a proxy in front of it, is overloaded or restarting. Try again later.',
	timeout: 'Raise the timeout, or send smaller batches.',
	server: 'See the Odoo server log for details.',
	unreachable: 'Check the URL (scheme, host and port), and that Odoo is running and reachable from n8n.',
	tls: "The server's TLS certificate is not trusted. Fix the certificate, or turn on 'Ignore TLS issues' for a self-signed one.",
	notOdoo: 'The URL must be the base address of Odoo, for example https://mycompany.odoo.com.',
	unknownDatabase: "Check the database name; Odoo's database manager (/web/database/manager) lists them.",
} as const;

type ErrorClass = new (details: OdooErrorDetails) => OdooError;

interface Classification {
	errorClass: ErrorClass;
	hint: string;
}

const byClass = (errorClass: ErrorClass, hint: string): Classification => ({ errorClass, hint });

const CONCURRENCY_NAMES =
	/(SerializationFailure|LockNotAvailable|DeadlockDetected|TransactionRollbackError|ConcurrencyError|LockError)$/;
const INTEGRITY_NAMES = /(IntegrityError|UniqueViolation|NotNullViolation|ForeignKeyViolation|CheckViolation)$/;
const UNKNOWN_MODEL_MESSAGES = [/^Object \S+ doesn't exist/, /^the model '[^']*' does not exist/i];
const UNKNOWN_METHOD_MESSAGE = /^The method '[^']*' does not exist/;

/** Maps the Python class path (and, where Odoo reuses a class, the message) to an error class. */
function classifyOdooName(name: string, message: string): Classification | undefined {
	const shortName = name.slice(name.lastIndexOf('.') + 1);
	switch (shortName) {
		case 'AccessDenied':
		case 'Unauthorized':
		case 'SessionExpiredException':
			return byClass(OdooAuthenticationError, HINTS.authentication);
		case 'AccessError':
			return byClass(OdooAccessError, HINTS.access);
		case 'MissingError':
			return byClass(OdooMissingRecordError, HINTS.missing);
		case 'ValidationError':
			return byClass(OdooValidationError, HINTS.validation);
		case 'UserError':
		case 'RedirectWarning':
		case 'Warning':
		case 'except_orm':
			return UNKNOWN_MODEL_MESSAGES.some((pattern) => pattern.test(message))
				? byClass(OdooUnknownModelError, HINTS.unknownModel)
				: byClass(OdooUserError, HINTS.user);
		case 'NotFound':
		case 'AttributeError':
			if (UNKNOWN_MODEL_MESSAGES.some((pattern) => pattern.test(message))) {
				return byClass(OdooUnknownModelError, HINTS.unknownModel);
			}
			if (UNKNOWN_METHOD_MESSAGE.test(message)) return byClass(OdooUnknownMethodError, HINTS.unknownMethod);
			return undefined;
		case 'ValueError':
			return /Invalid field/.test(message)
				? byClass(OdooInvalidFieldError, HINTS.invalidField)
				: byClass(OdooBadValueError, HINTS.badValue);
		case 'TypeError':
		case 'KeyError':
		case 'UnprocessableEntity':
		case 'BadRequest':
			return byClass(OdooBadValueError, HINTS.badValue);
		case 'OperationalError':
			return /database "[^"]*" does not exist/.test(message)
				? byClass(OdooUnknownDatabaseError, HINTS.unknownDatabase)
				: undefined;
	}
	if (CONCURRENCY_NAMES.test(name)) return byClass(OdooConcurrencyError, HINTS.concurrency);
	if (INTEGRITY_NAMES.test(name)) return byClass(OdooValidationError, HINTS.validation);
	return undefined;
}

/** An error reported by Odoo itself: JSON-RPC `error.data` or a JSON-2 error body. */
export function fromOdooError(
	body: { name?: unknown; message?: unknown },
	site: CallSite,
	httpStatus?: number,
): OdooError {
	const name = typeof body.name === 'string' && body.name ? site.redact(body.name) : `http.${httpStatus ?? 200}`;
	const message = site.redact(typeof body.message === 'string' ? body.message : 'Odoo Server Error');
	const found =
		classifyOdooName(name, message) ??
		(httpStatus !== undefined ? classifyStatus(httpStatus) : undefined) ??
		byClass(OdooServerError, HINTS.server);
	return new found.errorClass({
		odooName: name,
		odooMessage: message,
		model: site.model,
		method: site.method,
		hint: found.hint,
		httpStatus,
	});
}

function classifyStatus(status: number): Classification | undefined {
	switch (status) {
		case 400:
		case 415:
		case 422:
			return byClass(OdooBadValueError, HINTS.badValue);
		case 401:
			return byClass(OdooAuthenticationError, HINTS.authentication);
		case 403:
			return byClass(OdooAccessError, HINTS.access);
		case 409:
			return byClass(OdooConcurrencyError, HINTS.concurrency);
	}
	return status >= 500 ? byClass(OdooServerError, HINTS.server) : undefined;
}

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * A response that is not a well-formed answer of the expected API: a proxy error page, a redirect, an HTML page, a
 * JSON error body without Odoo's `name`. `notFound` says what a 404 means on the route that was called.
 */
export function fromUnexpectedResponse(
	response: RawResponse,
	site: CallSite,
	target: { address: string; expected: string },
	notFound: () => OdooError,
): OdooError {
	const transient = fromTransientStatus(response, site);
	if (transient) return transient;
	const { status } = response;
	const page = site.redact(describeBody(response));
	const details = { model: site.model, method: site.method, httpStatus: status };
	if (status >= 300 && status < 400) {
		const location = safeLocation(response.headers.location, site.redact);
		return new OdooNotOdooServerError({
			...details,
			odooName: `http.${status}`,
			odooMessage: `the URL redirects (HTTP ${status})${location ? ` to ${location}` : ''}; use the address it redirects to`,
			hint: HINTS.notOdoo,
		});
	}
	if (status === 404) return notFound();
	const known = status === 200 ? undefined : classifyStatus(status);
	if (known) {
		return new known.errorClass({
			...details,
			odooName: `http.${status}`,
			odooMessage: `HTTP ${status}${page}`,
			hint: known.hint,
		});
	}
	return new OdooNotOdooServerError({
		...details,
		odooName: `http.${status}`,
		odooMessage: `${target.address} answered HTTP ${status}${page} instead of ${target.expected}`,
		hint: HINTS.notOdoo,
	});
}

/** 429, 502, 503, 504: what proxies and Odoo's workers answer while overloaded or restarting. */
export function fromTransientStatus(response: RawResponse, site: CallSite): OdooTransientError | undefined {
	const { status } = response;
	if (!TRANSIENT_STATUSES.has(status)) return undefined;
	return transientError(site, {
		model: site.model,
		method: site.method,
		httpStatus: status,
		odooName: `http.${status}`,
		odooMessage: `HTTP ${status}${site.redact(describeBody(response))}`,
		mayHaveExecuted: status === 502 || status === 504,
		retryAfterMs: parseRetryAfter(response.headers['retry-after']),
	});
}

function transientError(site: CallSite, details: ConstructorParameters<typeof OdooTransientError>[0]) {
	return new OdooTransientError({
		...details,
		hint: HINTS.transient,
		outcomeUnknown: (details.mayHaveExecuted ?? false) && !site.safeToRepeat,
	});
}

/** A short description of a non-JSON body: an HTML page by its title, never the page itself. */
export function describeBody(response: Pick<RawResponse, 'headers' | 'body'>): string {
	const type = response.headers['content-type'] ?? '';
	const text = response.body;
	if (/^\s*</.test(text)) {
		const title = htmlText(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1]);
		return title ? ` with an HTML page titled "${title}"` : ' with an HTML page';
	}
	if (/json/i.test(type)) return ' with a JSON body';
	const firstLine = text.trim().split('\n')[0]?.trim() ?? '';
	return firstLine && firstLine.length <= 80 ? ` (${firstLine})` : '';
}

function htmlText(fragment: string | undefined): string | undefined {
	if (!fragment) return undefined;
	const text = fragment
		.replace(/<[^>]*>/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#0?39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
	return text ? text.slice(0, 120) : undefined;
}

/** Where a redirect leads, without its query (which may carry tokens). */
function safeLocation(location: string | undefined, redact: CallSite['redact']): string | undefined {
	if (!location) return undefined;
	try {
		const url = new URL(location, 'http://relative.invalid');
		return redact(url.host === 'relative.invalid' ? url.pathname : `${url.protocol}//${url.host}${url.pathname}`);
	} catch {
		return undefined;
	}
}

function parseRetryAfter(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO/;

/** A failure below HTTP: no connection, a reset, a timeout. Built from the error code only. */
export function fromNetworkFailure(error: unknown, site: CallSite, url: string, timeoutMs: number): OdooError {
	const code = networkCode(error);
	const details = { model: site.model, method: site.method, odooName: `network.${code}` };
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
		return new OdooTimeoutError({
			...details,
			odooMessage: `no answer from ${url} within ${timeoutMs} ms`,
			hint: HINTS.timeout,
			outcomeUnknown: !site.safeToRepeat,
		});
	}
	if (site.reached && (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE')) {
		return transientError(site, {
			...details,
			odooMessage:
				code === 'ECONNREFUSED' ? `${url} refused the connection` : `the connection to ${url} was closed (${code})`,
			mayHaveExecuted: code !== 'ECONNREFUSED',
		});
	}
	if (TLS_CODE.test(code)) {
		return new OdooUnreachableError({
			...details,
			odooMessage: `TLS failure with ${url} (${code})`,
			hint: HINTS.tls,
			tls: true,
		});
	}
	const reasons: Record<string, string> = {
		ENOTFOUND: 'the host name cannot be resolved',
		EAI_AGAIN: 'the host name cannot be resolved',
		ECONNREFUSED: 'the connection was refused',
		ECONNRESET: 'the connection was closed',
		EHOSTUNREACH: 'the host is unreachable',
		ENETUNREACH: 'the network is unreachable',
	};
	return new OdooUnreachableError({
		...details,
		odooMessage: `${url}: ${reasons[code] ?? 'the request failed'} (${code})`,
		hint: HINTS.unreachable,
	});
}

function networkCode(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) {
		const cause = (error as { cause?: { code?: unknown } }).cause?.code;
		// Node reports TLS failures as the cause of a generic request error.
		return code === 'ERR_BAD_REQUEST' || code === 'ERR_NETWORK' ? (typeof cause === 'string' ? cause : code) : code;
	}
	return /socket hang up/i.test(String((error as { message?: unknown } | null)?.message)) ? 'ECONNRESET' : 'UNKNOWN';
}

/** Odoo answered, but with a result of a type that method never returns. */
export function unexpectedResult(model: string, method: string): OdooServerError {
	return new OdooServerError({
		odooName: 'client.unexpectedResult',
		odooMessage: 'Odoo answered with a result of an unexpected type',
		model,
		method,
		hint: HINTS.server,
	});
}

/** An argument given to the client that cannot be sent to Odoo. */
export function badArgument(message: string, model?: string): OdooBadValueError {
	return new OdooBadValueError({ odooName: 'client.argument', odooMessage: message, model, hint: HINTS.badValue });
}
