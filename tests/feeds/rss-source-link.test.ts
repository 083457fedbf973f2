import { spawnSync } from 'node:child_process'
import { parseFeed } from '@rowanmanning/feed-parser'
import { describe, expect, it } from 'vitest'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'

// Where an article was first published, in RSS: an Atom `rel="via"` link in the item (RSS's own
// <source> names the RSS feed of another channel, which we do not know; docs/feeds.md).
const original = 'https://www.example.com/news/the-story?id=1&x=2'
const xml = renderRss(
  makeFeedDocument({
    items: [
      makeArticle({
        slug: 'republished',
        id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
        source: original,
      }),
      makeArticle({ slug: 'ours', id: 'urn:uuid:00000000-0000-4000-8000-000000000002' }),
    ],
  }),
)

function items() {
  return childrenNamed(childNamed(parseXml(xml), 'channel'), 'item')
}

describe('RSS item of an article with a source', () => {
  it('carries atom:link rel="via" with the original URL, and no <source>', () => {
    const [republished, ours] = items()
    const via = childrenNamed(republished ?? parseXml('<x/>'), 'atom:link')
    expect(via.map((link) => [link.attributes.rel, link.attributes.type, link.attributes.href])).toEqual([
      ['via', 'text/html', original],
    ])
    expect(childrenNamed(republished ?? parseXml('<x/>'), 'source')).toEqual([])
    expect(childrenNamed(ours ?? parseXml('<x/>'), 'atom:link')).toEqual([])
  })

  it('leaves the item link the permalink, as @rowanmanning/feed-parser reads it', () => {
    const feed = parseFeed(xml)
    expect(feed.items[0]?.url).toBe('https://news.example.com/articles/republished')
  })
})

const python = '/usr/bin/python3'
const hasFeedparser = spawnSync(python, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0

describe.skipIf(!hasFeedparser)('RSS via link read by Python feedparser', () => {
  it('reads the original link as the entry’s via link, without complaint', () => {
    const script =
      'import json,sys,feedparser;d=feedparser.parse(sys.stdin.read());print(json.dumps({"bozo":int(bool(d.bozo)),"links":[[(l.get("rel"),l.get("href")) for l in e.links] for e in d.entries]}))'
    const run = spawnSync(python, ['-c', script], { input: xml, encoding: 'utf8' })
    const result = JSON.parse(run.stdout) as { bozo: number; links: [string, string][][] }
    expect(result.bozo).toBe(0)
    expect(result.links[0]).toContainEqual(['via', original])
    expect(result.links[1]?.some(([rel]) => rel === 'via')).toBe(false)
  })
})
