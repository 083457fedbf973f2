import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { App, Stack } from 'aws-cdk-lib'
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { functionCode, lambdaRuntime, projectRoot } from '../../cdk/bundling.ts'

/*
 * The stack's functions are bundled by `functionCode` (esbuild's JS API in CDK's local bundling),
 * not NodejsFunction, so that their bundles can be split. The other CDK tests skip bundling; this
 * one bundles for real, two small entries, as `cdk synth` does.
 */

let outdir: string
const assetDirs: Record<string, string> = {}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'function-code-'))
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } })
  const stack = new Stack(app, 'Bundled')
  const entries = {
    // Reaches the SSM client through import(): a chunk of its own.
    SiteUrl: join(projectRoot, 'functions', 'site-url.ts'),
    WithoutPostcss: join(projectRoot, 'functions', 'without-postcss.ts'),
  }
  // CDK says "Bundling asset …" on stderr as each function's code is bundled, when the function is
  // built; tests print nothing on success.
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  const assembly = (() => {
    try {
      for (const [id, entry] of Object.entries(entries)) {
        new LambdaFunction(stack, id, {
          code: functionCode(entry),
          handler: 'index.handler',
          runtime: lambdaRuntime,
        })
      }
      return app.synth()
    } finally {
      stderr.mockRestore()
    }
  })()
  const template = assembly.getStackByName('Bundled').template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const path = resource.Metadata?.['aws:asset:path']
    if (resource.Type === 'AWS::Lambda::Function' && path !== undefined) {
      assetDirs[logicalId.replace(/[0-9A-F]{8}$/, '')] = join(outdir, path)
    }
  }
}, 120_000)

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true })
})

describe('functionCode', () => {
  it('gives each function a bundle of its own entry', () => {
    expect(Object.keys(assetDirs).sort()).toEqual(['SiteUrl', 'WithoutPostcss'])
    expect(assetDirs.SiteUrl).not.toBe(assetDirs.WithoutPostcss)
  })

  it('writes index.mjs with its source map, and each import() as a chunk with its own map', async () => {
    const files = await readdir(assetDirs.SiteUrl ?? '', { recursive: true })
    expect(files).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']))
    const chunks = files.filter((file) => file.startsWith('chunks/') && file.endsWith('.mjs'))
    expect(chunks.some((file) => /^chunks\/ssm-parameter-\w+\.mjs$/.test(file))).toBe(true)
    for (const chunk of chunks) expect(files).toContain(`${chunk}.map`)
  })

  it('bundles an entry Node loads as ESM, its exports intact', async () => {
    const loaded: unknown = await import(pathToFileURL(join(assetDirs.SiteUrl ?? '', 'index.mjs')).href)
    expect(loaded).toHaveProperty('readSiteUrl', expect.any(Function))
  })
})
