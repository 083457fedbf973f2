import { describe, expect, it } from 'vitest'
import { wordpressFeed, wordpressSite } from '../../bench/wordpress-feed.ts'
import { parseSource } from '../../lib/cli/parse-source.ts'
import { parseXml } from '../support/parse-xml.ts'

describe('the import bench’s WordPress feed', () => {
  it('is well-formed RSS 2.0 whose every item the import reads with its WordPress fields', () => {
    const text = wordpressFeed(40)
    expect(parseXml(text).name).toBe('rss')
    const parsed = parseSource({ label: 'wordpress.xml', url: 'file:///tmp/wordpress.xml', text })
    if (parsed.kind !== 'feed') throw new Error('expected a feed')
    expect(parsed.format).toBe('rss')
    expect(parsed.items).toHaveLength(40)
    expect(new Set(parsed.items.map((i) => i.sourceId)).size).toBe(40)
    for (const item of parsed.items) {
      expect(item.sourceId).toMatch(new RegExp(`^${wordpressSite}/\\?p=\\d+$`))
      expect(item.link).toMatch(new RegExp(`^${wordpressSite}/\\d{4}/post-\\d+-story/$`))
      expect(item.content?.format).toBe('html')
      expect(item.content?.value.length).toBeGreaterThan(4000)
      expect(item.content?.value).toContain('href="/about/"')
      expect(item.authors.length).toBeGreaterThanOrEqual(1)
      expect(item.categories.length).toBeGreaterThanOrEqual(1)
      expect(item.image?.url).toMatch(/^https:\/\/.+\.jpg$/)
      expect(Date.parse(item.published ?? '')).toBeLessThan(Date.parse('2025-03-02T00:00:00Z'))
    }
    expect(parsed.items[0]?.authors.map((a) => a.name)).toEqual(['Zoë Ångström', 'Desk Report'])
    expect(parsed.items[3]?.categories).toEqual(['Culture', 'Opinion'])
  })

  it('splits a large archive into parts that together are the whole feed, each item once', () => {
    const items = (text: string) => {
      const parsed = parseSource({ label: 'wordpress.xml', url: 'file:///tmp/wordpress.xml', text })
      if (parsed.kind !== 'feed') throw new Error('expected a feed')
      return parsed.items.map((i) => [i.sourceId, i.title, i.published])
    }
    const whole = items(wordpressFeed(7))
    expect([...items(wordpressFeed(3)), ...items(wordpressFeed(4, 3))]).toEqual(whole)
  })
})
