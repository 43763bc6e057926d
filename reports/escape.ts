/** Crawled text is untrusted. Every report escapes it for the medium it is shown in. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Removes control characters (terminal escape sequences, bidi overrides) from text shown on a terminal. */
export function terminalSafe(text: string | null | undefined): string {
  return (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
}
