import { randomUUID } from 'node:crypto'
import type { Article, Category } from '../../lib/articles/article.ts'

let sequence = 0

/** A valid published article; every call gets a fresh `urn:uuid` id and slug. */
export function makeArticle(overrides: Partial<Article> = {}): Article {
  sequence += 1
  return {
    id: `urn:uuid:${randomUUID()}`,
    slug: `article-${sequence}`,
    title: `Article number ${sequence}`,
    summary: 'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy.',
    content: '<p>Elon Musk, a key advisor, said so.</p>',
    contentFormat: 'html',
    contentHtml: '<p>Elon Musk, a key advisor, said so.</p>',
    authors: [{ name: 'Desk Report' }],
    categories: [{ slug: 'world', name: 'World' }],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
    createdAt: '2025-03-11T03:00:00Z',
    updatedAt: '2025-03-11T03:10:00Z',
    version: 1,
    ...overrides,
  }
}

/** The article of `slug` among `articles`; throws when there is none, so a test fails by name. */
export function bySlug(articles: readonly Article[], slug: string): Article {
  const article = articles.find((a) => a.slug === slug)
  if (article === undefined) throw new Error(`No article ${slug}`)
  return article
}

/** The `harbour` article in `world`, published at 09:00Z on 11 March 2025, last written at `updatedAt`. */
export function harbourWrittenAt(updatedAt: string, overrides: Partial<Article> = {}): Article {
  return makeArticle({
    slug: 'harbour',
    publishedAt: '2025-03-11T09:00:00Z',
    updatedAt,
    categories: [{ slug: 'world', name: 'World' }],
    ...overrides,
  })
}

/** The categories an archive's articles take in turn. */
export const archiveCategories: readonly Category[] = [
  { slug: 'world', name: 'World' },
  { slug: 'politics', name: 'Politics' },
  { slug: 'science', name: 'Science' },
]

/** The `n`th article's category in an archive: {@link archiveCategories} in turn. */
export function archiveCategory(n: number): Category {
  const category = archiveCategories[n % archiveCategories.length]
  if (!category) throw new Error('no categories')
  return category
}

/**
 * `count` articles an hour apart before `now` (the first the newest), slugs `prefix-0`…, a draft every
 * 10th, the last `scheduled` ones due days after `now`; `vary(n)` sets what a test varies (categories…).
 */
export function hourlyArchive(
  count: number,
  prefix: string,
  options: { readonly now: Date; readonly scheduled: number; vary(n: number): Partial<Article> },
): Article[] {
  const { now, scheduled, vary } = options
  return Array.from({ length: count }, (_, n) => {
    const publishedAt = new Date(now.getTime() - (n + 1) * 3_600_000).toISOString()
    const scheduledAt = new Date(now.getTime() + (n + 1) * 86_400_000).toISOString()
    return makeArticle({
      slug: `${prefix}-${n}`,
      status: n % 10 === 9 ? 'draft' : 'published',
      publishedAt: n >= count - scheduled ? scheduledAt : publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
      ...vary(n),
    })
  })
}

const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('')

/**
 * Articles that try to break a feed. Write-side cleaning normally removes the characters XML
 * forbids; renderers must survive them anyway.
 */
