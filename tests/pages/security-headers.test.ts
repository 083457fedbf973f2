import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pageStyle, pageStyleHash } from '../../lib/pages/page-style.ts'
import { renderArticlePage } from '../../lib/pages/render-article-page.ts'
import { renderHomePage } from '../../lib/pages/render-home-page.ts'
import { pageSecurityHeaders } from '../../lib/pages/security-headers.ts'
import { allElements, byTag, only, parsePage, text } from '../support/html-query.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'

const site = makePageSite()
const csp = pageSecurityHeaders['Content-Security-Policy'] ?? ''

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name = '', ...sources]) => [name, sources]),
  )
}

describe('pageSecurityHeaders', () => {
  it('forbids every script: no script-src, and default-src none', () => {
    const policy = directives(csp)
    expect(policy.get('default-src')).toEqual(["'none'"])
    expect(policy.has('script-src')).toBe(false)
    expect(policy.has('script-src-elem')).toBe(false)
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
  })

  it('allows images from the web, and no base, form target or framing', () => {
    const policy = directives(csp)
    expect(policy.get('img-src')).toEqual(['https:', 'http:', 'data:'])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('allows exactly one inline style, by its hash', () => {
    expect(directives(csp).get('style-src')).toEqual([pageStyleHash])
    expect(pageStyleHash).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/)
  })

  it.each([
    ['article page', () => renderArticlePage(makePageArticle(), site)],
    ['home page', () => renderHomePage({ site, articles: [makePageArticle()] })],
  ])('hashes the stylesheet the %s actually contains', (_name, render) => {
    const { document } = parsePage(render())
    const style = only(byTag(document, 'style'), 'style element')
    const actual = `'sha256-${createHash('sha256').update(text(style), 'utf8').digest('base64')}'`
    expect(actual).toBe(pageStyleHash)
    expect(directives(csp).get('style-src')).toEqual([actual])
    expect(text(style)).toBe(pageStyle)
    // A style attribute would need 'unsafe-hashes'; the page chrome has none.
    expect(allElements(document).filter((element) => element.attrs.some((a) => a.name === 'style'))).toEqual(
      [],
    )
  })

  it('makes responsive images and honours the dark colour scheme', () => {
    expect(pageStyle).toMatch(/img, video \{ max-width: 100%; height: auto; \}/)
    expect(pageStyle).toContain('@media (prefers-color-scheme: dark)')
    expect(pageStyle).toContain('max-width: 40rem')
  })

  it('denies framing, sniffing and cross-origin referrers', () => {
    expect(pageSecurityHeaders).toEqual({
      'Content-Security-Policy': csp,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    })
    expect(Object.isFrozen(pageSecurityHeaders)).toBe(true)
  })
})
