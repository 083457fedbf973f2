/**
 * What the `z` namespace of the Lambda bundles has in place of zod's opt-in compiler (`z.compile`,
 * `z.withParser` and theirs) and of `z.fromJSONSchema` (issue 20.7): about 45 KB that every
 * function compiled at each cold start, reachable only through the namespace @hono/zod-openapi
 * keeps whole, and called by nothing here (tests/functions/zod-alias.test.ts holds both). Same
 * names, same symbol; a call says why it fails instead of running.
 */

function leftOut(name: string): never {
  throw new Error(`zod's ${name} is left out of the Lambda bundles (functions/zod-unbundled.ts)`)
}

export const INVALID: unique symbol = Symbol.for('zod.compile.invalid') as never

export class ZodCompileAsyncError extends Error {
  override readonly name = 'ZodCompileAsyncError'
}

export class ZodCompileUnsupportedError extends Error {
  override readonly name = 'ZodCompileUnsupportedError'
}

export function compile(): never {
  return leftOut('compile')
}

export function compileFn(): never {
  return leftOut('compileFn')
}

export function withParser(): never {
  return leftOut('withParser')
}

export function fromJSONSchema(): never {
  return leftOut('fromJSONSchema')
}
