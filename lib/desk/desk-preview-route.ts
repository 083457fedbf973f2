import type { Hono } from 'hono'
import { isTombstone } from '../articles/article-store.ts'
import { buildArticle, resolveSlug } from '../articles/build-article.ts'
import { html } from '../pages/html.ts'
import { renderArticlePage } from '../pages/render-article-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import { fieldsFromForm, inputFromFields } from './article-form.ts'
import { type DeskEnv, type DeskKit, deskHeaders, formErrors } from './desk-kit.ts'
import { deskDocument } from './desk-pages.ts'

/** The desk's live preview of the form being written. */
export function addDeskPreviewRoute(desk: Hono<DeskEnv>, kit: DeskKit): void {
  const { deps, timeZone, signedIn } = kit

  // The live preview: the form as the public page will show it, with that page's own headers (its
  // CSP, which allows no script), framed only by the desk.
  desk.post('/desk/preview', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const body = await c.req.parseBody()
    const fields = fieldsFromForm(body)
    const editing = typeof body.editing === 'string' ? body.editing.slice(0, 300) : ''
    const headers = {
      ...pageSecurityHeaders,
      'Content-Security-Policy':
        pageSecurityHeaders['Content-Security-Policy']?.replace(
          "frame-ancestors 'none'",
          "frame-ancestors 'self'",
        ) ?? '',
      'X-Frame-Options': 'SAMEORIGIN',
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
    }
    try {
      const found = editing === '' ? undefined : await deps.store.findBySlug(editing)
      const current = found && !isTombstone(found) ? found : undefined
      const now = deps.clock()
      const input = inputFromFields(fields, { action: 'preview', now, timeZone, ...(current && { current }) })
      const slug = current?.slug ?? resolveSlug(input)
      const article = await buildArticle(input, slug, { site: deps.site, now, editor: session.name }, current)
      return c.body(renderArticlePage(article, deps.site), 200, headers)
    } catch (error) {
      const errors = formErrors(error)
      if (!errors) throw error
      const messages = [...errors.values()].flat()
      return c.body(
        deskDocument(
          { site: deps.site },
          'Preview',
          html`<p>The preview appears once the article is complete:</p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul>`,
        ),
        200,
        {
          ...deskHeaders,
          'Content-Security-Policy': deskHeaders['Content-Security-Policy'].replace(
            "frame-ancestors 'none'",
            "frame-ancestors 'self'",
          ),
          'X-Frame-Options': 'SAMEORIGIN',
        },
      )
    }
  })
}
