import type { Metafile } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { filesLoadedAtStart, functionEntries } from '../../cdk/esbuild-options.ts'
import { type BundleStart, recordBundleStart } from '../support/bundle-start.ts'
import { type FunctionName, stackBundle } from '../support/stack-bundles.ts'

/*
 * What every function's cold start leaves for later (issue 20.7; tests/support/bundle-start.ts
 * records what an import evaluates, and the split bundle's metafile which files it reads): the SSM
 * client, which only a function without SITE_URL reads, the page renderers, which a feed request
 * never needs, and the grapheme segmenter (ICU's break rules), which only a slug outside ASCII needs.
 */

const env = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'cold-start',
  AWS_SECRET_ACCESS_KEY: 'cold-start',
  TABLE_NAME: 'cold-start-table',
  CURSOR_SECRET: 'cold-start-cursor-secret-0123456789abcdef',
  PUBLISH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:publish-token-AbCdEf',
}
/** A custom domain: the stack sets SITE_URL itself and no parameter. */
const withSiteUrl = { ...env, SITE_URL: 'https://news.example.com' }

const ssmModules = (started: readonly string[]) =>
  started.filter(
    (path) => path.startsWith('node_modules/@aws-sdk/client-ssm/') || path === 'functions/ssm-parameter.ts',
  )

let publicStart: BundleStart
let publishStart: BundleStart

/**
 * The modules in the files a split bundle's import reads, the modules in all its files, and per
 * module reached through `import()` the modules in the files that import reads.
 */
interface SplitBundle {
  readonly atStart: readonly string[]
  readonly all: readonly string[]
  readonly loadedBy: (module: string) => readonly string[]
}
let publicSplit: SplitBundle
let publishSplit: SplitBundle

/** The function built as the stack does (split into chunks, once a run): which modules its import reads. */
async function splitBundle(name: FunctionName): Promise<SplitBundle> {
  const { metafile, outdir } = await stackBundle(name)
  const modulesOf = (files: readonly string[], meta: Metafile) =>
    files.flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}))
  return {
    atStart: modulesOf(filesLoadedAtStart(metafile, outdir), metafile),
    all: modulesOf(Object.keys(metafile.outputs), metafile),
    loadedBy: (module) => {
      const chunk = Object.keys(metafile.outputs).find(
        (file) => metafile.outputs[file]?.entryPoint === module,
      )
      const files = new Set(chunk === undefined ? [] : [chunk])
      for (const file of files) {
        for (const { path, kind } of metafile.outputs[file]?.imports ?? []) {
          if (kind === 'import-statement' && path in metafile.outputs) files.add(path)
        }
      }
      return modulesOf([...files], metafile)
    },
  }
}

beforeAll(async () => {
  ;[publicStart, publishStart, publicSplit, publishSplit] = await Promise.all([
    recordBundleStart(functionEntries.public, withSiteUrl),
    recordBundleStart(functionEntries.publish, withSiteUrl),
    splitBundle('public'),
    splitBundle('publish'),
  ])
}, 300_000)

