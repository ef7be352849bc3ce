/**
 * Odoo exceptions as the wire shows them: the Python class path (`error.data.name` on JSON-RPC, `name` on JSON-2),
 * the message, and `arguments`.
 */

export class OdooError extends Error {
	readonly arguments: unknown[];

	constructor(
		readonly pyName: string,
		message: string,
		args?: unknown[],
	) {
		super(message);
		this.arguments = args ?? [message];
	}
}

/** werkzeug HTTP exceptions raised by the JSON-2 routing layer: `arguments` is `[message, status]`. */
export class HttpException extends OdooError {
	constructor(
		readonly status: number,
		className: string,
		message: string,
	) {
		super(`werkzeug.exceptions.${className}`, message, [message, status]);
	}
}

const err = (name: string) => (message: string) => new OdooError(name, message);

export const userError = err('odoo.exceptions.UserError');
export const validationError = err('odoo.exceptions.ValidationError');
export const accessError = err('odoo.exceptions.AccessError');
export const missingError = err('odoo.exceptions.MissingError');
export const valueError = err('builtins.ValueError');
export const typeError = err('builtins.TypeError');
export const attributeError = err('builtins.AttributeError');
export const indexError = err('builtins.IndexError');

export function accessDenied(): OdooError {
	return new OdooError('odoo.exceptions.AccessDenied', 'Access Denied');
}

export function serializationFailure(): OdooError {
	return new OdooError('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update');
}

export function unknownDatabase(db: string): OdooError {
	return new OdooError(
		'psycopg2.OperationalError',
		`connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${db}" does not exist\n`,
	);
}

/** `MissingError` with Odoo's record repr: `sale.order(999999,)`. */
export function missingRecords(model: string, ids: number[], uid: number): OdooError {
	const repr = ids.length === 1 ? `${ids[0]},` : ids.join(', ');
	return missingError(`Record does not exist or has been deleted.\n(Record: ${model}(${repr}), User: ${uid})`);
}

const JSON2_STATUS: Record<string, number> = {
	'odoo.exceptions.UserError': 422,
	'odoo.exceptions.ValidationError': 422,
	'odoo.exceptions.RedirectWarning': 422,
	'odoo.exceptions.AccessError': 403,
	'odoo.exceptions.AccessDenied': 403,
	'odoo.exceptions.MissingError': 404,
	'odoo.exceptions.LockError': 409,
};

/** HTTP status a JSON-2 error answers with (werkzeug exceptions carry their own). */
export function json2Status(error: OdooError): number {
	if (error instanceof HttpException) return error.status;
	return JSON2_STATUS[error.pyName] ?? 500;
}

/** A short Python-looking traceback for `debug` (real Odoo sends the full one). */
export function traceback(error: OdooError): string {
	const cls = error.pyName.replace(/^builtins\./, '');
	const text = error instanceof HttpException ? `${error.status} ${httpReason(error.status)}: ${error.message}` : error.message;
	return [
		'Traceback (most recent call last):',
		'  File "odoo/http.py", line 2150, in __call__',
		'    response = request._serve_db()',
		'  File "odoo/service/model.py", line 156, in retrying',
		'    result = func()',
		`${cls}: ${text}`,
		'',
	].join('\n');
}

export function httpReason(status: number): string {
	const reasons: Record<number, string> = {
		400: 'Bad Request',
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'Not Found',
		415: 'Unsupported Media Type',
		422: 'Unprocessable Entity',
		500: 'Internal Server Error',
		502: 'Bad Gateway',
		503: 'Service Unavailable',
	};
	return reasons[status] ?? 'Error';
}
