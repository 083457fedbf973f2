import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

describe('the command line', () => {
  it('talks to a site only through its publish API: no store, no apps, no AWS SDK, no process', () => {
    const files = readdirSync(join(root, 'lib/cli')).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const text = readFileSync(join(root, 'lib/cli', file), 'utf8')
      const imports = [...text.matchAll(/^\s*import\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
        (m) => m[1] ?? '',
      )
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^(hono|@hono|@aws-sdk|dynalite)|\/(store|http|pages|feeds)\//,
        )
      }
      expect(text, file).not.toMatch(/\bprocess\./)
    }
  })
})
