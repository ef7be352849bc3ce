import type { ZodError, ZodIssue } from 'zod';

export type IssuePath = ZodIssue['path'];

/** `tiers[1].leadTimeHours`; the empty path (the value itself) is `(root)`. */
export function formatPath(path: IssuePath): string {
	let text = '';
	for (const key of path) {
		text += typeof key === 'number' ? `[${key}]` : text ? `.${key}` : key;
	}
	return text || '(root)';
}

/** Where an issue lies; for an unknown key (a typo, with `.strict()` schemas), the key itself. */
export function issuePath(issue: ZodIssue): IssuePath {
	return issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys.join(', ')] : issue.path;
}

/**
 * One readable sentence per issue, joined with `; `: `calendar.hours[0].from: must be a time HH:MM`.
 * `label` names the place of an issue; by default its path.
 */
export function formatZodError(error: ZodError, label: (path: IssuePath) => string = formatPath): string {
	return error.issues.map((issue) => `${label(issuePath(issue))}: ${issue.message}`).join('; ');
}
