/** Crawled text is untrusted. Every report escapes it for the medium it is shown in. */

/**
 * C0/C1 control characters other than tab and line breaks (terminal escape sequences, NUL), and the
 * bidi marks, embeddings, overrides and isolates that make shown text read differently from what it is.
 */
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Crawled text with every hidden control replaced by a space; tabs and line breaks stay. */
export function visibleText(text: string | null | undefined): string {
  return (text ?? '').replace(HIDDEN_CONTROLS, ' ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | null | undefined): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Text for one terminal line: hidden controls, and also tabs and line breaks, become spaces. */
export function terminalSafe(text: string | null | undefined): string {
  return visibleText(text).replace(/[\t\n\r]/g, ' ');
}
