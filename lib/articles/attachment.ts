import { mediaTypePattern } from './lead-image.ts'

/**
 * A file an article carries besides its lead image: an episode's audio, a video, a transcript, a
 * PDF. `type` is the MIME type the publisher declares, never guessed from the URL's extension: it
 * decides how feeds and the page present the file.
 */
export interface Attachment {
  /** An https URL. */
  readonly url: string
  /** Lowercase `type/subtype`, e.g. `audio/mpeg`, `video/mp4`. */
  readonly type: string
  /** Size in bytes, when known (RSS enclosure `length`, JSON Feed `size_in_bytes`). */
  readonly length?: number
  /** Duration in seconds, when known (JSON Feed `duration_in_seconds`, `itunes:duration`). */
  readonly duration?: number
  readonly title?: string
}

/** At most this many attachments on one article. */
export const maxAttachments = 10

/** What kind of file the declared type says: how the page and feeds present it. */
export type AttachmentKind = 'audio' | 'video' | 'image' | 'transcript' | 'document'

/** MIME types the Podcasting 2.0 `podcast:transcript` tag names. */
const transcriptTypes = new Set(['text/vtt', 'application/x-subrip', 'application/srt', 'text/srt'])

export function attachmentKind(type: string): AttachmentKind {
  if (transcriptTypes.has(type)) return 'transcript'
  const top = type.slice(0, type.indexOf('/'))
  return top === 'audio' || top === 'video' || top === 'image' ? top : 'document'
}

/** Audio and video: what RSS's single `<enclosure>` and the page's players carry. */
export function isPlayable(attachment: Pick<Attachment, 'type'>): boolean {
  const kind = attachmentKind(attachment.type)
  return kind === 'audio' || kind === 'video'
}

/**
 * The attachments readers may be told about: only https URLs with a well-formed type, `length` a
 * whole number of bytes, `duration` a finite number of seconds above zero. A stored value that
 * never passed the input's checks then never reaches a reader as a claim about the file.
 */
export function publicAttachments(attachments: readonly Attachment[] | undefined): Attachment[] {
  if (attachments === undefined) return []
  return attachments.flatMap((attachment) => {
    const { url, type, length, duration, title } = attachment
    if (!url.startsWith('https://') || !mediaTypePattern.test(type)) return []
    return [
      {
        url,
        type,
        ...(length !== undefined && Number.isSafeInteger(length) && length >= 0 ? { length } : {}),
        ...(duration !== undefined && Number.isFinite(duration) && duration > 0 ? { duration } : {}),
        ...(title !== undefined && title !== '' ? { title } : {}),
      },
    ]
  })
}

/** The first audio or video attachment: the one RSS's `<enclosure>` names (RSS allows one). */
export function firstPlayable(attachments: readonly Attachment[]): Attachment | undefined {
  return attachments.find(isPlayable)
}
