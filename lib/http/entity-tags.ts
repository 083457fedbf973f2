import { z } from '@hono/zod-openapi'

/** One list member of RFC 9110 §8.8.3: `W/` optional, then a quoted string of etagc, then `,` or the end. */
const listMember = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/y

/**
 * The tags of an `If-Match` or `If-None-Match` header: `['*']`, or each tag's opaque value. Weak tags
 * are left out when `strongOnly` (If-Match compares strongly, so a weak tag can never match). A
 * header that is neither `*` nor a list of entity tags is a problem to report, never a silent mismatch.
 */
export function parseEntityTags(
  header: string,
  strongOnly: boolean,
): string[] | { readonly problem: string } {
  if (header.trim() === '*') return ['*']
  if (header.trim() === '') return { problem: 'is empty: send "*" or the entity tags' }
  const tags: string[] = []
  listMember.lastIndex = 0
  while (listMember.lastIndex < header.length) {
    const start = listMember.lastIndex
    const match = listMember.exec(header)
    if (match === null || listMember.lastIndex === start) {
      return { problem: 'must be "*" or a list of quoted entity tags, as the ETag header gave them' }
    }
    if (!(strongOnly && match[1] !== undefined)) tags.push(match[2] ?? '')
  }
  return tags
}

/** A precondition header as a request schema: the raw text in the document, the parsed tags in the handler. */
function entityTagsHeader(strongOnly: boolean) {
  return z.string().transform((header, ctx) => {
    const tags = parseEntityTags(header, strongOnly)
    if (Array.isArray(tags)) return tags
    ctx.issues.push({ code: 'custom', message: tags.problem, input: header })
    return z.NEVER
  })
}

/** `If-Match` of a write: compared strongly, so a weak tag never matches. */
export const ifMatchHeader = entityTagsHeader(true)
  .optional()
  .openapi('IfMatch', {
    param: {
      name: 'If-Match',
      in: 'header',
      description:
        'The `ETag` the change is based on (or `*`: any current version); 412 when the article moved on.',
    },
    examples: ['"2-Qm9uam91cg8Ab3Zl"'],
  })

/** `If-None-Match` of a write: `*` to create only, or the tags the current version must not have. */
export const ifNoneMatchHeader = entityTagsHeader(false)
  .optional()
  .openapi('IfNoneMatch', {
    param: {
      name: 'If-None-Match',
      in: 'header',
      description:
        '`*`: only create, 412 when the slug is taken; or entity tags: 412 when the current version has one of them.',
    },
    examples: ['*'],
  })
