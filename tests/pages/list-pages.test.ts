import { describe, expect, it } from 'vitest'
import { eagerThumbnails, renderHomePage, thumbnailSize } from '../../lib/pages/render-home-page.ts'
import { renderTopicPage } from '../../lib/pages/render-topic-page.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'
import { attr, byClass, byTag, only, parsePage } from './html-query.ts'

const site = makePageSite()

/** `count` articles, newest first, each with its own slug and lead image. */
function articlesWithImages(count: number) {
  return Array.from({ length: count }, (_, i) =>
    makePageArticle({
      slug: `story-${i}`,
      title: `Story ${i}`,
      image: { url: `https://cdn.news.example.com/images/${i}.jpg`, alt: `Picture ${i}`, type: 'image/jpeg' },
    }),
  )
}

function thumbnails(page: string) {
  const { document, parseErrors } = parsePage(page)
  expect(parseErrors).toEqual([])
  const list = only(byClass(document, 'article-list'), 'article list')
  return byTag(list, 'li').map((item) => {
    const images = byTag(item, 'img')
    const img = images[0]
    return img === undefined
      ? undefined
      : {
          count: images.length,
          src: attr(img, 'src'),
          alt: attr(img, 'alt'),
          width: attr(img, 'width'),
          height: attr(img, 'height'),
          loading: attr(img, 'loading'),
          decoding: attr(img, 'decoding'),
          srcset: attr(img, 'srcset'),
        }
  })
}

describe('thumbnails on list pages', () => {
  it.each([
    ['the front page', (articles: ReturnType<typeof articlesWithImages>) => renderHomePage({ site, articles })],
    [
      'a topic page',
      (articles: ReturnType<typeof articlesWithImages>) =>
        renderTopicPage({ site, category: { slug: 'world', name: 'World' }, articles }),
    ],
  ])('%s shows each lead image with its size, its alt text, lazy after the first few', (_, render) => {
    const shown = thumbnails(render(articlesWithImages(6)))
    expect(shown).toEqual(
      Array.from({ length: 6 }, (_, i) => ({
        count: 1,
        src: `https://cdn.news.example.com/images/${i}.jpg`,
        alt: `Picture ${i}`,
        width: String(thumbnailSize.width),
        height: String(thumbnailSize.height),
        loading: i < eagerThumbnails ? undefined : 'lazy',
        decoding: 'async',
        // No image service to ask for other widths: no srcset.
        srcset: undefined,
      })),
    )
  })

  it('keeps an empty alt for a decorative image, and shows no thumbnail without a lead image', () => {
    const [decorative, plain] = [
      makePageArticle({ slug: 'a', image: { url: 'https://cdn.news.example.com/a.jpg', alt: '' } }),
      makePageArticle({ slug: 'b', image: undefined }),
    ]
    const shown = thumbnails(renderHomePage({ site, articles: [decorative, plain] }))
    expect(shown[0]?.alt).toBe('')
    expect(shown[1]).toBeUndefined()
  })

  it('shows no thumbnail for an image URL that is not a web URL', () => {
    const hostile = makePageArticle({ image: { url: 'javascript:alert(1)', alt: 'x' } })
    expect(thumbnails(renderHomePage({ site, articles: [hostile] }))).toEqual([undefined])
  })
})
