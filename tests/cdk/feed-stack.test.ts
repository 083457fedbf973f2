import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Token } from 'aws-cdk-lib'
import { Match } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleAliases, esbuildOptions, lambdaRuntime } from '../../cdk/bundling.ts'
import { deskTermActions } from '../../cdk/constructs/articles-table.ts'
import { keptLogicalIds, publicTableActions, publishTableActions } from '../../cdk/feed-stack.ts'
import { evaluateAccess } from '../../cdk/preflight/evaluate-access.ts'
import {
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { createTableInput, tableDefinition } from '../../lib/store/table-definition.ts'
import {
  actionsOf,
  customDomainProps,
  distributionConfig,
  newFeedStack,
  ofType,
  type ResourceJson,
  resource,
  roleOf,
  type Synthesised,
  statementsOf,
  synth,
  urlOf,
} from '../support/synth-test-stack.ts'

/** Managed policy ids (the same in every account): https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ */
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad'
const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac'

/** The folder of the store's batch writer (`createMany`), for seeding and restores only. */
const bulkSeedDir = 'bulk-seed'

describe('FeedStack', () => {
  let s: Synthesised
  beforeAll(() => {
    s = synth()
  })

  it('is environment-agnostic, so synth needs no account, region or credentials', () => {
    expect(Token.isUnresolved(s.stack.account)).toBe(true)
    expect(Token.isUnresolved(s.stack.region)).toBe(true)
  })

  describe('the table', () => {
    it('has the stable logical id ArticlesTable', () => {
      expect(resource(s, 'ArticlesTable').Type).toBe('AWS::DynamoDB::Table')
      expect(s.id(s.stack.table)).toBe('ArticlesTable')
    })

    it('keeps the first version logical ids of everything a replacement would hurt', () => {
      // The distribution (its domain is every feed URL), the token secret (a new one is a new
      // token) and the function log groups (a month of logs).
      expect(resource(s, 'Distribution830FAC52').Type).toBe('AWS::CloudFront::Distribution')
      expect(s.id(s.stack.distribution)).toBe(keptLogicalIds.distribution)
      expect(resource(s, 'PublishToken2E7D8382').Type).toBe('AWS::SecretsManager::Secret')
      expect(s.id(s.stack.publishTokenSecret)).toBe('PublishToken2E7D8382')
      for (const [fn, logGroupId] of [
        [s.stack.publicFunction, 'PublicFunctionLogs1F8F6716'],
        [s.stack.publishFunction, 'PublishFunctionLogs8A6D69AD'],
      ] as const) {
        expect(resource(s, s.id(fn)).Properties.LoggingConfig).toMatchObject({
          LogGroup: { Ref: logGroupId },
        })
      }
    })

    it('is on demand, with point-in-time recovery and deletion protection, and retained', () => {
      const table = resource(s, 'ArticlesTable')
      expect(table.DeletionPolicy).toBe('Retain')
      expect(table.UpdateReplacePolicy).toBe('Retain')
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      })
      expect(table.Properties.TableName).toBeUndefined()
    })

    it('has exactly the keys and indexes of the shared table definition the local store uses', () => {
      const local = createTableInput('local')
      const table = resource(s, 'ArticlesTable').Properties
      expect(table.KeySchema).toEqual(local.KeySchema)
      // The deployed indexes add their on-demand caps (tests/cdk/guardrails.test.ts); the rest is the same.
      const withoutCaps = (table.GlobalSecondaryIndexes as Record<string, unknown>[]).map(
        ({ OnDemandThroughput: _caps, ...index }) => index,
      )
      expect(withoutCaps).toEqual(local.GlobalSecondaryIndexes)
      const byName = (a: { AttributeName: string }, b: { AttributeName: string }) =>
        a.AttributeName.localeCompare(b.AttributeName)
      expect([...(table.AttributeDefinitions as { AttributeName: string }[])].sort(byName)).toEqual(
        [...local.AttributeDefinitions].sort(byName),
      )
      expect(local.GlobalSecondaryIndexes).toHaveLength(tableDefinition.globalSecondaryIndexes.length)
    })
  })

  describe('the functions', () => {
    it.each(['publicFunction', 'publishFunction'] as const)(
      '%s runs on arm64, the newest Node.js runtime, 512 MB and a 10 s timeout',
      (name) => {
        const fn = resource(s, s.id(s.stack[name])).Properties
        expect(fn).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: 512,
          Timeout: 10,
          Handler: 'index.handler',
        })
        expect(lambdaRuntime.name).toBe('nodejs24.x')
      },
    )

    it.each(['publicFunction', 'publishFunction'] as const)(
      '%s logs to its own log group, kept 30 days',
      (name) => {
        const fn = resource(s, s.id(s.stack[name])).Properties
        const { LogGroup } = fn.LoggingConfig as { LogGroup: { Ref: string } }
        expect(resource(s, LogGroup.Ref).Properties.RetentionInDays).toBe(30)
      },
    )

    it('give the public function the table, the site URL parameter, its service name, the source-map flag and the cursor key from its secret, and no other secret', () => {
      const env = (resource(s, s.id(s.stack.publicFunction)).Properties.Environment as { Variables: object })
        .Variables
      expect(env).toEqual({
        TABLE_NAME: { Ref: 'ArticlesTable' },
        SITE_URL_PARAMETER: '/TestFeed/site-url',
        POWERTOOLS_SERVICE_NAME: 'newsfeed-public',
        NODE_OPTIONS: '--enable-source-maps',
        // Resolved by CloudFormation at deploy from the generated secret: stable across deploys.
        CURSOR_SECRET: {
          'Fn::Join': [
            '',
            ['{{resolve:secretsmanager:', { Ref: s.id(s.stack.cursorSecret) }, ':SecretString:::}}'],
          ],
        },
      })
    })

    it('give the publish function the table and the two secret ARNs, never a secret value', () => {
      const env = (resource(s, s.id(s.stack.publishFunction)).Properties.Environment as { Variables: object })
        .Variables
      expect(env).toEqual({
        TABLE_NAME: { Ref: 'ArticlesTable' },
        SITE_URL_PARAMETER: '/TestFeed/site-url',
        POWERTOOLS_SERVICE_NAME: 'newsfeed-publish',
        NODE_OPTIONS: '--enable-source-maps',
        PUBLISH_TOKEN_SECRET_ARN: { Ref: s.id(s.stack.publishTokenSecret) },
        ORIGIN_VERIFY_SECRET_ARN: { Ref: s.id(s.stack.originSecret) },
      })
      expect(JSON.stringify(env)).not.toContain('resolve:secretsmanager')
    })

    it('pass the site settings through as the variables readConfig reads', () => {
      const withSite = synth({
        siteTitle: 'Example News',
        siteDescription: 'Independent reporting',
        siteLanguage: 'en-GB',
        siteAuthor: 'Example Desk',
        siteIcon: 'https://cdn.example.com/icon.png',
        feedPageSize: 30,
      })
      for (const fn of [withSite.stack.publicFunction, withSite.stack.publishFunction]) {
        expect(resource(withSite, withSite.id(fn)).Properties.Environment).toMatchObject({
          Variables: {
            SITE_TITLE: 'Example News',
            SITE_DESCRIPTION: 'Independent reporting',
            SITE_LANGUAGE: 'en-GB',
            SITE_AUTHOR: 'Example Desk',
            SITE_ICON: 'https://cdn.example.com/icon.png',
            FEED_PAGE_SIZE: '30',
          },
        })
      }
    })

    it('pass the page settings (time zone, topic navigation) to both functions, and refuse a zone readConfig would', () => {
      const withPages = synth({ siteTimeZone: 'Asia/Dhaka', siteNavTopics: ['world', 'sport'] })
      for (const fn of [withPages.stack.publicFunction, withPages.stack.publishFunction]) {
        expect(resource(withPages, withPages.id(fn)).Properties.Environment).toMatchObject({
          Variables: { SITE_TIME_ZONE: 'Asia/Dhaka', SITE_NAV_TOPICS: 'world,sport' },
        })
      }
      expect(() => synth({ siteTimeZone: 'Mars/Olympus' })).toThrow(
        /^siteTimeZone must be an IANA time zone name/,
      )
    })

    it('are bundled by the local esbuild as ESM split into chunks, with a require shim, minified, with source maps and the SDK inside', () => {
      const options = esbuildOptions('functions/public.ts', 'out')
      expect(options).toMatchObject({
        format: 'esm',
        splitting: true,
        outdir: 'out',
        entryNames: 'index',
        outExtension: { '.js': '.mjs' },
        mainFields: ['module', 'main'],
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        // The one alias table the stack and the bench bundle with (what each alias does: the alias tests).
        alias: bundleAliases,
        target: lambdaRuntime.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
      })
      expect(options.external).toBeUndefined()
      expect(options.banner?.js).toContain('createRequire(import.meta.url)')
      for (const fn of [s.stack.publicFunction, s.stack.publishFunction]) {
        expect(resource(s, s.id(fn)).Properties.Handler).toBe('index.handler')
      }
    })
  })

  describe('SITE_URL', () => {
    it('without a custom domain comes from an SSM parameter CloudFormation owns, holding the distribution domain', () => {
      const [parameter, ...others] = ofType(s, 'AWS::SSM::Parameter')
      expect(others).toEqual([])
      expect(parameter?.[1].Properties).toMatchObject({
        Name: '/TestFeed/site-url',
        Type: 'String',
        Value: {
          'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.id(s.stack.distribution), 'DomainName'] }]],
        },
      })
      for (const fn of [s.stack.publicFunction, s.stack.publishFunction]) {
        const variables = (
          resource(s, s.id(fn)).Properties.Environment as { Variables: Record<string, unknown> }
        ).Variables
        expect(variables.SITE_URL).toBeUndefined()
        // The name is a literal from the stack name: the functions do not depend on the parameter.
        expect(variables.SITE_URL_PARAMETER).toBe(parameter?.[1].Properties.Name)
      }
    })

    it('invalidates every path once on the deploy that changes the site URL, after the functions and the parameter have it', () => {
      const types = new Set(Object.values(s.resources).map((r) => r.Type))
      expect([...types].filter((t) => t.startsWith('Custom::'))).toEqual(['Custom::SiteUrlInvalidation'])
      expect(JSON.stringify(s.resources)).not.toContain('UpdateFunctionConfiguration')
      // The public, publish and notifier functions, the subscriber counter (us-east-1 only), and
      // the provider of the one custom resource.
      expect(ofType(s, 'AWS::Lambda::Function')).toHaveLength(5)
      const [[id, invalidation] = ['', undefined], ...others] = ofType(s, 'Custom::SiteUrlInvalidation')
      expect(others).toEqual([])
      // CloudFormation calls it on create, then only when its properties change: they hold the site URL.
      const call = (resource: ResourceJson | undefined, phase: 'Create' | 'Update') =>
        JSON.stringify(resource?.Properties[phase])
      expect(call(invalidation, 'Update')).toBe(call(invalidation, 'Create'))
      expect(call(invalidation, 'Update')).toContain('createInvalidation')
      expect(call(invalidation, 'Update')).toContain(
        JSON.stringify({ 'Fn::GetAtt': [s.id(s.stack.distribution), 'DomainName'] }),
      )
      expect(call(invalidation, 'Update')).toContain(String.raw`\"Items\":[\"/*\"]`)
      expect((invalidation as { DependsOn?: string[] } | undefined)?.DependsOn).toEqual(
        expect.arrayContaining([
          s.id(s.stack.publicFunction),
          s.id(s.stack.publishFunction),
          s.id(s.stack.siteUrlParameter ?? s.stack),
        ]),
      )
      // The same site URL synthesises the same call (no invalidation on an unrelated deploy); another URL, another call.
      const again = ofType(synth(), 'Custom::SiteUrlInvalidation')[0]?.[1]
      expect(call(again, 'Update')).toBe(call(invalidation, 'Update'))
      const custom = ofType(synth(customDomainProps), 'Custom::SiteUrlInvalidation')[0]
      expect(custom?.[0]).toBe(id)
      expect(call(custom?.[1], 'Update')).toContain('site-url https://news.example.com')
      expect(call(custom?.[1], 'Update')).not.toBe(call(invalidation, 'Update'))
      // Its provider may create invalidations of this distribution and nothing else.
      const role = Object.entries(s.resources).find(
        ([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties).includes('site URL changes'),
      )
      const statements = statementsOf(s, role?.[0] ?? '')
      expect(actionsOf(statements).filter((a) => !a.startsWith('logs:'))).toEqual([
        'cloudfront:CreateInvalidation',
      ])
    })

    it('lets each function read only that one parameter', () => {
      for (const fn of [s.stack.publicFunction, s.stack.publishFunction]) {
        const ssm = statementsOf(s, roleOf(s, fn)).filter((st) =>
          actionsOf([st]).some((a) => a.startsWith('ssm:')),
        )
        expect(actionsOf(ssm)).toEqual(['ssm:GetParameter'])
        expect(JSON.stringify(ssm[0]?.Resource)).toContain(':parameter/TestFeed/site-url"')
      }
    })

    it('with a custom domain is set directly; the parameter stays, holding it, so removing the domain finds it there', () => {
      const custom = synth(customDomainProps)
      const [[id, parameter] = ['', undefined], ...others] = ofType(custom, 'AWS::SSM::Parameter')
      expect(others).toEqual([])
      // The same logical id with and without the domain: updated in place, never deleted and created again.
      expect(id).toBe(s.id(s.stack.siteUrlParameter ?? s.stack))
      expect(parameter?.Properties).toMatchObject({
        Name: '/TestFeed/site-url',
        Value: 'https://news.example.com',
      })
      for (const fn of [custom.stack.publicFunction, custom.stack.publishFunction]) {
        const variables = (
          resource(custom, custom.id(fn)).Properties.Environment as { Variables: Record<string, unknown> }
        ).Variables
        expect(variables.SITE_URL).toBe('https://news.example.com')
        expect(variables.SITE_URL_PARAMETER).toBeUndefined()
        // Readable already, so that the deploy removing the domain needs no new permission before a cold start.
        expect(
          actionsOf(statementsOf(custom, roleOf(custom, fn))).filter((a) => a.startsWith('ssm:')),
        ).toEqual(['ssm:GetParameter'])
      }
    })
  })

  describe('Function URLs and CloudFront', () => {
    it('signs reads with origin access control: the public URL takes only IAM-signed requests', async () => {
      s.template.hasResourceProperties('AWS::Lambda::Url', {
        TargetFunctionArn: { 'Fn::GetAtt': [s.id(s.stack.publicFunction), 'Arn'] },
        AuthType: 'AWS_IAM',
      })
      s.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: {
          OriginAccessControlOriginType: 'lambda',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      })
      // Whether CloudFront may invoke it is evaluated as AWS would, with the keys CloudFront sends
      // (tests/cdk/policy-evaluation.test.ts): here, this distribution and no other.
      const t = plausibleTemplate(s.template.toJSON() as TemplateJson, {
        ...plausibleEnvironment,
        stackName: 'TestFeed',
      })
      const functionArn = t.getAtt(s.id(s.stack.publicFunction), 'Arn')
      const fromDistribution = (id: string) =>
        Promise.all(
          [
            ['lambda:InvokeFunctionUrl', { 'lambda:FunctionUrlAuthType': 'AWS_IAM' }],
            ['lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'true' }],
          ].map(async ([action, keys]) => {
            const decision = await evaluateAccess(t, {
              principal: { service: 'cloudfront.amazonaws.com' },
              action: String(action),
              resource: functionArn,
              context: {
                'aws:SourceArn': `arn:aws:cloudfront::${t.env.account}:distribution/${id}`,
                'aws:SourceAccount': t.env.account,
                ...(keys as Record<string, string>),
              },
            })
            return decision.allowed
          }),
        )
      expect(await fromDistribution(t.ref(s.id(s.stack.distribution)))).toEqual([true, true])
      expect(await fromDistribution('EANOTHER00000')).toEqual([false, false])
      const config = distributionConfig(s)
      const defaultOrigin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId)
      expect(JSON.stringify(defaultOrigin?.DomainName)).toContain(`"${urlOf(s, s.stack.publicFunction)}"`)
      expect(defaultOrigin?.OriginAccessControlId).toBeDefined()
    })

    it('leaves the publish URL unsigned (AuthType NONE): the bearer token guards it', () => {
      s.template.hasResourceProperties('AWS::Lambda::Url', {
        TargetFunctionArn: { 'Fn::GetAtt': [s.id(s.stack.publishFunction), 'Arn'] },
        AuthType: 'NONE',
      })
    })

    it('serves everything but /api from the public function, cached by the origin Cache-Control and ?before, compressed, HTTPS', () => {
      const config = distributionConfig(s)
      const policyId = ofType(s, 'AWS::CloudFront::CachePolicy')[0]?.[0]
      expect(config.DefaultCacheBehavior).toMatchObject({
        CachePolicyId: { Ref: policyId },
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
        AllowedMethods: ['GET', 'HEAD'],
        CachedMethods: ['GET', 'HEAD'],
      })
      expect(config.DefaultCacheBehavior.OriginRequestPolicyId).toBeUndefined()
      s.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: {
          MinTTL: 0,
          DefaultTTL: Match.anyValue(),
          MaxTTL: 86_400,
          ParametersInCacheKeyAndForwardedToOrigin: {
            QueryStringsConfig: {
              QueryStringBehavior: 'whitelist',
              QueryStrings: ['before', 'content', 'after', 'authors-after', 'topic', 'author'],
            },
            HeadersConfig: { HeaderBehavior: 'none' },
            CookiesConfig: { CookieBehavior: 'none' },
            EnableAcceptEncodingGzip: true,
            EnableAcceptEncodingBrotli: true,
          },
        },
      })
      const [, policy] = ofType(s, 'AWS::CloudFront::CachePolicy')[0] ?? []
      const ttl = (policy?.Properties.CachePolicyConfig as { DefaultTTL?: number } | undefined)?.DefaultTTL
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(300)
    })

    it('sends /api/* to the publish function uncached, every method, all viewer headers but Host, HTTPS only', () => {
      const config = distributionConfig(s)
      expect(config.CacheBehaviors).toHaveLength(2)
      const api = config.CacheBehaviors[0]
      expect(api).toMatchObject({
        PathPattern: '/api/*',
        CachePolicyId: cachingDisabled,
        OriginRequestPolicyId: allViewerExceptHostHeader,
        ViewerProtocolPolicy: 'https-only',
      })
      expect(api?.AllowedMethods).toEqual(
        expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      )
      const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId)
      expect(JSON.stringify(origin?.DomainName)).toContain(`"${urlOf(s, s.stack.publishFunction)}"`)
      expect(origin?.OriginAccessControlId).toBeUndefined()
    })

    it('sends /desk* to the publish function uncached with the origin secret, cookies and all, redirecting http', () => {
      const config = distributionConfig(s)
      const api = config.CacheBehaviors[0]
      const desk = config.CacheBehaviors.find((b) => b.PathPattern === '/desk*')
      expect(desk).toMatchObject({
        CachePolicyId: cachingDisabled,
        OriginRequestPolicyId: allViewerExceptHostHeader,
        ViewerProtocolPolicy: 'redirect-to-https',
        TargetOriginId: api?.TargetOriginId,
      })
      expect(desk?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']))
      const origin = config.Origins.find((o) => o.Id === desk?.TargetOriginId) as
        | { OriginCustomHeaders?: { HeaderName: string }[] }
        | undefined
      expect(origin?.OriginCustomHeaders?.map((h) => h.HeaderName)).toEqual(['X-Origin-Verify'])
    })

    it('keeps the distribution comment within the 128 characters CloudFront accepts', () => {
      const long = synth({ siteTitle: 'T'.repeat(300) })
      const comment = distributionConfig(long).Comment
      expect(comment).toMatch(/^T+/)
      expect(comment.length).toBeLessThanOrEqual(128)
    })

    it('answers on a custom domain with its us-east-1 certificate and TLS 1.2 at least', () => {
      const custom = synth(customDomainProps)
      const config = distributionConfig(custom)
      expect(config.Aliases).toEqual(['news.example.com'])
      expect(config.ViewerCertificate).toEqual({
        AcmCertificateArn: customDomainProps.certificateArn,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      })
      expect(distributionConfig(s).Aliases).toBeUndefined()
    })
  })

  describe('the publish token', () => {
    it('is generated by Secrets Manager: 48 letters and digits', () => {
      s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
      })
      expect(resource(s, s.id(s.stack.publishTokenSecret)).Properties.SecretString).toBeUndefined()
    })
  })

  describe('permissions', () => {
    const tableArn = { 'Fn::GetAtt': ['ArticlesTable', 'Arn'] }
    const tableResources = [
      tableArn,
      ...tableDefinition.globalSecondaryIndexes.map((index) => ({
        'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]],
      })),
    ]

    it('let the public function only GetItem, BatchGetItem and Query the table and its indexes', () => {
      const statements = statementsOf(s, roleOf(s, s.stack.publicFunction))
      const dynamo = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('dynamodb:')))
      expect(dynamo).toHaveLength(1)
      expect([...actionsOf(dynamo)].sort()).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
      ])
      // The table and the indexes the feeds query: not byStatus, which lists drafts.
      const publicResources = tableResources.filter((r) => !JSON.stringify(r).includes('/index/byStatus'))
      expect(dynamo[0]?.Resource).toEqual(expect.arrayContaining(publicResources))
      expect(dynamo[0]?.Resource).toHaveLength(tableResources.length - 1)
      const all = actionsOf(statements)
      expect(all.filter((a) => /^dynamodb:.*(Put|Update|Delete|Write|Transact|Scan)|\*/.test(a))).toEqual([])
      expect(all.filter((a) => a.startsWith('secretsmanager:'))).toEqual([])
    })

    it('let the publish function read and write the table and read its two secrets, nothing more', () => {
      const statements = statementsOf(s, roleOf(s, s.stack.publishFunction))
      const all = actionsOf(statements)
      // DeleteItem in two statements: the category registry's items and the author entries.
      expect([...new Set(all.filter((a) => a.startsWith('dynamodb:')))].sort()).toEqual(
        [...publishTableActions, ...deskTermActions, 'dynamodb:DeleteItem'].sort(),
      )
      expect(all).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']))
      // DeleteItem only under a LeadingKeys condition (evaluated in function-permissions.test.ts).
      const deletes = statements.filter((st) => actionsOf([st]).includes('dynamodb:DeleteItem'))
      expect(deletes.length).toBeGreaterThan(0)
      for (const st of deletes) expect(JSON.stringify(st.Condition)).toContain('dynamodb:LeadingKeys')
      // BatchWriteItem only on the desk's terms (evaluated in function-permissions.test.ts).
      const batchWrites = statements.filter((st) => actionsOf([st]).includes('dynamodb:BatchWriteItem'))
      expect(batchWrites).toHaveLength(1)
      for (const st of batchWrites) {
        expect(actionsOf([st])).toEqual([...deskTermActions])
        expect(st.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DESK#*'] } })
      }
      expect(all.filter((a) => /Scan|DeleteTable|\*/.test(a))).toEqual([])
      const secret = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('secretsmanager:')))
      expect([...new Set(actionsOf(secret))].sort()).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ])
      expect(secret.flatMap((st) => st.Resource)).toEqual(
        expect.arrayContaining([
          { Ref: s.id(s.stack.publishTokenSecret) },
          { Ref: s.id(s.stack.originSecret) },
        ]),
      )
      expect(secret.flatMap((st) => st.Resource)).toHaveLength(2)
    })

    it('grant every DynamoDB command the store sends, and the public function its reads', () => {
      const storeDir = join(import.meta.dirname, '../../lib/store')
      // createMany (BatchWriteItem, unconditional, of articles) seeds a table for the bench or an
      // operator's restore with their own credentials: no function runs it. A function batch-writes
      // the desk's terms only (batch-put.ts, under the LeadingKeys condition checked above).
      const source = readdirSync(storeDir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.startsWith(`${bulkSeedDir}/`))
        .map((file) => readFileSync(join(storeDir, file), 'utf8'))
        .join('\n')
      // IAM knows no TransactWriteItems: it authorises each item of one as its own Put or Delete
      // (function-permissions.test.ts evaluates those), so it stands for what the transaction holds.
      const commands = [...source.matchAll(/\b([A-Z][A-Za-z]+)Command\b/g)]
        .map((m) => `dynamodb:${m[1]}`)
        .flatMap((a) =>
          a === 'dynamodb:TransactWriteItems' ? ['dynamodb:PutItem', 'dynamodb:DeleteItem'] : [a],
        )
      expect(commands.length).toBeGreaterThan(0)
      // DeleteItem only on the category registry: function-permissions.test.ts evaluates its condition.
      for (const action of new Set(commands))
        expect([...publishTableActions, ...deskTermActions, 'dynamodb:DeleteItem']).toContain(action)
      const reads = [...new Set(commands)].filter((a) => /Get|Query/.test(a))
      for (const action of reads) expect(publicTableActions).toContain(action)
      expect(publishTableActions).not.toContain('dynamodb:BatchWriteItem')
    })

    it('leave the batch writer out of every function: nothing under functions/ or lib/ but its folder imports it', () => {
      const root = join(import.meta.dirname, '../..')
      const importers = ['functions', 'lib'].flatMap((dir) =>
        readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
          .filter(
            (file) => file.endsWith('.ts') && !join(dir, file).startsWith(join('lib/store', bulkSeedDir)),
          )
          .filter((file) => /from '[^']*\/bulk-seed\//.test(readFileSync(join(root, dir, file), 'utf8'))),
      )
      expect(importers).toEqual([])
    })

    it('use no AWS managed policy on the function roles', () => {
      for (const fn of [s.stack.publicFunction, s.stack.publishFunction]) {
        expect(resource(s, roleOf(s, fn)).Properties.ManagedPolicyArns).toBeUndefined()
      }
    })
  })

  describe('outputs', () => {
    it('give the site, the three feeds and the secret name', () => {
      const siteUrl = {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [s.id(s.stack.distribution), 'DomainName'] }]],
      }
      s.template.hasOutput('SiteUrl', { Value: siteUrl })
      for (const [id, path] of [
        ['RssUrl', '/rss.xml'],
        ['AtomUrl', '/atom.xml'],
        ['JsonFeedUrl', '/feed.json'],
      ] as const) {
        s.template.hasOutput(id, {
          Value: {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [s.id(s.stack.distribution), 'DomainName'] }, path],
            ],
          },
        })
      }
      s.template.hasOutput('PublishTokenSecretName', { Value: Match.anyValue() })
      expect(JSON.stringify(s.template.findOutputs('PublishTokenSecretName'))).toContain(
        `"Ref":"${s.id(s.stack.publishTokenSecret)}"`,
      )
    })

    it('use the custom domain when there is one', () => {
      const custom = synth(customDomainProps)
      custom.template.hasOutput('SiteUrl', { Value: 'https://news.example.com' })
      custom.template.hasOutput('RssUrl', { Value: 'https://news.example.com/rss.xml' })
      custom.template.hasOutput('AtomUrl', { Value: 'https://news.example.com/atom.xml' })
      custom.template.hasOutput('JsonFeedUrl', { Value: 'https://news.example.com/feed.json' })
    })
  })

  describe('props', () => {
    it.each([
      [{ domainName: 'news.example.com' }, /both domainName and certificateArn/],
      [{ certificateArn: customDomainProps.certificateArn }, /both domainName and certificateArn/],
      [
        { ...customDomainProps, certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
        /us-east-1/,
      ],
      [{ ...customDomainProps, domainName: 'https://news.example.com' }, /domainName must be a host name/],
      [{ feedPageSize: 0 }, /feedPageSize/],
      [{ feedPageSize: 101 }, /feedPageSize/],
      [{ feedPageSize: 2.5 }, /feedPageSize/],
      [{ siteLanguage: 'english please' }, /siteLanguage/],
    ])('rejects %j', (props, message) => {
      expect(() => newFeedStack(props)).toThrow(message)
    })
  })
})
