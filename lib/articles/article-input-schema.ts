import * as z from 'zod'
import { articleStatuses, contentFormats } from './article.ts'
import { idSchema } from './article-id-schema.ts'
import {
  categorySlugMessage,
  emptyContentMessage,
  languageMessage,
  mixedScriptSlugMessage,
  slugMessage,
} from './article-input-messages.ts'
import { maxAttachments } from './attachment.ts'
import { contentLimitProblem } from './content-limits.ts'
import { canonicalLanguage } from './language.ts'
import { attachmentSchema, imageSchema } from './media-input-schemas.ts'
import { publishedAtSchema } from './published-at-schema.ts'
import { foldGivenSlug, isSlug, maxSlugBytes, slugify, slugPattern } from './slug.ts'
import { mixesScripts } from './slug-scripts.ts'
import { singleLine, visibleLine } from './text-line-schemas.ts'
import { absoluteUrlSchema } from './url-schema.ts'
import { stripForbiddenChars } from './xml-chars.ts'

/*
 * What a publisher may send, as zod schemas: the publish API validates request bodies with them and
 * the OpenAPI document describes bodies from them, so the two cannot disagree. The wording of the
 * problems lives in article-input-messages.ts; the shape the use cases get, in article-input.ts; the
 * fields' own schemas in text-line-schemas.ts, url-schema.ts, article-id-schema.ts,
 * media-input-schemas.ts and published-at-schema.ts.
 */

export const maxContentLength = 350_000

/**
 * A slug as the article's permalink and a category's feed use it, stored folded (`ﬁnance` is
 * `finance`, `ΟΔΟΣ` is `οδος`): twins people cannot tell apart are one slug.
 */
export const slugSchema = z
  .string()
  .max(maxSlugBytes, { abort: true })
  .overwrite(foldGivenSlug)
  .refine(isSlug, {
    error: (issue) =>
      typeof issue.input === 'string' && slugPattern.test(issue.input) && mixesScripts(issue.input)
        ? mixedScriptSlugMessage
        : slugMessage,
  })

const authorSchema = z
  .strictObject({
    name: visibleLine(200).meta({ description: 'How the byline reads.', examples: ['Desk Report'] }),
    url: absoluteUrlSchema(['http:', 'https:'], "The author's page.").optional(),
  })
  .meta({ description: 'An author of the article.' })

const categoryNameSchema = visibleLine(100).meta({
  description: 'What readers see.',
  examples: ['World News'],
})

const categorySchema = z
  .union([
    categoryNameSchema,
    z.strictObject({
      slug: slugSchema
        .meta({
          description: 'Keys the feed `/categories/{slug}/rss.xml`; derived from the name when absent.',
        })
        .optional(),
      name: categoryNameSchema,
    }),
  ])
  .meta({
    description: 'A category name (its slug is derived from it), or a name with an explicit slug.',
    examples: ['World News', { slug: 'nato', name: 'NATO' }],
  })

/** The article a publisher sends (POST, PUT). Unknown fields are rejected. */
export const articleInputSchema = z
  .strictObject({
    id: idSchema.optional(),
    slug: slugSchema
      .meta({
        description:
          'The permalink `/articles/{slug}`; on POST derived from the title when absent. Immutable.',
        examples: ['musk-advocates-us-exit-from-nato'],
      })
      .optional(),
    title: visibleLine(300).meta({
      description: 'The headline, plain text (markup in it is shown as text).',
      examples: ["Musk advocates US exit from NATO, fueling debate on alliance's future"],
    }),
    summary: z
      .string()
      .overwrite(singleLine)
      .max(1000)
      .meta({
        description: 'The standfirst, plain text; derived from the content when absent or empty.',
        examples: ['Elon Musk, a close ally of Donald Trump, has stirred fresh controversy ...'],
      })
      .optional(),
    content: z
      .string()
      .overwrite(stripForbiddenChars)
      .max(maxContentLength)
      .refine((s) => s.trim() !== '', { error: emptyContentMessage })
      .meta({
        description: 'The body in `contentFormat`; sanitised on write, URLs made absolute.',
        examples: ['<p>Elon Musk, a key advisor ...</p>'],
      }),
    contentFormat: z.enum(contentFormats).default('html').meta({ description: 'How to read `content`.' }),
    authors: z
      .array(authorSchema)
      .min(1)
      .max(20)
      .meta({ description: "The byline; the site's default author when absent." })
      .optional(),
    categories: z
      .array(categorySchema)
      .max(10)
      .check((ctx) => {
        ctx.value.forEach((category, index) => {
          const name = typeof category === 'string' ? category : category.slug === undefined && category.name
          if (typeof name === 'string' && slugify(name) === '') {
            ctx.issues.push({
              code: 'custom',
              path: [index],
              input: category,
              message: categorySlugMessage(category),
            })
          }
        })
      })
      .meta({ description: 'At most 10; duplicates (by slug) are dropped.', examples: [['World', 'NATO']] })
      .optional(),
    image: imageSchema.optional(),
    attachments: z
      .array(attachmentSchema)
      .max(maxAttachments)
      .meta({
        description: `Audio, video and other files, at most ${maxAttachments}: RSS \`enclosure\` (the first audio or video) and \`media:content\`, Atom \`link rel="enclosure"\`, JSON Feed \`attachments\`, players on the page.`,
      })
      .optional(),
    source: absoluteUrlSchema(
      ['http:', 'https:'],
      'Where the article was first published (another site): "Originally published at …" on the page, Atom `link rel="via"`, JSON Feed `external_url`.',
    ).optional(),
    episode: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .meta({
        description: "The episode number, in a podcast category's feed (`itunes:episode`).",
        examples: [12],
      })
      .optional(),
    language: z
      .string()
      .overwrite((s) => s.trim())
      .max(64, { abort: true })
      .refine((tag) => canonicalLanguage(tag) !== undefined, { error: languageMessage, abort: true })
      .overwrite((tag) => canonicalLanguage(tag) ?? tag)
      .meta({
        description:
          'The article\'s language, a BCP 47 tag (stored in its canonical form); the site\'s `SITE_LANGUAGE` when absent. Right-to-left languages get `dir="rtl"` on the page and in feed content.',
        examples: ['bn', 'ar', 'en-GB'],
      })
      .optional(),
    status: z
      .enum(articleStatuses)
      .default('draft')
      .meta({ description: 'Only published articles reach the feeds.' }),
    publishedAt: publishedAtSchema.optional(),
  })
  .check((ctx) => {
    // Before anything renders it: content that nests or backtracks past the renderers' bounds.
    // Only content within its length: the scans are linear, but nothing needs them past a refusal.
    if (ctx.value.content.length > maxContentLength) return
    const problem = contentLimitProblem(ctx.value.content, ctx.value.contentFormat)
    if (problem !== undefined) {
      ctx.issues.push({ code: 'custom', path: ['content'], message: problem, input: ctx.value.content })
    }
  })
  .meta({ title: 'ArticleInput', description: 'An article as a publisher sends it.' })

/** What {@link articleInputSchema} gives once a body passed: defaults filled in, text normalised. */
export type ArticleInputData = z.output<typeof articleInputSchema>
