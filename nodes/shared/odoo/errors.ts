/**
 * One class per way a call to Odoo can fail. Every error the client throws is an `OdooError`.
 *
 * Errors carry only what is safe to show: Odoo's own message, the model and method, a hint for the user and the HTTP
 * status. They never keep request bodies, HTTP client errors or configs: a JSON-RPC body holds the password or API key.
 */

export interface OdooErrorDetails {
	/** Python class path sent by Odoo (`odoo.exceptions.AccessError`), or where the failure came from (`http.503`). */
	odooName: string;
	/** Odoo's own message, or a description of the transport failure. */
	odooMessage: string;
	model?: string;
	method?: string;
	hint?: string;
	httpStatus?: number;
}

export abstract class OdooError extends Error {
	readonly odooName: string;
	readonly odooMessage: string;
	readonly model?: string;
	readonly method?: string;
	readonly hint?: string;
	readonly httpStatus?: number;
	/** True when trying the same call again later may succeed (transient transport failure, lock conflict). */
	readonly retryable: boolean = false;
	/** How many times the call was sent before this error was thrown (set by the retry loop). */
	attempts = 1;

	constructor(summary: string, details: OdooErrorDetails) {
		super(`${summary}${where(details)}: ${details.odooMessage}`);
		this.name = new.target.name;
		this.odooName = details.odooName;
		this.odooMessage = details.odooMessage;
		this.model = details.model;
		this.method = details.method;
		this.hint = details.hint;
		this.httpStatus = details.httpStatus;
	}

	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			message: this.message,
			odooName: this.odooName,
			odooMessage: this.odooMessage,
			model: this.model,
			method: this.method,
			hint: this.hint,
			httpStatus: this.httpStatus,
			retryable: this.retryable,
			attempts: this.attempts,
		};
	}
}

/** Names the model method; service calls (version, authenticate) are named by the message itself. */
function where({ model, method }: OdooErrorDetails): string {
	return model && method ? ` in ${model}.${method}` : '';
}

/** Bad login, bad password or API key, expired key (AccessDenied, JSON-2 401, `authenticate` returning false). */
export class OdooAuthenticationError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Odoo rejected the credentials', details);
	}
}

/** The user lacks the rights (AccessError from an ACL or a record rule, JSON-2 403, private methods). */
export class OdooAccessError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Odoo denied access', details);
	}
}

/** A constraint refused the values: Python constraint, SQL CHECK/NOT NULL/UNIQUE (ValidationError, IntegrityError). */
export class OdooValidationError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Odoo rejected the values', details);
	}
}

/** A business rule refused the operation (UserError, RedirectWarning). */
export class OdooUserError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Odoo refused the operation', details);
	}
}

/** The records do not exist or were deleted (MissingError). A `read` of missing ids is not an error: it returns []. */
export class OdooMissingRecordError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Record not found', details);
	}
}

export class OdooUnknownModelError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Unknown Odoo model', details);
	}
}

export class OdooUnknownMethodError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Unknown Odoo method', details);
	}
}

/** A field named in `fields` or in the domain does not exist on the model (ValueError "Invalid field"). */
export class OdooInvalidFieldError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Invalid field', details);
	}
}

/** A value or an argument Odoo cannot use (ValueError, TypeError, KeyError, JSON-2 400/422 on binding). */
export class OdooBadValueError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Invalid value or argument', details);
	}
}

/** PostgreSQL serialisation failure, lock not available, deadlock, Odoo LockError (JSON-2 409). */
export class OdooConcurrencyError extends OdooError {
	override readonly retryable = true;
	constructor(details: OdooErrorDetails) {
		super('Odoo could not apply concurrent updates', details);
	}
}

export interface TransientDetails extends OdooErrorDetails {
	/** The server may have run the call before the failure (timeout, reset, gateway error). */
	mayHaveExecuted?: boolean;
	/** The call changes data and will not be repeated, so its outcome is unknown. */
	outcomeUnknown?: boolean;
	/** Delay asked for by the server (`Retry-After`). */
	retryAfterMs?: number;
}

const OUTCOME_UNKNOWN =
	' The outcome is unknown: Odoo may have applied the change. Check the records in Odoo before running it again.';

/** The connection failed or a proxy answered 429/502/503/504 after Odoo had been reached. */
export class OdooTransientError extends OdooError {
	override readonly retryable = true;
	readonly mayHaveExecuted: boolean;
	readonly outcomeUnknown: boolean;
	readonly retryAfterMs?: number;

	constructor(details: TransientDetails, summary = 'Odoo is temporarily unavailable') {
		super(summary, {
			...details,
			odooMessage: details.odooMessage + (details.outcomeUnknown ? OUTCOME_UNKNOWN : ''),
		});
		this.mayHaveExecuted = details.mayHaveExecuted ?? false;
		this.outcomeUnknown = details.outcomeUnknown ?? false;
		this.retryAfterMs = details.retryAfterMs;
	}

	override toJSON(): Record<string, unknown> {
		return { ...super.toJSON(), outcomeUnknown: this.outcomeUnknown, mayHaveExecuted: this.mayHaveExecuted };
	}
}

/** No answer within the timeout. The server may still have run the call. */
export class OdooTimeoutError extends OdooTransientError {
	constructor(details: TransientDetails) {
		super({ ...details, mayHaveExecuted: true }, 'Odoo did not answer in time');
	}
}

/** Any other server-side failure. */
export class OdooServerError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Odoo server error', details);
	}
}

/** The URL cannot be reached at all: DNS, refused connection, TLS certificate or protocol. */
export class OdooUnreachableError extends OdooError {
	readonly tls: boolean;
	constructor(details: OdooErrorDetails & { tls?: boolean }) {
		super('Cannot reach the Odoo URL', details);
		this.tls = details.tls ?? false;
	}
}

/** The URL answers, but not like Odoo (an HTML page, JSON without the JSON-RPC envelope, a redirect). */
export class OdooNotOdooServerError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Not an Odoo server', details);
	}
}

export class OdooUnknownDatabaseError extends OdooError {
	constructor(details: OdooErrorDetails) {
		super('Unknown Odoo database', details);
	}
}

/** The connection settings are invalid; `setting` names the one to fix. */
export class OdooSettingsError extends OdooError {
	readonly setting: string;
	constructor(setting: string, message: string) {
		super('Invalid Odoo connection settings', { odooName: 'client.settings', odooMessage: message });
		this.setting = setting;
	}
}

/** A domain that cannot be parsed or is malformed. `termIndex` is 0-based; `term` is the offending text. */
export class OdooDomainError extends OdooError {
	readonly termIndex?: number;
	readonly term?: string;
	constructor(message: string, location: { termIndex?: number; term?: string } = {}) {
		super('Invalid domain', { odooName: 'client.domain', odooMessage: message });
		this.termIndex = location.termIndex;
		this.term = location.term;
	}
}

/** Odoo answered with a wizard that the requested policy does not allow to answer automatically. */
export class OdooWizardError extends OdooError {
	readonly wizardModel: string;
	readonly recordIds: number[];
	constructor(details: OdooErrorDetails & { wizardModel: string; recordIds: number[] }) {
		super('Odoo needs a decision', details);
		this.wizardModel = details.wizardModel;
		this.recordIds = details.recordIds;
	}
}
