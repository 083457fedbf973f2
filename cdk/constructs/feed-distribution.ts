import {
  ArnFormat,
  Aws,
  type CfnCondition,
  type CfnResource,
  Duration,
  Fn,
  Names,
  RemovalPolicy,
  Stack,
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
  FunctionUrlOriginAccessControl,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda'
import {
  CfnDelivery,
  CfnDeliveryDestination,
  CfnDeliverySource,
  type CfnLogGroup,
  LogGroup,
  RetentionDays,
} from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { publicQueryParameters } from '../../lib/http/query-parameters.ts'
import { accessLogFields } from './access-log-fields.ts'

/** The header CloudFront adds on requests to the publish function; functions/publish.ts checks it. */
export const originVerifyHeader = 'X-Origin-Verify'

export interface FeedDistributionProps {
  /** The public function's URL: signed by origin access control, cached. */
  readonly publicUrl: IFunctionUrl
  /** The publish function's URL: `/api/*`, uncached, marked with the origin secret. */
  readonly publishUrl: IFunctionUrl
  /**
   * The value CloudFront puts in `X-Origin-Verify` on every request to the publish function: a
   * dynamic reference to the origin secret, resolved by CloudFormation at deploy time.
   */
  readonly originVerifyValue: string
  readonly comment: string
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string }
  /** A web ACL (CLOUDFRONT scope) to attach. */
  readonly webAclArn?: string
  /**
   * True only in us-east-1: CloudFront delivers its standard logs (v2) to CloudWatch Logs there
   * and nowhere else, so the log group and the delivery exist only under this condition.
   */
  readonly inUsEast1: CfnCondition
}

/**
 * CloudFront in front of both functions: the default behaviour caches the public function by its
 * Cache-Control, `/api/*` reaches the publish function uncached with the bearer token forwarded,
 * and `/desk*` (the editors' desk) reaches it uncached with its cookies.
 */
export class FeedDistribution extends Construct {
  readonly distribution: Distribution
  readonly accessLogs: LogGroup

  constructor(scope: Construct, id: string, props: FeedDistributionProps) {
    super(scope, id)

    const feedCachePolicy = new CachePolicy(this, 'FeedCachePolicy', {
      comment: `Feeds and pages: the origin Cache-Control decides; keyed on ?${publicQueryParameters.join(', ?')} only`,
      // The app sends Cache-Control (s-maxage, stale-while-revalidate) on everything cacheable,
      // including its moment of the next scheduled article; min 0 lets it say "not at all". The
      // small default only covers a response that says nothing, the max bounds a mistake.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(1),
      // Every parameter a public path takes, and no other (lib/http/query-parameters.ts).
      queryStringBehavior: CacheQueryStringBehavior.allowList(...publicQueryParameters),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    })

    // HSTS and nosniff on every answer, cached or not; the pages' own Content-Security-Policy and
    // the other headers the app sets pass through untouched (no CSP here, nothing else overridden).
    // Response headers policy names are unique per account, across regions, like the OAC's below.
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: Fn.join('-', [
        Names.uniqueResourceName(this, { maxLength: 100 }),
        Aws.REGION,
      ]),
      comment: 'HSTS and nosniff; the origin keeps its own CSP',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: false,
          override: true,
        },
        contentTypeOptions: { override: true },
      },
    })

    // OAC names are unique per account, across regions: the region in the name lets the same stack
    // deploy in two regions of one account.
    const originAccessControl = new FunctionUrlOriginAccessControl(this, 'PublicOriginAccess', {
      originAccessControlName: Fn.join('-', [Names.uniqueResourceName(this, { maxLength: 40 }), Aws.REGION]),
      description: 'CloudFront signs its requests to the public function URL',
    })

    // The publish function answers 403 without the header: its URL cannot take OAC (see FeedStack),
    // so this is how it tells CloudFront's requests from direct ones. CloudFormation resolves the
    // secret at deploy time; the function reads the same secret at run time. One origin serves
    // both of its behaviours, /api/* and /desk*.
    const publishOrigin = new FunctionUrlOrigin(props.publishUrl, {
      customHeaders: { [originVerifyHeader]: props.originVerifyValue },
    })

    this.distribution = new Distribution(this, 'Resource', {
      comment: props.comment,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Cache hit rate, origin latency and error rates by status for the alarms and the dashboard.
      publishAdditionalMetrics: true,
      defaultBehavior: {
        origin: FunctionUrlOrigin.withOriginAccessControl(props.publicUrl, { originAccessControl }),
        cachePolicy: feedCachePolicy,
        responseHeadersPolicy: securityHeaders,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: publishOrigin,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything the viewer sent, Authorization included (allowed because nothing is
          // cached), except Host: a Function URL answers 403 to a Host that is not its own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // No redirect: a client that sent its token over plain HTTP should fail, not succeed.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          compress: true,
        },
        // The editors' desk: HTML forms on the same origin as the site, so its session cookie is
        // first-party. Uncached like /api/*, every viewer header (cookies included) but Host.
        '/desk*': {
          origin: publishOrigin,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          compress: true,
        },
      },
      ...(props.webAclArn !== undefined ? { webAclId: props.webAclArn } : {}),
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    })

    this.accessLogs = this.addAccessLogs(props.inUsEast1)
  }

  /** Standard logging (v2) to a CloudWatch log group, without the fields that identify readers. */
  private addAccessLogs(inUsEast1: CfnCondition): LogGroup {
    const logGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const name = (suffix: string) => `${Names.uniqueResourceName(this, { maxLength: 50 })}-${suffix}`
    const source = new CfnDeliverySource(this, 'AccessLogSource', {
      name: name('src'),
      logType: 'ACCESS_LOGS',
      resourceArn: this.distribution.distributionArn,
    })
    const destination = new CfnDeliveryDestination(this, 'AccessLogDestination', {
      name: name('dst'),
      destinationResourceArn: logGroup.logGroupArn,
      outputFormat: 'json',
    })
    const delivery = new CfnDelivery(this, 'AccessLogDelivery', {
      deliverySourceName: source.ref,
      deliveryDestinationArn: destination.attrArn,
      recordFields: [...accessLogFields],
    })
    // The log group's resource policy, as the CloudWatch Logs guide ("Logs sent to CloudWatch Logs")
    // gives it: the delivery service may write streams of this group, for this account's delivery
    // sources only. Written here rather than left to the deploy to add: CloudFormation's role would
    // need logs:PutResourcePolicy, and the evaluation test reads what the template holds.
    const stack = Stack.of(this)
    logGroup.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            resourceName: `${logGroup.logGroupName}:log-stream:*`,
          }),
        ],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
        },
      }),
    )
    const policy = logGroup.node.tryFindChild('Policy')?.node.defaultChild as CfnResource | undefined
    if (policy === undefined) throw new Error('the access log group has no resource policy')
    for (const resource of [
      logGroup.node.defaultChild as CfnLogGroup,
      source,
      destination,
      delivery,
      policy,
    ]) {
      resource.cfnOptions.condition = inUsEast1
    }
    return logGroup
  }
}
