import {
  Aws,
  CfnCondition,
  CfnOutput,
  type CfnResource,
  CfnRule,
  Fn,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib'
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { FunctionUrlAuthType, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { StringParameter } from 'aws-cdk-lib/aws-ssm'
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2'
import type { Construct } from 'constructs'
import { envNames } from '../lib/config/env-names.ts'
import { ConfigError } from '../lib/config.ts'
import { functionEntries } from './bundling.ts'
import { ArticlesTable } from './constructs/articles-table.ts'
import { FeedDistribution } from './constructs/feed-distribution.ts'
import { FeedFunction } from './constructs/feed-function.ts'
import { Notifier } from './constructs/notifier.ts'
import { Operations } from './constructs/operations.ts'
import { SiteUrlInvalidation } from './constructs/site-url-invalidation.ts'
import { SubscriberCounter } from './constructs/subscriber-counter.ts'
import { parseStackSettings, type StackSettings } from './settings.ts'

export { publicTableActions, publishTableActions, tableLogicalId } from './constructs/articles-table.ts'

export interface FeedStackProps extends StackProps {
  /** `SITE_TITLE`; the app's default when absent. */
  readonly siteTitle?: string
  /** `SITE_DESCRIPTION`; the app's default when absent. */
  readonly siteDescription?: string
  /** `SITE_LANGUAGE`, a BCP 47 tag such as `en` or `en-GB`; the app's default when absent. */
  readonly siteLanguage?: string
  /** `SITE_AUTHOR`, the author of articles that name none; the app's default when absent. */
  readonly siteAuthor?: string
  /** `SITE_ICON`, an https URL of the site's icon; absent: the site serves its own `/favicon.ico`. */
  readonly siteIcon?: string
  /** `FEED_PAGE_SIZE`, items per feed page (1–100); the app's default when absent. */
  readonly feedPageSize?: number
  /** `FEED_CONTENT`, what the feeds carry by default: `full` text (the app's default) or `summary`. */
  readonly feedContent?: 'full' | 'summary'
  /** `SITE_TIME_ZONE`, an IANA name: pages show dates and the desk takes schedules in it; absent: each article's own offset on pages, UTC in the desk. */
  readonly siteTimeZone?: string
  /** `SITE_NAV_TOPICS`, category slugs the pages' topic navigation names; absent: the busiest recent topics. */
  readonly siteNavTopics?: readonly string[]
  /** A custom host name for the site, e.g. `news.example.com`; needs `certificateArn`. */
  readonly domainName?: string
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront only takes certificates from there). */
  readonly certificateArn?: string
  /** Where the alarms send email (an SNS subscription the address must confirm); none when absent. */
  readonly alarmEmail?: string
  /** On-demand cap of the table and each index, read units per second. Default 1,000. */
  readonly tableMaxReadUnits?: number
  /** On-demand cap of the table and each index, write units per second. Default 400. */
  readonly tableMaxWriteUnits?: number
  /** Reserved concurrency of the public function (also its cap); none by default. */
  readonly publicReservedConcurrency?: number
  /**
   * Reserved concurrency of the publish function (also its cap); {@link defaultPublishReservedConcurrency}
   * by default, 0 for none. Its URL takes direct calls (AuthType NONE): the cap keeps a flood of them
   * from taking the concurrency the public function needs. An account whose concurrency limit
   * leaves less than 100 unreserved (new accounts: 10) cannot reserve any: deploy with 0 there.
   */
  readonly publishReservedConcurrency?: number
  /** Attach an AWS WAF web ACL with a per-IP rate-based rule. Deploys in us-east-1 only. */
  readonly waf?: boolean
  /** Requests per IP address per five minutes before WAF blocks that address. Default 1,000. */
  readonly wafRateLimit?: number
  /** `WEBSUB_HUBS`: WebSub hubs every feed names and the notifier pings on each change; none by default. */
  readonly websubHubs?: readonly string[]
  /** `WEBHOOK_URLS`: endpoints that get a signed webhook per change; none by default. */
  readonly webhookUrls?: readonly string[]
  /**
   * An existing Secrets Manager secret (complete ARN) holding the webhook signing secret; without it
   * the stack generates one when `webhookUrls` are given.
   */
  readonly webhookSecretArn?: string
  /** `PODCAST_CATEGORIES`: category slugs whose RSS feeds are podcasts; with `podcastOwnerEmail` and `podcastImage`. */
  readonly podcastCategories?: readonly string[]
  /** `PODCAST_OWNER_EMAIL`: the podcasts' `itunes:owner` email. */
  readonly podcastOwnerEmail?: string
  /** `PODCAST_IMAGE`: the podcasts' artwork, an https URL. */
  readonly podcastImage?: string
  /** `PODCAST_ITUNES_CATEGORY`: an Apple Podcasts category and optional subcategory; `News` when absent. */
  readonly podcastItunesCategory?: readonly string[]
  /** `PODCAST_EXPLICIT`; false when absent. */
  readonly podcastExplicit?: boolean
  /**
   * What the notifier invalidates in CloudFront per batch of changes: `all` (default: `/*`, one
   * billed path a batch) or the `changed` paths (seven or more a batch, twelve for an article in two
   * categories). CloudFront bills each path past 1,000 a month at $0.005: at 100 publishes a day
   * `changed` costs about $175 a month, `all` about $10 (docs/deploy.md).
   */
  readonly invalidation?: 'changed' | 'all'
}

/**
 * Logical ids of the first version's resources that a replacement would hurt, kept through the
 * split into constructs: a new distribution would get a new *.cloudfront.net name (every
 * subscriber's feed URL gone) or fail on its custom domain's CNAME, and a new log group would drop
 * a month of logs. The table (`ArticlesTable`) and the token secret (`PublishToken`, at the stack's
 * top) keep theirs too; the rest is safely replaced on the first update.
 */
export const keptLogicalIds = {
  distribution: 'Distribution830FAC52',
  publicLogs: 'PublicFunctionLogs1F8F6716',
  publishLogs: 'PublishFunctionLogs8A6D69AD',
} as const

/** The publish function's reserved concurrency: twice what the CLI's parallel import sends (8). */
export const defaultPublishReservedConcurrency = 10

export const defaultTableCaps = { maxReadRequestUnits: 1000, maxWriteRequestUnits: 400 } as const
export const defaultWafRateLimit = 1000

/** The SSM parameter holding the site's URL: named from the stack, so the functions need no reference to it. */
export function siteUrlParameterName(stackName: string): string {
  return `/${stackName}/site-url`
}

/**
 * The whole product on AWS: one DynamoDB table, two Lambda functions behind Function URLs, one
 * CloudFront distribution in front of both, the publish token in Secrets Manager, and the alarms
 * and dashboard that watch them.
 */
export class FeedStack extends Stack {
  readonly table: ArticlesTable['table']
  readonly publicFunction: LambdaFunction
  readonly publishFunction: LambdaFunction
  readonly distribution: FeedDistribution['distribution']
  readonly publishTokenSecret: Secret
  readonly originSecret: Secret
  readonly cursorSecret: Secret
  readonly operations: Operations
  /** The parameter holding the site URL; only without a custom domain. */
  readonly siteUrlParameter?: StringParameter
  readonly webAcl?: CfnWebACL
  /** `https://` plus the custom domain, or the distribution's own domain. */
  readonly siteUrl: string
  readonly notifier: Notifier
  /** Signs the webhooks; only with `webhookUrls` (generated, or the one `webhookSecretArn` names). */
  readonly webhookSecret?: Secret | ISecret
  /** Counts each day's subscribers from the access logs; its resources exist in us-east-1 only. */
  readonly subscriberCounter: SubscriberCounter

  constructor(scope: Construct, id: string, props: FeedStackProps = {}) {
    super(scope, id, props)
    checkProps(props)
    const custom = customDomain(props)
    // What CloudFront offers in us-east-1 only (its metrics, its CloudWatch log delivery).
    const inUsEast1 = new CfnCondition(this, 'InUsEast1', {
      expression: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
    })

    const articles = new ArticlesTable(this, 'Articles', {
      maxReadRequestUnits: props.tableMaxReadUnits ?? defaultTableCaps.maxReadRequestUnits,
      maxWriteRequestUnits: props.tableMaxWriteUnits ?? defaultTableCaps.maxWriteRequestUnits,
    })
    this.table = articles.table

    // Stack-level ids kept from the first version: a new logical id would mean a new token.
    this.publishTokenSecret = new Secret(this, 'PublishToken', {
      description: 'Bearer token(s) of the publish API, comma-separated',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    })
    Validations.of(this.publishTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is a bearer token held by people and tools outside AWS, so no rotation Lambda can hand the new value to them. ' +
        'Rotation is manual and without downtime: store "new,old" (both accepted), switch the publishers, then store "new"; ' +
        'instances re-read the secret within five minutes.',
    })
    this.originSecret = new Secret(this, 'OriginVerify', {
      description: 'Value of the X-Origin-Verify header CloudFront adds on its way to the publish function',
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
    })
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront reads this value when the stack deploys (a dynamic reference in the origin header), so a rotation ' +
        'Lambda changing it in between would lock CloudFront out of the publish API. It is not a credential: the bearer ' +
        'token still guards every write. docs/deploy.md says how to replace it.',
    })

    this.cursorSecret = new Secret(this, 'CursorKey', {
      description: "Signs the feeds' page cursors, so that only cursors the site issued cost a Query",
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    })
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "A new key would make every feed page link already out (in readers and in CloudFront's cache) answer 400 until " +
        'it expires; nothing is gained by rotating a key that only stops readers from minting page cursors.',
    })

    // SITE_URL without a custom domain is the distribution's domain, known only once the
    // distribution exists, and the distribution needs the functions' URLs first. So the functions
    // get the name of an SSM parameter (built from the stack name, no reference to the parameter
    // resource) and read it once per cold start; CloudFormation writes its value after the
    // distribution. Nothing is set outside the template: no drift, nothing to lose on an update.
    const siteUrlParameterPath = siteUrlParameterName(this.stackName)
    const websubHubs = props.websubHubs ?? []
    const environment: Record<string, string> = {
      [envNames.tableName]: this.table.tableName,
      ...definedOnly({
        [envNames.siteTitle]: props.siteTitle,
        [envNames.siteDescription]: props.siteDescription,
        [envNames.siteLanguage]: props.siteLanguage,
        [envNames.siteAuthor]: props.siteAuthor,
        [envNames.siteIcon]: props.siteIcon,
        [envNames.feedPageSize]: props.feedPageSize?.toString(),
        [envNames.feedContent]: props.feedContent,
        [envNames.siteTimeZone]: props.siteTimeZone,
        [envNames.siteNavTopics]: props.siteNavTopics?.join(','),
      }),
      ...(custom
        ? { [envNames.siteUrl]: `https://${custom.domainName}` }
        : { [envNames.siteUrlParameter]: siteUrlParameterPath }),
    }
    const readSiteUrlParameter = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ssm:GetParameter'],
      resources: [
        this.formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: siteUrlParameterPath.slice(1),
        }),
      ],
    })

    const publicFn = new FeedFunction(this, 'Public', {
      entry: functionEntries.public,
      description: 'Feeds, pages, article JSON and health (GET/HEAD), behind CloudFront',
      serviceName: 'newsfeed-public',
      // The cursor key is set as a value (a dynamic reference CloudFormation resolves at deploy),
      // not read from Secrets Manager at each cold start of the function readers wait on: it only
      // stops readers from minting page cursors, and whoever can read the function's
      // configuration can already do far more.
      environment: {
        ...environment,
        [envNames.cursorSecret]: this.cursorSecret.secretValue.unsafeUnwrap(),
        ...(websubHubs.length > 0 ? { [envNames.websubHubs]: websubHubs.join(',') } : {}),
        ...podcastEnvironment(props),
      },
      ...definedOnly({ reservedConcurrency: props.publicReservedConcurrency }),
    })
    this.publicFunction = publicFn.function
    articles.grantPublicReads(this.publicFunction)

    const publishReserved = props.publishReservedConcurrency ?? defaultPublishReservedConcurrency
    const publishFn = new FeedFunction(this, 'Publish', {
      entry: functionEntries.publish,
      description: 'The authenticated /api publish routes, behind CloudFront',
      serviceName: 'newsfeed-publish',
      environment: {
        ...environment,
        [envNames.publishTokenSecretArn]: this.publishTokenSecret.secretArn,
        [envNames.originVerifySecretArn]: this.originSecret.secretArn,
      },
      ...(publishReserved > 0 ? { reservedConcurrency: publishReserved } : {}),
    })
    this.publishFunction = publishFn.function
    articles.grantPublishAccess(this.publishFunction)
    this.publishTokenSecret.grantRead(this.publishFunction)
    this.originSecret.grantRead(this.publishFunction)
    // With a custom domain too: removing it later sends new instances to the parameter, which is
    // then already there (it always exists) and already readable.
    for (const fn of [this.publicFunction, this.publishFunction]) fn.addToRolePolicy(readSiteUrlParameter)

    // Reads go through CloudFront only: the public Function URL takes IAM-signed requests, and
    // CloudFront signs them with origin access control (a GET carries no body, so signing costs
    // nothing), so nobody can skip the cache and run up the Lambda bill by calling the URL directly.
    //
    // Writes cannot use origin access control: it signs with SigV4 in the Authorization header,
    // which replaces the publisher's "Bearer" token, and a POST or PUT would need every publisher
    // to compute x-amz-content-sha256 of its body. So the publish URL takes any request (AuthType
    // NONE), and the function answers 403 unless CloudFront's secret origin header is there, then
    // checks the bearer token against Secrets Manager, in constant time, before it reads a body.
    const publicUrl = this.publicFunction.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })
    const publishUrl = this.publishFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE })

    if (props.waf) this.webAcl = this.rateLimitingWebAcl(props.wafRateLimit ?? defaultWafRateLimit)

    const cdn = new FeedDistribution(this, 'Distribution', {
      publicUrl,
      publishUrl,
      // A {{resolve:secretsmanager:…}} reference, not the value: it lands in the distribution's
      // configuration (as the header must), never in the template or the synthesised assembly.
      originVerifyValue: this.originSecret.secretValue.unsafeUnwrap(),
      // CloudFront takes at most 128 characters here; a title may have up to 500.
      comment: `${props.siteTitle ?? 'News feed'}: feeds, pages and the publish API`.slice(0, 128),
      ...(custom ? { customDomain: custom } : {}),
      ...(this.webAcl ? { webAclArn: this.webAcl.attrArn } : {}),
      inUsEast1,
    })
    this.distribution = cdn.distribution
    keepLogicalId(this.distribution, keptLogicalIds.distribution)
    keepLogicalId(publicFn.logGroup, keptLogicalIds.publicLogs)
    keepLogicalId(publishFn.logGroup, keptLogicalIds.publishLogs)
    this.acknowledgeDistributionFindings(custom !== undefined, this.webAcl !== undefined)

    this.siteUrl = custom
      ? `https://${custom.domainName}`
      : `https://${this.distribution.distributionDomainName}`
    // Kept with a custom domain too (holding it), under the same logical id: adding or removing
    // the domain updates the parameter in place, and never leaves a moment without it when a new
    // instance starts and reads it.
    this.siteUrlParameter = new StringParameter(this, 'SiteUrlParameter', {
      parameterName: siteUrlParameterPath,
      stringValue: this.siteUrl,
      description: 'The public base URL; the functions read it once per cold start',
    })
    // Cached pages and feeds carry the old URL in every link: drop them once the new one is out,
    // after the functions and the parameter have it.
    const invalidation = new SiteUrlInvalidation(this, 'SiteUrlInvalidation', {
      distribution: this.distribution,
      siteUrl: this.siteUrl,
    })
    invalidation.node.addDependency(this.siteUrlParameter, this.publicFunction, this.publishFunction)

    // After the distribution, whose id it is given: nothing the distribution needs depends on it.
    const webhookUrls = props.webhookUrls ?? []
    if (webhookUrls.length > 0) this.webhookSecret = this.webhookSigningSecret(props.webhookSecretArn)
    this.notifier = new Notifier(this, 'Notifier', {
      articles,
      distribution: this.distribution,
      environment,
      readSiteUrl: readSiteUrlParameter,
      websubHubs,
      webhookUrls,
      ...(this.webhookSecret ? { webhookSecret: this.webhookSecret } : {}),
      invalidation: props.invalidation ?? 'all',
    })

    this.operations = new Operations(this, 'Operations', {
      table: this.table,
      publicFunction: this.publicFunction,
      publicLogs: publicFn.logGroup,
      publishFunction: this.publishFunction,
      notifier: this.notifier,
      distribution: this.distribution,
      ...definedOnly({ alarmEmail: props.alarmEmail }),
      inUsEast1,
    })

    this.subscriberCounter = new SubscriberCounter(this, 'SubscriberCounter', {
      table: this.table,
      accessLogs: cdn.accessLogs,
      alarmTopic: this.operations.topic,
      dashboard: this.operations.dashboard,
      inUsEast1,
    })

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description })
    output('SiteUrl', this.siteUrl, 'The public site')
    output('RssUrl', `${this.siteUrl}/rss.xml`, 'RSS 2.0 feed')
    output('AtomUrl', `${this.siteUrl}/atom.xml`, 'Atom 1.0 feed')
    output('JsonFeedUrl', `${this.siteUrl}/feed.json`, 'JSON Feed 1.1')
    output('PublishApiUrl', `${this.siteUrl}/api/articles`, 'The publish API (Authorization: Bearer <token>)')
    output(
      'PublishTokenSecretName',
      this.publishTokenSecret.secretName,
      'Read the token: aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text',
    )
    output(
      'DistributionDomainName',
      this.distribution.distributionDomainName,
      'Point the custom domain here (CNAME, or a Route 53 alias)',
    )
    output(
      'DistributionId',
      this.distribution.distributionId,
      'Outside us-east-1, deploy the CloudFront alarms there: -c edgeAlarmsFor=<this> NewsFeed-EdgeAlarms (docs/deploy.md)',
    )
    output('AlarmTopicArn', this.operations.topic.topicArn, 'Alarms notify this SNS topic: subscribe to it')
    output(
      'NotifierFailureQueueUrl',
      this.notifier.failureQueue.queueUrl,
      'Changes the notifier could not announce after its retries (docs/deploy.md, Operations)',
    )
    if (this.webhookSecret instanceof Secret) {
      output(
        'WebhookSecretName',
        this.webhookSecret.secretName,
        'The webhook signing key: give it to each webhook receiver (as it is, or as whsec_<value>)',
      )
    }
    new CfnOutput(this, 'SubscriberCounterName', {
      value: this.subscriberCounter.function.functionName,
      description:
        'Count a day by hand: aws lambda invoke --function-name <this> --cli-binary-format raw-in-base64-out --payload \'{"day":"YYYY-MM-DD"}\' out.json',
      condition: inUsEast1,
    })
    output(
      'DashboardUrl',
      `https://console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.operations.dashboard.dashboardName}`,
      'Requests, cache hit rate, latency, errors and table capacity',
    )
  }

  /**
   * The webhook signing secret: the one `arn` names, or a generated one. Secrets Manager generates
   * characters, not bytes, so the generated value is 44 letters and digits: valid base64 of 33 bytes
   * (the Standard Webhooks range is 24 to 64), about 262 bits of entropy, without the `whsec_`
   * prefix, which receivers' libraries accept either way and the notifier adds.
   */
  private webhookSigningSecret(arn: string | undefined): Secret | ISecret {
    if (arn !== undefined) return Secret.fromSecretCompleteArn(this, 'WebhookSecret', arn)
    const secret = new Secret(this, 'WebhookSecret', {
      description: 'Signs the webhooks (Standard Webhooks): the base64 key, which receivers verify with',
      generateSecretString: { passwordLength: 44, excludePunctuation: true, includeSpace: false },
    })
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every webhook receiver holds this key outside AWS, so a rotation Lambda could not hand them the new value. ' +
        'Rotation is manual and announced: store the new value, give it to the receivers; the notifier signs with it ' +
        'within five minutes (docs/deploy.md says how).',
    })
    return secret
  }

  /**
   * A web ACL for CloudFront: anything goes, except an IP address over `limit` requests in five
   * minutes, which is blocked until it slows down. CloudFront web ACLs exist only in us-east-1, so
   * a template rule stops the deploy elsewhere with that reason instead of a failed resource.
   */
  private rateLimitingWebAcl(limit: number): CfnWebACL {
    new CfnRule(this, 'WafNeedsUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription:
            'waf=true needs the stack in us-east-1: CloudFront web ACLs exist only there. Deploy in us-east-1 or without -c waf=true.',
        },
      ],
    })
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    })
    return new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Blocks an IP address that sends too many requests',
      visibilityConfig: visibility('NewsFeedWebAcl'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: 300 } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    })
  }

  private acknowledgeDistributionFindings(hasCertificate: boolean, hasWebAcl: boolean): void {
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason })
    acknowledge(
      'AwsSolutions-CFR1',
      'A news feed is published for readers and aggregators worldwide; there is no country to keep out.',
    )
    if (!hasWebAcl) {
      acknowledge(
        'AwsSolutions-CFR2',
        'Reads are cacheable and answered by CloudFront; writes need the origin header and the bearer token, checked before ' +
          'any body is read. A web ACL costs more than the rest of the stack at rest (about $6/month plus $0.60 per million ' +
          'requests): deploy with -c waf=true to attach one with a per-IP rate limit.',
      )
    }
    acknowledge(
      'AwsSolutions-CFR3',
      'Access logs go to CloudWatch Logs through standard logging v2 (AWS::Logs::Delivery, without client IPs), which ' +
        'this rule does not read: it only knows the legacy S3 logging, which would record every reader IP address.',
    )
    if (!hasCertificate) {
      acknowledge(
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose security policy ' +
          'cannot be set. With domainName and certificateArn it enforces TLSv1.2_2021.',
      )
    }
  }
}

