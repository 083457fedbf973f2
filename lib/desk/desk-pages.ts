import { type HtmlValue, html, type SafeHtml } from '../pages/html.ts'
import type { Site } from '../site.ts'
import { type DeskPage, type DeskRow, deskStatuses } from './desk-listing.ts'

/*
 * The desk's HTML: server-rendered, every form works without JavaScript; desk.js only adds the live
 * preview and keyboard shortcuts. Every value goes through `html`, which escapes it.
 */

export interface Chrome {
  readonly site: Site
  /** Who is signed in, with the form token their forms carry; absent on the sign-in page. */
  readonly user?: { readonly name: string; readonly formToken: string }
}

export function deskDocument(chrome: Chrome, title: string, body: HtmlValue): string {
  return `<!doctype html>\n${
    html`<html lang="${chrome.site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · Desk · ${chrome.site.title}</title>
<link rel="stylesheet" href="/desk/desk.css">
<script src="/desk/desk.js" defer></script>
</head>
<body>
<header class="bar">
<a class="brand" href="/desk/">${chrome.site.title} · Desk</a>
${
  chrome.user &&
  html`<nav><a href="/desk/new">New article</a> <a href="/desk/subscribers">Subscribers</a> <a href="/" rel="noopener">Site</a></nav>
<form method="post" action="/desk/sign-out" class="signout">${tokenField(chrome.user.formToken)}<span>${chrome.user.name}</span> <button type="submit">Sign out</button></form>`
}
</header>
<main id="main">
${body}
</main>
</body>
</html>`.value
  }\n`
}

export function tokenField(formToken: string): SafeHtml {
  return html`<input type="hidden" name="_token" value="${formToken}">`
}

export function signInPage(site: Site, message?: string): string {
  return deskDocument(
    { site },
    'Sign in',
    html`<h1>Sign in to the desk</h1>
${message && html`<p class="error" role="alert">${message}</p>`}
<form method="post" action="/desk/sign-in" class="narrow">
<label for="token">Editor token or publish token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="800">
<button type="submit">Sign in</button>
</form>
<p class="hint">Ask whoever runs the site for a token: <code>newsfeed editors add "Your Name"</code> prints one.</p>`,
  )
}

export interface ListView {
  readonly query: Readonly<Record<'status' | 'category' | 'author' | 'q', string>>
  readonly page: DeskPage
  readonly timeZone: string
  readonly notice?: string
}

export function listPage(chrome: Chrome, view: ListView): string {
  const { query } = view
  const next =
    view.page.nextCursor &&
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')), cursor: view.page.nextCursor })}`
  return deskDocument(
    chrome,
    'Articles',
    html`<h1>Articles</h1>
${view.notice && html`<p class="notice" role="status">${view.notice}</p>`}
<form method="get" action="/desk/" class="filters" role="search">
<label>Status <select name="status"><option value="">any</option>${deskStatuses.map(
      (s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${s}</option>`,
    )}</select></label>
<label>Category <input name="category" value="${query.category}" maxlength="240"></label>
<label>Author <input name="author" value="${query.author}" maxlength="200"></label>
<label>Title <input name="q" type="search" value="${query.q}" maxlength="200"></label>
<button type="submit">Filter</button>
</form>
${
  view.page.rows.length === 0
    ? html`<p>No articles match.</p>`
    : html`<table class="articles">
<thead><tr><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Categories</th><th scope="col">Last change</th></tr></thead>
<tbody>
${view.page.rows.map((row) => rowHtml(row, view.timeZone))}
</tbody>
</table>`
}
${next && html`<p><a href="/desk/${next}" rel="next">Older articles</a></p>`}`,
  )
}

function rowHtml(row: DeskRow, timeZone: string): SafeHtml {
  const title =
    row.status === 'deleted'
      ? html`<span class="slug">${row.slug}</span>`
      : html`<a href="/desk/articles/${encodeURIComponent(row.slug)}">${row.title ?? row.slug}</a>`
  const when = row.at && html` <time datetime="${row.at}">${formatTime(row.at, timeZone)}</time>`
  return html`<tr><td>${title}</td><td><span class="status status-${row.status}">${row.status}</span>${when}</td><td>${row.categories.map((c) => c.name).join(', ')}</td><td><time datetime="${row.updatedAt}">${formatTime(row.updatedAt, timeZone)}</time>${row.updatedBy && html` by ${row.updatedBy}`}</td></tr>\n`
}

/** `2025-03-11 09:19` in the newsroom's zone. */
export function formatTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}
