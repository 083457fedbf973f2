import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff'

/**
 * The replacement guard: AWS CDK's own template diff (`@aws-cdk/cloudformation-diff`, what
 * `cdk diff` prints), which knows from the CloudFormation resource specification which property
 * changes replace a resource, run between a committed baseline template and the one synthesised
 * now. A replacement, a removal or a new logical id of a stateful resource is a finding: a new
 * table is an empty table (and the old one is kept, orphaned, by its RETAIN policy), a new secret
 * a new token for every publisher, a new distribution a new *.cloudfront.net name for every
 * subscriber.
 */

/** The resource types whose replacement loses data or breaks what people outside hold. */
export const statefulTypes = [
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
  'AWS::SSM::Parameter',
  'AWS::CloudFront::Distribution',
] as const

const harmful = new Set<ResourceImpact>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
])

export interface ReplacementFinding {
  readonly logicalId: string
  readonly type: string
  readonly impact: ResourceImpact
  /** The properties whose change causes it (empty for a removal). */
  readonly causes: readonly string[]
}

export function statefulReplacements(
  baseline: Record<string, unknown>,
  current: Record<string, unknown>,
  types: readonly string[] = statefulTypes,
): ReplacementFinding[] {
  const findings: ReplacementFinding[] = []
  fullDiff(baseline, current).resources.forEachDifference((logicalId, change) => {
    const type = change.oldResourceType ?? change.newResourceType ?? ''
    if (!types.includes(type) || !harmful.has(change.changeImpact)) return
    const causes = Object.entries(change.propertyUpdates)
      .filter(([, property]) => property.changeImpact !== undefined && harmful.has(property.changeImpact))
      .map(([name]) => name)
    findings.push({ logicalId, type, impact: change.changeImpact, causes })
  })
  return findings
}

export function describeFinding(finding: ReplacementFinding): string {
  const why = finding.causes.length > 0 ? ` (${finding.causes.join(', ')})` : ''
  return `${finding.impact} ${finding.type} ${finding.logicalId}${why}`
}

/**
 * The lines of `cdk diff`'s output (as `@aws-cdk/cloudformation-diff` formats it) that replace,
 * may replace, destroy or orphan a stateful resource: `[~] AWS::DynamoDB::Table … ArticlesTable replace`.
 */
export function statefulLinesOfCdkDiff(text: string, types: readonly string[] = statefulTypes): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal colours cdk diff may print
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '')
  return plain
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) =>
        types.some((type) => line.includes(` ${type} `)) &&
        /(replace|may be replaced|destroy|orphan)$/.test(line),
    )
}
