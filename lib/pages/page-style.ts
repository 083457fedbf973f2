import { createHash } from 'node:crypto'

/**
 * The one stylesheet of every page, inlined in a `<style>` element: one request per page, and the
 * CSP allows exactly this text through {@link pageStyleHash} instead of `'unsafe-inline'`.
 * Colours meet WCAG AA (most AAA) in both schemes.
 */
export const pageStyle = `:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1b1b1b;
  --muted: #595959;
  --link: #0b57d0;
  --visited: #6a3ab2;
  --rule: #d9d9d9;
  --card: #f6f6f6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121212;
    --fg: #e8e8e8;
    --muted: #b0b0b0;
    --link: #8ab4f8;
    --visited: #c5a6f5;
    --rule: #3a3a3a;
    --card: #1e1e1e;
  }
}
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.65;
  overflow-wrap: anywhere;
}
.site-header, main, .site-footer { max-width: 40rem; margin: 0 auto; padding: 0 1rem; }
.site-header { padding-top: 1rem; padding-bottom: 0.75rem; border-bottom: 1px solid var(--rule); }
.site-header h1, .site-header > p:first-child { margin: 0; font-size: inherit; line-height: 1.3; }
.site-name { font-weight: 700; font-size: 1.125rem; color: var(--fg); text-decoration: none; }
.site-name:hover, .site-name:focus { text-decoration: underline; }
.site-tagline { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.9375rem; }
.topic-nav ul { list-style: none; margin: 0.6rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.9375rem; }
.topic-nav a { display: inline-block; padding: 0.2rem 0; }
.topic-nav a[aria-current="page"] { color: var(--fg); font-weight: 600; text-decoration: none; }
main { padding-top: 1.5rem; padding-bottom: 2rem; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.75rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0; }
h2 { font-size: 1.5rem; }
h3 { font-size: 1.25rem; }
p, ul, ol, blockquote, figure, pre, table { margin: 0 0 1.1rem; }
img, video { max-width: 100%; height: auto; }
audio { max-width: 100%; }
figure img { display: block; }
figcaption { color: var(--muted); font-size: 0.875rem; margin-top: 0.4rem; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 4px solid var(--rule); color: var(--muted); }
pre { overflow-x: auto; padding: 0.75rem; background: var(--card); border-radius: 4px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: left; overflow-wrap: normal; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
.standfirst { font-size: 1.1875rem; line-height: 1.5; color: var(--muted); }
.meta { color: var(--muted); font-size: 0.9375rem; margin-bottom: 1.25rem; }
.meta p { margin: 0; }
.lead-image { margin: 0 0 1.5rem; }
.topics { border-top: 1px solid var(--rule); margin-top: 2rem; padding-top: 1rem; font-size: 0.9375rem; }
.topics h2 { font-size: 1rem; margin: 0 0 0.5rem; }
.topics ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.topics a { display: inline-block; padding: 0.2rem 0.7rem; border: 1px solid var(--rule); border-radius: 999px; }
.article-list { list-style: none; padding: 0; margin: 0; }
.article-list > li { padding: 1.25rem 0; border-bottom: 1px solid var(--rule); }
.article-list > li:first-child { padding-top: 0; }
.article-list h2 { font-size: 1.375rem; margin: 0 0 0.4rem; }
.article-list h2 a { color: var(--fg); text-decoration: none; }
.article-list h2 a:hover, .article-list h2 a:focus { text-decoration: underline; }
.article-list .meta { margin-bottom: 0.4rem; }
.article-list .summary { margin: 0; }
.article-list .with-thumb { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 1rem; align-items: start; }
.article-list .with-thumb > * { grid-column: 1; }
.article-list .with-thumb > .thumb { grid-column: 2; grid-row: 1 / span 3; width: 6.5rem; height: auto; aspect-ratio: 4 / 3; object-fit: cover; border-radius: 4px; background: var(--card); }
@media (min-width: 40rem) { .article-list .with-thumb > .thumb { width: 10rem; } }
.author-profile .avatar { width: 6rem; height: 6rem; object-fit: cover; border-radius: 50%; background: var(--card); }
.pager { margin: 1.5rem 0 0; font-weight: 600; }
.empty { color: var(--muted); }
.readers { padding-left: 1.25rem; }
.feed-address h3 { margin: 1.25rem 0 0.25rem; font-size: 1.0625rem; }
.feed-address p { margin: 0 0 0.5rem; }
.copy { display: flex; gap: 0.5rem; }
.copy input { flex: 1; min-width: 0; font: inherit; font-size: 0.9375rem; padding: 0.35rem 0.5rem; border: 1px solid var(--rule); border-radius: 4px; background: var(--card); color: var(--fg); }
.copy button { font: inherit; font-size: 0.9375rem; padding: 0.35rem 0.9rem; border: 1px solid var(--rule); border-radius: 4px; background: var(--bg); color: var(--link); cursor: pointer; }
.site-footer { padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9375rem; }
.site-footer p { margin: 0.25rem 0; }
`

/** `'sha256-…'` source expression of {@link pageStyle}, for `style-src` in the CSP. */
export const pageStyleHash = `'sha256-${createHash('sha256').update(pageStyle, 'utf8').digest('base64')}'`
