import type { SourceImage, SourceMedia } from './parse-source.ts'
import type { WarningKind } from './plan-items.ts'

/*
 * An item's lead image and its audio, video and other files as the API takes them: https only,
 * each one dropped a note naming it.
 */

type Warn = (kind: WarningKind, detail: string) => void

/** The image as the API's `image`, or undefined (with a note) when it is not https. */
export function planImage(image: SourceImage, warn: Warn): Readonly<Record<string, unknown>> | undefined {
  if (!image.url.startsWith('https:')) {
    warn('image-not-https', `image ${image.url} dropped: the site takes https images only`)
    return undefined
  }
  return {
    url: image.url,
    alt: image.alt ?? '',
    ...(image.type !== undefined && { type: image.type }),
    ...(image.length !== undefined && { length: image.length }),
  }
}

const maxAttachments = 10

/**
 * An item's audio, video and other files as the API's attachments: https only, and only with the
 * MIME type the source declares (never guessed from the extension). Each one dropped is a note
 * naming it, as dropped images are.
 */
export function planAttachments(media: readonly SourceMedia[], warn: Warn): Record<string, unknown>[] {
  const kept: Record<string, unknown>[] = []
  for (const file of media) {
    const what = file.medium ?? file.type?.split('/')[0] ?? 'file'
    if (!file.url.startsWith('https:')) {
      warn('media-not-https', `${what} ${file.url} dropped: the site takes https files only`)
    } else if (file.type === undefined || !/^[a-z]+\/[a-z0-9.+-]+$/.test(file.type)) {
      warn('media-no-type', `${what} ${file.url} dropped: the source declares no MIME type for it`)
    } else if (kept.length >= maxAttachments) {
      warn('media-cut', `${file.url} dropped: at most ${maxAttachments} files an article`)
    } else {
      kept.push({
        url: file.url,
        type: file.type,
        ...(file.length !== undefined && Number.isSafeInteger(file.length) && { length: file.length }),
        ...(file.duration !== undefined && Number.isFinite(file.duration) && { duration: file.duration }),
        ...(file.title !== undefined && { title: file.title.slice(0, 300) }),
      })
    }
  }
  return kept
}
