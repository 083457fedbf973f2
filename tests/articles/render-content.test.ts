import { describe, expect, it } from 'vitest'
import { renderContent } from '../../lib/articles/render-content.ts'

const base = 'https://news.example.com/articles/some-story'

/** Nothing a browser or feed reader could run: no script element, no handler, no script or data URL. */
function expectHarmless(html: string): void {
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toMatch(
    /<(?:iframe|object|embed|svg|math|style|form|input|button|base|meta|link|frame)\b/i,
  )
  expect(html).not.toMatch(/\son[a-z]+\s*=/i)
  expect(html).not.toMatch(/\sstyle\s*=/i)
  expect(html).not.toMatch(/javascript:/i)
  expect(html).not.toMatch(/vbscript:/i)
  expect(html).not.toMatch(/data:/i)
}

describe('renderContent', () => {
  describe('neutralises XSS vectors', () => {
    const htmlVectors: [string, string][] = [
      ['script element', '<p>keep</p><script>alert(1)</script>'],
      ['script with src', '<script src="https://evil.example/x.js"></script><p>keep</p>'],
      ['img onerror', '<img src=x onerror=alert(1)><p>keep</p>'],
      ['javascript: link', '<a href="javascript:alert(1)">keep</a>'],
      ['mixed-case javascript: link', '<a href="JaVaScRiPt:alert(1)">keep</a>'],
      ['entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">keep</a>'],
      ['hex-entity javascript: link', '<a href="&#x6A;&#x61;vascript&#x3A;alert(1)">keep</a>'],
      ['&colon; javascript link', '<a href="javascript&colon;alert(1)">keep</a>'],
      ['leading spaces before javascript:', '<a href="  javascript:alert(1)">keep</a>'],
      ['tab inside javascript:', '<a href="java\tscript:alert(1)">keep</a>'],
      ['newline inside javascript:', '<a href="java\nscript:alert(1)">keep</a>'],
      ['encoded tab inside javascript:', '<a href="jav&#x09;ascript:alert(1)">keep</a>'],
      ['vbscript: link', '<a href="vbscript:msgbox(1)">keep</a>'],
      [
        'data:text/html link',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">keep</a>',
      ],
      ['data: image', '<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="keep">keep'],
      ['svg onload', '<svg onload=alert(1)><circle r="1"/></svg><p>keep</p>'],
      ['iframe', '<iframe src="javascript:alert(1)"></iframe><p>keep</p>'],
      ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe><p>keep</p>'],
      ['style element', '<style>body{background:url(javascript:alert(1))}</style><p>keep</p>'],
      ['style attribute', '<p style="background:url(javascript:alert(1))">keep</p>'],
      [
        'form with button',
        '<form action="javascript:alert(1)"><input value="x"><button>go</button></form><p>keep</p>',
      ],
      ['object', '<object data="javascript:alert(1)"></object><p>keep</p>'],
      ['embed', '<embed src="javascript:alert(1)"><p>keep</p>'],
      ['math with link', '<math><mtext><a xlink:href="javascript:alert(1)">x</a></mtext></math><p>keep</p>'],
      ['base href', '<base href="javascript:alert(1)//"><p>keep</p>'],
      ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>keep</p>'],
      ['link stylesheet', '<link rel="stylesheet" href="javascript:alert(1)"><p>keep</p>'],
      ['img srcset', '<img srcset="javascript:alert(1) 1x, data:image/png;base64,AA 2x" alt="keep">keep'],
      ['nested script tags', '<scr<script>ipt>alert(1)</scr</script>ipt><p>keep</p>'],
      ['script in a comment', '<!--<script>alert(1)</script>--><p>keep</p>'],
      ['comment breaking out', '<!--><script>alert(1)</script>--><p>keep</p>'],
      ['body onload', '<body onload=alert(1)><p>keep</p></body>'],
      ['handler on an allowed tag', '<p onclick="alert(1)" onmouseover=alert(1)>keep</p>'],
      ['blockquote cite javascript:', '<blockquote cite="javascript:alert(1)">keep</blockquote>'],
      [
        'video poster javascript:',
        '<video poster="javascript:alert(1)" src="javascript:alert(1)"></video><p>keep</p>',
      ],
      ['unclosed attribute quote', '<a href="javascript:alert(1)>x</a>">keep</a>'],
      ['template element', '<template><script>alert(1)</script></template><p>keep</p>'],
      [
        'noscript breakout',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">keep</p></noscript><p>keep</p>',
      ],
    ]

    it.each(htmlVectors)('html: %s', (_name, vector) => {
      const html = renderContent(vector, 'html', base)
      expectHarmless(html)
      expect(html).toContain('keep')
    })

    const markdownVectors: [string, string][] = [
      ['javascript: link', '[keep](javascript:alert(1))'],
      ['mixed-case javascript: link', '[keep](JAVASCRIPT:alert(1))'],
      ['entity-encoded link', '[keep](&#106;avascript:alert(1))'],
      ['data: image', '![keep](data:text/html;base64,PHNjcmlwdD4=) keep'],
      ['raw script', 'keep\n\n<script>alert(1)</script>'],
      ['raw img onerror', 'keep <img src=x onerror=alert(1)>'],
      ['reference link', '[keep][x]\n\n[x]: javascript:alert(1)'],
    ]

    it.each(markdownVectors)('markdown: %s', (_name, vector) => {
      const html = renderContent(vector, 'markdown', base)
      expectHarmless(html)
      expect(html).toContain('keep')
    })

    it('markdown: an autolink to javascript: stays text, never a link', () => {
      const html = renderContent('<javascript:alert(1)> keep', 'markdown', base)
      expect(html).toBe('<p><a>javascript:alert(1)</a> keep</p>')
    })

    it('text: markup is escaped, never interpreted', () => {
      const html = renderContent('<script>alert(1)</script> & <img src=x onerror=alert(1)>', 'text', base)
      expect(html).toBe(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>',
      )
    })
  })

  describe('keeps newsroom markup', () => {
    it('keeps formatting, lists, quotes, tables, figures and time elements', () => {
      const input =
        '<h2>Sub</h2><p><strong>b</strong> <em>i</em> <abbr title="North Atlantic Treaty Organization">NATO</abbr></p>' +
        '<ul><li>one</li></ul><blockquote><p>quote</p></blockquote>' +
        '<table><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td rowspan="2">d</td></tr></tbody></table>' +
        '<figure><img src="https://cdn.example.com/a.jpg" alt="A" width="640" height="480"><figcaption>cap</figcaption></figure>' +
        '<p><time datetime="2025-03-11T09:19:00+06:00">Tuesday</time></p>'
      expect(renderContent(input, 'html', base)).toBe(
        '<h2>Sub</h2><p><strong>b</strong> <em>i</em> <abbr title="North Atlantic Treaty Organization">NATO</abbr></p>' +
          '<ul><li>one</li></ul><blockquote><p>quote</p></blockquote>' +
          '<table><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td rowspan="2">d</td></tr></tbody></table>' +
          '<figure><img src="https://cdn.example.com/a.jpg" alt="A" width="640" height="480" /><figcaption>cap</figcaption></figure>' +
          '<p><time datetime="2025-03-11T09:19:00+06:00">Tuesday</time></p>',
      )
    })

    it('turns an h1 into an h2, the title being the only h1', () => {
      expect(renderContent('<h1>Heading</h1>', 'html', base)).toBe('<h2>Heading</h2>')
    })

    it('keeps mailto and tel links', () => {
      expect(
        renderContent('<a href="mailto:desk@example.com">m</a><a href="tel:+123">t</a>', 'html', base),
      ).toBe('<a href="mailto:desk@example.com">m</a><a href="tel:+123">t</a>')
    })

    it('keeps a language class on code but no other class', () => {
      expect(
        renderContent('<pre><code class="language-ts evil">x</code></pre><p class="x">y</p>', 'html', base),
      ).toBe('<pre><code class="language-ts">x</code></pre><p>y</p>')
    })
  })

  describe('makes every URL absolute against the permalink', () => {
    it.each([
      ['<a href="/img/a.jpg">x</a>', '<a href="https://news.example.com/img/a.jpg">x</a>'],
      ['<a href="b.html">x</a>', '<a href="https://news.example.com/articles/b.html">x</a>'],
      ['<a href="../c">x</a>', '<a href="https://news.example.com/c">x</a>'],
      ['<a href="#notes">x</a>', '<a href="https://news.example.com/articles/some-story#notes">x</a>'],
      ['<a href="//cdn.example.com/x">x</a>', '<a href="https://cdn.example.com/x">x</a>'],
      [
        '<a href="https://other.example/p?q=1&amp;r=2">x</a>',
        '<a href="https://other.example/p?q=1&amp;r=2">x</a>',
      ],
      ['<img src="/img/a.jpg" alt="">', '<img src="https://news.example.com/img/a.jpg" alt="" />'],
      [
        '<blockquote cite="/src">q</blockquote>',
        '<blockquote cite="https://news.example.com/src">q</blockquote>',
      ],
      [
        '<video src="v.mp4" poster="/p.jpg" controls></video>',
        '<video src="https://news.example.com/articles/v.mp4" poster="https://news.example.com/p.jpg" controls></video>',
      ],
      [
        '<img srcset="/a.jpg 1x, b.jpg 2x" alt="">',
        '<img srcset="https://news.example.com/a.jpg 1x, https://news.example.com/articles/b.jpg 2x" alt="" />',
      ],
      [
        '<picture><source srcset="/a.webp 640w" type="image/webp"><img src="/a.jpg" alt=""></picture>',
        '<picture><source srcset="https://news.example.com/a.webp 640w" type="image/webp" /><img src="https://news.example.com/a.jpg" alt="" /></picture>',
      ],
    ])('%s', (input, expected) => {
      expect(renderContent(input, 'html', base)).toBe(expected)
    })

    it('drops a URL that does not parse', () => {
      expect(renderContent('<a href="http://[bad">x</a>', 'html', base)).toBe('<a>x</a>')
    })

    it('resolves Markdown links and images too', () => {
      expect(renderContent('[a](/x) ![b](img/b.png)', 'markdown', base)).toBe(
        '<p><a href="https://news.example.com/x">a</a> <img src="https://news.example.com/articles/img/b.png" alt="b" /></p>',
      )
    })
  })

  describe('formats', () => {
    it('renders Markdown', () => {
      expect(renderContent('## Sub\n\nSome *em* and **strong**.\n\n- one\n- two', 'markdown', base)).toBe(
        '<h2>Sub</h2>\n<p>Some <em>em</em> and <strong>strong</strong>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
      )
    })

    it('renders text as paragraphs on blank lines and line breaks on single newlines', () => {
      expect(renderContent('Line one\nline two\n\n  \nPara "two" & more\r\n\r\nThree', 'text', base)).toBe(
        '<p>Line one<br />line two</p>\n<p>Para "two" &amp; more</p>\n<p>Three</p>',
      )
    })
  })

  it('removes characters XML forbids, even from character references, and keeps emoji', () => {
    expect(renderContent('<p>a\u0001b&#1;c&#xFFFF;d \uD800 😀</p>', 'html', base)).toBe('<p>abcd  😀</p>')
    expect(renderContent('a\u0000b 😀', 'text', base)).toBe('<p>ab 😀</p>')
  })
})
