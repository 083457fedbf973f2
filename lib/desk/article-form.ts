import { DateTime } from 'luxon'
import { type Article, isPublicAt } from '../articles/article.ts'
import { type ArticleInput, parseArticleInput } from '../articles/article-input.ts'
import { ValidationError } from '../articles/errors.ts'
import type { ArticleFields } from './desk-editor-page.ts'

/** The longest value any one form field may hold: the API's own content limit bounds the rest. */
const maxFieldLength = 400_000

/** The form's fields as text, whatever was posted: missing ones empty, files ignored, each bounded. */
export function fieldsFromForm(body: Record<string, unknown>): ArticleFields {
  const text = (name: string) => {
    const value = body[name]
    return typeof value === 'string' ? value.slice(0, maxFieldLength) : ''
  }
  return {
    title: text('title'),
    summary: text('summary'),
    content: text('content'),
    contentFormat: text('contentFormat') || 'markdown',
    categories: text('categories'),
    authors: text('authors'),
    imageUrl: text('imageUrl'),
    imageAlt: text('imageAlt'),
    language: text('language'),
    slug: text('slug'),
    publishAt: text('publishAt'),
  }
}

/** A stored article as the form shows it, times in the newsroom's zone. */
export function fieldsOf(article: Article, timeZone: string): ArticleFields {
  return {
    title: article.title,
    summary: article.summary,
    content: article.content,
    contentFormat: article.contentFormat,
    categories: article.categories.map((c) => c.name).join(', '),
    authors: article.authors.map((a) => a.name).join(', '),
    imageUrl: article.image?.url ?? '',
    imageAlt: article.image?.alt ?? '',
    language: article.language ?? '',
    slug: article.slug,
    publishAt:
      article.publishedAt === undefined
        ? ''
        : (DateTime.fromISO(article.publishedAt).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm") ?? ''),
  }
}

export type EditorAction = 'draft' | 'publish' | 'schedule' | 'unpublish' | 'preview'

export interface InputContext {
  readonly action: EditorAction
  readonly now: Date
  readonly timeZone: string
  /** The stored article being saved over, if any. */
  readonly current?: Article
}

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')

/**
 * The API input the form and the button make, checked by the API's own schema: its problems come
 * back as a ValidationError with the API's paths and words (`publishedAt`, `image.url`, …).
 */
export function inputFromFields(fields: ArticleFields, context: InputContext): ArticleInput {
  const { action, current } = context
  const publishing = action === 'publish' || action === 'schedule'
  const stillPublic = current !== undefined && isPublicAt(current, context.now.getTime())
  let publishedAt: string | undefined
  if (action === 'schedule') {
    publishedAt = scheduledTime(fields.publishAt, context)
  } else if (action === 'publish' && !stillPublic) {
    // Publishing a draft or a scheduled article: it goes out now. A correction keeps its date.
    publishedAt = context.now.toISOString()
  } else if (action === 'preview' && fields.publishAt !== '') {
    publishedAt = localToIso(fields.publishAt, context.timeZone) ?? undefined
  }
  const body = {
    title: fields.title,
    ...(fields.summary.trim() !== '' && { summary: fields.summary }),
    content: fields.content,
    contentFormat: fields.contentFormat,
    ...(list(fields.authors).length > 0 && { authors: list(fields.authors).map((name) => ({ name })) }),
    categories: list(fields.categories),
    ...((fields.imageUrl.trim() !== '' || fields.imageAlt.trim() !== '') && {
      image: { url: fields.imageUrl.trim(), alt: fields.imageAlt },
    }),
    ...(fields.language.trim() !== '' && { language: fields.language.trim() }),
    ...(current === undefined && fields.slug.trim() !== '' && { slug: fields.slug.trim() }),
    status: publishing || (action === 'preview' && current?.status === 'published') ? 'published' : 'draft',
    ...(publishedAt !== undefined && { publishedAt }),
  }
  return parseArticleInput(body)
}

/** `2025-03-11T09:19` in `timeZone` as RFC 3339 with that zone's offset, or undefined. */
export function localToIso(local: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(local)) return undefined
  const time = DateTime.fromISO(local, { zone: timeZone })
  return time.isValid ? (time.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined
}

function scheduledTime(local: string, context: InputContext): string {
  const iso = localToIso(local, context.timeZone)
  if (iso === undefined) {
    throw new ValidationError([
      {
        path: 'publishedAt',
        message: `publishedAt must be a date and time (${context.timeZone}) to schedule`,
      },
    ])
  }
  if (Date.parse(iso) <= context.now.getTime()) {
    throw new ValidationError([
      {
        path: 'publishedAt',
        message: 'publishedAt must be in the future to schedule; use Publish now instead',
      },
    ])
  }
  return iso
}
