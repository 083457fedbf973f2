import { describe, expect, it } from 'vitest'
import { summarize } from '../../lib/articles/summarize.ts'

describe('summarize', () => {
  it('returns the plain text of short HTML, whitespace collapsed and entities decoded', () => {
    expect(
      summarize(
        '<p>Hello <em>big</em>\n  world &amp; &lt;friends&gt; &quot;all&quot;&nbsp;&#39;s &#x263A;</p>',
      ),
    ).toBe('Hello big world & <friends> "all" \'s ☺')
  })

  it('keeps words in different blocks apart', () => {
    expect(summarize('<h2>Title</h2><p>One</p><ul><li>two</li><li>three</li></ul>line<br>break')).toBe(
      'Title One two three line break',
    )
  })

  it('drops script and style content and comments', () => {
    expect(summarize('<p>a</p><script>alert(1)</script><style>p{}</style><!-- hidden --><p>b</p>')).toBe(
      'a b',
    )
  })

  it('cuts at a word boundary with an ellipsis when longer than max', () => {
    const summary = summarize(
      '<p>Elon Musk, a key advisor to former US President Donald Trump, has publicly called</p>',
      40,
    )
    expect(summary).toBe('Elon Musk, a key advisor to former US…')
    expect(summary.length).toBeLessThanOrEqual(40)
  })

  it('defaults to 300 characters', () => {
    const summary = summarize(`<p>${'word '.repeat(200)}</p>`)
    expect(summary.length).toBeLessThanOrEqual(300)
    expect(summary.endsWith('word…')).toBe(true)
  })

  it('hard-cuts a single long word without splitting an emoji', () => {
    expect(summarize('😀'.repeat(10), 6)).toBe('😀😀…')
  })

  it('never emits characters XML forbids, even from character references', () => {
    expect(summarize('<p>a&#1;b&#xFFFF;c\u0002d</p>')).toBe('abcd')
  })
})
