import { describe, expect, it } from 'vitest'
import { feedTitle } from '../../lib/feeds/feed-title.ts'

describe('feedTitle', () => {
  it("is the site's title for the site feed", () => {
    expect(feedTitle({ title: 'Example News' })).toBe('Example News')
  })

  it('names the category after the site for a category feed', () => {
    expect(feedTitle({ title: 'Example News' }, { name: 'World' })).toBe('Example News — World')
  })
})
