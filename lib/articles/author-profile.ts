import * as z from 'zod'
import { absoluteUrlSchema } from './url-schema.ts'
import { stripForbiddenChars } from './xml-chars.ts'

/** Characters of a bio: a paragraph or two of plain text. */
export const maxBioLength = 1000

/**
 * What an author's page and feeds say of them beyond the byline's name, set through
 * `PUT /api/authors/{slug}`. Every field optional; plain text and https URLs only.
 */
export interface AuthorProfile {
  readonly bio?: string
  /** The author's own site (https). */
  readonly url?: string
  /** An image of the author (https). */
  readonly avatar?: string
}

/** A stored profile: the fields and the version each write moves on (its ETag), with the time of the write. */
export interface StoredAuthorProfile extends AuthorProfile {
  readonly version: number
  readonly updatedAt: string
}

/** The input of a profile write: unknown fields refused, text cleaned, URLs https only. */
export const authorProfileInput = z
  .strictObject({
    bio: z
      .string()
      .overwrite((s) => stripForbiddenChars(s).replace(/\r\n?/g, '\n').trim())
      .max(maxBioLength)
      .optional()
      .meta({ description: `Plain text (no markup), at most ${maxBioLength} characters.` }),
    url: absoluteUrlSchema(['https:'], "The author's own site.").optional(),
    avatar: absoluteUrlSchema(['https:'], 'An image of the author, shown on their page.').optional(),
  })
  .meta({ id: 'AuthorProfileInput' })
