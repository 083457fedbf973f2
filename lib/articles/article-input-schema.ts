import * as z from 'zod'
import { articleStatuses, contentFormats } from './article.ts'
import {
  absoluteUrlMessage,
  categorySlugMessage,
  dateTimeMessage,
  emptyContentMessage,
  idMessage,
  instantRangeMessage,
  invisibleMessage,
  languageMessage,
  mimeTypeMessage,
  mixedScriptSlugMessage,
  publishedAtFormatMessage,
  slugMessage,
  yearsMessage,
} from './article-input-messages.ts'
import { maxAttachments } from './attachment.ts'
import { contentLimitProblem } from './content-limits.ts'
import { canonicalLanguage } from './language.ts'
import { foldGivenSlug, isSlug, maxSlugBytes, mixesScripts, slugify, slugPattern } from './slug.ts'
import { isInvisible } from './visible-text.ts'
import { stripForbiddenChars } from './xml-chars.ts'

/*
 * What a publisher may send, as zod schemas: the publish API validates request bodies with them and
 * the OpenAPI document describes bodies from them, so the two cannot disagree. The wording of the
 * problems lives in article-input-messages.ts; the shape the use cases get, in article-input.ts.
 */

export const maxContentLength = 350_000
const maxUrlLength = 2048

/** One line of plain text: forbidden characters removed, runs of whitespace (newlines too) made one space. */
const singleLine = (s: string): string => stripForbiddenChars(s).replace(/\s+/g, ' ').trim()

/** A required line of text: it must show something, not only spaces or zero-width characters. */
const visibleLine = (max: number) =>
  z
    .string()
    .overwrite(singleLine)
    .min(1, { abort: true })
    .max(max)
    .refine((s) => !isInvisible(s), { error: invisibleMessage })

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

function absoluteUrlSchema(protocols: readonly string[], description: string) {
  return z
    .string()
    .overwrite(singleLine)
    .max(maxUrlLength)
    .refine((value) => isAbsoluteUrl(value, protocols), { error: absoluteUrlMessage(protocols), abort: true })
    .overwrite((value) => new URL(value).href)
    .meta({ format: 'uri', description })
}

/**
 * An article id a publisher brings along (an imported item keeps the id readers' apps know it by):
 * an absolute IRI kept exactly as sent, since feed readers compare ids as strings. http(s) ids must
 * name a host; nothing XML forbids, no whitespace, none of the characters RFC 3987 excludes.
 */
export const maxIdLength = 2048
const idSchema = z
  .string()
  .max(maxIdLength)
  .refine(isAbsoluteIri, { error: idMessage })
  .meta({
    format: 'iri',
    description:
      "The immutable id feeds show (RSS `guid`, Atom `id`, JSON Feed `id`), e.g. an imported item's own id. Absent: a `urn:uuid:` is assigned at creation. On replace it must equal the stored id.",
    examples: ['tag:news.example.com,2024:post-123', 'https://old.example.com/?p=123'],
  })

const iri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/

/** Whether `value` can be an article id as sent (not counting its length). */
export function isAbsoluteIri(value: string): boolean {
  if (!iri.test(value) || stripForbiddenChars(value) !== value) return false
  const scheme = value.slice(0, value.indexOf(':')).toLowerCase()
  if (scheme !== 'http' && scheme !== 'https') return true
  return value.startsWith('//', scheme.length + 1) && isAbsoluteUrl(value, [`${scheme}:`])
}

function isAbsoluteUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value)
    return protocols.includes(url.protocol) && url.hostname !== ''
  } catch {
    return false
  }
}

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

const imageSchema = z
  .strictObject({
    url: absoluteUrlSchema(['https:'], 'The image, served over https.'),
    alt: z
      .string()
      .overwrite(singleLine)
      .max(1000)
      .meta({ description: 'Text that stands for the image; empty for a purely decorative one.' }),
    type: z
      .string()
      .overwrite((s) => singleLine(s).toLowerCase())
      .max(100)
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: mimeTypeMessage })
      .meta({ description: 'The MIME type, shown to feed readers.', examples: ['image/jpeg'] })
      .optional(),
    length: z
      .number()
      .int()
      .positive()
      .meta({ description: 'Size in bytes (RSS enclosure length).' })
      .optional(),
  })
  .meta({
    description: 'The lead image.',
    examples: [{ url: 'https://news.example.com/media/nato.jpg', alt: 'Flags outside NATO headquarters' }],
  })

const attachmentSchema = z
  .strictObject({
    url: absoluteUrlSchema(['https:'], 'The file, served over https.'),
    type: z
      .string()
      .overwrite((s) => singleLine(s).toLowerCase())
      .max(100)
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: mimeTypeMessage })
      .meta({
        description:
          'The MIME type the file is served with: it decides how feeds and the page present it (audio/* and video/* are played), never the extension.',
        examples: ['audio/mpeg', 'video/mp4', 'text/vtt'],
      }),
    length: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .meta({ description: 'Size in bytes (RSS enclosure `length`, JSON Feed `size_in_bytes`).' })
      .optional(),
    duration: z
      .number()
      .positive()
      .max(1_000_000)
      .meta({ description: 'Duration in seconds (JSON Feed `duration_in_seconds`, `itunes:duration`).' })
      .optional(),
    title: z
      .string()
      .overwrite(singleLine)
      .max(300)
      .meta({ description: 'What the file is, plain text.', examples: ['Episode 12 (MP3)'] })
      .optional(),
  })
  .meta({
    description: 'A file the article carries: audio, video, a transcript, a document.',
    examples: [
      {
        url: 'https://news.example.com/media/ep12.mp3',
        type: 'audio/mpeg',
        length: 24_000_000,
        duration: 1500,
      },
    ],
  })

const earliestInstant = Date.UTC(1970, 0, 1)
const latestInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * zod's ISO check does the RFC 3339 syntax, the calendar (no 30 February, leap years) and the offset's
 * range. Ours on top: at most nanoseconds, and the years 1970–9999 both as written and as a UTC
 * instant, since the feeds sort and page on the UTC form, four-digit year first, and an offset can
 * carry a local date across a year boundary.
 */
const publishedAtSchema = z
  .string()
  .overwrite((s) => stripForbiddenChars(s).trim())
  // RFC 3339 §5.6 lets the `T` and `Z` be lowercase; stored in the usual, uppercase form.
  .overwrite((s) => s.replace(/^(\d{4}-\d{2}-\d{2})t/, '$1T').replace(/(\d)z$/, '$1Z'))
  .check(z.iso.datetime({ offset: true, abort: true, error: (issue) => dateTimeMessage(issue.input) }))
  .check((ctx) => {
    const problem = rangeProblem(ctx.value)
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })
  .meta({
    format: 'date-time',
    description:
      'RFC 3339 with an offset (`Z` or ±hh:mm), in the years 1970–9999 once in UTC; a future time schedules the article.',
    examples: ['2025-03-11T09:19:00+06:00'],
  })

function rangeProblem(value: string): string | undefined {
  if (/\.\d{10,}/.test(value)) return publishedAtFormatMessage
  if (Number(value.slice(0, 4)) < 1970) return yearsMessage
  const instant = Date.parse(value)
  if (!(instant >= earliestInstant && instant <= latestInstant)) return instantRangeMessage(value, instant)
  return undefined
}

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
