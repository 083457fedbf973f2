import { parseEntityTags } from './parse-entity-tags.ts'
import { z } from './zod-openapi.ts'

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
