import { createHash } from 'node:crypto'
import {
  CfnOutput,
  type CfnResource,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { AttributeType, BillingMode, type CfnTable, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, type CfnFunction, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources'
import type { Construct } from 'constructs'
import { tableDefinition } from '../lib/store/table-definition.ts'
import { functionBundling, functionEntries, lambdaRuntime, projectRoot } from './bundling.ts'

export interface FeedStackProps extends StackProps {
  /** `SITE_TITLE`; the app's default when absent. */
  readonly siteTitle?: string
  /** `SITE_DESCRIPTION`; the app's default when absent. */
  readonly siteDescription?: string
  /** `SITE_LANGUAGE`, a BCP 47 tag such as `en` or `en-GB`; the app's default when absent. */
  readonly siteLanguage?: string
  /** `SITE_AUTHOR`, the author of articles that name none; the app's default when absent. */
  readonly siteAuthor?: string
  /** `FEED_PAGE_SIZE`, items per feed page (1–100); the app's default when absent. */
  readonly feedPageSize?: number
  /** A custom host name for the site, e.g. `news.example.com`; needs `certificateArn`. */
  readonly domainName?: string
  /** An ACM certificate in us-east-1 covering `domainName` (CloudFront only takes certificates from there). */
  readonly certificateArn?: string
}

/** Logical id of the table, fixed so that refactoring constructs can never replace the data. */
export const tableLogicalId = 'ArticlesTable'

/** Read actions of the public function: no write, no Scan. BatchGetItem reads a category feed's page. */
export const publicTableActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const

/** What the article store sends (a test holds this against lib/store): no Scan, no DeleteItem. */
export const publishTableActions = [...publicTableActions, 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const

/**
 * The whole product on AWS: one DynamoDB table, two Lambda functions behind Function URLs, one
 * CloudFront distribution in front of both, and the publish token in Secrets Manager.
 */
export class FeedStack extends Stack {
  readonly table: Table
  readonly publicFunction: NodejsFunction
  readonly publishFunction: NodejsFunction
  readonly distribution: Distribution
  readonly publishTokenSecret: Secret
  /** `https://` plus the custom domain, or the distribution's own domain. */
  readonly siteUrl: string

  constructor(scope: Construct, id: string, props: FeedStackProps = {}) {
    super(scope, id, props)
    checkSiteProps(props)
    const custom = customDomain(props)

    this.table = new Table(this, 'Articles', {
      partitionKey: { name: tableDefinition.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      })
    }
    ;(this.table.node.defaultChild as CfnTable).overrideLogicalId(tableLogicalId)
    const tableResources = [
      this.table.tableArn,
      ...tableDefinition.globalSecondaryIndexes.map(
        (index) => `${this.table.tableArn}/index/${index.indexName}`,
      ),
    ]

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

    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      // Stack traces of the minified bundle point at the TypeScript source.
      NODE_OPTIONS: '--enable-source-maps',
      ...definedOnly({
        SITE_TITLE: props.siteTitle,
        SITE_DESCRIPTION: props.siteDescription,
        SITE_LANGUAGE: props.siteLanguage,
        SITE_AUTHOR: props.siteAuthor,
        FEED_PAGE_SIZE: props.feedPageSize?.toString(),
      }),
      ...(custom ? { SITE_URL: `https://${custom.domainName}` } : {}),
    }

    // Memory: Lambda gives CPU in proportion to memory, and both functions are CPU-bound once the
    // data is read (rendering and hashing a feed page; sanitising and rendering an article on
    // write). 512 MB buys about a third of a vCPU, which halves cold starts and render times
    // against 256 MB for the same cost per request, and stays far above the ~100 MB they use.
    // Timeout: a request is a few DynamoDB calls of single-digit milliseconds; 10 s leaves room for
    // a cold start plus the SDK's retries, and answers well inside CloudFront's 30 s origin
    // timeout, so CloudFront can still serve a stale copy (stale-if-error) instead of timing out.
    this.publicFunction = this.nodeFunction('PublicFunction', {
      entry: functionEntries.public,
      description: 'Feeds, pages, article JSON and health (GET/HEAD), behind CloudFront',
      environment,
    })
    this.publicFunction.addToRolePolicy(
      new PolicyStatement({ actions: [...publicTableActions], resources: tableResources }),
    )

    this.publishFunction = this.nodeFunction('PublishFunction', {
      entry: functionEntries.publish,
      description: 'The authenticated /api publish routes',
      environment: { ...environment, PUBLISH_TOKEN_SECRET_ARN: this.publishTokenSecret.secretArn },
    })
    this.publishFunction.addToRolePolicy(
      new PolicyStatement({ actions: [...publishTableActions], resources: tableResources }),
    )
    this.publishTokenSecret.grantRead(this.publishFunction)

    // Reads go through CloudFront only: the public Function URL takes IAM-signed requests, and
    // CloudFront signs them with origin access control (a GET carries no body, so signing costs
    // nothing), so nobody can skip the cache and run up the Lambda bill by calling the URL directly.
    //
    // Writes cannot use origin access control: it signs with SigV4 in the Authorization header,
    // which replaces the publisher's "Bearer" token, and a POST or PUT would need every publisher
    // to compute x-amz-content-sha256 of its body. So the publish URL is public (AuthType NONE)
    // and the app itself checks the bearer token against Secrets Manager, in constant time,
    // before it reads a body; CloudFront in front of it only gives one host name and TLS policy.
    const publicUrl = this.publicFunction.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })
    const publishUrl = this.publishFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE })

    const feedCachePolicy = new CachePolicy(this, 'FeedCachePolicy', {
      comment: 'Feeds and pages: the origin Cache-Control decides; keyed on ?before only',
      // The app sends Cache-Control (s-maxage, stale-while-revalidate) on everything cacheable,
      // including its moment of the next scheduled article; min 0 lets it say "not at all". The
      // small default only covers a response that says nothing, the max bounds a mistake.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.allowList('before'),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    })

    this.distribution = new Distribution(this, 'Distribution', {
      // CloudFront takes at most 128 characters here; a title may have up to 500.
      comment: `${props.siteTitle ?? 'News feed'}: feeds, pages and the publish API`.slice(0, 128),
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: FunctionUrlOrigin.withOriginAccessControl(publicUrl),
        cachePolicy: feedCachePolicy,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new FunctionUrlOrigin(publishUrl),
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything the viewer sent, Authorization included (allowed because nothing is
          // cached), except Host: a Function URL answers 403 to a Host that is not its own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // No redirect: a client that sent its token over plain HTTP should fail, not succeed.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          compress: true,
        },
      },
      ...(custom
        ? {
            domainNames: [custom.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    })
    this.acknowledgeDistributionFindings(custom !== undefined)

    this.siteUrl = custom
      ? `https://${custom.domainName}`
      : `https://${this.distribution.distributionDomainName}`
    if (!custom) this.setSiteUrlAfterwards(environment)

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
  }

  private nodeFunction(
    id: string,
    options: {
      readonly entry: string
      readonly description: string
      readonly environment: Record<string, string>
    },
  ): NodejsFunction {
    const logGroup = new LogGroup(this, `${id}Logs`, {
      // A month of request and error lines is enough to investigate an incident and cheap to keep;
      // the logs go with the stack, only the table is kept on purpose.
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy: it may write to its
    // own log group and nothing else until the stack grants more.
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    })
    logGroup.grantWrite(role)
    return new NodejsFunction(this, id, {
      entry: options.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      description: options.description,
      environment: options.environment,
      logGroup,
      role,
      bundling: functionBundling,
    })
  }

  /**
   * Without a custom domain the site's URL is the distribution's domain name, which exists only once
   * the distribution does, and the distribution needs the functions' URLs first: putting it in the
   * functions' environment directly is a dependency cycle. So the functions are created without
   * SITE_URL (they refuse to start without it) and a custom resource adds it once the distribution
   * exists, by writing their whole environment plus SITE_URL.
   *
   * CloudFormation pushes a function's configuration again only when it changes in the template,
   * and that would drop SITE_URL; the custom resource carries a fingerprint of that configuration,
   * so every such change runs it again right after. A custom domain needs none of this: the URL is
   * known before anything is created.
   */
  private setSiteUrlAfterwards(environment: Record<string, string>): void {
    const role = new Role(this, 'SiteUrlUpdaterRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Adds SITE_URL to the functions once the CloudFront domain exists',
    })
    const logGroup = new LogGroup(this, 'SiteUrlUpdaterLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    logGroup.grantWrite(role)
    const targets: [string, NodejsFunction, Record<string, string>][] = [
      ['PublicSiteUrl', this.publicFunction, environment],
      [
        'PublishSiteUrl',
        this.publishFunction,
        { ...environment, PUBLISH_TOKEN_SECRET_ARN: this.publishTokenSecret.secretArn },
      ],
    ]
    for (const [id, fn, variables] of targets) {
      const update = new AwsCustomResource(this, id, {
        onUpdate: {
          service: 'Lambda',
          action: 'UpdateFunctionConfiguration',
          parameters: {
            FunctionName: fn.functionName,
            Environment: { Variables: { ...variables, SITE_URL: this.siteUrl } },
          },
          physicalResourceId: PhysicalResourceId.of(`${id}`),
          // The response echoes the whole configuration; CloudFormation takes 4 KB at most.
          outputPaths: ['FunctionName'],
        },
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({
            actions: ['lambda:UpdateFunctionConfiguration'],
            resources: [fn.functionArn],
          }),
        ]),
        role,
        logGroup,
        installLatestAwsSdk: false,
      })
      // Not an API parameter: a property only there to change whenever the function's configuration does.
      const resource = update.node.findChild('Resource').node.defaultChild as CfnResource
      resource.addPropertyOverride('FunctionConfigurationFingerprint', this.configurationFingerprint(fn))
    }
  }

  /** A hash of everything CloudFormation would push to the function on an update. */
  private configurationFingerprint(fn: NodejsFunction): string {
    const cfn = fn.node.defaultChild as CfnFunction
    return Lazy.string({
      produce: () => {
        const resolved = this.resolve({
          code: cfn.code,
          environment: cfn.environment,
          memorySize: cfn.memorySize,
          timeout: cfn.timeout,
          runtime: cfn.runtime,
          architectures: cfn.architectures,
          handler: cfn.handler,
          role: cfn.role,
          loggingConfig: cfn.loggingConfig,
          description: cfn.description,
        })
        return createHash('sha256').update(JSON.stringify(resolved)).digest('hex')
      },
    })
  }

  private acknowledgeDistributionFindings(hasCertificate: boolean): void {
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason })
    acknowledge(
      'AwsSolutions-CFR1',
      'A news feed is published for readers and aggregators worldwide; there is no country to keep out.',
    )
    acknowledge(
      'AwsSolutions-CFR2',
      'Reads are cacheable and answered by CloudFront; writes need the bearer token, checked before any body is read. ' +
        'A web ACL would cost more than the rest of the stack at rest (about $6/month plus $0.60 per million requests); ' +
        'attach one to the distribution when abuse shows up.',
    )
    acknowledge(
      'AwsSolutions-CFR3',
      'Standard logs would record every reader IP address (personal data to store, secure and expire) in a bucket ' +
        'that needs its own logging. Every request that reaches a function is logged as one JSON line with its request id, ' +
        'and CloudFront request and error-rate metrics cover cached hits.',
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

function checkSiteProps(props: FeedStackProps): void {
  const { feedPageSize, siteLanguage } = props
  if (
    feedPageSize !== undefined &&
    !(Number.isInteger(feedPageSize) && feedPageSize >= 1 && feedPageSize <= 100)
  ) {
    throw new Error(`feedPageSize must be a whole number from 1 to 100, not ${feedPageSize}`)
  }
  if (siteLanguage !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(siteLanguage)) {
    throw new Error(
      `siteLanguage must be a BCP 47 language tag such as "en" or "en-GB", not "${siteLanguage}"`,
    )
  }
}

function customDomain(props: FeedStackProps): { domainName: string; certificateArn: string } | undefined {
  const { domainName, certificateArn } = props
  if (domainName === undefined && certificateArn === undefined) return undefined
  if (!domainName || !certificateArn) {
    throw new Error(
      'A custom domain needs both domainName and certificateArn (an ACM certificate in us-east-1)',
    )
  }
  if (
    !Token.isUnresolved(domainName) &&
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domainName)
  ) {
    throw new Error(`domainName must be a host name such as news.example.com, not "${domainName}"`)
  }
  if (
    !Token.isUnresolved(certificateArn) &&
    !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)
  ) {
    throw new Error(
      `certificateArn must be an ACM certificate in us-east-1 (CloudFront takes no other), not "${certificateArn}"`,
    )
  }
  return { domainName, certificateArn }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}
