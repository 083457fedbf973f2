import { type DefaultTreeAdapterTypes, parse } from 'parse5'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'
import { type Harness, readAtom, readJsonFeed, readRss, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()
let h: Harness

function elements(node: DefaultTreeAdapterTypes.Node): DefaultTreeAdapterTypes.Element[] {
  const found: DefaultTreeAdapterTypes.Element[] = []
  if ('tagName' in node) found.push(node)
  if ('childNodes' in node) for (const child of node.childNodes) found.push(...elements(child))
  return found
}

const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('')
const hundredKb = `<p>${'All work and no play makes Jack a dull boy. '.repeat(2400)}</p>`

/** Publisher input that tries to break a feed or a page, sent through the real validation and use case. */
const hostileInputs: Record<string, unknown>[] = [
  { slug: 'controls', title: `Controls:${controls}\u007f end`, content: `<p>Body ${controls}</p>` },
  {
    slug: 'surrogates',
    title: 'Lone \uD800 high, \uDC00 low, \uFFFE and \uFFFF',
    content: '<p>High \uD800 low \uDC00</p>',
  },
  { slug: 'cdata', title: 'Ends ]]> twice ]]>', content: '<p>One ]]> two ]]]]> three <![CDATA[ x ]]></p>' },
  {
    slug: 'script',
    title: '<script>alert("title")</script>',
    summary: '</script><script>alert(1)</script>',
    content: '<p>Hi</p><script>alert("content")</script><img src="/x.png" onerror="alert(2)">',
    authors: [{ name: '<b>Mallory</b> & "Eve"', url: 'https://example.com/?a=1&b=<2>' }],
  },
  { slug: 'rtl', title: '\u202Eمرحبا بالعالم שלום עולם', content: '<p dir="rtl">مرحبا \u202E שלום</p>' },
  { slug: 'emoji', title: 'Astral 😀🇧🇩👩‍👩‍👧 𝕏 title', content: '<p>🎉 𝄞 🐢</p>' },
  { slug: 'huge', title: 'A hundred kilobytes of body', content: hundredKb },
  {
    slug: 'ampersands',
    title: "Tom & Jerry's \"quoted\" 'title'",
    content: '<p><a href="https://example.com/?a=1&amp;b=2&quot;">link</a></p>',
    categories: ['Q&A <live> "now"', { slug: 'x-and-y', name: 'X & Y' }],
    image: {
      url: 'https://img.example.com/a.jpg?x=1&y="2"',
      alt: 'A "quoted" & <odd> alt',
      type: 'image/jpeg',
    },
  },
  { slug: 'long-title', title: `${'Long title '.repeat(27)}end`.slice(0, 300) },
  {
    slug: 'markdown',
    title: 'Markdown [link](javascript:alert(1))',
    content: '# H\n\n<script>x</script> *em*',
    contentFormat: 'markdown',
  },
]

describe('hostile articles over HTTP', () => {
  it('keeps every feed well-formed and complete, and every page script-free', async () => {
    h = await startHarness({ feedPageSize: 20 })
    const published: Article[] = []
    for (const [i, input] of hostileInputs.entries()) {
      published.push(
        await h.publish({
          content: '<p>Plain body.</p>',
          categories: ['World'],
          publishedAt: `2025-03-12T10:${String(i).padStart(2, '0')}:00Z`,
          ...input,
        }),
      )
    }
    const newestFirst = [...published].reverse()

    const rssBody = await (await h.get('/rss.xml')).text()
    const rss = readRss(rssBody)
    expect(rss.ids).toEqual(newestFirst.map((a) => a.id))
    const rssItems = childrenNamed(childNamed(parseXml(rssBody), 'channel'), 'item')
    expect(rssItems.map((item) => childNamed(item, 'title').text)).toEqual(newestFirst.map((a) => a.title))
    const huge = rssItems.find((item) => childNamed(item, 'guid').text === published[6]?.id)
    expect(huge && childNamed(huge, 'content:encoded').text.length).toBeGreaterThan(100_000)

    const atom = readAtom(await (await h.get('/atom.xml')).text())
    expect(atom.ids).toEqual(newestFirst.map((a) => a.id))

    const jsonBody = await (await h.get('/feed.json')).text()
    expect(jsonBody).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i) // no lone surrogate escapes
    const json = readJsonFeed(jsonBody)
    expect(json.ids).toEqual(newestFirst.map((a) => a.id))
    const jsonItems = (JSON.parse(jsonBody) as { items: { title: string }[] }).items
    expect(jsonItems.map((item) => item.title)).toEqual(newestFirst.map((a) => a.title))

    for (const path of [
      '/categories/world/rss.xml',
      '/categories/q-a-live-now/atom.xml',
      '/categories/x-and-y/rss.xml',
    ]) {
      const res = await h.get(path)
      expect(res.status, path).toBe(200)
      expect(parseXml(await res.text()).name, path).toMatch(/^(rss|feed)$/)
    }

    for (const article of published) {
      const res = await h.get(`/articles/${article.slug}`)
      expect(res.status, article.slug).toBe(200)
      const page = await res.text()
      expect(page.match(/<script\b[^>]*>/gi), article.slug).toEqual(['<script type="application/ld+json">'])
      for (const element of elements(parse(page))) {
        for (const { name, value } of element.attrs) {
          expect(name.startsWith('on'), `${article.slug}: ${element.tagName} ${name}`).toBe(false)
          expect(/^\s*javascript:/i.test(value), `${article.slug}: ${element.tagName} ${name}`).toBe(false)
        }
      }
    }
  })
})
