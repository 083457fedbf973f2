import { describe, expect, it } from 'vitest'

/*
 * Every module of a function's bundle runs at its cold start. The script tests behind slugs (one
 * `\p{scx=…}` expression per Unicode script, about 8 ms to compile) are built when a slug first
 * meets a character outside ASCII, not when the module loads (issue 20.7).
 */
describe('the script tests of slugs', () => {
  it('are compiled on the first character outside ASCII, not at import', async () => {
    const compiled: string[] = []
    const Original = globalThis.RegExp
    globalThis.RegExp = new Proxy(Original, {
      construct(target, args: [string | RegExp, string?]) {
        if (String(args[0]).includes('scx=')) compiled.push(String(args[0]))
        return Reflect.construct(target, args)
      },
    })
    try {
      const { slugify } = await import('../../lib/articles/slug.ts')
      expect(slugify('Plain ASCII headline')).toBe('plain-ascii-headline')
      expect(compiled).toEqual([])
      expect(slugify('Новости дня')).toBe('новости-дня')
      expect(compiled.length).toBeGreaterThan(100)
    } finally {
      globalThis.RegExp = Original
    }
  })
})