/** The same rules `cdk/app.ts` applies to `-c` values, for props handed to the stack directly. */
function checkProps(props: FeedStackProps): void {
  const texts: Partial<Record<keyof StackSettings, string>> = {}
  for (const key of [
    'siteTitle',
    'siteDescription',
    'siteLanguage',
    'siteAuthor',
    'siteIcon',
    'feedPageSize',
    'feedContent',
    'siteTimeZone',
    'siteNavTopics',
    'domainName',
    'certificateArn',
    'alarmEmail',
    'tableMaxReadUnits',
    'tableMaxWriteUnits',
    'publicReservedConcurrency',
    'publishReservedConcurrency',
    'waf',
    'wafRateLimit',
    'websubHubs',
    'webhookUrls',
    'webhookSecretArn',
    'invalidation',
  ] as const) {
    const value = props[key]
    if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) continue
    // Lists as the comma-separated text the context gives.
    texts[key] = typeof value === 'object' ? value.join(',') : String(value)
  }
  parseStackSettings(texts)
}

/** The public function's `PODCAST_*` variables (its RSS feeds carry the tags); none without categories. */
function podcastEnvironment(props: FeedStackProps): Record<string, string> {
  const categories = props.podcastCategories ?? []
  if (categories.length === 0) return {}
  if (props.podcastOwnerEmail === undefined || props.podcastImage === undefined) {
    throw new Error(
      'podcastCategories needs podcastOwnerEmail and podcastImage: Apple Podcasts lists no show without them',
    )
  }
  return definedOnly({
    [envNames.podcastCategories]: categories.join(','),
    [envNames.podcastOwnerEmail]: props.podcastOwnerEmail,
    [envNames.podcastImage]: props.podcastImage,
    [envNames.podcastItunesCategory]: props.podcastItunesCategory?.join(' > '),
    [envNames.podcastExplicit]: props.podcastExplicit?.toString(),
  })
}

function keepLogicalId(construct: Construct, logicalId: string): void {
  ;(construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId)
}

function customDomain(props: FeedStackProps): { domainName: string; certificateArn: string } | undefined {
  const { domainName, certificateArn } = props
  if (domainName === undefined && certificateArn === undefined) return undefined
  if (!domainName || !certificateArn) {
    throw new ConfigError(
      'A custom domain needs both domainName and certificateArn (an ACM certificate in us-east-1)',
    )
  }
  return { domainName, certificateArn }
}

function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter((entry) => entry[1] !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}
