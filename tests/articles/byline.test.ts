import { describe, expect, it } from 'vitest'
import { byline } from '../../lib/articles/byline.ts'
import { makeArticle } from '../support/make-article.ts'

const site = { author: 'Newsroom Desk' }

describe('byline', () => {
  it("names the article's own authors, in order, with their URLs", () => {
    const authors = [{ name: 'A. Writer', url: 'https://example.com/a' }, { name: 'B. Writer' }]
    expect(byline(makeArticle({ authors }), site).authors).toEqual(authors)
  })

  it("falls back to the site's author when the article names none", () => {
    expect(byline(makeArticle({ authors: [] }), site).authors).toEqual([{ name: 'Newsroom Desk' }])
  })

  it('dates the article by its publication time, as the publisher wrote it', () => {
    const article = makeArticle({
      publishedAt: '2025-03-11T09:19:00+06:00',
      createdAt: '2025-03-10T00:00:00Z',
    })
    expect(byline(article, site).published).toBe('2025-03-11T09:19:00+06:00')
  })

  it('dates an article that was never published by its creation', () => {
    const { publishedAt: _, ...draft } = makeArticle({ status: 'draft', createdAt: '2025-03-10T00:00:00Z' })
    expect(byline(draft, site).published).toBe('2025-03-10T00:00:00Z')
  })
})
