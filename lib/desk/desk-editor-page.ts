import type { Article } from '../articles/article.ts'
import type { Issue } from '../articles/errors.ts'
import { articleRevision } from '../articles/revision.ts'
import { html, type SafeHtml } from '../pages/html.ts'
import { type Chrome, deskDocument, formatTime, tokenField } from './desk-pages.ts'

/*
 * The desk's editor page: the article's form, its problems next to the fields, and the other
 * version side by side when someone saved first. Every value goes through `html`, which escapes it.
 */

/** What the editor's form holds: the article's fields as text. */
export interface ArticleFields {
  readonly title: string
  readonly summary: string
  readonly content: string
  readonly contentFormat: string
  readonly categories: string
  readonly authors: string
  readonly imageUrl: string
  readonly imageAlt: string
  readonly language: string
  readonly slug: string
  readonly publishAt: string
}

export const emptyFields: ArticleFields = {
  title: '',
  summary: '',
  content: '',
  contentFormat: 'markdown',
  categories: '',
  authors: '',
  imageUrl: '',
  imageAlt: '',
  language: '',
  slug: '',
  publishAt: '',
}

export interface EditorView {
  readonly fields: ArticleFields
  /** The stored article being edited; absent for a new one. */
  readonly article?: Article
  /** Its status as the list names it. */
  readonly status?: string
  /** Problems by form field ('' for the form as a whole). */
  readonly errors?: ReadonlyMap<string, readonly string[]>
  readonly notice?: string
  /** When a save lost to another editor's: their version, shown beside this one. */
  readonly conflict?: Article
  readonly timeZone: string
  readonly previewLink?: string
  readonly publicUrl?: string
}

function errorsOf(view: EditorView, field: string): readonly string[] {
  return view.errors?.get(field) ?? []
}

function field(
  view: EditorView,
  name: keyof ArticleFields,
  label: string,
  control: (attrs: SafeHtml) => SafeHtml,
  hint?: string,
): SafeHtml {
  const errors = errorsOf(view, name)
  const described = [hint && `${name}-hint`, errors.length > 0 && `${name}-error`].filter(Boolean).join(' ')
  const attrs = html`id="${name}" name="${name}"${described ? html` aria-describedby="${described}"` : ''}${errors.length > 0 ? html` aria-invalid="true"` : ''}`
  return html`<div class="field${errors.length > 0 ? ' invalid' : ''}">
<label for="${name}">${label}</label>
${hint && html`<p class="hint" id="${name}-hint">${hint}</p>`}
${control(attrs)}
${errors.length > 0 && html`<p class="error" id="${name}-error">${errors.join('; ')}</p>`}
</div>`
}

