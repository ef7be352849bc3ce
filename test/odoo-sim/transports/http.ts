import type { ServerResponse } from 'node:http';
import { dumps } from '../pyjson';
import type { CallInfo, PreparedRequest, Reply } from './types';

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/** Writes a JSON body the way Odoo's `make_json_response` does (Python separators, no ASCII escaping). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const payload = Buffer.from(dumps(body, { ensureAscii: false }), 'utf8');
	res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': payload.length, ...headers });
	res.end(payload);
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
	const payload = Buffer.from(body, 'utf8');
	res.writeHead(status, { 'Content-Type': HTML_TYPE, 'Content-Length': payload.length });
	res.end(payload);
}

/** A request whose answer does not depend on running anything (routing errors, static answers). */
export function answerWith(reply: Reply, call?: CallInfo): PreparedRequest {
	return { call, execute: async () => reply, concurrencyReply: () => reply };
}

/** werkzeug's default error page. */
export function werkzeugPage(status: number, title: string, description: string): string {
	return `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${description}</p>\n`;
}

export const NOT_FOUND_PAGE = werkzeugPage(
	404,
	'Not Found',
	'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
);

/** What a reverse proxy (nginx) answers when Odoo is unavailable. */
export function proxyErrorPage(status: 502 | 503): string {
	const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
