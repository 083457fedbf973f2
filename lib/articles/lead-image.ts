import type { ArticleImage } from './article.ts'

/** A media type as the article input admits it: lowercase `type/subtype`, such as `image/jpeg`. */
export const mediaTypePattern = /^[a-z]+\/[a-z0-9.+-]+$/

/**
 * The lead image as feeds and pages may state it: `type` only when it is a media type, `length` only
 * when it is a whole number of bytes above zero. A stored value that never passed the input's checks
 * then never reaches a reader as a claim about the file (an enclosure with a wrong type or size is
 * one a podcast or media reader refuses).
 */
export function leadImage(image: ArticleImage): ArticleImage {
  const { url, alt, type, length } = image
  return {
    url,
    alt,
    ...(type !== undefined && mediaTypePattern.test(type) ? { type } : {}),
    ...(length !== undefined && Number.isSafeInteger(length) && length > 0 ? { length } : {}),
  }
}
