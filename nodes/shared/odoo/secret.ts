import { inspect } from 'node:util';

/**
 * Holds the API key or password. It serialises and prints as `***`, and removes itself from texts that came from the
 * server, so that it cannot leak through an error, a log line or an output item.
 */
export class Secret {
	readonly #value: string;

	constructor(value: string) {
		this.#value = value;
	}

	reveal(): string {
		return this.#value;
	}

	redact(text: string): string {
		return this.#value ? text.split(this.#value).join('***') : text;
	}

	toJSON(): string {
		return '***';
	}

	toString(): string {
		return '***';
	}

	[inspect.custom](): string {
		return 'Secret(***)';
	}
}