export function hostileArticles(): Article[] {
  const hundredKb = `<p>${'All work and no play makes Jack a dull boy. '.repeat(2400)}</p>`
  return [
    makeArticle({
      slug: 'control-characters',
      title: `Controls:${controls}\u007f end`,
      summary: `Summary with controls ${controls} and DEL \u007f`,
      contentHtml: `<p>Body with controls ${controls}</p>`,
      authors: [{ name: 'Null\u0000 Byte' }],
    }),
    makeArticle({
      slug: 'non-characters',
      title: 'Non-characters \uFFFE and \uFFFF here',
      summary: 'Lone surrogates: high \uD800 alone, low \uDC00 alone, reversed \uDC00\uD800.',
      contentHtml: '<p>High \uD800 low \uDC00 \uFFFF</p>',
    }),
    makeArticle({
      slug: 'cdata-terminators',
      title: 'Ends ]]> twice ]]>',
      contentHtml: '<p>One ]]> two ]]]]> three <![CDATA[ nested ]]></p>',
      summary: 'A summary ]]> with a terminator',
    }),
    makeArticle({
      slug: 'script-injection',
      title: '<script>alert("title")</script>',
      summary: '<script>alert("summary")</script> & <b>bold</b>',
      contentHtml: '<p>&lt;script&gt;alert("content")&lt;/script&gt; and a real <code>&lt;b&gt;</code></p>',
      authors: [{ name: '<b>Mallory</b> & "Eve"', url: 'https://example.com/?a=1&b=<2>' }],
    }),
    makeArticle({
      slug: 'right-to-left',
      title: '\u202Eمرحبا بالعالم שלום עולם',
      summary: 'نص عربي ועברית \u202E reversed \u202C back',
      contentHtml: '<p dir="rtl">مرحبا \u202E שלום</p>',
      authors: [{ name: 'كاتب' }, { name: 'סופר' }],
    }),
    makeArticle({
      slug: 'emoji',
      title: 'Astral 😀🇧🇩👩‍👩‍👧 𝕏 title',
      summary: 'Emoji 🎉 summary',
      contentHtml: '<p>🎉 𝄞 🐢</p>',
    }),
    makeArticle({
      slug: 'huge-body',
      title: 'A hundred kilobytes of body',
      content: hundredKb,
      contentHtml: hundredKb,
    }),
    makeArticle({
      slug: 'ampersands-and-quotes',
      title: "Tom & Jerry's \"quoted\" 'title'",
      categories: [
        { slug: 'q-and-a', name: 'Q&A <live> "now"' },
        { slug: 'world', name: 'World' },
      ],
      image: { url: 'https://img.example.com/a.jpg?x=1&y="2"', alt: 'A "quoted" & <odd> alt' },
    }),
    makeArticle({
      slug: 'long-title',
      title: `${'Long title '.repeat(27)}end`.slice(0, 300),
    }),
    makeArticle({
      slug: 'comparison',
      title: 'Why 1 < 2 & 3 > 2',
      summary: 'Because 1 < 2 && 3 > 2',
      image: {
        url: 'https://media.example.com/episode.mp3',
        alt: 'Episode',
        type: 'audio/mpeg',
        length: 12345,
      },
    }),
    makeArticle({
      slug: 'image-with-type-only',
      title: 'An image whose size is unknown',
      image: { url: 'https://img.example.com/b.webp', alt: '', type: 'image/webp' },
    }),
    makeArticle({
      slug: 'whitespace',
      title: 'Tab\there, line\nfeed, carriage\r\nreturn',
      summary: 'Tabs\tand\r\nnewlines',
    }),
    makeArticle({
      // The sample article's newsroom, in its own script: slug, category and text in Bengali.
      slug: 'বাংলাদেশের-নির্বাচন-২০২৫',
      title: 'বাংলাদেশের নির্বাচন ২০২৫: ঢাকায় ভোট 🗳️',
      summary: 'নির্বাচন কমিশন জানিয়েছে, ভোটগ্রহণ শান্তিপূর্ণ হয়েছে।',
      contentHtml:
        '<p>ঢাকা, ১১ মার্চ — বাংলাদেশের নির্বাচনে <a href="https://news.example.com/articles/%E0%A6%AD%E0%A7%8B%E0%A6%9F">ভোট</a> 🎉</p>',
      language: 'bn',
      categories: [{ slug: 'বাংলাদেশ', name: 'বাংলাদেশ' }],
      image: { url: 'https://img.example.com/ঢাকা.jpg', alt: 'ঢাকায় ভোটকেন্দ্র', type: 'image/jpeg' },
    }),
    makeArticle({
      // Right to left by its language: feeds wrap its content in <div dir="rtl" lang="ar">.
      slug: 'الانتخابات-في-بنغلاديش',
      title: 'الانتخابات في بنغلاديش 🇧🇩',
      summary: 'قالت لجنة الانتخابات إن التصويت جرى بهدوء.',
      contentHtml: '<p>دكا — جرت الانتخابات <b>بهدوء</b> 🎉</p>',
      language: 'ar',
      categories: [{ slug: 'العالم', name: 'العالم' }],
      image: { url: 'https://img.example.com/dhaka.jpg', alt: 'مركز اقتراع في دكا' },
    }),
    makeArticle({
      slug: 'no-authors',
      title: 'Nobody wrote this',
      authors: [],
      categories: [],
    }),
  ]
}
