import { compilePath, FieldReader, isEmptyValue } from '../shared/fieldPath';
import { SIGNAL_FIELDS, SignalField } from './rules';

/** What the rules look at, each part optional. `text` is free text in any language the rules know (English). */
export type Signal = Partial<Record<SignalField, string>>;

export type SignalFieldPaths = Record<SignalField, readonly string[]>;

/**
 * Where each part of a signal is read from an item, first non-empty path first (text joins every path). The
 * defaults fit the Odoo Logistics Trigger envelope (`eventType`), AfterShip webhooks (`msg.tag`, `msg.subtag`),
 * EasyPost tracker events (`result.status`, `result.status_detail`) and e-mail nodes (`subject`, `text`).
 */
export const DEFAULT_SIGNAL_FIELDS: SignalFieldPaths = {
	event: ['eventType', 'event'],
	tag: ['tag', 'msg.tag'],
	subtag: ['subtag', 'msg.subtag'],
	status: ['status', 'result.status'],
	statusDetail: ['status_detail', 'result.status_detail'],
	reasonCode: ['reason_code', 'reasonCode'],
	text: ['subject', 'text', 'body', 'description', 'message', 'record.description'],
};

const HTML_TAG = /<[^>]*>/g;

export interface SignalRead {
	signal: Signal;
	/** Fields that held something other than text or a number, which the rules cannot read. */
	problems: string[];
}

/** Reads signals from items with the configured paths, compiled once. */
export class SignalReader {
	private readonly readers: Array<{ part: SignalField; path: string; read: FieldReader }>;

	constructor(paths: SignalFieldPaths) {
		this.readers = SIGNAL_FIELDS.flatMap((part) => paths[part].map((path) => ({ part, path, read: compilePath(path) })));
	}

	read(record: unknown): SignalRead {
		const signal: Signal = {};
		const problems: string[] = [];
		for (const { part, path, read } of this.readers) {
			if (part !== 'text' && signal[part] !== undefined) continue;
			const value = read(record);
			if (isEmptyValue(value)) continue;
			const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
			if (text === undefined) {
				problems.push(`${path} holds ${Array.isArray(value) ? 'a list' : typeof value}, not text`);
				continue;
			}
			if (part !== 'text') {
				signal[part] = text;
			} else {
				const plain = text.includes('<') ? text.replace(HTML_TAG, ' ').replace(/\s+/g, ' ').trim() : text;
				signal.text = signal.text === undefined ? plain : `${signal.text}\n${plain}`;
			}
		}
		return { signal, problems };
	}
}
