import * as z from 'zod'
import { invisibleMessage } from './article-input-messages.ts'
import { isInvisible } from './visible-text.ts'
import { stripForbiddenChars } from './xml-chars.ts'

/** One line of plain text: forbidden characters removed, runs of whitespace (newlines too) made one space. */
export const singleLine = (s: string): string => stripForbiddenChars(s).replace(/\s+/g, ' ').trim()

/** A required line of text: it must show something, not only spaces or zero-width characters. */
export const visibleLine = (max: number) =>
  z
    .string()
    .overwrite(singleLine)
    .min(1, { abort: true })
    .max(max)
    .refine((s) => !isInvisible(s), { error: invisibleMessage })
