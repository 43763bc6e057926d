import { html, type SafeHtml } from './html.js';
import { ROLE_NAMES, type Viewer } from './viewer.js';

export interface PageOptions {
  title: string;
  viewer: Viewer | null;
  /** Built with `html`; a plain string is shown as text. */
  body: SafeHtml | string;
  /** The form token; with it the header's 退出 is a button, without it a link to the logout page. */
  csrfToken?: string;
  /** Extra scripts under /static (no inline script is ever allowed by the CSP). */
  scripts?: string[];
}

function nav(viewer: Viewer): SafeHtml {
  const links: [string, string][] = viewer.role === 'unit'
    ? [[`/units/${encodeURIComponent(viewer.unitId ?? '')}`, '本单位']]
    : [['/', '总览'], ['/ledger', '整改台账']];
  if (viewer.role === 'admin') links.push(['/admin/users', '账号与日志']);
  return html`<nav class="nav">${links.map(([href, label]) => html`<a href="${href}">${label}</a>`)}</nav>`;
}

function account(viewer: Viewer, csrfToken: string | undefined): SafeHtml {
  const logout = csrfToken
    ? html`<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit" class="link">退出</button></form>`
    : html`<a href="/logout">退出</a>`;
  return html`<div class="who"><span>${viewer.login}（${ROLE_NAMES[viewer.role]}）</span> ${logout}</div>`;
}

/** The console's page frame: one column on a phone, wider on a desktop; all assets from /static. */
export function renderPage(opts: PageOptions): string {
  const { title, viewer, body, csrfToken, scripts = [] } = opts;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 政务公开考核</title>
<link rel="stylesheet" href="/static/console.css">
${scripts.map((s) => html`<script src="/static/${s}" defer></script>`)}
</head>
<body>
<header class="top">
<a class="brand" href="/">政务公开考核</a>
${viewer ? [nav(viewer), account(viewer, csrfToken)] : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.value;
}
