import * as fc from 'fast-check'
import sanitizeHtml from 'sanitize-html'
import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { maxContentLength } from '../../lib/articles/article-input-schema.ts'
import { contentLimitProblem, contentLimits, htmlShape } from '../../lib/articles/content-limits.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { markdownLimits } from '../../lib/articles/markdown-limits.ts'
import { renderContent } from '../../lib/articles/render-content.ts'
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
    // The renderer holds the bound itself, as it parses: a 400 naming content, never a stack overflow.
    expect(() => renderContent(content, 'markdown', base)).toThrow(/more than 32 levels/)
    expect(() => renderContent(content, 'markdown', base)).toThrow(ValidationError)
  })

  it('keeps Markdown nested to the limit, on one line or across lines', () => {
    expect(contentLimitProblem(`${'> '.repeat(32)}deep`, 'markdown')).toBeUndefined()
    expect(renderContent(`${'> '.repeat(32)}deep`, 'markdown', base)).toContain('deep')
    // markdown-it's own maxNesting would silently drop what is deeper than it: never within the bound.
    const list = renderContent(`${'- '.repeat(31)}deep`, 'markdown', base)
    expect(list.match(/<li>/g)).toHaveLength(31)
    expect(list).toContain('deep')
    const across = Array.from({ length: 32 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')
    const rendered = renderContent(across, 'markdown', base)
    expect(rendered.match(/<ul>/g)).toHaveLength(32)
    expect(rendered).toContain('level 31')
    expect(() => renderContent(`${across}\n${'  '.repeat(32)}- level 32`, 'markdown', base)).toThrow(
      /more than 32 levels/,
    )
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

describe('the Markdown renderer, markdown-it with bounds of its own (issue 19.1)', () => {
  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['\\r', '\r'],
  ])('refuses more than the line bound with %s line breaks, and keeps the bound itself', (_, br) => {
    const lines = (n: number) => `a${br}`.repeat(n)
    expect(renderContent(lines(markdownLimits.lines), 'markdown', base)).toContain('a')
    expect(() => renderContent(lines(markdownLimits.lines + 1), 'markdown', base)).toThrow(
      /more than 20000 lines/,
    )
  })

  it('stops parsing once it has made the token bound, on one line too', () => {
    // `a*` makes two text runs per pair, no element and no line: only the token bound stops it.
    const body = '*a'.repeat(Math.ceil(markdownLimits.allTokens / 2) + 10)
    expect(() => renderContent(body, 'markdown', base)).toThrow(ValidationError)
    expect(() => renderContent(body, 'markdown', base)).toThrow(/text runs, line breaks and elements/)
  })

  it('stops parsing at the element bound, before the token bound, and keeps the bound itself', () => {
    // A bare link makes four tokens and one element: 14,000 of them would pass the token bound at the
    // 12,501st; counted while parsing, the element bound stops the parse at the 10,001st.
    const links = (n: number) => 'https://example.com/ '.repeat(n)
    expect(() => renderContent(links(14_000), 'markdown', base)).toThrow(/more than 10000 Markdown elements/)
    // 9,999 links and their paragraph are exactly the bound.
    expect(renderContent(links(markdownLimits.tokens - 1), 'markdown', base)).toContain('<a href=')
  })

  it('links bare URLs that have a scheme, never by fuzzy matching (linear), and judges every URL by the sanitiser', () => {
    const html = renderContent(
      'See https://example.com/a_b and www.example.com, or [x](javascript:alert(1)).',
      'markdown',
      base,
    )
    expect(html).toBe(
      '<p>See <a href="https://example.com/a_b">https://example.com/a_b</a> and www.example.com, or <a>x</a>.</p>',
    )
  })

  it('writes quotes and > in text as the sanitiser writes them, whoever escaped them', () => {
    expect(renderContent('He said "a > b" & left. `"q" > 1`', 'markdown', base)).toBe(
      '<p>He said "a &gt; b" &amp; left. <code>"q" &gt; 1</code></p>',
    )
  })

  it('lays out tables, loose lists and raw HTML blocks as articles published before it were', () => {
    const table = renderContent('| a | b |\n|---|--:|\n| 1 | 2 |', 'markdown', base)
    expect(table).toBe(
      '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody></table>',
    )
    expect(renderContent('- one\n\n- two', 'markdown', base)).toBe(
      '<ul>\n<li><p>one</p>\n</li>\n<li><p>two</p>\n</li>\n</ul>',
    )
    expect(renderContent('<hr />\n\n## Next', 'markdown', base)).toBe('<hr /><h2>Next</h2>')
  })
})
