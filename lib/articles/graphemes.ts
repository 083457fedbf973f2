let segmenter: Intl.Segmenter | undefined

/**
 * The grapheme clusters of `text`. The segmenter is built on first use: building it loads ICU's
 * break rules, several milliseconds of a cold start that an instance serving only reads never needs
 * (tests/functions/cold-start-deferred.test.ts).
 */
export function graphemesOf(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' })
  return segmenter.segment(text)
}
