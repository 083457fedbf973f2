import * as fc from 'fast-check'
import sanitizeHtml from 'sanitize-html'
import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { maxContentLength } from '../../lib/articles/article-input-schema.ts'
import { contentLimitProblem, contentLimits, htmlShape } from '../../lib/articles/content-limits.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { renderContent } from '../../lib/articles/render-content.ts'
import { markdownLimits } from '../../lib/articles/render-markdown.ts'
import { stripForbiddenChars } from '../../lib/articles/xml-chars.ts'

const base = 'https://news.example.com/articles/x'

function contentIssues(body: Record<string, unknown>): string[] {
  try {
    parseArticleInput({ title: 'T', ...body })
    return []
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return error.issues.filter((i) => i.path === 'content').map((i) => i.message)
  }
}

describe('content the renderers are bounded on (issue 19.1)', () => {
  it.each([
    ['list markers on one line', `${'- '.repeat(5000)}x`],
    ['ordered list markers on one line', `${'1. '.repeat(5000)}x`],
    ['plus markers on one line', `${'+ '.repeat(5000)}x`],
  ])("refuses %s, nested past the renderer's own bound, with a problem for content", (_, content) => {
    expect(contentLimitProblem(content, 'markdown')).toMatch(/more than 32 levels/)
    // The renderer holds the same bound itself: a 400, never a stack overflow.
    expect(() => renderContent(content, 'markdown', base)).toThrow(ValidationError)
  })

  it('keeps Markdown nested to the limit, on one line or across lines', () => {
    expect(contentLimitProblem(`${'> '.repeat(32)}deep`, 'markdown')).toBeUndefined()
    expect(contentLimitProblem(`${'- '.repeat(31)}deep`, 'markdown')).toBeUndefined()
    expect(renderContent(`${'> '.repeat(32)}deep`, 'markdown', base)).toContain('deep')
  })

  it("counts nesting as the sanitiser's parser does, SVG contexts included", () => {
    // `<svg/>` leaves a foreign-content context behind in htmlparser2 each time: 58,000 of them made
    // the sanitiser quadratic (2 s) while the old scan saw no nesting at all.
    expect(htmlShape('<svg/>'.repeat(58_000), { depth: 100, elements: 1e9 }).depth).toBeGreaterThan(100)
    expect(contentLimitProblem('<svg/>'.repeat(58_000), 'html')).toMatch(/levels deep/)
    expect(htmlShape('<p>a<p>b<ul><li>c<li>d</ul>', { depth: 100, elements: 100 })).toEqual({
      depth: 2,
      elements: 5,
    })
  })

  it('reads unclosed tags in one pass: 100,000 `<a ` give an answer, not a stalled process', () => {
    expect(htmlShape('<a '.repeat(100_000), { depth: 100, elements: 1e9 }).depth).toBeLessThanOrEqual(1)
    expect(contentLimitProblem(`<div>${'<a'.repeat(150_000)}`, 'markdown')).toBeUndefined()
  }, 20_000)

  it('refuses more elements than the sanitiser may spend its budget on', () => {
    expect(contentLimitProblem('<b>a</b>'.repeat(contentLimits.htmlElements + 1), 'html')).toMatch(
      /HTML elements/,
    )
    expect(contentLimitProblem('- a\n'.repeat(markdownLimits.tokens + 1), 'markdown')).toMatch(/blocks/)
    expect(contentLimitProblem('[a](b) '.repeat(1001), 'markdown')).toMatch(/link brackets/)
  })

  it('checks the length first: a body too long is refused for its length alone', () => {
    const content = '- '.repeat(maxContentLength)
    const issues = contentIssues({ content, contentFormat: 'markdown' })
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatch(/350000|350,000|at most/i)
  })

  it('renders a line of 300,000 spaces in text at once (the old line-break pattern backtracked for minutes)', () => {
    expect(renderContent(`a${' '.repeat(300_000)}\nb`, 'text', base)).toBe('<p>a<br />b</p>')
  }, 20_000)

  it('renders text byte for byte as the sanitiser did before it was skipped', () => {
    const before = (text: string) => {
      const escaped = (s: string) =>
        s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      const html = text
        .replace(/\r\n?/g, '\n')
        .split(/\n[ \t]*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => `<p>${escaped(p).replace(/[ \t]*\n[ \t]*/g, '<br>')}</p>`)
        .join('\n')
      return sanitizeHtml(html, {
        allowedTags: ['p', 'br'],
        allowedAttributes: {},
        selfClosing: ['br'],
      }).trim()
    }
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\n', '\r', ' ', '\t', '&', '<', '>', '"', "'", '&amp;', '&#1;', 'a'),
        fc.string({ unit: 'grapheme', maxLength: 1 }),
      ),
      maxLength: 80,
    })
    fc.assert(
      fc.property(text, (t) => {
        // Without characters XML forbids, which both strip (before and after).
        const clean = stripForbiddenChars(t)
        expect(renderContent(clean, 'text', base)).toBe(before(clean))
      }),
      { numRuns: 2000 },
    )
  })
})
