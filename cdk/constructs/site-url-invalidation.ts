import { CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront'
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { AwsCustomResource, type AwsSdkCall, PhysicalResourceId } from 'aws-cdk-lib/custom-resources'
import { Construct } from 'constructs'

export interface SiteUrlInvalidationProps {
  readonly distribution: IDistribution
  /** The site URL as the functions read it: a change of it, and only that, runs the invalidation. */
  readonly siteUrl: string
}

/**
 * Every page and feed the edge holds carries absolute links built from the site URL. When it
 * changes (a custom domain added or removed), one invalidation of `/*` on that deploy drops them,
 * so readers never get links to a host the site left. An AwsCustomResource (CloudFormation has no
 * invalidation resource) whose properties hold the site URL: CloudFormation calls it on create and
 * then only when the URL changes. The CallerReference is made from the URL: a retry of the same
 * deploy creates no second invalidation; going back to a URL used before reuses its reference, and
 * CloudFront then answers with the earlier invalidation instead of a new one (docs/deploy.md says to
 * invalidate by hand then).
 */
export class SiteUrlInvalidation extends Construct {
  readonly resource: AwsCustomResource

  constructor(scope: Construct, id: string, props: SiteUrlInvalidationProps) {
    super(scope, id)
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // Our own role, not the AWSLambdaBasicExecutionRole managed policy: its log group, one action.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Invalidates the distribution when the site URL changes',
    })
    logGroup.grantWrite(role)
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['cloudfront:CreateInvalidation'],
        resources: [props.distribution.distributionArn],
      }),
    )
    const invalidate: AwsSdkCall = {
      service: 'CloudFront',
      action: 'createInvalidation',
      parameters: {
        DistributionId: props.distribution.distributionId,
        InvalidationBatch: {
          CallerReference: `site-url ${props.siteUrl}`,
          Paths: { Quantity: 1, Items: ['/*'] },
        },
      },
      physicalResourceId: PhysicalResourceId.fromResponse('Invalidation.Id'),
    }
    this.resource = new AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::SiteUrlInvalidation',
      onCreate: invalidate,
      onUpdate: invalidate,
      role,
      logGroup,
      // The SDK of the Lambda runtime: no download from npm at deploy time.
      installLatestAwsSdk: false,
      memorySize: 256,
    })
    // The provider function AwsCustomResource shares across the stack, at the stack's root.
    const provider = Stack.of(this).node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
    )
    if (provider === undefined)
      throw new Error('the AwsCustomResource provider function is not where CDK puts it')
    // cfn-lint W3005, as on the product's functions (feed-function.ts): CDK's DependsOn on the role
    // beside the GetAtt of its ARN is redundant, not wrong. Kept for this resource only.
    const providerResource = provider.node.tryFindChild('Resource')
    if (providerResource instanceof CfnResource) {
      providerResource.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } })
    }
    Validations.of(provider).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'CloudFormation invokes this provider synchronously for one custom resource and gets its answer (or its ' +
          'error, which fails the deploy); there is no asynchronous event to keep in a dead-letter queue.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'One CreateInvalidation call per site URL change, at deploy time: its log group holds the call and the ' +
          'answer; X-Ray traces would show nothing more and bill for it.',
      },
    )
  }
}
