import type { ContentFormat } from './article.ts'
import { renderContentWith } from './content-sanitiser.ts'
import { ValidationError } from './errors.ts'
import { MarkdownLimitError, renderMarkdown } from './render-markdown.ts'

/**
 * Renders the publisher's content as the HTML feeds and pages show, in any format: sanitised against
 * a newsroom allowlist, every URL absolute against `baseUrl` (content-sanitiser.ts), Markdown
 * rendered first. Markdown nested past the renderer's own bound is a {@link ValidationError} naming
 * `content`.
 */
export function renderContent(content: string, format: ContentFormat, baseUrl: string): string {
  return renderContentWith(content, format, baseUrl, markdownToHtml)
}

/** The HTML of Markdown `text`, before sanitising; past the renderer's bounds a ValidationError. */
export function markdownToHtml(text: string): string {
  try {
    return renderMarkdown(text)
  } catch (error) {
    if (error instanceof MarkdownLimitError) {
      throw new ValidationError([{ path: 'content', message: error.message }], { cause: error })
    }
    throw error
  }
}
