import type { Article, ArticleImage } from '../../lib/articles/article.ts'
import type { Site } from '../../lib/site.ts'

/** Overrides for {@link makePageArticle}; `image: undefined` or `publishedAt: undefined` removes them. */
export type PageArticleOverrides = Partial<Omit<Article, 'image' | 'publishedAt'>> & {
  readonly image?: ArticleImage | undefined
  readonly publishedAt?: string | undefined
}

const leadImage: ArticleImage = {
  url: 'https://cdn.news.example.com/images/nato-flags.jpg',
  alt: 'Flags of NATO member states outside the alliance headquarters in Brussels',
  type: 'image/jpeg',
}

/** A published article as the store returns it, after the seed article; pages only read it. */
export function makePageArticle(overrides: PageArticleOverrides = {}): Article {
  const image = 'image' in overrides ? overrides.image : leadImage
  const publishedAt = 'publishedAt' in overrides ? overrides.publishedAt : '2025-03-11T09:19:00+06:00'
  const { image: _image, publishedAt: _publishedAt, ...rest } = overrides
  return {
    id: 'urn:uuid:0b9a3f0e-5a55-4c1e-9a8e-2b1f4a6d7c10',
    slug: 'musk-advocates-us-exit-from-nato',
    title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
    summary:
      'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy by advocating for the United States to withdraw from NATO',
    content: 'Elon Musk, a key advisor to former US President Donald Trump, has publicly called for …',
    contentFormat: 'html',
    contentHtml: [
      '<p>Elon Musk, a key advisor to former US President Donald Trump, has publicly called for the United States to leave NATO.</p>',
      '<p>In a post on his social media platform X on Sunday, Musk wrote, <q>Exit NATO now.</q></p>',
      '<h2>A long-standing alliance</h2>',
      '<blockquote><p>There will always be disagreements, but they must be resolved to move forward.</p></blockquote>',
      '<ul><li>Founded in 1949</li><li>32 member states</li></ul>',
      '<figure><img src="https://cdn.news.example.com/images/von-der-leyen.jpg" alt="Ursula von der Leyen speaking in Brussels"><figcaption>Ursula von der Leyen</figcaption></figure>',
      '<p>Read the <a href="https://www.nato.int/">alliance’s own account</a>.</p>',
    ].join('\n'),
    authors: [{ name: 'Desk Report' }],
    categories: [
      { slug: 'world', name: 'World' },
      { slug: 'nato', name: 'NATO' },
    ],
    status: 'published',
    createdAt: '2025-03-11T03:10:00.000Z',
    updatedAt: '2025-03-11T04:02:30.000Z',
    version: 2,
    ...rest,
    ...(image ? { image } : {}),
    ...(publishedAt !== undefined ? { publishedAt } : {}),
  }
}

export function makePageSite(overrides: Partial<Site> = {}): Site {
  return {
    url: 'https://news.example.com',
    title: 'Example News',
    description: 'Independent reporting from around the world',
    language: 'en-GB',
    author: 'Example News Desk',
    ...overrides,
  }
}
