import { createHash } from 'node:crypto'

/**
 * A synthesised CloudFormation template with every intrinsic function resolved the way
 * CloudFormation would in one fixed account and region: `Ref` and `Fn::GetAtt` become plausible
 * physical names and ARNs (the shapes each resource type's documentation gives), conditions are
 * evaluated, and resources whose condition is false are dropped. What the policy evaluation needs:
 * the ARNs in a policy, the names in a function's environment and the ARNs an SDK call targets all
 * come from the same resolution, so they match exactly when the template wires them together.
 */

export interface TemplateJson {
  readonly Resources: Record<string, ResourceJson>
  readonly Conditions?: Record<string, unknown>
  readonly Parameters?: Record<string, unknown>
  readonly Outputs?: Record<string, unknown>
}

export interface ResourceJson {
  readonly Type: string
  readonly Properties?: Record<string, unknown>
  readonly Condition?: string
  readonly DependsOn?: string | string[]
  readonly DeletionPolicy?: string
  readonly UpdateReplacePolicy?: string
}

export interface Environment {
  readonly account: string
  readonly region: string
  readonly partition: string
  readonly stackName: string
}

export const plausibleEnvironment: Environment = {
  account: '123456789012',
  region: 'eu-west-1',
  partition: 'aws',
  stackName: 'NewsFeed',
}

export interface PlausibleTemplate {
  readonly env: Environment
  readonly template: TemplateJson
  /** The resources that exist in this environment (their condition holds), unresolved. */
  readonly resources: Readonly<Record<string, ResourceJson>>
  /** `value` with every intrinsic function resolved. */
  resolve(value: unknown): unknown
  /** `Ref` of a resource: what CloudFormation returns for its type (a name, an ARN, a URL, an id). */
  ref(logicalId: string): string
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string
  /** The resolved properties of a resource. */
  properties(logicalId: string): Record<string, unknown>
  ofType(type: string): string[]
}

/** Thrown for an intrinsic or an attribute the resolver does not know: better a loud test than a wrong ARN. */
export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError'
}

