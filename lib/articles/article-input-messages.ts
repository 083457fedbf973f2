import type * as z from 'zod'
import type { Issue } from './errors.ts'

/*
 * The wording of every input problem, in one place. The schemas say what is valid; this module says
 * what a publisher reads when something is not: zod's issues become `{ path, message }` with the
 * field named first (`title is required`, `authors.1.name must not be empty`).
 */

// Messages of our own checks read after the field's path: `publishedAt must be …`.
export const slugMessage =
  'must be lowercase letters (any script, NFC), marks and digits in words joined by single hyphens, at most 240 bytes of UTF-8, e.g. world-news or বাংলাদেশ-নির্বাচন'
export const mixedScriptSlugMessage =
  'must not mix scripts within one word (a Cyrillic о among Latin letters, say): write each word in one script, or separate them with hyphens'
export const idMessage =
  'must be an absolute IRI such as urn:uuid:… or https://example.com/posts/1, kept exactly as given'
export const languageMessage = 'must be a BCP 47 language tag such as bn, ar or en-GB'
export const invisibleMessage = 'must show some text, not only invisible characters'
export const emptyContentMessage = 'must not be empty'
export const mimeTypeMessage = 'must be a MIME type such as image/jpeg'
export const publishedAtFormatMessage =
  'must be an RFC 3339 date-time with an offset, e.g. 2025-03-11T09:19:00+06:00'
export const yearsMessage = 'must be in the years 1970 to 9999'

export function absoluteUrlMessage(protocols: readonly string[]): string {
  return `must be an absolute ${protocols.map((p) => p.replace(/:$/, '')).join(' or ')} URL`
}

export function categorySlugMessage(category: unknown): string {
  return typeof category === 'string'
    ? `has no letters or digits to make a slug from: send { "slug": "…", "name": "${category}" }`
    : 'has no letters or digits in its name to make a slug from: give it a slug'
}

/** Shaped like RFC 3339 with an offset, whatever the values: tells a wrong format from a wrong date. */
const dateTimeShape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/

/** Why zod's ISO date-time check refused `value`: not the format at all, an offset no zone has, or no such moment. */
export function dateTimeMessage(value: unknown): string {
  const text = typeof value === 'string' ? value : ''
  const shape = dateTimeShape.exec(text)
  if (shape === null) return publishedAtFormatMessage
  if (Number(shape[1] ?? 0) > 23 || Number(shape[2] ?? 0) > 59) return `has an impossible offset: ${text}`
  return `is not a real date and time: ${text}`
}

export function instantRangeMessage(value: string, instant: number): string {
  return `must be in the years 1970 to 9999 in UTC; ${value} is ${new Date(instant).toISOString()}`
}

/** Most issues listed in one response: a body with 100,000 unknown keys must not get a 5 MB answer. */
export const maxIssues = 100

/**
 * zod's issues as ours, at most {@link maxIssues} and then one summary. `input` is the value that
 * was parsed: zod leaves it out of its issues unless asked, and the messages show what was sent.
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], input: unknown): Issue[] {
  const ours = issues.flatMap((issue) => toIssues(issue, [], input))
  if (ours.length <= maxIssues) return ours
  return [
    ...ours.slice(0, maxIssues),
    { path: '', message: `and ${ours.length - maxIssues} more problems of the same kinds: fix these first` },
  ]
}

type ZodIssue = z.core.$ZodIssue

function toIssues(issue: ZodIssue, prefix: readonly PropertyKey[], root: unknown): Issue[] {
  const path = [...prefix, ...issue.path]
  const label = dotted(path) || 'the body'
  switch (issue.code) {
    case 'invalid_type': {
      const input = valueAt(root, path)
      if (input === undefined) return [{ path: dotted(path), message: `${label} is required` }]
      if (issue.expected === 'int' && typeof input === 'number') {
        return [{ path: dotted(path), message: `expected an integer, got ${input}` }]
      }
      return [
        { path: dotted(path), message: `expected ${expectedName(issue.expected)}, got ${describe(input)}` },
      ]
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: dotted([...path, key]), message: `unknown field "${key}"` }))
    case 'invalid_value':
      return [
        {
          path: dotted(path),
          message: `${label} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(valueAt(root, path), true)}`,
        },
      ]
    case 'too_small':
      return [{ path: dotted(path), message: tooSmall(label, issue) }]
    case 'too_big':
      return [{ path: dotted(path), message: tooBig(label, issue) }]
    case 'invalid_union':
      return unionIssues(issue, path, label, root)
    default:
      // Our own checks (formats, refinements) word their message to follow the field's path.
      return [{ path: dotted(path), message: `${label} ${issue.message}` }]
  }
}

/**
 * A category is a string or an object: report the problems of the alternative whose type matched
 * (`categories.1.name is required`), or, when none did, that neither did.
 */
function unionIssues(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  label: string,
  root: unknown,
): Issue[] {
  const typeMismatch = (i: ZodIssue) => i.code === 'invalid_type' && i.path.length === 0
  const matching = issue.errors.filter((errors) => !errors.some(typeMismatch))
  const [only] = matching
  if (matching.length === 1 && only !== undefined) return only.flatMap((i) => toIssues(i, path, root))
  const expected = issue.errors.flatMap((errors) =>
    errors.flatMap((i) =>
      i.code === 'invalid_type' && i.path.length === 0 ? [expectedName(i.expected)] : [],
    ),
  )
  const message =
    expected.length > 0
      ? `expected ${expected.join(' or ')}, got ${describe(valueAt(root, path))}`
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

/** The value at `path` in what was sent; own properties only, so `__proto__` is never followed. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    const property = Object.getOwnPropertyDescriptor(current, key)
    if (property === undefined) return undefined
    current = property.value
  }
  return current
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.')
}
