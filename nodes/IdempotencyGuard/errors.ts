/**
 * One class per failure, named for what went wrong. Item-level errors (the key of one item) carry the field the key
 * was read from, so the node can name it; batch-level errors (options, store) fail every item of the call.
 */
export abstract class IdempotencyError extends Error {
	abstract readonly code: string;

	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = new.target.name;
	}
}

/** An item-level failure: only this item is rejected, the rest of the batch goes on. */
export abstract class ItemKeyError extends IdempotencyError {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
	}
}

export class KeyMissingError extends ItemKeyError {
	readonly code = 'KEY_MISSING';

	constructor(field: string) {
		super(`The idempotency key is empty or missing (read from ${field})`, field);
	}
}

export class KeyTooLongError extends ItemKeyError {
	readonly code = 'KEY_TOO_LONG';

	constructor(field: string, length: number, max: number) {
		super(`The idempotency key is ${length} characters long, more than the ${max} allowed (read from ${field})`, field);
	}
}

export class KeyTypeError extends ItemKeyError {
	readonly code = 'KEY_NOT_SCALAR';

	constructor(field: string, type: string) {
		super(`The idempotency key must be a string or a number, not ${type} (read from ${field})`, field);
	}
}

/** The expression that gives an item's key or result reference failed for this item. */
export class ExpressionFailedError extends ItemKeyError {
	readonly code = 'EXPRESSION_FAILED';

	constructor(field: string, reason: string) {
		super(`The expression of ${field} failed: ${reason}`, field);
	}
}

export class ResultTooLargeError extends ItemKeyError {
	readonly code = 'RESULT_TOO_LARGE';

	constructor(field: string, size: number, max: number) {
		super(`The result reference is ${size} characters of JSON, more than the ${max} allowed; store an id or a name, not a whole record (read from ${field})`, field);
	}
}

/** Complete was asked for a key that has no claim: a different key than Check & Claim used, or the claim expired. */
export class ClaimNotFoundError extends ItemKeyError {
	readonly code = 'CLAIM_NOT_FOUND';

	constructor(key: string, scope: string) {
		super(
			`No claim found for key "${key}" in scope ${scope}: it was never claimed, was released, or expired. Check that Complete uses the same key and namespace as Check & Claim`,
			'key',
		);
	}
}

export class InvalidOptionError extends IdempotencyError {
	readonly code = 'INVALID_OPTION';
}

/** The store cannot be reached or written. No key of the batch was marked, or the claims made were rolled back. */
export class StoreUnavailableError extends IdempotencyError {
	readonly code = 'STORE_UNAVAILABLE';
}

/** The Local store file is held by another live process: the Local store serves one n8n process only. */
export class StoreLockedError extends IdempotencyError {
	readonly code = 'STORE_LOCKED';

	constructor(file: string, pid: number) {
		super(
			`The Local idempotency store ${file} is in use by another process (pid ${pid}). The Local store serves a single n8n process; use the Redis store to share keys between processes`,
		);
	}
}