export function plausibleTemplate(
  template: TemplateJson,
  env: Environment = plausibleEnvironment,
): PlausibleTemplate {
  const conditions = new Map<string, boolean>()

  const suffix = (logicalId: string, length = 12) =>
    createHash('sha256').update(`${env.stackName}/${logicalId}`).digest('hex').slice(0, length).toUpperCase()
  /** A name as CloudFormation generates one: stack name, logical id, random suffix. */
  const generated = (logicalId: string, max = 64) => {
    const tail = `-${suffix(logicalId)}`
    return `${env.stackName}-${logicalId}`.slice(0, max - tail.length) + tail
  }

  function resourceOf(logicalId: string): ResourceJson {
    const found = template.Resources[logicalId]
    if (found === undefined) throw new UnresolvableError(`no resource ${logicalId}`)
    return found
  }

  function condition(name: string): boolean {
    const known = conditions.get(name)
    if (known !== undefined) return known
    const expression = template.Conditions?.[name]
    if (expression === undefined) throw new UnresolvableError(`no condition ${name}`)
    const value = evaluateCondition(expression)
    conditions.set(name, value)
    return value
  }

  function evaluateCondition(expression: unknown): boolean {
    if (typeof expression !== 'object' || expression === null) {
      throw new UnresolvableError(`not a condition: ${JSON.stringify(expression)}`)
    }
    const [[fn, args] = []] = Object.entries(expression)
    const list = Array.isArray(args) ? args : []
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(resolve(list[0])) === JSON.stringify(resolve(list[1]))
      case 'Fn::Not':
        return !evaluateCondition(list[0])
      case 'Fn::And':
        return list.every((item) => evaluateCondition(item))
      case 'Fn::Or':
        return list.some((item) => evaluateCondition(item))
      case 'Condition':
        return condition(String(args))
      default:
        throw new UnresolvableError(`unknown condition function ${String(fn)}`)
    }
  }

  const arn = (service: string, resource: string, region = env.region, account = env.account) =>
    `arn:${env.partition}:${service}:${region}:${account}:${resource}`

  /** The name a resource has: the property that names it, or the one CloudFormation generates. */
  function nameOf(logicalId: string, property: string | undefined, max = 64): string {
    const resource = resourceOf(logicalId)
    if (property !== undefined) {
      const given = resource.Properties?.[property]
      if (given !== undefined) return String(resolve(given))
    }
    return generated(logicalId, max)
  }

  function ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::AccountId': env.account,
      'AWS::Region': env.region,
      'AWS::Partition': env.partition,
      'AWS::StackName': env.stackName,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackId': arn('cloudformation', `stack/${env.stackName}/${suffix('stack')}`),
    }
    const known = pseudo[logicalId]
    if (known !== undefined) return known
    if (template.Parameters?.[logicalId] !== undefined) {
      throw new UnresolvableError(`parameter ${logicalId} has no value here`)
    }
    const resource = resourceOf(logicalId)
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return nameOf(logicalId, 'TableName', 255)
      case 'AWS::SecretsManager::Secret':
        return arn('secretsmanager', `secret:${nameOf(logicalId, 'Name')}-${suffix(logicalId, 6)}`)
      case 'AWS::Lambda::Function':
        return nameOf(logicalId, 'FunctionName')
      case 'AWS::IAM::Role':
        return nameOf(logicalId, 'RoleName')
      case 'AWS::SQS::Queue':
        return `https://sqs.${env.region}.amazonaws.com/${env.account}/${nameOf(logicalId, 'QueueName', 80)}`
      case 'AWS::SNS::Topic':
        return arn('sns', nameOf(logicalId, 'TopicName', 256))
      case 'AWS::Logs::LogGroup':
        return nameOf(logicalId, 'LogGroupName', 512)
      case 'AWS::CloudFront::Distribution':
        return `E${suffix(logicalId, 13)}`
      case 'AWS::Events::Rule':
        return nameOf(logicalId, 'Name', 64)
      case 'AWS::SSM::Parameter':
      case 'AWS::Scheduler::ScheduleGroup':
      case 'AWS::Logs::DeliverySource':
      case 'AWS::Logs::DeliveryDestination':
        return nameOf(logicalId, 'Name')
      default:
        // Ids of everything else (policies, alarms, URLs): opaque names nothing here reads as an ARN.
        return generated(logicalId)
    }
  }

  function getAtt(logicalId: string, attribute: string): string {
    const resource = resourceOf(logicalId)
    const key = `${resource.Type}.${attribute}`
    switch (key) {
      case 'AWS::DynamoDB::Table.Arn':
        return arn('dynamodb', `table/${ref(logicalId)}`)
      case 'AWS::DynamoDB::Table.StreamArn':
        return arn('dynamodb', `table/${ref(logicalId)}/stream/2026-01-01T00:00:00.000`)
      case 'AWS::Lambda::Function.Arn':
        return arn('lambda', `function:${ref(logicalId)}`)
      case 'AWS::Lambda::Url.FunctionArn':
        return String(resolve(resource.Properties?.TargetFunctionArn))
      case 'AWS::Lambda::Url.FunctionUrl':
        return `https://${suffix(logicalId, 32).toLowerCase()}.lambda-url.${env.region}.on.aws/`
      case 'AWS::IAM::Role.Arn':
        return `arn:${env.partition}:iam::${env.account}:role/${ref(logicalId)}`
      case 'AWS::SQS::Queue.Arn':
        return arn('sqs', nameOf(logicalId, 'QueueName', 80))
      case 'AWS::SQS::Queue.QueueName':
        return nameOf(logicalId, 'QueueName', 80)
      case 'AWS::SQS::Queue.QueueUrl':
        return ref(logicalId)
      case 'AWS::SNS::Topic.TopicArn':
        return ref(logicalId)
      case 'AWS::SNS::Topic.TopicName':
        return nameOf(logicalId, 'TopicName', 256)
      case 'AWS::Logs::LogGroup.Arn':
        return arn('logs', `log-group:${ref(logicalId)}:*`)
      case 'AWS::CloudFront::Distribution.DomainName':
        return `d${suffix(logicalId, 13).toLowerCase()}.cloudfront.net`
      case 'AWS::CloudFront::Distribution.Id':
        return ref(logicalId)
      case 'AWS::Events::Rule.Arn':
        return arn('events', `rule/${ref(logicalId)}`)
      case 'AWS::Scheduler::ScheduleGroup.Arn':
        return arn('scheduler', `schedule-group/${ref(logicalId)}`)
      case 'AWS::Logs::DeliverySource.Arn':
        return arn('logs', `delivery-source:${ref(logicalId)}`)
      case 'AWS::Logs::DeliveryDestination.Arn':
        return arn('logs', `delivery-destination:${ref(logicalId)}`)
      case 'AWS::WAFv2::WebACL.Arn':
        return arn(
          'wafv2',
          `global/webacl/${generated(logicalId, 128)}/${suffix(logicalId, 36)}`,
          'us-east-1',
        )
      case 'AWS::CloudFront::OriginAccessControl.Id':
      case 'AWS::CloudFront::CachePolicy.Id':
      case 'AWS::CloudFront::ResponseHeadersPolicy.Id':
        return suffix(logicalId, 14)
      default:
        throw new UnresolvableError(
          `no plausible value for Fn::GetAtt ${logicalId}.${attribute} (${resource.Type})`,
        )
    }
  }

  function sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(resolve(variables[name]))
      const [id = '', attribute] = name.split('.')
      return attribute === undefined ? ref(id) : getAtt(id, attribute)
    })
  }

  const noValue = Symbol('AWS::NoValue')

  function resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolveValue).filter((item) => item !== noValue)
    if (typeof value !== 'object' || value === null) return value
    const entries = Object.entries(value)
    const [first] = entries
    if (entries.length === 1 && first !== undefined) {
      const [fn, args] = first
      const list: unknown[] = Array.isArray(args) ? args : []
      switch (fn) {
        case 'Ref':
          return args === 'AWS::NoValue' ? noValue : ref(String(args))
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(args) ? args : String(args).split('.')
          return getAtt(String(id), String(attribute))
        }
        case 'Fn::Join': {
          const [separator, items] = list
          return (resolveValue(items) as unknown[]).map(String).join(String(separator))
        }
        case 'Fn::Select': {
          const [index, items] = list
          return (resolveValue(items) as unknown[])[Number(resolveValue(index))]
        }
        case 'Fn::Split': {
          const [separator, text] = list
          return String(resolveValue(text)).split(String(separator))
        }
        case 'Fn::Sub':
          if (typeof args === 'string') return sub(args, {})
          return sub(String(list[0]), (list[1] ?? {}) as Record<string, unknown>)
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = list
          return resolveValue(condition(String(name)) ? whenTrue : whenFalse)
        }
        case 'Fn::GetAZs':
          return ['a', 'b', 'c'].map((zone) => `${env.region}${zone}`)
        case 'Fn::Base64':
          return Buffer.from(String(resolveValue(args))).toString('base64')
        default:
          if (fn.startsWith('Fn::')) throw new UnresolvableError(`unknown intrinsic function ${fn}`)
      }
    }
    const out: Record<string, unknown> = {}
    for (const [key, item] of entries) {
      const resolved = resolveValue(item)
      if (resolved !== noValue) out[key] = resolved
    }
    return out
  }

  function resolve(value: unknown): unknown {
    const resolved = resolveValue(value)
    return resolved === noValue ? undefined : resolved
  }

  const resources = Object.fromEntries(
    Object.entries(template.Resources).filter(
      ([, resource]) => resource.Condition === undefined || condition(resource.Condition),
    ),
  )

  return {
    env,
    template,
    resources,
    resolve,
    ref,
    getAtt,
    properties: (logicalId) =>
      (resolve(resourceOf(logicalId).Properties ?? {}) as Record<string, unknown>) ?? {},
    ofType: (type) =>
      Object.entries(resources)
        .filter(([, resource]) => resource.Type === type)
        .map(([id]) => id),
  }
}
