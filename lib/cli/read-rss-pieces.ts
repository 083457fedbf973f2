import { createReadStream } from 'node:fs'
import { CliError } from './cli-error.ts'
import { isWxr } from './parse-wxr.ts'
import { decoderFor, type SourceDocument } from './read-source.ts'

/*
 * An RSS file too large to be one string (V8's longest is 2^29 − 24 characters, 512 MiB; a
 * 100,000-post archive is about 640 MB) is read in pieces: the channel's header (everything before
 * the first `<item>`), then the items, cut after each `</item>` outside CDATA sections and comments,
 * as documents of the header and about `pieceChars` of whole items, each parsed by the same parser as
 * a whole file. Memory holds one piece at a time, plus the parsed items.
 */

export interface PieceOptions {
  /** Items of about this many characters make one piece (default 16 Mi). */
  readonly pieceChars?: number
  /** The longest header and the longest item, in characters (default 64 Mi each). */
  readonly maxItemChars?: number
}

const itemStart = /<item[\s>]/
const closeChannel = '\n</channel>\n</rss>\n'

/** The pieces of the RSS file at `path`, in order. A file that is not RSS (or is WXR) is refused, naming it. */
export async function* readRssPieces(
  path: string | URL,
  doc: { readonly label: string; readonly url: string },
  options: PieceOptions = {},
): AsyncGenerator<SourceDocument> {
  const pieceChars = options.pieceChars ?? 16 * 2 ** 20
  const maxItemChars = options.maxItemChars ?? 64 * 2 ** 20
  let decoder: InstanceType<typeof TextDecoder> | undefined
  let header: string | undefined
  let text = ''
  // Where the scan for the end of the current item resumes, and the items waiting in `text`.
  let scanned = 0
  let cut = 0
  let items = 0
  let firstItem = 0
  const piece = (tail: string): SourceDocument => {
    const result = {
      label: doc.label,
      url: doc.url,
      text: `${header}${text.slice(0, cut)}${tail}`,
      firstItem,
    }
    text = text.slice(cut)
    scanned -= cut
    cut = 0
    firstItem = items
    return result
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 2 ** 20 }) as AsyncIterable<Buffer>) {
    if (decoder === undefined) {
      const found = decoderFor(chunk, undefined)
      decoder = found.decoder
      text = decoder.decode(chunk.subarray(found.skip), { stream: true })
    } else text += decoder.decode(chunk, { stream: true })
    if (header === undefined) {
      const start = itemStart.exec(text)?.index
      if (start === undefined) {
        if (text.length > maxItemChars) throw tooLarge(doc.label, 'its channel header', maxItemChars)
        continue
      }
      header = text.slice(0, start).replace(/^\uFEFF/, '')
      if (!/<rss[\s>]/.test(header) || isWxr(header)) {
        throw new CliError(
          `${doc.label} is too large to read whole; only an RSS feed (not a WordPress export) is read in pieces: split it`,
        )
      }
      text = text.slice(start)
    }
    for (;;) {
      const end = itemEnd(text, scanned)
      if (end === undefined) break
      if (end - scanned > maxItemChars) throw tooLarge(doc.label, `item ${items + 1}`, maxItemChars)
      scanned = end
      cut = end
      items++
    }
    if (text.length - cut > maxItemChars) throw tooLarge(doc.label, `item ${items + 1}`, maxItemChars)
    if (cut >= pieceChars) yield piece(closeChannel)
  }
  if (header === undefined)
    throw new CliError(`${doc.label} is too large to read whole and holds no RSS items`)
  text += decoder?.decode() ?? ''
  // The last piece ends as the file does (the channel's closing tags, and whatever comes after the items).
  cut = text.length
  yield piece('')
}

const marks = /<!\[CDATA\[|<!--|<\/item>/g

/** The index just past the `</item>` that ends the item `text` holds from `from`, skipping CDATA and comments. */
function itemEnd(text: string, from: number): number | undefined {
  marks.lastIndex = from
  for (;;) {
    const mark = marks.exec(text)
    if (mark === null) return undefined
    if (mark[0] === '</item>') return marks.lastIndex
    const stop = text.indexOf(mark[0] === '<!--' ? '-->' : ']]>', marks.lastIndex)
    if (stop === -1) return undefined
    marks.lastIndex = stop + 3
  }
}

function tooLarge(label: string, what: string, limit: number): CliError {
  return new CliError(`${label}: ${what} is larger than the import reads (${limit} characters)`)
}
