import { type EvaluationResult, runSimulation } from '@cloud-copilot/iam-simulate'
import type { PlausibleTemplate } from './plausible-template.ts'
import {
  functionResourcePolicy,
  identityPoliciesOf,
  logsResourcePolicy,
  type PolicyDocument,
  queuePolicyOf,
  topicPolicyOf,
  trustPolicyOf,
} from './template-policies.ts'

/**
 * One request to AWS, evaluated against the template's policies by an IAM policy simulator
 * (`@cloud-copilot/iam-simulate`: identity, resource and trust policies with their conditions, the
 * action and the resource ARN checked against the Service Authorization Reference).
 */
export interface AccessRequest {
  /**
   * Who asks: a role of the template (a session of it, as a function or a service using it), a
   * service principal (`scheduler.amazonaws.com`), an IAM principal ARN, or `anonymous`.
   */
  readonly principal:
    | { readonly role: string }
    | { readonly service: string }
    | { readonly arn: string }
    | 'anonymous'
  readonly action: string
  readonly resource: string
  /** The request's context keys, as the caller sends them (documented per service). */
  readonly context?: Readonly<Record<string, string | string[]>>
}

export interface AccessDecision {
  readonly result: EvaluationResult | 'Error'
  readonly allowed: boolean
  /** The simulator's validation errors, when the request or a policy is malformed. */
  readonly errors?: string
}

/** The role of the template whose ARN is `arn`, if any. */
function roleWithArn(t: PlausibleTemplate, arn: string): string | undefined {
  return t.ofType('AWS::IAM::Role').find((id) => t.getAtt(id, 'Arn') === arn)
}

/** The resource policy AWS evaluates for a request on `resource`, found among the template's resources. */
export function resourcePolicyFor(
  t: PlausibleTemplate,
  action: string,
  resource: string,
): PolicyDocument | undefined {
  if (action === 'sts:AssumeRole') {
    const role = roleWithArn(t, resource)
    if (role === undefined) throw new Error(`${resource} is not a role of the template`)
    return trustPolicyOf(t, role)
  }
  for (const id of t.ofType('AWS::Lambda::Function')) {
    const arn = t.getAtt(id, 'Arn')
    if (resource === arn || resource.startsWith(`${arn}:`)) return functionResourcePolicy(t, id)
  }
  for (const id of t.ofType('AWS::SQS::Queue')) {
    if (t.getAtt(id, 'Arn') === resource) return queuePolicyOf(t, id)
  }
  for (const id of t.ofType('AWS::SNS::Topic')) {
    if (t.ref(id) === resource) return topicPolicyOf(t, id)
  }
  if (resource.startsWith(`arn:${t.env.partition}:logs:`)) return logsResourcePolicy(t)
  return undefined
}

export async function evaluateAccess(t: PlausibleTemplate, request: AccessRequest): Promise<AccessDecision> {
  const { principal } = request
  const identityPolicies =
    typeof principal === 'object' && 'role' in principal ? identityPoliciesOf(t, principal.role) : []
  const principalArn =
    principal === 'anonymous'
      ? undefined
      : 'role' in principal
        ? `arn:${t.env.partition}:sts::${t.env.account}:assumed-role/${t.ref(principal.role)}/session`
        : 'service' in principal
          ? principal.service
          : principal.arn
  const resourcePolicy = resourcePolicyFor(t, request.action, request.resource)
  const response = await runSimulation(
    {
      request: {
        principal: principalArn ?? { type: 'Anonymous' },
        action: request.action,
        resource: { resource: request.resource, accountId: t.env.account },
        // Every SDK call and every service goes over TLS: policies that deny plain HTTP must not bite.
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    },
    {},
  )
  if (response.resultType === 'error') {
    return { result: 'Error', allowed: false, errors: JSON.stringify(response.errors) }
  }
  return { result: response.overallResult, allowed: response.overallResult === 'Allowed' }
}
