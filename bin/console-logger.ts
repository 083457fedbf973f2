import type { AppLogger } from '../lib/http/app-deps.ts'

/**
 * Control characters (and the line and paragraph separators) as `\u` escapes: a request path is
 * whatever a client sent, and written raw it could move the cursor, recolour or clear the terminal
 * of whoever runs `npm start`, or forge a log line.
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** The request log of `npm start`: one readable line per request, errors with their stack. */
export function createConsoleLogger(
  out: (line: string) => void = (line) => console.log(line),
  err: (line: string, error: unknown) => void = (line, error) => console.error(line, error),
): AppLogger {
  return {
    request: (e) => out(`${printable(e.method)} ${printable(e.path)} ${e.status} ${e.durationMs}ms`),
    error: (error, ctx) => err(`${printable(ctx.method)} ${printable(ctx.path)} failed:`, error),
  }
}
