import { readFileSync } from 'node:fs'
import { formatDifferences, fullDiff } from '@aws-cdk/cloudformation-diff'
import { describe, expect, it } from 'vitest'
import {
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { deniedRequests, serviceAccessFindings } from '../../cdk/preflight/policy-findings.ts'
import {
  describeFinding,
  statefulLinesOfCdkDiff,
  statefulReplacements,
} from '../../cdk/preflight/replacement-guard.ts'
import { baselinePath, synthTemplate } from '../../cdk/preflight/synth-template.ts'
import { roleOfFunction } from '../../cdk/preflight/template-policies.ts'

/**
 * The pieces `npm run preflight` (bin/preflight.ts) runs, on the stack as it is and on planted
 * faults: the replacement guard against the committed baseline, the services' requests, and the
 * functions' calls against their roles. Each must pass today and fail on its fault.
 */

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }

const current = synthTemplate() as unknown as Template
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Template
const guard = (template: Template) =>
  statefulReplacements(
    baseline as unknown as Record<string, unknown>,
    template as unknown as Record<string, unknown>,
  ).map(describeFinding)
const planted = (edit: (template: Template) => void): Template => {
  const copy = structuredClone(current)
  edit(copy)
  return copy
}
const resourceOf = (template: Template, prefix: string) => {
  const entry = Object.entries(template.Resources).find(([id]) => id.startsWith(prefix))
  if (entry === undefined) throw new Error(`no resource ${prefix}`)
  return entry
}

describe('the replacement guard', () => {
  it('finds no replacement of a stateful resource between the committed baseline and the stack (refresh: npm run preflight -- --refresh-baseline)', () => {
    expect(guard(current)).toEqual([])
  })

  it("fails on a change of the table's key schema, which replaces it", () => {
    const changed = planted((t) => {
      const table = t.Resources.ArticlesTable?.Properties as {
        KeySchema: { AttributeName: string }[]
        AttributeDefinitions: unknown[]
      }
      const [hash] = table.KeySchema
      if (hash === undefined) throw new Error('no key')
      hash.AttributeName = 'id'
      table.AttributeDefinitions.push({ AttributeName: 'id', AttributeType: 'S' })
    })
    expect(guard(changed)).toEqual(['WILL_REPLACE AWS::DynamoDB::Table ArticlesTable (KeySchema)'])
  })

  it('fails on a new logical id of the publish token secret (a new secret, a new token)', () => {
    const changed = planted((t) => {
      const [id, secret] = resourceOf(t, 'PublishToken')
      delete t.Resources[id]
      t.Resources.PublishTokenRenamed = secret
    })
    expect(guard(changed)).toEqual([
      expect.stringMatching(/^WILL_DESTROY AWS::SecretsManager::Secret PublishToken/),
    ])
  })

  it('fails on a replacement of the SSM parameter (a new name) and of the distribution (removed)', () => {
    const changed = planted((t) => {
      const [, parameter] = resourceOf(t, 'SiteUrlParameter')
      parameter.Properties.Name = '/another/site-url'
      delete t.Resources.Distribution830FAC52
    })
    expect(guard(changed).sort()).toEqual([
      expect.stringMatching(/^WILL_DESTROY AWS::CloudFront::Distribution Distribution830FAC52$/),
      expect.stringMatching(/^WILL_REPLACE AWS::SSM::Parameter SiteUrlParameter\w+ \(Name\)$/),
    ])
  })

  it('lets every other change through: a function with more memory is no finding', () => {
    const changed = planted((t) => {
      const [, fn] = resourceOf(t, 'PublicFunction')
      fn.Properties.MemorySize = 1024
    })
    expect(guard(changed)).toEqual([])
  })
})

describe("the cdk diff step (with credentials): what it calls out in cdk diff's own output", () => {
  /** What `cdk diff` prints for `next` against `deployed`: the same formatter, without the CLI. */
  function cdkDiffText(deployed: Template, next: Template): string {
    let text = ''
    formatDifferences(
      {
        write: (chunk: unknown) => {
          text += String(chunk)
          return true
        },
      } as unknown as Parameters<typeof formatDifferences>[0],
      fullDiff(deployed, next),
    )
    return text
  }

  it('calls out the replaced table and the removed secret, and nothing else', () => {
    const changed = planted((t) => {
      const table = t.Resources.ArticlesTable?.Properties as { KeySchema: { AttributeName: string }[] }
      const [hash] = table.KeySchema
      if (hash) hash.AttributeName = 'id'
      delete t.Resources[resourceOf(t, 'CursorKey')[0]]
      resourceOf(t, 'PublicFunction')[1].Properties.MemorySize = 1024
    })
    const lines = statefulLinesOfCdkDiff(cdkDiffText(current, changed))
    expect(lines).toEqual([
      expect.stringMatching(/^\[-\] AWS::SecretsManager::Secret .*CursorKey\w+ destroy$/),
      expect.stringMatching(/^\[~\] AWS::DynamoDB::Table .*ArticlesTable replace$/),
    ])
  })

  it('calls out nothing when nothing stateful changes', () => {
    expect(statefulLinesOfCdkDiff(cdkDiffText(current, current))).toEqual([])
  })
})

describe('the policy evaluation', () => {
  it('finds nothing on the stack as it is', async () => {
    expect(await serviceAccessFindings(current as unknown as TemplateJson, 'NewsFeed')).toEqual([])
  })

  it('finds the trust a service cannot use, naming the AWS page', async () => {
    const changed = planted((t) => {
      const [, permission] = resourceOf(t, 'DistributionOrigin1InvokeFromApi')
      permission.Properties.SourceArn = 'arn:aws:cloudfront::123456789012:distribution/EWRONG0000000'
    })
    const findings = await serviceAccessFindings(changed as unknown as TemplateJson, 'NewsFeed', [
      'eu-west-1',
    ])
    expect(findings).toEqual([
      expect.stringMatching(
        /^\[eu-west-1\] CloudFront .*: expected allowed, got denied \(see https:\/\/docs\.aws\.amazon\.com\/AmazonCloudFront\//,
      ),
    ])
  })

  it('finds a forbidden call: a write from the public function', async () => {
    const t = plausibleTemplate(current as unknown as TemplateJson, { ...plausibleEnvironment })
    const publicFunction = t.ofType('AWS::Lambda::Function').find((id) => id.startsWith('PublicFunction'))
    if (publicFunction === undefined) throw new Error('no public function')
    const table = t.getAtt('ArticlesTable', 'Arn')
    const denied = await deniedRequests(t, roleOfFunction(t, publicFunction), [
      { action: 'dynamodb:Query', resource: `${table}/index/published` },
      { action: 'dynamodb:PutItem', resource: table },
    ])
    expect(denied).toEqual([
      expect.stringMatching(
        /^PublicRole\w+ may not dynamodb:PutItem on arn:aws:dynamodb:eu-west-1:123456789012:table\/NewsFeed-ArticlesTable-\w+: ImplicitlyDenied$/,
      ),
    ])
  })
})
