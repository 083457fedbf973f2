import { type Article, isPublicAt } from './article.ts'
import type { ArticleInput } from './article-input.ts'
import { TooLargeError, ValidationError } from './errors.ts'
import { permalink } from './permalink.ts'
import { slugify } from './slug.ts'
import { summarize } from './summarize.ts'
import { hasVisibleContent } from './visible-text.ts'

export interface BuildContext {
  /** The site's public base URL (no trailing slash) and default author. */
  readonly site: { readonly url: string; readonly author: string }
  readonly now: Date
  /** Recorded as `updatedBy`. */
  readonly editor?: string
}

/** DynamoDB's item limit is 400 KB, counting attribute names; leave room for keys and index attributes. */
export const maxArticleBytes = 400 * 1024 - 4 * 1024

/** The slug an input asks for, or the one its title gives; a ValidationError when neither works. */
export function resolveSlug(input: ArticleInput): string {
  const slug = input.slug ?? slugify(input.title)
  if (slug === '') {
    throw new ValidationError([
      {
        path: 'slug',
        message:
          'cannot be derived from this title (it has no letters or digits, or only characters too long for a slug, over 240 bytes of UTF-8 each): give one',
      },
    ])
  }
  return slug
}

/**
 * Turns validated input into the stored article: content rendered and sanitised once, here, so no
 * read ever does it. `previous` is the stored version being replaced, whose id, creation time and
 * first publication time carry over; an input id that differs from it is a ValidationError.
 *
 * The renderer (sanitize-html; markdown-it for Markdown alone) is loaded on the first write, not at
 * start: a publish function's cold start that serves reads, deletes or the desk's pages never
 * evaluates it, and a write of HTML never loads markdown-it.
 */
export async function buildArticle(
  input: ArticleInput,
  slug: string,
  context: BuildContext,
  previous?: Article,
): Promise<Article> {
  if (previous && input.id !== undefined && input.id !== previous.id) {
    throw new ValidationError([
      { path: 'id', message: `is immutable: this article's id is "${previous.id}"` },
    ])
  }
  const now = context.now.toISOString()
  const url = permalink(context.site.url, slug)
  // The sanitiser, and the Markdown renderer only for Markdown: a write of HTML never loads it.
  const [{ renderContentWith }, markdown] = await Promise.all([
    import('./content-sanitiser.ts'),
    input.contentFormat === 'markdown' ? import('./render-content.ts') : undefined,
  ])
  const contentHtml = renderContentWith(input.content, input.contentFormat, url, markdown?.markdownToHtml)
  if (input.status === 'published' && !hasVisibleContent(contentHtml)) {
    throw new ValidationError([
      {
        path: 'content',
        message:
          'shows nothing once sanitised (scripts, comments, hidden and disallowed markup are removed): a published article needs text or media',
      },
    ])
  }
  const publishedAt =
    input.publishedAt ?? previous?.publishedAt ?? (input.status === 'published' ? now : undefined)
  const nowMs = context.now.getTime()
  const article: Article = {
    id: previous?.id ?? input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    slug,
    title: input.title,
    summary: input.summary ?? summarize(contentHtml),
    content: input.content,
    contentFormat: input.contentFormat,
    contentHtml,
    authors: input.authors ?? [{ name: context.site.author }],
    categories: input.categories,
    ...(input.image ? { image: input.image } : {}),
    ...(input.attachments ? { attachments: input.attachments } : {}),
    ...(input.episode !== undefined ? { episode: input.episode } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    ...(input.language !== undefined ? { language: input.language } : {}),
    status: input.status,
    ...(publishedAt !== undefined ? { publishedAt } : {}),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    version: (previous?.version ?? 0) + 1,
    ...(context.editor !== undefined && { updatedBy: context.editor }),
  }
  const wasPublic = previous?.wasPublic === true || isPublicAt(previous, nowMs) || isPublicAt(article, nowMs)
  const stored: Article = wasPublic ? { ...article, wasPublic: true } : article
  const bytes = new TextEncoder().encode(JSON.stringify(stored)).length
  if (bytes > maxArticleBytes) {
    throw new TooLargeError(
      `the stored article would be ${Math.ceil(bytes / 1024)} KB (the source and its rendered HTML), over the ${maxArticleBytes / 1024} KB a DynamoDB item can hold: shorten the content`,
    )
  }
  return stored
}

/** True when storing `next` over `previous` would change nothing a reader or publisher can see. */
export function sameContent(previous: Article, next: Article): boolean {
  const strip = ({
    updatedAt: _u,
    editedAt: _e,
    version: _v,
    wasPublic: _p,
    updatedBy: _b,
    ...rest
  }: Article) => rest
  return JSON.stringify(strip(previous)) === JSON.stringify(strip(next))
}
