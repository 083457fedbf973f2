import { describe, expect, it } from 'vitest'
import { createConsoleLogger, printable } from '../../bin/console-logger.ts'

describe('the npm start request log', () => {
  it('writes control characters of a path as escapes, so a request cannot drive the terminal', () => {
    const lines: string[] = []
    const logger = createConsoleLogger((line) => lines.push(line))
    // A path as a logger might be handed it decoded (the apps now log it still encoded).
    logger.request({
      method: 'GET',
      path: '/a\u001b[31mred\nX\u009b2J\u2028\u202e',
      status: 404,
      durationMs: 1.5,
    })
    expect(lines).toEqual(['GET /a\\u001b[31mred\\u000aX\\u009b2J\\u2028\\u202e 404 1.5ms'])
    expect(lines[0]).not.toMatch(/[\p{Cc}]/u)
  })

  it('leaves every other character alone', () => {
    expect(printable('/articles/café-ঢাকা-🗞️')).toBe('/articles/café-ঢাকা-🗞️')
  })
})
