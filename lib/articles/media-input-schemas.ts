import * as z from 'zod'
import { mimeTypeMessage } from './article-input-messages.ts'
import { singleLine } from './text-line-schemas.ts'
import { absoluteUrlSchema } from './url-schema.ts'

/** A MIME type as sent (`type/subtype`), stored lowercase. */
const mimeTypeSchema = () =>
  z
    .string()
    .overwrite((s) => singleLine(s).toLowerCase())
    .max(100)
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: mimeTypeMessage })

/** The lead image a publisher sends. */
export const imageSchema = z
  .strictObject({
    url: absoluteUrlSchema(['https:'], 'The image, served over https.'),
    alt: z
      .string()
      .overwrite(singleLine)
      .max(1000)
      .meta({ description: 'Text that stands for the image; empty for a purely decorative one.' }),
    type: mimeTypeSchema()
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

/** A file an article carries, as a publisher sends it. */
export const attachmentSchema = z
  .strictObject({
    url: absoluteUrlSchema(['https:'], 'The file, served over https.'),
    type: mimeTypeSchema().meta({
      description:
        'The MIME type the file is served with: it decides how feeds and the page present it (audio/* and video/* are played), never the extension.',
      examples: ['audio/mpeg', 'video/mp4', 'text/vtt'],
    }),
    length: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .meta({ description: 'Size in bytes (RSS enclosure `length`, JSON Feed `size_in_bytes`).' })
      .optional(),
    duration: z
      .number()
      .positive()
      .max(1_000_000)
      .meta({ description: 'Duration in seconds (JSON Feed `duration_in_seconds`, `itunes:duration`).' })
      .optional(),
    title: z
      .string()
      .overwrite(singleLine)
      .max(300)
      .meta({ description: 'What the file is, plain text.', examples: ['Episode 12 (MP3)'] })
      .optional(),
  })
  .meta({
    description: 'A file the article carries: audio, video, a transcript, a document.',
    examples: [
      {
        url: 'https://news.example.com/media/ep12.mp3',
        type: 'audio/mpeg',
        length: 24_000_000,
        duration: 1500,
      },
    ],
  })
