import * as z from 'zod'
import {
  type ArticleImage,
  type ArticleStatus,
  type Author,
  articleStatuses,
  type Category,
  type ContentFormat,
  contentFormats,
} from './article.ts'
import { contentLimitProblem } from './content-limits.ts'
import { type Issue, ValidationError } from './errors.ts'
import { maxSlugLength, slugify, slugPattern } from './slug.ts'
import { isInvisible } from './visible-text.ts'
import { stripForbiddenChars } from './xml-chars.ts'

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
  readonly status: ArticleStatus
  /** RFC 3339 with an offset, as given. */
  readonly publishedAt?: string
}

export const maxContentLength = 350_000
const maxUrlLength = 2048
// Messages of our own checks read after the field's path: `publishedAt must be …`.
const slugMessage = 'must be lowercase letters and digits in words joined by single hyphens, e.g. world-news'
const publishedAtFormatMessage =
  'must be an RFC 3339 date-time with an offset, e.g. 2025-03-11T09:19:00+06:00'

/** One line of plain text: forbidden characters removed, runs of whitespace (newlines too) made one space. */
const singleLine = (s: string): string => stripForbiddenChars(s).replace(/\s+/g, ' ').trim()

/**
 * An article id a publisher brings along (an imported item keeps the id readers' apps know it by):
 * an absolute IRI kept exactly as sent, since feed readers compare ids as strings. http(s) ids must
 * name a host; nothing XML forbids, no whitespace, none of the characters RFC 3987 excludes.
 */
export const maxIdLength = 2048
const idSchema = z
  .string()
  .max(maxIdLength)
  .refine(isAbsoluteIri, {
    error: 'must be an absolute IRI such as urn:uuid:… or https://example.com/posts/1, kept exactly as given',
  })
  .meta({
    format: 'iri',
    description:
      "The immutable id feeds show (RSS `guid`, Atom `id`, JSON Feed `id`), e.g. an imported item's own id. Absent: a `urn:uuid:` is assigned at creation. On replace it must equal the stored id.",
    examples: ['tag:news.example.com,2024:post-123', 'https://old.example.com/?p=123'],
  })

/** A required line of text: it must show something, not only spaces or zero-width characters. */
const visibleLine = (max: number) =>
  z
    .string()
    .overwrite(singleLine)
    .min(1, { abort: true })
    .max(max)
    .refine((s) => !isInvisible(s), { error: 'must show some text, not only invisible characters' })

const slugSchema = z.string().max(maxSlugLength).regex(slugPattern, { error: slugMessage })

function absoluteUrlSchema(protocols: readonly string[], description: string) {
  const names = protocols.map((p) => p.replace(/:$/, '')).join(' or ')
  return z
    .string()
    .overwrite(singleLine)
    .max(maxUrlLength)
    .refine((value) => isAbsoluteUrl(value, protocols), {
      error: `must be an absolute ${names} URL`,
      abort: true,
    })
    .overwrite((value) => new URL(value).href)
    .meta({ format: 'uri', description })
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
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: 'must be a MIME type such as image/jpeg' })
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

