import type { Article } from '../lib/articles/article.ts'
import { parseArticleInput } from '../lib/articles/article-input.ts'
import { buildArticle } from '../lib/articles/build-article.ts'
import type { Site } from '../lib/site.ts'
import { prng } from '../tests/support/prng.ts'

/** Paragraphs of the seed article, the raw material of every bench article body. */
const paragraphs = [
  'Elon Musk, a key advisor to former US President Donald Trump, has publicly called for the United States to leave NATO, reigniting discussions about the transatlantic military alliance’s relevance and the country’s commitment to European defence.',
  'In a post on his social media platform X on Sunday, Musk wrote, "Exit NATO now." He later reinforced his stance, arguing that there was no rationale for the US to bear the responsibility of Europe’s defence.',
  'Trump, since assuming office for his second term, has repeatedly threatened to impose tariffs on the European Union (EU), heightening transatlantic frictions & raising questions in Brussels.',
  'His perceived affinity for Russian President Vladimir Putin has further unsettled European leaders, especially as he has openly questioned the security guarantees that NATO provides to its member states.',
  'NATO, which is set to mark its 76th anniversary next month, now faces renewed uncertainty over its strategic direction and the extent of US participation in its missions.',
  'Despite the rhetoric, European Commission President Ursula von der Leyen has maintained that the US remains a crucial NATO partner, saying that disagreements "must be resolved to move forward".',
  'When questioned about NATO’s future, she admitted that the alliance’s policies over the past 25 to 30 years may no longer hold the same relevance today, a remark analysts read as a call for reform.',
  'Musk’s comments, echoing Trump’s scepticism towards NATO, have once again brought the US-EU alliance under scrutiny, leaving experts pondering the implications of a potential American withdrawal.',
]

const categoryPool = [
  { slug: 'world', name: 'World' },
  { slug: 'politics', name: 'Politics' },
  { slug: 'business', name: 'Business' },
  { slug: 'science', name: 'Science' },
  { slug: 'culture', name: 'Culture & Arts' },
]

const vocabulary = [...new Set(paragraphs.join(' ').split(/\s+/))]

/**
 * Newsroom-like prose: sentences drawn word by word from the seed article's vocabulary, different
 * for every article, so that compression sees text as varied as real copy rather than repeats.
 */
function prose(next: () => number, words: number): string {
  const out: string[] = []
  let sentence = 0
  for (let i = 0; i < words; i++) {
    let word = vocabulary[Math.floor(next() * vocabulary.length)] ?? 'news'
    if (sentence === 0) word = word.charAt(0).toUpperCase() + word.slice(1)
    sentence += 1
    if (sentence > 8 && next() < 0.15) {
      word = `${word.replace(/[.,"]+$/, '')}.`
      sentence = 0
    }
    out.push(word)
  }
  return `${out.join(' ').replace(/[.,"]+$/, '')}.`
}

/**
 * A realistic article body of about `targetChars` characters of HTML: paragraphs with links and
 * emphasis, a heading, a quote and a figure, as a newsroom's CMS would send it.
 */
export function articleHtml(variant: number, targetChars = 5000): string {
  const next = prng(variant + 1)
  const parts: string[] = []
  let length = 0
  for (let i = 0; length < targetChars; i++) {
    const text = escapeHtml(prose(next, 35 + Math.floor(next() * 30)))
    let block: string
    if (i % 7 === 3) block = `<h2>${escapeHtml(prose(next, 5))}</h2>`
    else if (i % 7 === 5) block = `<blockquote><p>${text}</p></blockquote>`
    else if (i === 2)
      block = `<figure><img src="https://media.example.com/${variant}/photo-${i}.jpg" alt="A photo" width="1200" height="800"><figcaption>Photo: <em>Desk</em></figcaption></figure>`
    else {
      const [head = '', ...rest] = text.split(' ')
      block = `<p><strong>${head}</strong> ${rest.slice(0, 8).join(' ')} <a href="https://www.example.org/story/${variant}-${i}">${rest.slice(8, 12).join(' ')}</a> ${rest.slice(12).join(' ')}</p>`
    }
    parts.push(block)
    length += block.length + 1
  }
  return parts.join('\n')
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/** The JSON a publisher would POST for bench article `n` (published now unless `publishedAt` is given). */
export function articleInputJson(n: number, slug: string, publishedAt?: string): Record<string, unknown> {
  const first = categoryPool[n % categoryPool.length] ?? categoryPool[0]
  const second = categoryPool[(n + 2) % categoryPool.length] ?? categoryPool[0]
  return {
    slug,
    title: `Story ${n}: Musk advocates US exit from NATO, fueling debate on the alliance’s future`,
    summary:
      'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy by advocating for the United States to withdraw from NATO.',
    content: articleHtml(n),
    contentFormat: 'html',
    authors: [{ name: 'Desk Report' }, ...(n % 3 === 0 ? [{ name: 'Staff Correspondent' }] : [])],
    categories: n % 2 === 0 ? [first] : [first, second],
    image: {
      url: `https://media.example.com/${n}/lead.jpg`,
      alt: 'NATO flags outside the alliance’s headquarters in Brussels',
      type: 'image/jpeg',
      length: 182_000 + n,
    },
    status: 'published',
    ...(publishedAt === undefined ? {} : { publishedAt }),
  }
}

/** `count` distinct stored articles, built the way the publish API builds them (sanitised once). */
export function buildTemplates(count: number, site: Site, now: Date): Promise<Article[]> {
  return Promise.all(
    Array.from({ length: count }, (_, n) => {
      const slug = `story-${n}`
      const input = parseArticleInput(articleInputJson(n, slug, now.toISOString()))
      return buildArticle(input, slug, { site, now })
    }),
  )
}

/**
 * A copy of `template` as a different article: new id, slug and dates. The content (sanitised HTML
 * with absolute URLs) is reused as is, so seeding skips the sanitiser without storing anything a
 * publish would not.
 */
export function cloneArticle(template: Article, n: number, publishedAtMs: number): Article {
  const at = new Date(publishedAtMs).toISOString()
  return {
    ...template,
    id: `urn:uuid:${crypto.randomUUID()}`,
    slug: `a${n}-${template.slug}`,
    title: `${template.title} (${n})`,
    publishedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
}
