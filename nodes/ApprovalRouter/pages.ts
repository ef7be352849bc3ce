/**
 * The pages an approver sees. Opening a link only shows the confirmation page; the vote is recorded by the POST of
 * its form, so mail scanners and link previews that fetch the link cannot vote. No script, every value escaped.
 */
import { escapeHtml } from './html';
import { MAX_COMMENT_LENGTH } from './votes';

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f5f6f8;color:#1f2430;margin:0}
main{max-width:36rem;margin:3rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.3rem;margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{color:#5b6170}
textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;margin:.3rem 0 1rem}
button{font:inherit;padding:.6rem 1.4rem;border-radius:6px;border:0;cursor:pointer;margin-right:.6rem}
.approve{background:#1f7a3d;color:#fff}.reject{background:#b42318;color:#fff}.note{color:#5b6170;font-size:.9rem}`;

const HEAD =
	'<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
	`<meta name="robots" content="noindex"><style>${STYLE}</style>`;

function page(title: string, body: string): string {
	const heading = escapeHtml(title);
	return `<!DOCTYPE html><html lang="en"><head>${HEAD}<title>${heading}</title></head><body><main><h1>${heading}</h1>${body}</main></body></html>`;
}

export interface ConfirmDetails {
	summary: string;
	approver: string;
	requester: string | null;
	progress: string;
	deadline: string;
	token: string;
}

export function confirmPage(details: ConfirmDetails): string {
	const rows: Array<[string, string]> = [
		['Request', details.summary],
		['Requested by', details.requester ?? 'unknown'],
		['You vote as', details.approver],
		['Progress', details.progress],
		['Deadline', details.deadline],
	];
	const list = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
	return page(
		'Approval requested',
		`<dl>${list}</dl><form method="post"><input type="hidden" name="token" value="${escapeHtml(details.token)}">` +
			'<label for="comment">Comment (optional)</label>' +
			`<textarea id="comment" name="comment" maxlength="${MAX_COMMENT_LENGTH}"></textarea>` +
			'<button class="approve" type="submit" name="choice" value="approve">Approve</button>' +
			'<button class="reject" type="submit" name="choice" value="reject">Reject</button></form>' +
			'<p class="note">Nothing is recorded until you press a button. Your vote is final.</p>',
	);
}

export function messagePage(title: string, message: string): string {
	return page(title, `<p>${escapeHtml(message)}</p>`);
}
