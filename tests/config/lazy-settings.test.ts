import { describe, expect, it } from 'vitest'
import * as config from '../../lib/config.ts'

/*
 * What reading the configuration builds at a cold start (issue 20.7): zod/mini builds every part of
 * a schema, its methods bound, when the schema is made, so the setting schemas are `z.lazy` and
 * readConfig builds the schema of a variable only when the variable is set.
 */

interface ZodSchema {
  readonly _zod: { readonly def: { readonly type: string; readonly _cachedInner?: unknown } }
}
const isSchema = (value: unknown): value is ZodSchema =>
  typeof value === 'object' && value !== null && '_zod' in value

/** The exported setting schemas, by name (`textSetting`, `baseUrlSetting`, …). */
const settingSchemas = Object.entries(config as Readonly<Record<string, unknown>>).flatMap(([name, value]) =>
  name.endsWith('Setting') && isSchema(value) ? [[name, value] as const] : [],
)

/** The setting schemas whose inner schema has been built. */
const built = () =>
  settingSchemas.filter(([, schema]) => schema._zod.def._cachedInner !== undefined).map(([n]) => n)

describe('the setting schemas', () => {
  it('are all z.lazy, built on first use', () => {
    expect(settingSchemas.length).toBeGreaterThanOrEqual(19)
    for (const [name, schema] of settingSchemas) expect(schema._zod.def.type, name).toBe('lazy')
  })

  it('are built only for the variables an environment sets', () => {
    // This file's first read: nothing was parsed before it.
    expect(built()).toEqual([])
    config.readConfig({ TABLE_NAME: 'articles-prod', SITE_TITLE: ' ', FEED_PAGE_SIZE: '30' })
    // SITE_TITLE is blank, so unset; FEED_PAGE_SIZE's schema is made by integerSetting on the spot.
    expect(built()).toEqual(['tableNameSetting'])
  })
})
