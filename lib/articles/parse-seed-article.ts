import { ValidationError } from './errors.ts'

export interface SeedArticle {
  readonly title: string
  readonly summary: string
  readonly authors: readonly { readonly name: string }[]
  readonly publishedAt: string
  readonly content: string
  readonly contentFormat: 'text'
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Reads an article in the newsroom's plain-text layout: headline, standfirst, byline, a line such
 * as `Publisted at 9:19 AM, Tue Mar 11th, 2025` (sic), then body paragraphs, each block separated
 * by a blank line. A trailing "related news" block is the site's chrome, not the article.
 * The time carries no zone, so `offset` (e.g. `+06:00`) says where the newsroom is.
 */
export function parseSeedArticle(text: string, offset: string): SeedArticle {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '')
  if (blocks.at(-1)?.toLowerCase() === 'related news') blocks.pop()
  const [title, summary, byline, dateline, ...body] = blocks
  if (
    title === undefined ||
    summary === undefined ||
    byline === undefined ||
    dateline === undefined ||
    body.length === 0
  ) {
    throw new ValidationError([
      { path: '', message: 'expected headline, standfirst, byline, dateline and body blocks' },
    ])
  }
  return {
    title,
    summary,
    authors: byline
      .split(/\s*(?:,|\band\b)\s*/)
      .filter((n) => n !== '')
      .map((name) => ({ name })),
    publishedAt: parseDateline(dateline, offset),
    content: body.join('\n\n'),
    contentFormat: 'text',
  }
}

function parseDateline(line: string, offset: string): string {
  const match =
    /(\d{1,2}):(\d{2})\s*([AP]M),\s*\w+\s+(\w{3})\w*\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})/i.exec(line)
  const month = match?.[4] ? months.indexOf(match[4].toLowerCase()) : -1
  if (!match || month < 0 || !/^[+-]\d\d:\d\d$/.test(offset)) {
    throw new ValidationError([{ path: 'publishedAt', message: `cannot read the dateline "${line}"` }])
  }
  const [, h, min, ampm, , day, year] = match
  const hour12 = Number(h) % 12
  const hour = ampm?.toUpperCase() === 'PM' ? hour12 + 12 : hour12
  const pad = (n: number | string) => String(n).padStart(2, '0')
  const date = new Date(Date.UTC(Number(year), month, Number(day), hour, Number(min)))
  const real =
    Number(h) >= 1 &&
    Number(h) <= 12 &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === Number(min)
  if (!real)
    throw new ValidationError([{ path: 'publishedAt', message: `"${line}" is not a real date and time` }])
  return `${year}-${pad(month + 1)}-${pad(day ?? '')}T${pad(hour)}:${min}:00${offset}`
}
