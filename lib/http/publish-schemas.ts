import { articleStatuses, contentFormats } from '../articles/article.ts'
import { articleInputSchema, slugSchema } from '../articles/article-input-schema.ts'
import { ifMatchHeader, ifNoneMatchHeader } from './entity-tags.ts'
import { z } from './zod-openapi.ts'

/*
 * The shapes the publish API takes and answers, as zod schemas registered for the OpenAPI
 * document: the routes (`publish-routes.ts`) validate requests with them and declare responses.
 */

// Schemas built before @hono/zod-openapi was first imported lack `.openapi` (zod 4 gives each
// instance its methods when it is made): a clone, made now, has it and keeps the checks and meta.
export const articleInput = articleInputSchema.clone().openapi('ArticleInput')
/** What PUT takes: the article, and whether this change is minor (`lib/articles/minor-edit.ts`). */
export const articleReplacement = articleInputSchema
  .safeExtend({
    minor: z.boolean().optional().meta({
      description:
        "A minor edit (a typo fixed): keeps the article's `updatedAt` and announces nothing (no WebSub ping, no webhook; only the article's page and JSON leave the CDN). Refused (400) when it would change the status, publication time, categories or authors of an article readers can see. Ignored on a create. Absent or false: a significant change, which moves `updatedAt` and is announced.",
    }),
  })
  .openapi('ArticleReplacement', {
    title: 'ArticleReplacement',
    description: 'An article as a publisher sends it to PUT.',
  })

/** An article as the publish API returns it (`toArticleResource`). */
export const article = z
  .object({
    id: z.string().meta({
      description: 'Assigned at creation, never changes.',
      examples: ['urn:uuid:0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c'],
    }),
    slug: z.string().meta({ examples: ['musk-advocates-us-exit-from-nato'] }),
    url: z.string().meta({
      format: 'uri',
      description: 'The public permalink.',
      examples: ['https://news.example.com/articles/musk-advocates-us-exit-from-nato'],
    }),
    title: z.string(),
    summary: z.string(),
    content: z.string().meta({ description: 'As sent, in `contentFormat`.' }),
    contentFormat: z.enum(contentFormats),
    contentHtml: z.string().meta({ description: 'Sanitised HTML with absolute URLs: what feeds show.' }),
    authors: z
      .array(z.object({ name: z.string(), url: z.string().meta({ format: 'uri' }).optional() }))
      .readonly(),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })).readonly(),
    image: z
      .object({
        url: z.string().meta({ format: 'uri' }),
        alt: z.string(),
        type: z.string().optional(),
        length: z.number().int().optional(),
      })
      .optional(),
    attachments: z
      .array(
        z.object({
          url: z.string().meta({ format: 'uri' }),
          type: z.string(),
          length: z.number().int().optional(),
          duration: z.number().optional(),
          title: z.string().optional(),
        }),
      )
      .readonly()
      .optional(),
    episode: z.number().int().optional(),
    source: z.string().meta({ format: 'uri' }).optional(),
    language: z
      .string()
      .meta({
        description: "BCP 47, as given (canonical form); absent: the site's language.",
        examples: ['bn'],
      })
      .optional(),
    status: z.enum(articleStatuses),
    publishedAt: z.string().meta({ format: 'date-time' }).optional(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z
      .string()
      .meta({ format: 'date-time', description: 'The last significant change: what feeds show as updated.' }),
    editedAt: z
      .string()
      .meta({
        format: 'date-time',
        description: 'The last write, when it was a minor edit (`updatedAt` kept).',
      })
      .optional(),
    version: z.number().int().min(1).meta({ description: 'Starts at 1, +1 on every write; in the ETag.' }),
  })
  .openapi('Article', { description: 'An article as stored, with its permalink.' })

export const articlePage = z
  .object({
    items: z.array(article).readonly(),
    nextCursor: z
      .string()
      .meta({ description: 'Pass as `cursor` for the next page; absent on the last.' })
      .optional(),
  })
  .openapi('ArticlePage')

const slugParam = slugSchema.clone().openapi('Slug', {
  param: { name: 'slug', in: 'path', description: 'The article’s slug, as in its permalink.' },
})
export const slugParams = z.object({ slug: slugParam })

/** The parameters several routes share, listed once under components.parameters. */
export const sharedParameters = { Slug: slugParam, IfMatch: ifMatchHeader, IfNoneMatch: ifNoneMatchHeader }

/** A query value of digits as the number it spells; anything else stays as sent, for the check to refuse. */
const digits = (value: unknown) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value

export const listQuery = z.object({
  status: z
    .enum(articleStatuses)
    .optional()
    .openapi({ description: 'Only articles with this status; absent: all.' }),
  cursor: z.string().optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
  limit: z
    .preprocess(digits, z.int().min(1).max(100))
    .default(20)
    .openapi({ description: 'Articles per page, 1–100.' }),
})
