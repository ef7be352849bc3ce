const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
	if (!SPECIAL.test(text)) return text;
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}
