import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { issuesFromZod } from '../../lib/articles/article-input-messages.ts'
import { readConfig } from '../../lib/config.ts'
import { articleInput } from '../../lib/http/publish-schemas.ts'
import { bundledInputs, importStackBuilt } from '../support/stack-built.ts'

/*
 * The `zod` alias of the Lambda bundles (functions/zod-english.ts, issue 20.7): zod's root without
 * its 40-odd locales, which @hono/zod-openapi's use of the whole `z` namespace kept in every bundle.
 * The schemas built with the stack's options must say, byte for byte, what they say here with the
 * package as npm installed it.
 */

interface Bundled {
  readonly articleInput: typeof articleInput
  readonly issuesFromZod: typeof issuesFromZod
  readonly readConfig: typeof readConfig
  readonly z: typeof z
}

let dir: string
let publishInputs: readonly string[]
let bundled: Bundled

function isBundled(value: unknown): value is Bundled {
  return (
    typeof value === 'object' &&
    value !== null &&
    'articleInput' in value &&
    'issuesFromZod' in value &&
    typeof value.issuesFromZod === 'function' &&
    'readConfig' in value &&
    typeof value.readConfig === 'function' &&
    'z' in value
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zod-alias-'))
  publishInputs = await bundledInputs('publish')
  const loaded = await importStackBuilt(
    [
      "export { articleInput } from './lib/http/publish-schemas.ts'",
      "export { issuesFromZod } from './lib/articles/article-input-messages.ts'",
      "export { readConfig } from './lib/config.ts'",
      "export { z } from 'zod'",
    ].join('\n'),
    join(dir, 'schemas'),
  )
  if (!isBundled(loaded)) throw new Error('the bundled schemas export none of what the test reads')
  bundled = loaded
}, 300_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** What a schema says of `input`: zod's issues as they are, and ours made from them. */
function verdict(schema: typeof articleInput, issues: typeof issuesFromZod, input: unknown): string {
  const result = schema.safeParse(input)
  if (result.success) return JSON.stringify(result.data)
  return JSON.stringify([result.error.issues, issues(result.error.issues, input)])
}

/** Field values of every JSON type, valid and not, for the article input's fields. */
const anyJson = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(300),
    'https://news.example.com/a.jpg',
    'not a url',
    '2025-03-11T09:19:00+06:00',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('name', 'url', 'alt', 'type'), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
)
/** Every field the article input has, from the schema itself. */
const fields = Object.keys(articleInput.shape)

describe('the zod alias', () => {
  it('leaves no locale but English in the publish bundle', () => {
    const inputs = publishInputs
    // The check sees zod: its schemas are there, and English with them.
    expect(inputs).toContain('node_modules/zod/v4/classic/schemas.js')
    expect(inputs).toContain('node_modules/zod/v4/locales/en.js')
    expect(inputs.filter((input) => /node_modules\/zod\/v4\/locales\/(?!en\.js$)/.test(input))).toEqual([])
  })

  it("leaves out zod's compiler and fromJSONSchema, and keeps every name of the namespace", () => {
    expect(publishInputs).toContain('functions/zod-unbundled.ts')
    expect(publishInputs).not.toContain('node_modules/zod/v4/core/compile.js')
    expect(publishInputs).not.toContain('node_modules/zod/v4/classic/from-json-schema.js')
    // @hono/zod-openapi extends and re-exports the namespace: the same names, the same for z.core.
    expect(Object.keys(bundled.z).sort()).toEqual(Object.keys(z).sort())
    expect(Object.keys(bundled.z.core).sort()).toEqual(Object.keys(z.core).sort())
    expect(bundled.z.INVALID).toBe(z.INVALID)
    expect(() => bundled.z.compile(z.string())).toThrow(/left out of the Lambda bundles/)
    expect(() => bundled.z.fromJSONSchema({ type: 'string' })).toThrow(/left out of the Lambda bundles/)
  })

  it("answers every article input with zod's and our messages byte for byte as the package installed does", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), anyJson), (input) => {
        expect(verdict(bundled.articleInput, bundled.issuesFromZod, input)).toBe(
          verdict(articleInput, issuesFromZod, input),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a wrong setting with the same message (zod/mini, unaliased)', () => {
    const env = { FEED_PAGE_SIZE: '1000', SITE_URL: 'ftp://x' }
    expect(() => bundled.readConfig(env)).toThrow()
    let expected = ''
    try {
      readConfig(env)
    } catch (error) {
      expected = String(error)
    }
    expect(() => bundled.readConfig(env)).toThrow(expected.replace(/^\w+: /, ''))
  })
})
