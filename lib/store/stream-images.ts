import * as z from 'zod/mini'
import type { Article, Tombstone } from '../articles/article.ts'
import { articlePartitionPrefix, authorProfilePrefix, authorRegistryPartition } from './table-definition.ts'

/*
 * Reads the table's items as a DynamoDB stream shows them (Keys, OldImage, NewImage in DynamoDB
 * JSON), for the notifier. The layout is the one `dynamo-article-store.ts` writes: an article or
 * tombstone item is `pk = ARTICLE#{slug}` with `kind` and the JSON `doc`; feed states are `FEED#…`.
 *
 * Only three string attributes are read, so a schema parses exactly those from the untyped event
 * instead of `unmarshall` from @aws-sdk/util-dynamodb, whose input type (binary as bytes) is not
 * what a stream record carries (binary as base64 text) and would need a cast.
 */

const keysSchema = z.looseObject({
  pk: z.object({ S: z.string() }),
  sk: z.optional(z.looseObject({ S: z.optional(z.string()) })),
})

const imageSchema = z.looseObject({
  pk: z.object({ S: z.string().check(z.startsWith(articlePartitionPrefix)) }),
  kind: z.object({ S: z.enum(['article', 'tombstone']) }),
  doc: z.object({ S: z.string() }),
})

const categorySchema = z.looseObject({ slug: z.string(), name: z.string() })
/** What the notifier relies on in a stored article; the rest is the store's own JSON as it wrote it. */
const articleDocSchema = z.looseObject({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.optional(z.string()),
  updatedAt: z.string(),
  version: z.number(),
  categories: z.array(categorySchema),
})
const tombstoneDocSchema = z.looseObject({
  id: z.string(),
  slug: z.string(),
  deletedAt: z.string(),
  version: z.number(),
})

/** The slug when `keys` are an article item's, undefined for any other item (feed states). */
export function articleSlugOfKeys(keys: unknown): string | undefined {
  const parsed = keysSchema.safeParse(keys)
  if (!parsed.success || !parsed.data.pk.S.startsWith(articlePartitionPrefix)) return undefined
  return parsed.data.pk.S.slice(articlePartitionPrefix.length)
}

/** The author slug when `keys` are an author profile item's (`author-profiles.ts`), else undefined. */
export function authorProfileSlugOfKeys(keys: unknown): string | undefined {
  const parsed = keysSchema.safeParse(keys)
  const sk = parsed.success ? parsed.data.sk?.S : undefined
  if (!parsed.success || parsed.data.pk.S !== authorRegistryPartition || !sk?.startsWith(authorProfilePrefix))
    return undefined
  return sk.slice(authorProfilePrefix.length)
}

/**
 * The article or tombstone an article item's image holds; undefined for no image (before an
 * insert, after a removal). Throws on an image that is not one of ours: the record is poison.
 */
export function entryOfImage(image: unknown): Article | Tombstone | undefined {
  if (image === undefined || image === null) return undefined
  const item = imageSchema.parse(image)
  const doc: unknown = JSON.parse(item.doc.S)
  if (item.kind.S === 'tombstone') {
    tombstoneDocSchema.parse(doc)
    // Checked above for what is read; it is the store's own JSON, read as its `parseDoc` reads it.
    return doc as Tombstone
  }
  articleDocSchema.parse(doc)
  return doc as Article
}
