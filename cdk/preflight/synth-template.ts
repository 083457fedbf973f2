import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import { FeedStack, type FeedStackProps } from '../feed-stack.ts'
import type { TemplateJson } from './plausible-template.ts'

const projectRoot = join(import.meta.dirname, '..', '..')

/** The committed baseline of the replacement guard: the stack with default settings. */
export const baselinePath = join(projectRoot, 'cdk', 'baseline', 'NewsFeed.template.json')

/**
 * The stack's template, synthesised in this process as `cdk synth` would (cdk.json's feature
 * flags, the app's default stack name) but without bundling the functions: what the policy
 * evaluation and the replacement guard read does not depend on the code's bytes.
 */
export function synthTemplate(props: FeedStackProps = {}, stackName = 'NewsFeed'): TemplateJson {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>
  }
  const app = new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  })
  const stack = new FeedStack(app, stackName, props)
  const assembly = app.synth()
  return assembly.getStackByName(Stack.of(stack).stackName).template as TemplateJson
}
