/**
 * The master key approval links and record seals are signed with (links.ts derives one key per execution from it).
 *
 * With a signing key credential, every n8n process (main, webhook processes, queue-mode workers) derives the same
 * execution key, so a link issued by a worker verifies wherever it is opened, and after a restart. Without one, the
 * key is random per process: enough for a single n8n process, and every open link stops working on restart.
 */
export const SIGNING_KEY_CREDENTIAL = 'approvalRouterSigningKey';
export const MIN_SIGNING_KEY_LENGTH = 32;

export class SigningKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SigningKeyError';
	}
}

/** The master key held by a signing key credential; the message says what is wrong and never shows the key. */
export function masterKeyOf(data: { signingKey?: unknown }): Buffer {
	const key = data.signingKey;
	if (typeof key !== 'string' || key === '') {
		throw new SigningKeyError('The Approval Router Signing Key credential has no Signing Key');
	}
	if (key.length < MIN_SIGNING_KEY_LENGTH) {
		throw new SigningKeyError(
			`The Signing Key of the Approval Router Signing Key credential is ${key.length} characters long; it needs at least ${MIN_SIGNING_KEY_LENGTH} (e.g. the output of "openssl rand -base64 48")`,
		);
	}
	return Buffer.from(key, 'utf8');
}
