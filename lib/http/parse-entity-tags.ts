// Apart from the header schemas (entity-tags.ts) so that the public app, which reads If-None-Match, bundles no zod.

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
