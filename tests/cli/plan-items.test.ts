import { describe, expect, it } from 'vitest'
import { slugify } from '../../lib/articles/slug.ts'
import type { SourceItem } from '../../lib/cli/parse-source.ts'
import { isSkipped, type PlannedArticle, planFeedItem } from '../../lib/cli/plan-items.ts'
import { slugCandidates } from '../../lib/cli/slug-candidates.ts'

function item(fields: Partial<SourceItem>): SourceItem {
  return { origin: 'feed.xml item 1', authors: [], categories: [], ...fields }
}

function planned(fields: Partial<SourceItem>, status: 'draft' | 'published' = 'published'): PlannedArticle {
  const plan = planFeedItem(item(fields), 'https://source.example/feed', { status })
  if (isSkipped(plan)) throw new Error(plan.reason)
  return plan
}

describe('slugCandidates', () => {
  const id = 'https://blog.example.org/?p=1'

  it('takes the last segment of the link, so an edited title keeps its slug', () => {
    const [first, second] = slugCandidates(
      { link: 'https://blog.example.org/2024/01/cafe-a-paris/' },
      'Any title',
      id,
    )
    expect(first).toBe('cafe-a-paris')
    expect(second).toMatch(/^cafe-a-paris-[0-9a-f]{8}$/)
    expect(slugCandidates({ link: 'https://blog.example.org/2024/01/cafe-a-paris/' }, 'Other', id)).toEqual([
      first,
      second,
    ])
  })

  it('reads links ending in index.html, file names and query permalinks', () => {
    expect(slugCandidates({ link: 'https://s.example/news/big-story/index.html' }, 't', id)[0]).toBe(
      'big-story',
    )
    expect(slugCandidates({ link: 'https://s.example/news/Big_Story.php' }, 't', id)[0]).toBe('big-story')
    expect(slugCandidates({ link: 'https://s.example/?p=123' }, 't', id)[0]).toBe('p-123')
    // Percent-encoded segments are read as the text they encode, then made a slug as the site would.
    expect(slugCandidates({ link: 'https://s.example/2024/01/%C3%A9t%C3%A9/' }, 't', id)[0]).toBe(
      slugify('été'),
    )
  })

  it('falls back to the title, then to the id alone', () => {
    expect(slugCandidates({}, 'Café à Paris', id)[0]).toBe(slugify('Café à Paris'))
    expect(slugCandidates({ link: 'https://s.example/' }, 'Café à Paris', id)[0]).toBe(
      slugify('Café à Paris'),
    )
    expect(slugCandidates({}, '… — …', id)).toEqual([expect.stringMatching(/^item-[0-9a-f]{8}$/)])
  })

  it('keeps the hashed candidate within 80 characters, and different ids apart', () => {
    const long = `https://s.example/${'word-'.repeat(30)}end/`
    const [first, second] = slugCandidates({ link: long }, 't', id)
    expect(first?.length).toBeLessThanOrEqual(80)
    expect(second?.length).toBeLessThanOrEqual(80)
    expect(slugCandidates({ link: long }, 't', 'urn:x:2')[1]).not.toBe(second)
  })
})

describe('planFeedItem', () => {
  it('keeps an IRI id and derives a stable urn:uuid from anything else', () => {
    expect(
      planned({ sourceId: 'tag:x.example,2024:1', content: { value: 'x', format: 'text' }, title: 't' }).id,
    ).toBe('tag:x.example,2024:1')
    const a = planned({ sourceId: '5d420f3a', content: { value: 'x', format: 'text' }, title: 't' })
    const b = planned({ sourceId: '5d420f3a', content: { value: 'y', format: 'text' }, title: 'u' })
    expect(a.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    expect(b.id).toBe(a.id)
    expect(a.warnings.map((w) => w.kind)).toContain('id-derived')
  })

  it('makes content URLs absolute against the item link and sanitises what no feed may carry', () => {
    const plan = planned({
      sourceId: 'https://s.example/a',
      link: 'https://s.example/posts/a/',
      title: 'A',
      base: 'https://s.example/posts/a/',
      content: { value: '<p><a href="../b/">b</a><img src="i.png"><script>x()</script></p>', format: 'html' },
    })
    expect(plan.body.content).toBe(
      '<p><a href="https://s.example/posts/b/">b</a><img src="https://s.example/posts/a/i.png" /></p>',
    )
  })

  it('uses the first words as a missing title, a link as missing content, and cuts long titles', () => {
    expect(
      planned({ sourceId: 'urn:x:1', content: { value: '<p>Only <b>text</b> here.</p>', format: 'html' } })
        .body.title,
    ).toBe('Only text here.')
    const linkOnly = planned({ sourceId: 'urn:x:2', link: 'https://s.example/x?a=1&b=2', title: 'A <link>' })
    expect(linkOnly.body.content).toBe('<p><a href="https://s.example/x?a=1&amp;b=2">A &lt;link&gt;</a></p>')
    const long = planned({
      sourceId: 'urn:x:3',
      title: 'word '.repeat(100),
      content: { value: 'x', format: 'text' },
    })
    expect(String(long.body.title).length).toBeLessThanOrEqual(300)
    expect(long.warnings.map((w) => w.kind)).toContain('title-cut')
  })

  it('falls back to the summary when sanitising leaves nothing of the content', () => {
    const plan = planned({
      sourceId: 'urn:x:4',
      title: 't',
      base: 'https://s.example/',
      content: { value: '<script>track()</script><style>p{}</style>', format: 'html' },
      summary: 'The summary.',
    })
    expect(plan.body).toMatchObject({ content: 'The summary.', contentFormat: 'text' })
  })

  it('skips an item with neither id nor link, or with nothing to show', () => {
    expect(planFeedItem(item({ title: 'x' }), 'k', { status: 'published' })).toMatchObject({
      reason: 'it has no guid, id or link to know it by on a later import',
    })
    expect(planFeedItem(item({ sourceId: 'urn:x:1' }), 'k', { status: 'published' })).toMatchObject({
      reason: 'it has no content, summary or link',
    })
  })

  it('imports as drafts when told to, keeping the dates', () => {
    const plan = planned(
      {
        sourceId: 'urn:x:1',
        title: 't',
        content: { value: 'x', format: 'text' },
        published: '2024-01-01T00:00:00Z',
      },
      'draft',
    )
    expect(plan.body).toMatchObject({ status: 'draft', publishedAt: '2024-01-01T00:00:00Z' })
    expect(plan.warnings).toEqual([])
  })
})
