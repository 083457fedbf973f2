import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FeedDocument } from '../../lib/feeds/feed-document.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { hostileArticles } from '../support/make-article.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'
import { childNamed, parseXml } from '../support/parse-xml.ts'

const renderers = [
  ['renderRss', renderRss],
  ['renderAtom', renderAtom],
  ['renderJsonFeed', renderJsonFeed],
] as const

afterEach(() => {
  vi.useRealTimers()
})

describe.each(renderers)('%s', (_, render) => {
  it('renders the same document to the same bytes', () => {
    const doc = makeFeedDocument({ items: hostileArticles() })
    const copy: FeedDocument = structuredClone(doc)
    expect(render(copy)).toBe(render(doc))
  })

  it('does not depend on the clock', () => {
    const doc = makeFeedDocument({ items: hostileArticles() })
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2001-02-03T04:05:06Z'))
    const before = render(doc)
    vi.setSystemTime(new Date('2039-12-31T23:59:59Z'))
    expect(render(doc)).toBe(before)
  })
})

describe('the feed date', () => {
  it('comes from the document: lastBuildDate and updated follow doc.updated', () => {
    const items = hostileArticles()
    const older = makeFeedDocument({ items, updated: '2025-03-11T03:19:00Z' })
    const newer = makeFeedDocument({ items, updated: '2025-06-01T12:00:00+02:00' })
    expect(childNamed(childNamed(parseXml(renderRss(older)), 'channel'), 'lastBuildDate').text).toBe(
      'Tue, 11 Mar 2025 03:19:00 +0000',
    )
    expect(childNamed(childNamed(parseXml(renderRss(newer)), 'channel'), 'lastBuildDate').text).toBe(
      'Sun, 01 Jun 2025 10:00:00 +0000',
    )
    expect(childNamed(parseXml(renderAtom(older)), 'updated').text).toBe('2025-03-11T03:19:00Z')
    expect(childNamed(parseXml(renderAtom(newer)), 'updated').text).toBe('2025-06-01T10:00:00Z')
  })
})
