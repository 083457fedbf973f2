import { describe, expect, it } from 'vitest'
import { categoriesUrl, categoryUrl, permalink } from '../../lib/articles/permalink.ts'

describe('permalink', () => {
  it('is {siteUrl}/articles/{slug}', () => {
    expect(permalink('https://news.example.com', 'musk-advocates-us-exit-from-nato')).toBe(
      'https://news.example.com/articles/musk-advocates-us-exit-from-nato',
    )
  })

  it('keeps a path under the site URL', () => {
    expect(permalink('https://example.com/news', 'a-b')).toBe('https://example.com/news/articles/a-b')
  })

  it('percent-encodes a slug outside ASCII, and any character that would end the path segment', () => {
    expect(permalink('https://news.example.com', 'café-ঢাকা')).toBe(
      'https://news.example.com/articles/caf%C3%A9-%E0%A6%A2%E0%A6%BE%E0%A6%95%E0%A6%BE',
    )
    expect(permalink('https://news.example.com', 'a/b?c#d')).toBe(
      'https://news.example.com/articles/a%2Fb%3Fc%23d',
    )
  })
})

describe('categoryUrl', () => {
  it('is {siteUrl}/categories/{slug}/ with the slug percent-encoded', () => {
    expect(categoryUrl('https://news.example.com', 'world')).toBe(
      'https://news.example.com/categories/world/',
    )
    expect(categoryUrl('https://news.example.com', 'বিশ্ব')).toBe(
      'https://news.example.com/categories/%E0%A6%AC%E0%A6%BF%E0%A6%B6%E0%A7%8D%E0%A6%AC/',
    )
  })

  it('starts with the categories URL that Atom names as the category scheme', () => {
    expect(categoriesUrl('https://news.example.com')).toBe('https://news.example.com/categories/')
    expect(
      categoryUrl('https://news.example.com', 'nato').startsWith(categoriesUrl('https://news.example.com')),
    ).toBe(true)
  })
})
