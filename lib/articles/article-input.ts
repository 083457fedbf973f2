import type { ArticleImage, ArticleStatus, Author, Category, ContentFormat } from './article.ts'
import { issuesFromZod } from './article-input-messages.ts'
import { type ArticleInputData, articleInputSchema } from './article-input-schema.ts'
import type { Attachment } from './attachment.ts'

export { isAbsoluteIri, maxIdLength } from './article-id-schema.ts'

import { ValidationError } from './errors.ts'
import { slugify } from './slug.ts'

/** A parsed, normalised article input: what the use cases get. */
export interface ArticleInput {
  /** Absent: a new article gets a fresh `urn:uuid:`; a replaced one keeps its own, which this must equal. */
  readonly id?: string
  /** Absent: the caller derives one from the title (POST) or takes it from the URL (PUT). */
  readonly slug?: string
  readonly title: string
  /** Absent: the caller summarises the content. */
  readonly summary?: string
  /** As sent, forbidden characters removed. */
  readonly content: string
  readonly contentFormat: ContentFormat
  /** Absent: the site's default author. */
  readonly authors?: readonly Author[]
  /** Unique by slug, in the order given. */
  readonly categories: readonly Category[]
  readonly image?: ArticleImage
  /** Absent when none. */
  readonly attachments?: readonly Attachment[]
  readonly episode?: number
  readonly source?: string
  /** BCP 47, canonical; absent: the site's language. */
  readonly language?: string
  readonly status: ArticleStatus
  /** RFC 3339 with an offset, as given. */
  readonly publishedAt?: string
}

/**
 * Validates and normalises a request body. Throws a {@link ValidationError} listing every problem
 * found, each with its dotted path (`authors.0.name`, '' for the body itself).
 */
export function parseArticleInput(body: unknown): ArticleInput {
  const result = articleInputSchema.safeParse(body)
  if (!result.success) throw new ValidationError(issuesFromZod(result.error.issues, body))
  return toArticleInput(result.data)
}

/**
 * What the schema let through, in the shape the use cases take: a blank summary counts as absent
 * (so one is derived), categories get their slugs and lose duplicates, and no key holds `undefined`.
 */
export function toArticleInput(data: ArticleInputData): ArticleInput {
  return {
    ...(data.id !== undefined && { id: data.id }),
    ...(data.slug !== undefined && { slug: data.slug }),
    title: data.title,
    ...(data.summary !== undefined && data.summary !== '' && { summary: data.summary }),
    content: data.content,
    contentFormat: data.contentFormat,
    ...(data.authors !== undefined && {
      authors: data.authors.map((a) => ({ name: a.name, ...(a.url !== undefined && { url: a.url }) })),
    }),
    categories: uniqueCategories(data.categories ?? []),
    ...(data.image !== undefined && {
      image: {
        url: data.image.url,
        alt: data.image.alt,
        ...(data.image.type !== undefined && { type: data.image.type }),
        ...(data.image.length !== undefined && { length: data.image.length }),
      },
    }),
    ...(data.attachments !== undefined &&
      data.attachments.length > 0 && {
        attachments: data.attachments.map((a) => ({
          url: a.url,
          type: a.type,
          ...(a.length !== undefined && { length: a.length }),
          ...(a.duration !== undefined && { duration: a.duration }),
          ...(a.title !== undefined && a.title !== '' && { title: a.title }),
        })),
      }),
    ...(data.episode !== undefined && { episode: data.episode }),
    ...(data.source !== undefined && { source: data.source }),
    ...(data.language !== undefined && { language: data.language }),
    status: data.status,
    ...(data.publishedAt !== undefined && { publishedAt: data.publishedAt }),
  }
}

function uniqueCategories(categories: NonNullable<ArticleInputData['categories']>): Category[] {
  const bySlug = new Map<string, Category>()
  for (const category of categories) {
    const name = typeof category === 'string' ? category : category.name
    const slug = (typeof category === 'string' ? undefined : category.slug) ?? slugify(name)
    if (!bySlug.has(slug)) bySlug.set(slug, { slug, name })
  }
  return [...bySlug.values()]
}
