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

  it('keeps the store private to lib/store: lib/articles, lib/http and lib/discovery name none of its types or words', () => {
    for (const file of [...sources('lib/articles'), ...sources('lib/http'), ...sources('lib/discovery')]) {
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/\/store\//)
      expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(storeWords)
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

  it('keeps lib/cli a client of the API: the article model and lib/net, never the server side', () => {
    for (const file of sources('lib/cli')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(hono|@hono|@aws-sdk|aws-cdk-lib)/)
        if (spec.startsWith('../')) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.\/(articles|net)\//)
      }
    }
  })

  it('keeps lib/notify to the article model, the store, the config and site, lib/net and the public article shape', () => {
    for (const file of sources('lib/notify')) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(hono|@hono|aws-cdk-lib)/)
        if (spec.startsWith('../')) {
          expect(spec, `${file} imports ${spec}`).toMatch(
            /^\.\.\/(articles\/|store\/|net\/|config\.ts$|site\.ts$|http\/article-resource\.ts$)/,
          )
        }
      }
    }
  })

  it('lets nothing in lib/ import lib/cli: the command line sits on top, beside bin/', () => {
    for (const file of sources('lib').filter((f) => !f.startsWith(join('lib', 'cli')))) {
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/\/cli\//)
    }
  })

  it('keeps every file in lib/ within 250 lines: one job per file (issue 20.2)', () => {
    const tooLong = sources('lib').flatMap((file) => {
      const lines = readFileSync(join(root, file), 'utf8').split('\n').length - 1
      return lines > maxLines ? [`${file}: ${lines} lines`] : []
    })
    expect(tooLong, `split these by job, each within ${maxLines} lines`).toEqual([])
  })
})

const maxLines = 250

/** The store's own encodings and DynamoDB's words: they belong in lib/store, behind `ArticleStore` and `PublicReads`. */
const storeWords =
  /\b(readHint|HintedFeedState|DynamoArticleStore|StoreTable|pubsk|createdsk|GSI|[RW]CUs?|ExclusiveStartKey|LastEvaluatedKey)\b/
