import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseFeed } from '@rowanmanning/feed-parser'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import Parser from 'rss-parser'
import { afterAll, describe, expect, it } from 'vitest'
import type { Attachment } from '../../lib/articles/attachment.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'

const pdf: Attachment = { url: 'https://media.example.com/report.pdf', type: 'application/pdf', length: 2048 }
const audio: Attachment = {
  url: 'https://media.example.com/ep12.mp3',
  type: 'audio/mpeg',
  length: 24_000_000,
  duration: 1500,
  title: 'Episode 12 & more',
}
const video: Attachment = { url: 'https://media.example.com/ep12.mp4', type: 'video/mp4', duration: 61.5 }
const image = { url: 'https://img.example.com/lead.jpg', alt: 'The lead', type: 'image/jpeg', length: 999 }
const withMedia = makeArticle({ slug: 'episode-12', image, attachments: [pdf, audio, video] })
const doc = makeFeedDocument({ items: [withMedia] })

describe('RSS', () => {
  const xml = renderRss(doc)

  it('names the first audio or video as the one enclosure, and the lead image as media:content', () => {
    const item = childNamed(childNamed(parseXml(xml), 'channel'), 'item')
    const enclosures = childrenNamed(item, 'enclosure')
    expect(enclosures.map((e) => e.attributes)).toEqual([
      { url: audio.url, length: '24000000', type: 'audio/mpeg' },
    ])
    const media = childrenNamed(item, 'media:content').map((m) => m.attributes)
    expect(media).toEqual([
      { url: image.url, medium: 'image', type: 'image/jpeg', fileSize: '999' },
      { url: pdf.url, type: 'application/pdf', medium: 'document', fileSize: '2048' },
      { url: audio.url, type: 'audio/mpeg', medium: 'audio', fileSize: '24000000', duration: '1500' },
      { url: video.url, type: 'video/mp4', medium: 'video', duration: '62' },
    ])
  })

  it('gives rss-parser the enclosure with its type and length', async () => {
    const feed = await new Parser().parseString(xml)
    expect(feed.items[0]?.enclosure).toEqual({ url: audio.url, length: '24000000', type: 'audio/mpeg' })
  })

  it('gives feedsmith the enclosure and every media:content', () => {
    const feed = parseRssFeed(xml)
    const item = feed.items?.[0]
    expect(item?.enclosures?.map((e) => [e.url, e.type, e.length])).toEqual([
      [audio.url, 'audio/mpeg', 24_000_000],
    ])
    expect(item?.media?.contents?.map((c) => [c.url, c.type, c.medium])).toEqual([
      [image.url, 'image/jpeg', 'image'],
      [pdf.url, 'application/pdf', 'document'],
      [audio.url, 'audio/mpeg', 'audio'],
      [video.url, 'video/mp4', 'video'],
    ])
    expect(item?.media?.contents?.[2]?.title?.value).toBe('Episode 12 & more')
  })

  it('keeps the lead image as the enclosure when no audio or video is attached', () => {
    const xml = renderRss(makeFeedDocument({ items: [makeArticle({ image, attachments: [pdf] })] }))
    const item = childNamed(childNamed(parseXml(xml), 'channel'), 'item')
    expect(childrenNamed(item, 'enclosure').map((e) => e.attributes.url)).toEqual([image.url])
  })

  it('gives an enclosure of unknown size length 0, as RSS requires a length', () => {
    const xml = renderRss(makeFeedDocument({ items: [makeArticle({ attachments: [video] })] }))
    const item = childNamed(childNamed(parseXml(xml), 'channel'), 'item')
    expect(childNamed(item, 'enclosure').attributes).toEqual({
      url: video.url,
      length: '0',
      type: 'video/mp4',
    })
  })
})

describe('Atom', () => {
  const xml = renderAtom(doc)

  it('links every attachment as an enclosure with its type and length', () => {
    const entry = childNamed(parseXml(xml), 'entry')
    const links = childrenNamed(entry, 'link').filter((l) => l.attributes.rel === 'enclosure')
    expect(links.map((l) => l.attributes)).toEqual([
      { rel: 'enclosure', href: image.url, type: 'image/jpeg', length: '999', title: 'The lead' },
      { rel: 'enclosure', href: pdf.url, type: 'application/pdf', length: '2048' },
      {
        rel: 'enclosure',
        href: audio.url,
        type: 'audio/mpeg',
        length: '24000000',
        title: 'Episode 12 & more',
      },
      { rel: 'enclosure', href: video.url, type: 'video/mp4' },
    ])
  })

  it('gives feedsmith and @rowanmanning/feed-parser the enclosures', () => {
    const links = parseAtomFeed(xml).entries?.[0]?.links?.filter((l) => l.rel === 'enclosure')
    expect(links?.map((l) => [l.href, l.type])).toContainEqual([audio.url, 'audio/mpeg'])
    const media = parseFeed(xml).items[0]?.media.map((m) => [m.url, m.mimeType])
    expect(media).toEqual(
      expect.arrayContaining([
        [audio.url, 'audio/mpeg'],
        [video.url, 'video/mp4'],
      ]),
    )
  })

  const schema = fileURLToPath(new URL('../fixtures/atom.rng', import.meta.url))
  const hasXmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0
  const workDir = mkdtempSync(join(tmpdir(), 'feeds-attachments-'))
  afterAll(() => rmSync(workDir, { recursive: true, force: true }))

  it.skipIf(!hasXmllint)('validates against the RFC 4287 RELAX NG schema', () => {
    const file = join(workDir, 'attachments.xml')
    writeFileSync(file, xml)
    const run = spawnSync('xmllint', ['--noout', '--relaxng', schema, file], { encoding: 'utf8' })
    expect(`${run.stdout}${run.stderr}`).toContain('validates')
    expect(run.status).toBe(0)
  })
})

describe('JSON Feed', () => {
  it('lists the image and every attachment with size_in_bytes and duration_in_seconds', () => {
    const feed = parseJsonFeed(JSON.parse(renderJsonFeed(doc)))
    expect(feed.items?.[0]?.attachments).toEqual([
      { url: image.url, mime_type: 'image/jpeg', title: 'The lead', size_in_bytes: 999 },
      { url: pdf.url, mime_type: 'application/pdf', size_in_bytes: 2048 },
      {
        url: audio.url,
        mime_type: 'audio/mpeg',
        title: 'Episode 12 & more',
        size_in_bytes: 24_000_000,
        duration_in_seconds: 1500,
      },
      { url: video.url, mime_type: 'video/mp4', duration_in_seconds: 61.5 },
    ])
  })
})

describe('stored values that never passed the input checks', () => {
  it('are left out of every feed rather than claimed', () => {
    const bad = [
      { url: 'http://media.example.com/a.mp3', type: 'audio/mpeg' },
      { url: 'https://media.example.com/b.mp3', type: 'MP3 audio' },
    ]
    const feeds = makeFeedDocument({ items: [makeArticle({ attachments: bad })] })
    expect(renderRss(feeds)).not.toContain('media.example.com')
    expect(renderAtom(feeds)).not.toContain('media.example.com')
    expect(renderJsonFeed(feeds)).not.toContain('media.example.com')
  })
})
