import { describe, expect, it } from 'vitest'
import { escapeHtml, html, jsonForScript, lines, raw } from '../../lib/pages/html.ts'

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Q&A</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Q&amp;A&lt;/a&gt;',
    )
  })

  it('escapes an existing entity again instead of trusting it', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;')
  })

  it('removes controls, noncharacters and lone surrogates but keeps tab, line ends and real text', () => {
    expect(escapeHtml('a\u0000b\u0008c\u007Fd\u0085e\uFDD0f\u{1FFFE}g\uD800h\tI\nJ\rK L é 😀')).toBe(
      'abcdefgh\tI\nJ\rK L é 😀',
    )
  })

  it('removes a form feed as the feeds do, though HTML alone would allow it', () => {
    expect(escapeHtml('page\fbreak')).toBe('pagebreak')
  })
})

describe('html', () => {
  it('escapes interpolated text and numbers, keeps SafeHtml, joins lists, drops false and undefined', () => {
    const items = ['<b>', 'c&d']
    const result = html`<p title="${'"x"'}">${items.map((item) => html`<i>${item}</i>`)}${raw('<br>')}${2}${false}${undefined}</p>`
    expect(result.value).toBe('<p title="&quot;x&quot;"><i>&lt;b&gt;</i><i>c&amp;d</i><br>2</p>')
  })

  it('puts each part on its own line and skips the empty ones', () => {
    expect(lines([html`<a>`, false, [html`<b>`, html`<c>`], lines([html`<d>`]), html`</a>`]).value).toBe(
      '<a>\n<b>\n<c>\n<d>\n</a>\n',
    )
  })
})

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment, and still parses to the same value', () => {
    const data = { title: '</script><!-- & --> \u2028', n: 1 }
    const json = jsonForScript(data).value
    expect(json).not.toMatch(/[<>&\u2028]/)
    expect(JSON.parse(json)).toEqual(data)
  })
})