const publishedAtSchema = z
  .string()
  .overwrite((s) => stripForbiddenChars(s).trim())
  .check((ctx) => {
    const problem = dateTimeProblem(ctx.value)
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })
  .meta({
    format: 'date-time',
    description:
      'RFC 3339 with an offset (`Z` or ±hh:mm), in the years 1970–9999 once in UTC; a future time schedules the article.',
    examples: ['2025-03-11T09:19:00+06:00'],
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
      .refine((s) => s.trim() !== '', { error: 'must not be empty' })
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
          if (typeof category === 'string' && slugify(category) === '') {
            ctx.issues.push({
              code: 'custom',
              path: [index],
              input: category,
              message: `has no letters or digits to make a slug from: send { "slug": "…", "name": "${category}" }`,
            })
          } else if (
            typeof category === 'object' &&
            category.slug === undefined &&
            slugify(category.name) === ''
          ) {
            ctx.issues.push({
              code: 'custom',
              path: [index],
              input: category,
              message: 'has no letters or digits in its name to make a slug from: give it a slug',
            })
          }
        })
      })
      .meta({ description: 'At most 10; duplicates (by slug) are dropped.', examples: [['World', 'NATO']] })
      .optional(),
    image: imageSchema.optional(),
    status: z
      .enum(articleStatuses)
      .default('draft')
      .meta({ description: 'Only published articles reach the feeds.' }),
    publishedAt: publishedAtSchema.optional(),
  })
  .check((ctx) => {
    // Before anything renders it: content that nests or backtracks past the renderers' bounds.
    const problem = contentLimitProblem(ctx.value.content, ctx.value.contentFormat)
    if (problem !== undefined) {
      ctx.issues.push({ code: 'custom', path: ['content'], message: problem, input: ctx.value.content })
    }
  })
  .meta({ title: 'ArticleInput', description: 'An article as a publisher sends it.' })

/** An article as the publish API returns it. */
export const articleSchema = z
  .object({
    id: z.string().meta({
      description: 'Assigned when the article is created, or given by its publisher; never changes.',
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
    authors: z.array(z.object({ name: z.string(), url: z.string().meta({ format: 'uri' }).optional() })),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })),
    image: z
      .object({
        url: z.string().meta({ format: 'uri' }),
        alt: z.string(),
        type: z.string().optional(),
        length: z.number().int().optional(),
      })
      .optional(),
    status: z.enum(articleStatuses),
    publishedAt: z.string().meta({ format: 'date-time' }).optional(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
    version: z.number().int().min(1).meta({ description: 'Starts at 1, +1 on every write; the ETag.' }),
  })
  .meta({ title: 'Article', description: 'An article as stored, with its permalink.' })

/**
 * Validates and normalises a request body. Throws a {@link ValidationError} listing every problem
 * found, each with its dotted path (`authors.0.name`, '' for the body itself).
 */
export function parseArticleInput(body: unknown): ArticleInput {
  const result = articleInputSchema.safeParse(body, { reportInput: true })
  if (!result.success)
    throw new ValidationError(capIssues(result.error.issues.flatMap((issue) => toIssues(issue, []))))
  const data = result.data
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
    status: data.status,
    ...(data.publishedAt !== undefined && { publishedAt: data.publishedAt }),
  }
}

function uniqueCategories(
  categories: readonly (string | { slug?: string | undefined; name: string })[],
): Category[] {
  const bySlug = new Map<string, Category>()
  for (const category of categories) {
    const name = typeof category === 'string' ? category : category.name
    const slug = (typeof category === 'string' ? undefined : category.slug) ?? slugify(name)
    if (!bySlug.has(slug)) bySlug.set(slug, { slug, name })
  }
  return [...bySlug.values()]
}

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

const earliestInstant = Date.UTC(1970, 0, 1)
const latestInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
const dateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/

/** Why `value` is not an RFC 3339 date-time with an offset on a real calendar day, or undefined if it is. */
function dateTimeProblem(value: string): string | undefined {
  const match = dateTime.exec(value)
  if (match === null) return publishedAtFormatMessage
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (year < 1970) return 'must be in the years 1970 to 9999'
  // Date.UTC rolls 2025-02-30 over into March: a real date survives the round trip unchanged.
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  if (!real) return `is not a real date and time: ${value}`
  const offsetHours = Number(match[8] ?? 0)
  const offsetMinutes = Number(match[9] ?? 0)
  if (offsetHours > 23 || offsetMinutes > 59) return `has an impossible offset: ${value}`
  // The offset can carry a local date across a year boundary: the instant itself must be in range,
  // since the feeds sort and page on its UTC form, four-digit year first.
  const instant = Date.parse(value)
  if (!(instant >= earliestInstant && instant <= latestInstant)) {
    return `must be in the years 1970 to 9999 in UTC; ${value} is ${new Date(instant).toISOString()}`
  }
  return undefined
}

