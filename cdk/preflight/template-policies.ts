import type { PlausibleTemplate } from './plausible-template.ts'

/**
 * The policies of a resolved template, gathered the way AWS attaches them: a role's identity
 * policies (its inline `Policies` and every `AWS::IAM::Policy` naming it), its trust policy, a
 * function's resource policy (the statements AWS makes of its `AWS::Lambda::Permission`s), a
 * queue's, a topic's, and the CloudWatch Logs resource policies.
 */

export interface PolicyDocument {
  readonly Version?: string
  readonly Statement: readonly Record<string, unknown>[]
}

export interface NamedPolicy {
  readonly name: string
  readonly policy: PolicyDocument
}

const refTo = (logicalId: string) => JSON.stringify({ Ref: logicalId })

function document(value: unknown): PolicyDocument {
  const doc = value as { Version?: string; Statement?: unknown }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : []
  return { Version: doc?.Version ?? '2012-10-17', Statement: statements as Record<string, unknown>[] }
}

/** Every identity policy attached to the role: inline ones and `AWS::IAM::Policy` resources naming it. */
export function identityPoliciesOf(t: PlausibleTemplate, roleLogicalId: string): NamedPolicy[] {
  const role = t.resources[roleLogicalId]
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role of the template`)
  const raw = role.Properties ?? {}
  if (raw.ManagedPolicyArns !== undefined) {
    // Their documents are not in the template: evaluating without them would be a guess.
    throw new Error(`${roleLogicalId} has managed policies, which the evaluation cannot read`)
  }
  const inline = (
    (t.properties(roleLogicalId).Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]
  ).map((p) => ({ name: p.PolicyName, policy: document(p.PolicyDocument) }))
  const attached = t
    .ofType('AWS::IAM::Policy')
    .filter((id) => {
      const roles = t.resources[id]?.Properties?.Roles
      return Array.isArray(roles) && roles.some((r) => JSON.stringify(r) === refTo(roleLogicalId))
    })
    .map((id) => ({ name: id, policy: document(t.properties(id).PolicyDocument) }))
  return [...inline, ...attached]
}

export function trustPolicyOf(t: PlausibleTemplate, roleLogicalId: string): PolicyDocument {
  return document(t.properties(roleLogicalId).AssumeRolePolicyDocument)
}

/** The logical id of the role a function runs with. */
export function roleOfFunction(t: PlausibleTemplate, functionLogicalId: string): string {
  const role = t.resources[functionLogicalId]?.Properties?.Role as
    | { 'Fn::GetAtt'?: [string, string] }
    | undefined
  const id = role?.['Fn::GetAtt']?.[0]
  if (id === undefined) throw new Error(`${functionLogicalId} has no role of this template`)
  return id
}

/**
 * The function's resource policy, as Lambda writes each `AddPermission` (which
 * `AWS::Lambda::Permission` calls) into it: SourceArn becomes `ArnLike aws:SourceArn`, SourceAccount
 * `StringEquals aws:SourceAccount`, FunctionUrlAuthType `StringEquals lambda:FunctionUrlAuthType`,
 * InvokedViaFunctionUrl `Bool lambda:InvokedViaFunctionUrl`. See
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
export function functionResourcePolicy(
  t: PlausibleTemplate,
  functionLogicalId: string,
): PolicyDocument | undefined {
  const functionArn = t.getAtt(functionLogicalId, 'Arn')
  const functionName = t.ref(functionLogicalId)
  const statements = t
    .ofType('AWS::Lambda::Permission')
    .map((id) => t.properties(id))
    .filter((p) => p.FunctionName === functionArn || p.FunctionName === functionName)
    .map((p) => {
      const principal = String(p.Principal)
      const conditions: Record<string, Record<string, unknown>> = {}
      const add = (operator: string, key: string, value: unknown) => {
        conditions[operator] = { ...conditions[operator], [key]: value }
      }
      if (p.SourceArn !== undefined) add('ArnLike', 'AWS:SourceArn', p.SourceArn)
      if (p.SourceAccount !== undefined) add('StringEquals', 'AWS:SourceAccount', p.SourceAccount)
      if (p.FunctionUrlAuthType !== undefined)
        add('StringEquals', 'lambda:FunctionUrlAuthType', p.FunctionUrlAuthType)
      if (p.InvokedViaFunctionUrl === true || p.InvokedViaFunctionUrl === 'true')
        add('Bool', 'lambda:InvokedViaFunctionUrl', 'true')
      if (p.PrincipalOrgID !== undefined) add('StringEquals', 'aws:PrincipalOrgID', p.PrincipalOrgID)
      return {
        Effect: 'Allow',
        Principal:
          principal === '*'
            ? '*'
            : principal.endsWith('.amazonaws.com')
              ? { Service: principal }
              : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal },
        Action: p.Action,
        Resource: functionArn,
        ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
      }
    })
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements }
}

/** The policy of a queue (`AWS::SQS::QueuePolicy` naming it), if any. */
export function queuePolicyOf(t: PlausibleTemplate, queueLogicalId: string): PolicyDocument | undefined {
  return policyNaming(t, 'AWS::SQS::QueuePolicy', 'Queues', queueLogicalId)
}

/** The policy of a topic (`AWS::SNS::TopicPolicy` naming it), if any. */
export function topicPolicyOf(t: PlausibleTemplate, topicLogicalId: string): PolicyDocument | undefined {
  return policyNaming(t, 'AWS::SNS::TopicPolicy', 'Topics', topicLogicalId)
}

function policyNaming(
  t: PlausibleTemplate,
  type: string,
  listProperty: string,
  logicalId: string,
): PolicyDocument | undefined {
  const statements = t
    .ofType(type)
    .filter((id) => {
      const list = t.resources[id]?.Properties?.[listProperty]
      return Array.isArray(list) && list.some((r) => JSON.stringify(r) === refTo(logicalId))
    })
    .flatMap((id) => document(t.properties(id).PolicyDocument).Statement)
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements }
}

/** The account's CloudWatch Logs resource policies the template creates, merged: Logs reads them all. */
export function logsResourcePolicy(t: PlausibleTemplate): PolicyDocument | undefined {
  const statements = t.ofType('AWS::Logs::ResourcePolicy').flatMap((id) => {
    const text = t.properties(id).PolicyDocument
    return document(typeof text === 'string' ? JSON.parse(text) : text).Statement
  })
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements }
}
