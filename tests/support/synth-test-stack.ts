import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, type CfnElement } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { FeedStack, type FeedStackProps } from '../../cdk/feed-stack.ts'

const cdkJson: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cdk.json'), 'utf8'))

/** The feature flags `cdk synth` runs with, so the tests see the template the CLI would produce. */
export function cdkJsonContext(): Record<string, unknown> {
  if (typeof cdkJson === 'object' && cdkJson !== null && 'context' in cdkJson) {
    const { context } = cdkJson
    if (typeof context === 'object' && context !== null) return { ...context }
  }
  throw new Error('cdk.json has no context object')
}

export const customDomainProps = {
  domainName: 'news.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
} as const satisfies FeedStackProps

/**
 * A FeedStack in a fresh App with the cdk.json flags, bundling skipped (the bundle test builds the
 * real bundles) and the built-in CloudFormation validation off: it costs seconds per synth and
 * `npm run synth` runs it once.
 */
export function newFeedStack(props: FeedStackProps = {}): { app: App; stack: FeedStack } {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  })
  return { app, stack: new FeedStack(app, 'TestFeed', props) }
}

export interface ResourceJson {
  readonly Type: string
  readonly Properties: Record<string, unknown>
  readonly DeletionPolicy?: string
  readonly UpdateReplacePolicy?: string
}

export interface Synthesised {
  readonly stack: FeedStack
  readonly template: Template
  readonly resources: Record<string, ResourceJson>
  id(element: { node: { defaultChild?: unknown } }): string
}

/** Freezes `value` and everything it holds: a test that writes into a shared template fails at once. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/**
 * Synths of the same props, shared by the CDK suites (one process runs them, `isolate: false`): the
 * default stack alone was synthesised by ten files, about 0.25 s of CPU each. Read-only: the
 * template is frozen.
 */
const synthesised = new Map<string, Synthesised>()

export function synth(props: Parameters<typeof newFeedStack>[0] = {}): Synthesised {
  const key = JSON.stringify(props)
  const known = synthesised.get(key)
  if (known) return known
  const { stack } = newFeedStack(props)
  const template = Template.fromStack(stack)
  const json = deepFreeze(template.toJSON() as { Resources: Record<string, ResourceJson> })
  const made: Synthesised = {
    stack,
    template,
    resources: json.Resources,
    id: (element) => stack.resolve((element.node.defaultChild as CfnElement).logicalId) as string,
  }
  synthesised.set(key, made)
  return made
}

export function resource(s: Synthesised, logicalId: string): ResourceJson {
  const found = s.resources[logicalId]
  if (!found) throw new Error(`no resource ${logicalId}`)
  return found
}

export function ofType(s: Synthesised, type: string): [string, ResourceJson][] {
  return Object.entries(s.resources).filter(([, r]) => r.Type === type)
}

export interface Statement {
  readonly Action: string | string[]
  readonly Resource: unknown
  readonly Effect: string
  readonly Condition?: unknown
}

/** Every statement of every inline policy attached to `roleLogicalId`. */
export function statementsOf(s: Synthesised, roleLogicalId: string): Statement[] {
  return ofType(s, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
}

export function actionsOf(statements: readonly Statement[]): string[] {
  return statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]))
}

export function roleOf(s: Synthesised, fn: FeedStack['publicFunction']): string {
  const role = resource(s, s.id(fn)).Properties.Role as { 'Fn::GetAtt': [string, string] }
  return role['Fn::GetAtt'][0]
}

/** The logical id of the Function URL in front of `fn`. */
export function urlOf(s: Synthesised, fn: FeedStack['publicFunction']): string {
  const target = JSON.stringify({ 'Fn::GetAtt': [s.id(fn), 'Arn'] })
  const found = ofType(s, 'AWS::Lambda::Url').find(
    ([, r]) => JSON.stringify(r.Properties.TargetFunctionArn) === target,
  )
  if (!found) throw new Error(`no Function URL for ${s.id(fn)}`)
  return found[0]
}

export function distributionConfig(s: Synthesised) {
  const [entry] = ofType(s, 'AWS::CloudFront::Distribution')
  if (!entry) throw new Error('no distribution')
  return entry[1].Properties.DistributionConfig as {
    DefaultCacheBehavior: Record<string, unknown>
    CacheBehaviors: Record<string, unknown>[]
    Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[]
    Aliases?: string[]
    ViewerCertificate?: Record<string, unknown>
    Comment: string
  }
}
