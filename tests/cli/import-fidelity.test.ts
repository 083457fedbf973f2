import { describe, expect, it } from 'vitest'
import { type ParsedFeed, parseSource } from '../../lib/cli/parse-source.ts'
import { isSkipped, type PlannedArticle, planFeed } from '../../lib/cli/plan-items.ts'

function plan(text: string): PlannedArticle[] {
  const parsed = parseSource({ label: 'feed', url: 'https://blog.example.org/feed', text })
  if (parsed.kind !== 'feed') throw new Error('not a feed')
  return planFeed(parsed as ParsedFeed, { status: 'published' }).map((item) => {
    if (isSkipped(item)) throw new Error(item.reason)
    return item
  })
}

const rss = (item: string, channel = '') => `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog</title><link>https://blog.example.org/</link>${channel}
<item>${item}</item></channel></rss>`

describe('what an import keeps', () => {
  it('takes the slug from the permalink guid when the link is a tracking URL on another host', () => {
    const [item] = plan(
      rss(`<title>Café society</title><link>https://feedproxy.google.com/~r/blog/~3/abc123/</link>
        <guid isPermaLink="true">https://blog.example.org/2025/03/cafe-society/</guid>
        <pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate><description>Text</description>`),
    )
    expect(item?.candidates[0]).toBe('cafe-society')
    // A guid naming the post by number keeps the link's slug.
    const [numbered] = plan(
      rss(`<title>Café society</title><link>https://blog.example.org/2025/03/cafe-society/</link>
        <guid isPermaLink="false">https://blog.example.org/?p=12</guid>
        <pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate><description>Text</description>`),
    )
    expect(numbered?.candidates[0]).toBe('cafe-society')
  })

  it('drops a first heading that repeats the title, with a note', () => {
    const [item] = plan(
      rss(`<title>Harbour lights return</title><link>https://blog.example.org/harbour</link>
        <pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate>
        <description><![CDATA[<h1>Harbour  lights return</h1><p>The first ferry tied up at dawn.</p>]]></description>`),
    )
    expect(item?.body.content).toBe('<p>The first ferry tied up at dawn.</p>')
    expect(item?.warnings.map((w) => w.kind)).toEqual(['heading-dropped'])
    const [other] = plan(
      rss(`<title>Harbour lights return</title><link>https://blog.example.org/harbour</link>
        <pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate>
        <description><![CDATA[<h2>Background</h2><p>Text.</p>]]></description>`),
    )
    expect(other?.body.content).toBe('<h2>Background</h2><p>Text.</p>')
  })

  it('keeps a JSON Feed item’s external_url as its source', () => {
    const [item] = plan(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Linked list',
        home_page_url: 'https://blog.example.org/',
        authors: [{ name: 'John Gruber' }],
        items: [
          {
            id: 'https://blog.example.org/linked/2025/03/01/story',
            url: 'https://blog.example.org/linked/2025/03/01/story',
            external_url: 'https://www.example.com/news/the-story',
            title: 'The story',
            content_html: '<p>Worth reading.</p>',
            date_published: '2025-03-01T10:00:00Z',
          },
        ],
      }),
    )
    expect(item?.body.source).toBe('https://www.example.com/news/the-story')
    // The feed's authors, when the item names none.
    expect(item?.body.authors).toEqual([{ name: 'John Gruber' }])
  })
})

describe('categories in a <categories> wrapper', () => {
  it('are read, as Macworld nests them', () => {
    const [item] = plan(
      rss(`<title>New Macs</title><link>https://blog.example.org/new-macs</link>
        <pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate><description>Text</description>
        <category>News</category><categories><category>Mac</category><category>iPhone &amp; iPad</category></categories>`),
    )
    expect(item?.body.categories).toEqual(['News', 'Mac', 'iPhone & iPad'])
  })
})
