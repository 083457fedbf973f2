import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import matter from 'gray-matter'
import { parse as parseYaml } from 'yaml'
import { ValidationError } from '../articles/errors.ts'
import { parseSeedArticle } from '../articles/parse-seed-article.ts'
import { slugify } from '../articles/slug.ts'
import { CliError } from './cli-error.ts'

/** An article file read and turned into the API's JSON, before anything is sent. */
export interface ArticleFile {
  readonly file: string
  readonly slug: string
  /** The article as the API takes it, slug included. */
  readonly body: Readonly<Record<string, unknown>>
  /** Front matter keys that mean nothing here (a static site generator's `layout`, say). */
  readonly ignored: readonly string[]
}

export interface ReadArticleOptions {
  readonly cwd: string
  /** For files that do not say: the API's default (`draft`) when undefined. */
  readonly status?: 'draft' | 'published'
  /** `±hh:mm`: where the newsroom is, for the wire layout's dateline, which has no zone. */
  readonly utcOffset?: string
}

/** Front matter keys of the API, and the names static site generators give the same things. */
const frontMatterKeys: Readonly<Record<string, string>> = {
  id: 'id',
  title: 'title',
  slug: 'slug',
  summary: 'summary',
  description: 'summary',
  excerpt: 'summary',
  categories: 'categories',
  tags: 'categories',
  authors: 'authors',
  author: 'authors',
  publishedAt: 'publishedAt',
  date: 'publishedAt',
  status: 'status',
  draft: 'status',
  image: 'image',
  language: 'language',
  lang: 'language',
  attachments: 'attachments',
  audio: 'attachments',
  video: 'attachments',
  podcast: 'attachments',
}

/** Fields of the API's article JSON that the site assigns; a file saved from a GET may carry them. */
const assignedFields = ['url', 'contentHtml', 'createdAt', 'updatedAt', 'version']

/**
 * Reads one file to publish: Markdown with YAML front matter (`.md`, `.markdown`), the API's JSON
 * (`.json`), or the newsroom's plain-text wire layout (anything else: headline, standfirst,
 * byline, dateline, body). A file that cannot be read as such is a {@link CliError} naming it.
 */
export async function readArticleFile(file: string, options: ReadArticleOptions): Promise<ArticleFile> {
  let text: string
  try {
    text = await readFile(resolve(options.cwd, file), 'utf8')
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}`, {
      cause: error,
    })
  }
  const extension = extname(file).toLowerCase()
  const { body, ignored } =
    extension === '.md' || extension === '.markdown'
      ? fromMarkdown(file, text)
      : extension === '.json'
        ? { body: fromJson(file, text), ignored: [] }
        : { body: fromWire(file, text, options.utcOffset), ignored: [] }
  const withStatus = body.status === undefined && options.status ? { ...body, status: options.status } : body
  const slug = typeof withStatus.slug === 'string' ? withStatus.slug : slugify(stringOf(withStatus.title))
  if (slug === '') {
    throw new CliError(`${file}: no slug, and none can be made from its title: give one ("slug: …")`)
  }
  return { file, slug, body: { ...withStatus, slug }, ignored }
}

function fromMarkdown(file: string, text: string): { body: Record<string, unknown>; ignored: string[] } {
  let parsed: { data: Record<string, unknown>; content: string }
  try {
    parsed = matter(text, {
      // YAML 1.2 core schema: `date: 2025-03-11T09:19:00+06:00` stays the string written, offset and all.
      engines: {
        yaml: (source: string) => toRecord(parseYaml(source)),
        // gray-matter would eval a `---js` block: a file to publish must never run code.
        javascript: refuseCode,
        js: refuseCode,
        coffee: refuseCode,
        coffeescript: refuseCode,
      },
    })
  } catch (error) {
    throw new CliError(`${file}: the front matter is not valid YAML: ${firstLine(error)}`, { cause: error })
  }
  const body: Record<string, unknown> = {}
  const ignored: string[] = []
  for (const [key, value] of Object.entries(parsed.data)) {
    const field = frontMatterKeys[key]
    if (field === undefined) ignored.push(key)
    else if (field === 'attachments') {
      body.attachments = [...asList(body.attachments), ...mediaValues(file, key, value)]
    } else if (body[field] === undefined) body[field] = frontMatterValue(field, value)
    else if (field === 'categories') body[field] = [...asList(body[field]), ...asList(value)]
  }
  let content = parsed.content.replace(/^\s*\n/, '').trimEnd()
  if (body.title === undefined) {
    // No title in the front matter: a leading `# Heading` is the title, not part of the body.
    const heading = /^#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(content)
    if (heading?.[1] !== undefined) {
      body.title = heading[1]
      content = content.slice(heading[0].length).replace(/^\s*\n/, '')
    }
  }
  return { body: { ...body, content, contentFormat: 'markdown' }, ignored }
}

/** Front matter values in the API's shapes: a lone string where a list goes, `draft: true` as a status. */
function frontMatterValue(field: string, value: unknown): unknown {
  switch (field) {
    case 'status':
      return typeof value === 'boolean' ? (value ? 'draft' : 'published') : value
    case 'categories':
      return asList(value)
    case 'authors':
      return asList(value).map((author) => (typeof author === 'string' ? { name: author } : author))
    case 'image':
      return typeof value === 'string' ? { url: value, alt: '' } : value
    default:
      return value
  }
}

/**
 * `audio:` and `video:` (one or a list), and `attachments:`, as the API's attachments. A file's type
 * is the MIME type it is served with and is never guessed from its extension: `audio:` and `video:`
 * need one (`{ url, type }`), of their kind.
 */
function mediaValues(file: string, key: string, value: unknown): unknown[] {
  const values = asList(value)
  if (key === 'attachments') return values
  const kind = key === 'video' ? 'video' : 'audio'
  return values.map((entry) => {
    const example = `${key}: { url: https://…, type: ${kind === 'audio' ? 'audio/mpeg' : 'video/mp4'}, length: 12345678, duration: 1500 }`
    if (typeof entry === 'string' || (entry !== null && typeof entry === 'object' && !('type' in entry))) {
      throw new CliError(
        `${file}: ${key} needs the MIME type the file is served with (it is never guessed from the extension): ${example}`,
      )
    }
    if (entry !== null && typeof entry === 'object' && 'type' in entry) {
      const type = typeof entry.type === 'string' ? entry.type.trim().toLowerCase() : ''
      if (!type.startsWith(`${kind}/`)) {
        throw new CliError(
          `${file}: ${key} is of type "${String(entry.type)}", not ${kind}/…: list it under attachments`,
        )
      }
    }
    return entry
  })
}

function fromJson(file: string, text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${firstLine(error)}`, { cause: error })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${file}: expected one article as a JSON object`)
  }
  return Object.fromEntries(Object.entries(value).filter(([key]) => !assignedFields.includes(key)))
}

function fromWire(file: string, text: string, utcOffset: string | undefined): Record<string, unknown> {
  if (utcOffset === undefined) {
    throw new CliError(
      `${file}: the wire layout's dateline has no time zone: say where the newsroom is with --utc-offset (e.g. +06:00)`,
    )
  }
  try {
    return { ...parseSeedArticle(text, utcOffset) }
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new CliError(`${file} is not an article in the wire layout: ${error.message}`, { cause: error })
    }
    throw error
  }
}

function refuseCode(): never {
  throw new Error('front matter that runs code (---js, ---coffee) is not accepted: use YAML')
}

function toRecord(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('expected keys and values')
  return Object.fromEntries(Object.entries(value))
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