export function editorPage(chrome: Chrome, view: EditorView): string {
  const f = view.fields
  const article = view.article
  const slugLocked = article !== undefined && (article.wasPublic === true || article.status === 'published')
  const action = article ? `/desk/articles/${encodeURIComponent(article.slug)}` : '/desk/articles'
  const general = errorsOf(view, '')
  const formats = [
    ['markdown', 'Markdown'],
    ['html', 'HTML'],
    ['text', 'Plain text'],
  ] as const
  return deskDocument(
    chrome,
    article ? `Edit: ${article.title}` : 'New article',
    html`<h1>${article ? 'Edit article' : 'New article'}</h1>
${view.notice && html`<p class="notice" role="status">${view.notice}</p>`}
${general.length > 0 && html`<div class="error" role="alert">${general.map((m) => html`<p>${m}</p>`)}</div>`}
${view.conflict && conflictHtml(view.conflict, view.timeZone)}
${
  article &&
  html`<p class="state">Status: <strong>${view.status ?? article.status}</strong>${article.publishedAt && html` · ${article.status === 'published' ? 'publication' : 'last publication'} ${formatTime(article.publishedAt, view.timeZone)} (${view.timeZone})`} · last change ${formatTime(article.updatedAt, view.timeZone)}${article.updatedBy && html` by ${article.updatedBy}`}${view.publicUrl && html` · <a href="${view.publicUrl}">public page</a>`}${view.previewLink && html` · <a href="${view.previewLink}" id="share-link">shareable preview link</a> (7 days)`}</p>`
}
<div class="workspace">
<form method="post" action="${action}" id="editor" class="editor" novalidate>
${tokenField(chrome.user?.formToken ?? '')}
${article && html`<input type="hidden" name="editing" value="${article.slug}">`}
${article && html`<input type="hidden" name="revision" value="${articleRevision(view.conflict ?? article)}">`}
${field(view, 'title', 'Title', (a) => html`<input ${a} value="${f.title}" required maxlength="500">`)}
${field(view, 'summary', 'Summary', (a) => html`<textarea ${a} rows="3" maxlength="2000">${f.summary}</textarea>`, 'Leave empty to use the first words of the content.')}
${field(view, 'contentFormat', 'Content format', (a) => html`<select ${a}>${formats.map(([v, l]) => html`<option value="${v}"${f.contentFormat === v ? html` selected` : ''}>${l}</option>`)}</select>`)}
${field(view, 'content', 'Content', (a) => html`<textarea ${a} rows="16" required>${f.content}</textarea>`)}
${field(view, 'categories', 'Categories', (a) => html`<input ${a} value="${f.categories}" maxlength="1000">`, 'Comma-separated, e.g. World, NATO.')}
${field(view, 'authors', 'Authors', (a) => html`<input ${a} value="${f.authors}" maxlength="1000">`, "Comma-separated names; empty: the site's author.")}
${field(view, 'imageUrl', 'Lead image URL', (a) => html`<input ${a} type="url" value="${f.imageUrl}" maxlength="2048">`)}
${field(view, 'imageAlt', 'Lead image alt text', (a) => html`<input ${a} value="${f.imageAlt}" maxlength="1000">`)}
${field(view, 'language', 'Language', (a) => html`<input ${a} value="${f.language}" maxlength="35">`, "A BCP 47 tag such as en or bn; empty: the site's language.")}
${field(view, 'slug', 'Slug', (a) => (slugLocked ? html`<input ${a} value="${f.slug}" readonly>` : html`<input ${a} value="${f.slug}" maxlength="240">`), slugLocked ? 'Fixed once published: links to it are out.' : 'Empty: derived from the title. Fixed once published.')}
${field(view, 'publishAt', `Publication time (${view.timeZone})`, (a) => html`<input ${a} type="datetime-local" value="${f.publishAt}">`, 'For Schedule: when the article goes out.')}
<div class="actions">
<button type="submit" name="action" value="draft" accesskey="s">Save draft</button>
<button type="submit" name="action" value="publish">Publish now</button>
<button type="submit" name="action" value="schedule">Schedule</button>
${article && article.status === 'published' && html`<button type="submit" name="action" value="unpublish">Unpublish</button>`}
<button type="submit" formaction="/desk/preview" formtarget="preview" formnovalidate id="preview-button">Preview</button>
${article && html`<button type="submit" name="action" value="delete" class="danger">Delete</button>`}
</div>
</form>
<section class="preview" aria-label="Preview">
<h2>Preview</h2>
<iframe name="preview" id="preview" title="Preview of the public page" src="about:blank"></iframe>
</section>
</div>`,
  )
}

function conflictHtml(theirs: Article, timeZone: string): SafeHtml {
  return html`<section class="conflict" role="alert" aria-labelledby="conflict-title">
<h2 id="conflict-title">Someone else saved this article meanwhile</h2>
<p>${theirs.updatedBy ?? 'Someone'} saved it at ${formatTime(theirs.updatedAt, timeZone)}. Nothing of yours was lost and nothing of theirs was overwritten: your version is in the form below, theirs is here. Saving again replaces theirs with yours.</p>
<details open><summary>Their version</summary>
<dl>
<dt>Title</dt><dd>${theirs.title}</dd>
<dt>Summary</dt><dd>${theirs.summary}</dd>
<dt>Status</dt><dd>${theirs.status}</dd>
<dt>Categories</dt><dd>${theirs.categories.map((c) => c.name).join(', ')}</dd>
<dt>Content</dt><dd><pre>${theirs.content}</pre></dd>
</dl>
</details>
</section>`
}

export function issuesByField(issues: readonly Issue[]): Map<string, string[]> {
  const byField = new Map<string, string[]>()
  for (const issue of issues) {
    const name = formFieldOf(issue.path)
    byField.set(name, [...(byField.get(name) ?? []), issue.message])
  }
  return byField
}

/** The form field an API issue path names ('' when none does). */
function formFieldOf(path: string): string {
  const [head, sub] = path.split('.')
  if (head === 'image') return sub === 'alt' ? 'imageAlt' : 'imageUrl'
  if (head === 'publishedAt') return 'publishAt'
  const known = ['title', 'summary', 'content', 'contentFormat', 'categories', 'authors', 'language', 'slug']
  return head !== undefined && known.includes(head) ? head : ''
}
