import { beforeAll, describe, expect, it } from 'vitest'
import { functionEntries } from '../../cdk/bundling.ts'
import { type BundleStart, recordBundleStart } from '../support/bundle-start.ts'

/*
 * What every function's cold start leaves for later (issue 20.7; tests/support/bundle-start.ts
 * records what an import evaluates): the SSM client, which only a function without SITE_URL reads,
 * and the grapheme segmenter (ICU's break rules), which only a slug outside ASCII needs.
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

beforeAll(async () => {
  ;[publicStart, publishStart] = await Promise.all([
    recordBundleStart(functionEntries.public, withSiteUrl),
    recordBundleStart(functionEntries.publish, withSiteUrl),
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

  it('builds no grapheme segmenter at import', () => {
    expect(publicStart.segmenters).toBe(0)
    expect(publishStart.segmenters).toBe(0)
  })
})
