import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
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
