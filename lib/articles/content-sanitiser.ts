import sanitizeHtml from 'sanitize-html'
import type { ContentFormat } from './article.ts'
import { stripForbiddenChars } from './xml-chars.ts'

function words(list: string): string[] {
  return list.trim().split(/\s+/)
}

/** Attributes that hold a URL (srcset holds several): each is made absolute or dropped. */
const urlAttributes = new Set(['href', 'src', 'poster', 'cite'])
const allowedProtocols = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/** Newsroom markup. `h1` is the article title's, so a heading in the body becomes an `h2`. */
const allowedTags = words(`
  p br h2 h3 h4 h5 h6 strong em b i u s del ins sub sup blockquote q cite ul ol li dl dt dd
  a img picture source video audio figure figcaption pre code kbd samp var hr
  table caption thead tbody tfoot tr th td abbr time span div small mark wbr
`)

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {
    '*': ['title', 'lang', 'dir'],
    a: ['href', 'rel', 'hreflang'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
    source: ['src', 'srcset', 'sizes', 'type', 'media'],
    video: ['src', 'poster', 'width', 'height', 'controls', 'loop', 'muted', 'playsinline'],
    audio: ['src', 'controls', 'loop', 'muted'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'datetime'],
    ins: ['cite', 'datetime'],
    time: ['datetime'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    code: ['class'],
  },
  // Markdown code fences carry their language, which highlighters read.
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
  allowProtocolRelative: false,
  parseStyleAttributes: false,
  disallowedTagsMode: 'discard',
  // Disallowed tags whose text is not prose: dropped with everything inside.
  nonTextTags: words(
    'script style textarea option select noscript noembed noframes template title head iframe object svg math xmp',
  ),
  selfClosing: ['img', 'br', 'hr', 'source', 'wbr'],
}

/**
 * Renders the publisher's content as the HTML feeds and pages show: sanitised against a newsroom
 * allowlist, with every URL made absolute against `baseUrl` (the article's permalink) so it still works
 * inside a feed reader. Markdown goes through `markdownToHtml` first (render-content.ts), and since
 * it may carry raw HTML its output goes through the same sanitiser. The Markdown renderer is passed
 * in, not imported, so that a write of HTML or text never loads it (markdown-it and linkify-it, most
 * of the renderer's bytes; build-article.ts).
 */
export function renderContentWith(
  content: string,
  format: ContentFormat,
  baseUrl: string,
  markdownToHtml?: (markdown: string) => string,
): string {
  const input = stripForbiddenChars(content)
  // Text needs no sanitiser: it becomes escaped text in `p` and `br`, byte for byte what the
  // sanitiser would make of it, without a second parse of what can be 350,000 characters.
  if (format === 'text') return textToHtml(input).trim()
  let html = input
  if (format === 'markdown') {
    if (markdownToHtml === undefined)
      throw new Error('Markdown content needs its renderer (render-content.ts)')
    html = markdownToHtml(input)
  }
  const safe = sanitizeHtml(html, { ...sanitizeOptions, transformTags: transformsFor(baseUrl) })
  // Character references such as `&#1;` decode to characters XML forbids.
  return stripForbiddenChars(safe).trim()
}

function transformsFor(baseUrl: string): sanitizeHtml.IOptions['transformTags'] {
  return {
    h1: 'h2',
    '*': (tagName, attribs) => ({ tagName, attribs: absolutizeUrls(attribs, baseUrl) }),
  }
}

function absolutizeUrls(attribs: sanitizeHtml.Attributes, baseUrl: string): sanitizeHtml.Attributes {
  const result: sanitizeHtml.Attributes = {}
  for (const [name, value] of Object.entries(attribs)) {
    const resolved = urlAttributes.has(name)
      ? resolveUrl(value, baseUrl)
      : name === 'srcset'
        ? resolveSrcset(value, baseUrl)
        : value
    if (resolved !== undefined) result[name] = resolved
  }
  return result
}

/** The absolute URL, or undefined when it does not parse or uses a scheme we do not allow. */
function resolveUrl(value: string, baseUrl: string): string | undefined {
  try {
    const url = new URL(value.trim(), baseUrl)
    return allowedProtocols.has(url.protocol) ? url.href : undefined
  } catch {
    return undefined
  }
}

/** `a.jpg 1x, b.jpg 2x` with each URL resolved; candidates that do not resolve are left out. */
function resolveSrcset(value: string, baseUrl: string): string | undefined {
  const candidates: string[] = []
  for (const candidate of splitSrcset(value)) {
    const url = resolveUrl(candidate.url, baseUrl)
    if (url !== undefined) candidates.push(candidate.descriptor ? `${url} ${candidate.descriptor}` : url)
  }
  return candidates.length > 0 ? candidates.join(', ') : undefined
}

/** Splits a srcset the way HTML does: a URL runs to whitespace (a trailing comma ends it), then descriptors to a comma. */
function splitSrcset(value: string): { url: string; descriptor: string }[] {
  const candidates: { url: string; descriptor: string }[] = []
  let i = 0
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value.charAt(i))) i++
    if (i >= value.length) break
    const urlStart = i
    while (i < value.length && !/\s/.test(value.charAt(i))) i++
    let url = value.slice(urlStart, i)
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '')
      candidates.push({ url, descriptor: '' })
      continue
    }
    const descriptorStart = i
    let depth = 0
    while (i < value.length) {
      const c = value.charAt(i)
      if (c === '(') depth++
      else if (c === ')') depth = Math.max(0, depth - 1)
      else if (c === ',' && depth === 0) break
      i++
    }
    candidates.push({ url, descriptor: value.slice(descriptorStart, i).trim() })
    i++
  }
  return candidates
}

/** Paragraphs on blank lines, line breaks on single newlines, everything else is text (escaped). */
function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(trimBlanks).map(escapeText).join('<br />')}</p>`)
    .join('\n')
}

/**
 * `line` without spaces and tabs at either end. A loop, not a regular expression around the line
 * break: on a long run of spaces that backtracks from every position in the run, in time that grows
 * with the square of its length (350,000 spaces took minutes).
 */
function trimBlanks(line: string): string {
  let start = 0
  let end = line.length
  while (start < end && (line[start] === ' ' || line[start] === '\t')) start++
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--
  return line.slice(start, end)
}

/** Escaped as the sanitiser escapes text (quotes stay as they are). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
