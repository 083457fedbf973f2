import { type CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  ApplicationLogLevel,
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { functionCode, lambdaRuntime } from '../bundling.ts'

export interface FeedFunctionProps {
  readonly entry: string
  readonly description: string
  /** Powertools' `service` key of every log line. */
  readonly serviceName: string
  readonly environment: Readonly<Record<string, string>>
  /** Concurrency reserved for (and capping) the function; none when absent. */
  readonly reservedConcurrency?: number
  /** Default 512 MB: see below. */
  readonly memorySize?: number
  /** Default 10 s: see below. */
  readonly timeout?: Duration
  /**
   * Where Lambda puts the asynchronous events the function failed after its retries. Without one the
   * function must only ever be invoked synchronously (a Function URL), which the acknowledgement says.
   */
  readonly deadLetterQueue?: IQueue
  /**
   * Why a function invoked asynchronously has no dead-letter queue (its failed events are not lost);
   * without it and without `deadLetterQueue`, the function must only be invoked synchronously.
   */
  readonly noDeadLetterQueue?: string
}

/**
 * One of the product's Lambda functions: ARM64, the newest Node.js runtime, bundled by the local esbuild,
 * logging JSON to its own log group through its own role.
 */
export class FeedFunction extends Construct {
  readonly function: LambdaFunction
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: FeedFunctionProps) {
    super(scope, id)
    this.logGroup = new LogGroup(this, 'Logs', {
      // A month of request and error lines is enough to investigate an incident and cheap to keep;
      // the logs go with the stack, only the table is kept on purpose.
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy: it may write to its
    // own log group and nothing else until the stack grants more.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    })
    this.logGroup.grantWrite(role)
    // Memory: Lambda gives CPU in proportion to memory, and both functions are CPU-bound once the
    // data is read (rendering and hashing a feed page; sanitising and rendering an article on
    // write). 512 MB buys about a third of a vCPU, which halves cold starts and render times
    // against 256 MB for the same cost per request, and stays far above the ~100 MB they use.
    // Timeout: a request is a few DynamoDB calls of single-digit milliseconds; 10 s leaves room for
    // a cold start plus the SDK's retries, and answers well inside CloudFront's 30 s origin
    // timeout, so CloudFront can still serve a stale copy (stale-if-error) instead of timing out.
    this.function = new LambdaFunction(this, 'Function', {
      code: functionCode(props.entry),
      handler: 'index.handler',
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // Stack traces of the minified bundle point at the TypeScript source.
        NODE_OPTIONS: '--enable-source-maps',
      },
      // JSON lines, whose level Lambda filters (Powertools reads AWS_LAMBDA_LOG_LEVEL from it):
      // the stale-serve metric filter and Logs Insights read fields, not text.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      logGroup: this.logGroup,
      role,
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      ...(props.deadLetterQueue !== undefined ? { deadLetterQueue: props.deadLetterQueue } : {}),
    })
    // cfn-lint W3005: CDK adds DependsOn on the role (and its default policy) beside the GetAtt of
    // the role's ARN, so that the policy exists before Lambda first assumes the role. The DependsOn
    // on the role is redundant, not wrong, and comes from CDK's own Function: kept, for this
    // resource only (any other W3005 still fails `npm run preflight`).
    ;(this.function.node.defaultChild as CfnResource).addMetadata('cfn-lint', {
      config: { ignore_checks: ['W3005'] },
    })
    if (props.deadLetterQueue === undefined) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          props.noDeadLetterQueue ??
          'The function is only invoked synchronously, through its Function URL: a failure goes back to the caller ' +
            '(CloudFront, the publisher), and a dead-letter queue only ever receives failed asynchronous events.',
      })
    }
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaTracing',
      reason:
        'Without instrumented SDK clients X-Ray would only show the Lambda segments that the Duration and Init metrics ' +
        'and the JSON request log (request id, cold start, duration) already give, at extra cost per trace.',
    })
  }
}
