import * as z from 'zod'
import { idMessage } from './article-input-messages.ts'
import { isAbsoluteUrl } from './url-schema.ts'
import { stripForbiddenChars } from './xml-chars.ts'

/**
 * An article id a publisher brings along (an imported item keeps the id readers' apps know it by):
 * an absolute IRI kept exactly as sent, since feed readers compare ids as strings. http(s) ids must
 * name a host; nothing XML forbids, no whitespace, none of the characters RFC 3987 excludes.
 */
export const maxIdLength = 2048
export const idSchema = z
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