describe('a function at its cold start', () => {
  it('carries the SSM client as modules evaluated on first use, with the one command it sends', () => {
    for (const { bundleText } of [publicStart, publishStart]) {
      expect(bundleText).toMatch(/var init_ssm_parameter = __esm\(\{\s*"functions\/ssm-parameter\.ts"/)
      expect(bundleText).toContain('(init_ssm_parameter(), ssm_parameter_exports)')
      // Reached by their own modules, not the package's index: no other command is bundled.
      expect(bundleText).toContain('GetParameterCommand')
      expect(bundleText).not.toContain('PutParameterCommand')
    }
  })

  it('evaluates none of the SSM client when SITE_URL is set', () => {
    for (const { bundleText, started } of [publicStart, publishStart]) {
      // The recording works: the start evaluates deferred modules of its own (the AWS SDK's CommonJS parts).
      expect(started.length).toBeGreaterThan(0)
      // Only a deferred module is recorded: a client loaded at import would pass unseen below.
      expect(bundleText).toContain('var init_ssm_parameter = __esm(')
      expect(ssmModules(started)).toEqual([])
    }
  })

  it('reads none of the SSM client at import: its chunk waits for the first read of the parameter', () => {
    for (const { atStart, all } of [publicSplit, publishSplit]) {
      expect(ssmModules(all)).toContain('functions/ssm-parameter.ts')
      expect(ssmModules(atStart)).toEqual([])
    }
  })

  it('reads no page renderer at import of the public function: a feed request never needs them', () => {
    const renderers = (modules: readonly string[]) =>
      modules.filter((path) =>
        /^lib\/pages\/(render-[a-z-]+|page-parts|zone-clock|page-renderers)\.ts$/.test(path),
      )
    // They are in the bundle, in a chunk of their own (lib/http/page-renderers.ts loads it).
    expect(renderers(publicSplit.all)).toEqual(
      expect.arrayContaining(['lib/pages/render-article-page.ts', 'lib/pages/render-home-page.ts']),
    )
    expect(renderers(publicSplit.atStart)).toEqual([])
    // What a feed request needs is read at import.
    expect(publicSplit.atStart).toContain('lib/feeds/render-rss.ts')
  })

  it('reads no zod at import of the public function: its configuration is valibot', () => {
    const zod = (modules: readonly string[]) => modules.filter((path) => path.startsWith('node_modules/zod/'))
    expect(zod(publicSplit.atStart)).toEqual([])
    expect(publicSplit.atStart).toEqual(expect.arrayContaining(['lib/config/setting-schemas.ts']))
    expect(publicSplit.atStart.some((path) => path.startsWith('node_modules/valibot/'))).toBe(true)
  })

  it('holds none of the write side of the store in the public function: it only reads', () => {
    const writeModules =
      /^lib\/store\/(article-write|conditional-put|create-each|batch-put|category-registry-sync|category-registry-writes|bulk-seed\/.+)\.ts$/
    const writeCommands =
      /^node_modules\/@aws-sdk\/client-dynamodb\/dist-es\/commands\/(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command\.js$/
    const writes = (modules: readonly string[]) =>
      modules.filter((path) => writeModules.test(path) || writeCommands.test(path))
    expect(writes(publicSplit.all)).toEqual([])
    expect(publicSplit.atStart).toEqual(
      expect.arrayContaining([
        'lib/store/dynamo-public-reads.ts',
        'node_modules/@aws-sdk/client-dynamodb/dist-es/commands/QueryCommand.js',
      ]),
    )
    // The publish function writes: the same filter finds them there.
    expect(writes(publishSplit.all)).toEqual(
      expect.arrayContaining([
        'lib/store/article-write.ts',
        'lib/store/conditional-put.ts',
        'node_modules/@aws-sdk/client-dynamodb/dist-es/commands/PutItemCommand.js',
        'node_modules/@aws-sdk/client-dynamodb/dist-es/commands/TransactWriteItemsCommand.js',
      ]),
    )
  })

  it('reads no Powertools Logger at import of the public function: its chunk waits for the first line', () => {
    const powertools = (modules: readonly string[]) =>
      modules.filter((path) => path.startsWith('node_modules/@aws-lambda-powertools/'))
    expect(powertools(publicSplit.all)).toContain(
      'node_modules/@aws-lambda-powertools/logger/lib/esm/Logger.js',
    )
    expect(powertools(publicSplit.atStart)).toEqual([])
    expect(publicSplit.atStart).toContain('functions/app-logger.ts')
  })

  it('reads no zod, no route and no HTML parser at import of the publish function: its routes wait for their first request', () => {
    const routeSide = (modules: readonly string[]) =>
      modules.filter(
        (path) =>
          /^node_modules\/(zod|@hono\/zod-openapi|@asteasolutions\/zod-to-openapi|htmlparser2|entities)\//.test(
            path,
          ) ||
          /^lib\/(http\/(article-api-routes|publish-routes|publish-schemas|openapi)|articles\/article-input-schema)\.ts$/.test(
            path,
          ),
      )
    // They are in the bundle, behind the one import() of lib/http/publish-api-modules.ts.
    expect(routeSide(publishSplit.all)).toEqual(
      expect.arrayContaining([
        'lib/http/article-api-routes.ts',
        'lib/http/publish-schemas.ts',
        'lib/articles/article-input-schema.ts',
        'node_modules/zod/v4/core/schemas.js',
        'node_modules/@hono/zod-openapi/dist/index.mjs',
        'node_modules/htmlparser2/dist/esm/Parser.js',
      ]),
    )
    expect(routeSide(publishSplit.atStart)).toEqual([])
    // What every request needs is read at import: the app, its token check, the store.
    expect(publishSplit.atStart).toEqual(
      expect.arrayContaining(['lib/http/create-publish-app.ts', 'lib/http/bearer-auth.ts']),
    )
  })

  it('loads no markdown-it on a write of HTML: the sanitiser comes without the Markdown renderer', () => {
    const sanitiser = publishSplit.loadedBy('lib/articles/content-sanitiser.ts')
    expect(sanitiser).toEqual(expect.arrayContaining(['lib/articles/content-sanitiser.ts']))
    expect(sanitiser.some((path) => path.startsWith('node_modules/sanitize-html/'))).toBe(true)
    expect(
      sanitiser.filter((path) => /^node_modules\/(markdown-it|linkify-it)\/|render-markdown/.test(path)),
    ).toEqual([])
    // A write of Markdown loads it, through render-content.ts.
    const markdown = publishSplit.loadedBy('lib/articles/render-content.ts')
    expect(markdown.some((path) => path.startsWith('node_modules/markdown-it/'))).toBe(true)
  })

  it('builds no grapheme segmenter at import', () => {
    expect(publicStart.segmenters).toBe(0)
    expect(publishStart.segmenters).toBe(0)
  })
})
