import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '')
}

describe('architecture', () => {
  it('keeps lib/articles free of Hono, the AWS SDK, process and the other layers', () => {
    for (const file of sources('lib/articles')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(hono|@aws-sdk|@hono|aws-cdk-lib)/)
        expect(spec, `${file} imports ${spec}`).not.toMatch(/\/(store|http|feeds|pages)\//)
      }
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/\bprocess\./)
    }
  })

  it('keeps lib/feeds and lib/pages pure: no Hono, no AWS SDK, no store, no process', () => {
    for (const file of [...sources('lib/feeds'), ...sources('lib/pages')]) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(hono|@aws-sdk|@hono)/)
        expect(spec, `${file} imports ${spec}`).not.toMatch(/\/(store|http)\//)
      }
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/\bprocess\./)
    }
  })

  it('lets only the composition roots read process.env', () => {
    for (const file of sources('lib')) {
      expect(readFileSync(join(root, file), 'utf8'), relative(root, file)).not.toMatch(/process\.env/)
    }
  })

  it('keeps the AWS SDK inside lib/store among the libraries', () => {
    for (const dir of ['lib/articles', 'lib/feeds', 'lib/pages', 'lib/http']) {
      for (const file of sources(dir)) {
        for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/^@aws-sdk/)
      }
    }
  })

  it('keeps the browser (a dev dependency) out of the product: lib/ and functions/ never import it', () => {
    for (const file of [...sources('lib'), ...sources('functions')]) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^playwright|\/bin\//)
      }
    }
  })

  it('sends both HTTP functions through one Lambda adapter, which only functions/ holds', () => {
    const adapterUsers = sources('functions').filter((file) => imports(file).includes('./lambda-adapter.ts'))
    expect(adapterUsers.sort()).toEqual(['functions/public.ts', 'functions/publish.ts'])
    for (const file of [...sources('lib'), ...sources('functions'), ...sources('bin')]) {
      if (file === 'functions/lambda-adapter.ts') continue
      for (const spec of imports(file))
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^hono\/aws-lambda/)
    }
  })

  it('lets cdk/ know the functions only as entry paths, never import them', () => {
    for (const file of sources('cdk')) {
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/\/functions\//)
    }
  })
})
