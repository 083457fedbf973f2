import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { toProblem } from '../../lib/http/problem.ts'

describe('toProblem', () => {
  it('keeps the 4xx status of an HTTPException a library throws, in the problem shape', () => {
    const mapped = toProblem(new HTTPException(415, { message: 'Unsupported Media Type' }))
    expect(mapped?.problem).toEqual({
      type: 'about:blank',
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'The request was refused: Unsupported Media Type.',
    })
  })

  it('leaves a 5xx HTTPException to the generic 500, which logs it', () => {
    expect(toProblem(new HTTPException(502, { message: 'upstream said no' }))).toBeUndefined()
  })
})
