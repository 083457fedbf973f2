import { evaluateAccess } from './evaluate-access.ts'
import {
  type Environment,
  type PlausibleTemplate,
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from './plausible-template.ts'
import { serviceAccessChecks } from './service-access.ts'

/** The regions the evaluation resolves the template in: CloudFront's own, where the log delivery exists, and one other. */
export const evaluatedRegions = ['eu-west-1', 'us-east-1'] as const

/**
 * Every service check of cdk/preflight/service-access.ts that does not come out as expected, in
 * each of `regions`: one line per finding, empty when AWS would do exactly what the stack intends.
 */
export async function serviceAccessFindings(
  template: TemplateJson,
  stackName: string,
  regions: readonly string[] = evaluatedRegions,
): Promise<string[]> {
  const findings: string[] = []
  for (const region of regions) {
    const env: Environment = { ...plausibleEnvironment, region, stackName }
    const t = plausibleTemplate(template, env)
    for (const check of serviceAccessChecks(t)) {
      const decision = await evaluateAccess(t, check.request)
      const got =
        decision.result === 'Error' ? `an error: ${decision.errors}` : decision.allowed ? 'allowed' : 'denied'
      if (got !== check.expect) {
        findings.push(
          `[${region}] ${check.description}: expected ${check.expect}, got ${got} (see ${check.doc})`,
        )
      }
    }
  }
  return findings
}

export interface RoleRequest {
  readonly action: string
  readonly resource: string
  readonly context?: Readonly<Record<string, string>>
}

/** The requests, made with the role `roleLogicalId` of the template, that its policies do not allow. */
export async function deniedRequests(
  t: PlausibleTemplate,
  roleLogicalId: string,
  requests: readonly RoleRequest[],
): Promise<string[]> {
  const denied: string[] = []
  for (const request of requests) {
    const decision = await evaluateAccess(t, {
      principal: { role: roleLogicalId },
      action: request.action,
      resource: request.resource,
      ...(request.context === undefined ? {} : { context: request.context }),
    })
    if (!decision.allowed) {
      denied.push(
        `${roleLogicalId} may not ${request.action} on ${request.resource}: ${decision.result}${decision.errors ? ` ${decision.errors}` : ''}`,
      )
    }
  }
  return denied
}
