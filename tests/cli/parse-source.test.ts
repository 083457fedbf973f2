import { describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.ts'
import { type ParsedFeed, parseSource } from '../../lib/cli/parse-source.ts'
import { decode } from '../../lib/cli/read-source.ts'

function feed(text: string, url = 'file:///tmp/feed.xml'): ParsedFeed {
  const parsed = parseSource({ label: 'feed', url, text })
  if (parsed.kind !== 'feed') throw new Error('expected a feed')
  return parsed
}

describe('parseSource', () => {
  it('reads Atom with xml:base, html titles, out-of-line content and person constructs', () => {
    const parsed = feed(`<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/">
  <title>T</title><id>tag:base.example,2024:feed</id><updated>2024-01-02T00:00:00Z</updated>
  <link rel="next" href="page/2"/>
  <author><name>Feed Author</name></author>
  <entry xml:base="posts/">
    <id>tag:base.example,2024:1</id><title type="html">A &amp;lt;b&amp;gt; &amp;amp; more</title>
    <updated>2024-01-02T00:00:00Z</updated><link href="one.html"/>
    <content type="html">&lt;a href="two.html"&gt;x&lt;/a&gt;</content>
  </entry>
  <entry>
    <id>tag:base.example,2024:2</id><title>Elsewhere</title><published>2024-01-01T10:00:00+02:00</published>
    <updated>2024-01-03T00:00:00Z</updated><summary>Only a summary.</summary>
    <content src="https://base.example/full/2" type="text/html"/>
  </entry>
</feed>`)
    expect(parsed.key).toBe('tag:base.example,2024:feed')
    expect(parsed.next).toBe('https://base.example/blog/page/2')
    const [first, second] = parsed.items
    expect(first).toMatchObject({
      sourceId: 'tag:base.example,2024:1',
      link: 'https://base.example/blog/posts/one.html',
      title: 'A <b> & more',
      content: { value: '<a href="two.html">x</a>', format: 'html' },
      base: 'https://base.example/blog/posts/one.html',
      authors: [{ name: 'Feed Author' }],
      published: '2024-01-02T00:00:00Z',
    })
    expect(second).toMatchObject({
      content: { value: 'Only a summary.', format: 'text' },
      published: '2024-01-01T10:00:00+02:00',
    })
    expect(second?.summary).toBeUndefined()
  })

  it('reads RSS guids that are permalinks as links, and images from enclosures and Media RSS', () => {
    const parsed = feed(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
      <title>t</title><link>https://x.example/</link><description>d</description>
      <managingEditor>ed@x.example (The Editor)</managingEditor>
      <item><title>a</title><guid>https://x.example/a</guid><description>&lt;p&gt;A&lt;/p&gt;</description>
        <media:content url="https://x.example/a.jpg" medium="image"><media:description>Alt text</media:description></media:content></item>
      <item><title>b</title><link>/b</link><author>jo@x.example (Jo)</author><description>B</description>
        <enclosure url="https://x.example/b.mp3" type="audio/mpeg" length="9"/><enclosure url="https://x.example/b.png" type="image/png" length="0"/></item>
    </channel></rss>`)
    const [a, b] = parsed.items
    expect(a).toMatchObject({
      sourceId: 'https://x.example/a',
      link: 'https://x.example/a',
      authors: [{ name: 'The Editor' }],
      image: { url: 'https://x.example/a.jpg', alt: 'Alt text' },
      content: { value: '<p>A</p>', format: 'html' },
    })
    expect(b).toMatchObject({
      link: 'https://x.example/b',
      authors: [{ name: 'Jo' }],
      image: { url: 'https://x.example/b.png', type: 'image/png' },
    })
    expect(b?.image?.length).toBeUndefined()
  })

  it('reads JSON Feed 1.0 authors and numeric ids', () => {
    const parsed = feed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1',
        title: 'j',
        home_page_url: 'https://j.example/',
        author: { name: 'Feed' },
        items: [{ id: 42, url: '/posts/42', content_text: 'Hi', image: '/i.png' }],
      }),
    )
    expect(parsed.items[0]).toMatchObject({
      sourceId: '42',
      link: 'https://j.example/posts/42',
      content: { value: 'Hi', format: 'text' },
      authors: [{ name: 'Feed' }],
      image: { url: 'https://j.example/i.png' },
    })
  })

  it('reads newsfeed export lines, naming a broken line; other JSON is not a feed', () => {
    const lines = `${JSON.stringify({ id: 'urn:x:1', slug: 'a', title: 'A' })}\n\n${JSON.stringify({ id: 'urn:x:2', slug: 'b', title: 'B' })}\n`
    const parsed = parseSource({ label: 'backup.jsonl', url: 'file:///b', text: lines })
    expect(parsed.kind === 'export' && parsed.articles.map((a) => a.origin)).toEqual([
      'backup.jsonl line 1',
      'backup.jsonl line 3',
    ])
    expect(() =>
      parseSource({ label: 'backup.jsonl', url: 'file:///b', text: `${lines}{"slug": "c", "ti` }),
    ).toThrow(new CliError('backup.jsonl line 4 is not JSON: is the export complete?'))
    for (const text of ['{"hello": "world"}', '[1, 2]', '', 'plain text', '<html><body>x</body></html>']) {
      expect(() => parseSource({ label: 'x', url: 'file:///x', text })).toThrow(
        new CliError('x is not an RSS, Atom or JSON feed, nor a newsfeed export'),
      )
    }
  })
})

describe('decode', () => {
  it('honours a byte-order mark, the Content-Type charset and the XML declaration', () => {
    const latin1 = Uint8Array.from([
      ...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf'),
      0xe9,
      ...Buffer.from('</t>'),
    ])
    expect(decode(latin1, undefined)).toContain('café')
    expect(decode(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), 'text/xml; charset=windows-1252')).toBe('café')
    expect(decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x63, 0xc3, 0xa9]), 'text/xml; charset=latin1')).toBe(
      'cé',
    )
    expect(decode(Buffer.from('café'), undefined)).toBe('café')
  })
})