/** Most issues listed in one response: a body with 100,000 unknown keys must not get a 5 MB answer. */
export const maxIssues = 100

function capIssues(issues: Issue[]): Issue[] {
  if (issues.length <= maxIssues) return issues
  return [
    ...issues.slice(0, maxIssues),
    {
      path: '',
      message: `and ${issues.length - maxIssues} more problems of the same kinds: fix these first`,
    },
  ]
}

// ---- turning zod's issues into messages a person understands ----

type ZodIssue = z.core.$ZodIssue

function toIssues(issue: ZodIssue, prefix: readonly PropertyKey[]): Issue[] {
  const path = [...prefix, ...issue.path]
  const label = dotted(path) || 'the body'
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [{ path: dotted(path), message: `${label} is required` }]
      if (issue.expected === 'int' && typeof issue.input === 'number') {
        return [{ path: dotted(path), message: `expected an integer, got ${issue.input}` }]
      }
      return [
        {
          path: dotted(path),
          message: `expected ${expectedName(issue.expected)}, got ${describe(issue.input)}`,
        },
      ]
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: dotted([...path, key]), message: `unknown field "${key}"` }))
    case 'invalid_value':
      return [
        {
          path: dotted(path),
          message: `${label} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(issue.input, true)}`,
        },
      ]
    case 'too_small':
      return [{ path: dotted(path), message: tooSmall(label, issue) }]
    case 'too_big':
      return [{ path: dotted(path), message: tooBig(label, issue) }]
    case 'invalid_union':
      return unionIssues(issue, path, label)
    default:
      // Our own checks (formats, refinements) word their message to follow the field's path.
      return [{ path: dotted(path), message: `${label} ${issue.message}` }]
  }
}

/**
 * A category is a string or an object: report the problems of the alternative whose type matched
 * (`categories.1.name is required`), or, when none did, that neither did.
 */
function unionIssues(issue: z.core.$ZodIssueInvalidUnion, path: PropertyKey[], label: string): Issue[] {
  const typeMismatch = (i: ZodIssue) => i.code === 'invalid_type' && i.path.length === 0
  const matching = issue.errors.filter((errors) => !errors.some(typeMismatch))
  const [only] = matching
  if (matching.length === 1 && only !== undefined) return only.flatMap((i) => toIssues(i, path))
  const expected = issue.errors.flatMap((errors) =>
    errors.flatMap((i) =>
      i.code === 'invalid_type' && i.path.length === 0 ? [expectedName(i.expected)] : [],
    ),
  )
  const message =
    expected.length > 0
      ? `expected ${expected.join(' or ')}, got ${describe(issue.input)}`
      : `${label} is invalid`
  return [{ path: dotted(path), message }]
}

function tooSmall(label: string, issue: z.core.$ZodIssueTooSmall): string {
  const minimum = Number(issue.minimum)
  switch (issue.origin) {
    case 'string':
      return minimum <= 1 ? `${label} must not be empty` : `${label} must be at least ${minimum} characters`
    case 'array':
      return `${label} must have at least ${minimum} ${minimum === 1 ? 'item' : 'items'}`
    default:
      return issue.inclusive
        ? `${label} must be at least ${minimum}`
        : `${label} must be greater than ${minimum}`
  }
}

function tooBig(label: string, issue: z.core.$ZodIssueTooBig): string {
  const maximum = Number(issue.maximum)
  switch (issue.origin) {
    case 'string':
      return `${label} must be at most ${maximum} characters`
    case 'array':
      return `${label} must have at most ${maximum} items`
    default:
      return `${label} must be at most ${maximum}`
  }
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer'
    case 'array':
    case 'object':
      return `an ${expected}`
    default:
      return `a ${expected}`
  }
}

function describe(input: unknown, showValue = false): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  if (showValue && (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean')) {
    return JSON.stringify(input)
  }
  return typeof input
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.')
}
