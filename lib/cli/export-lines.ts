import { CliError } from './cli-error.ts'
import type { ParsedExport } from './parse-source.ts'
import { isRecord } from './source-fields.ts'

/** Each non-blank line an exported article (an object with a string `slug` and `title`), or undefined. */
export function exportLines(label: string, text: string): ParsedExport['articles'] | undefined {
  const first = text.trimStart()
  if (!first.startsWith('{')) return undefined
  const articles: { origin: string; body: Record<string, unknown> }[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      // One JSON document over several lines is not an export; a broken line in an export is named.
      if (articles.length === 0) return undefined
      throw new CliError(`${label} line ${index + 1} is not JSON: is the export complete?`)
    }
    if (!isRecord(value) || typeof value.slug !== 'string' || typeof value.title !== 'string') {
      if (articles.length === 0) return undefined
      throw new CliError(`${label} line ${index + 1} is not an exported article (no slug and title)`)
    }
    articles.push({ origin: `${label} line ${index + 1}`, body: value })
  }
  return articles.length > 0 ? articles : undefined
}
