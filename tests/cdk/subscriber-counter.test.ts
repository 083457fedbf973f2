import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { CreateTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  subscriberCounterTimeout,
  subscriberDurationAlarmShare,
} from '../../cdk/constructs/subscriber-counter.ts'
import { evaluateAccess } from '../../cdk/preflight/evaluate-access.ts'
import {
  type PlausibleTemplate,
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { roleOfFunction } from '../../cdk/preflight/template-policies.ts'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import { createTableInput } from '../../lib/store/table-definition.ts'
import { authorizedRequests, type RecordedCall, recordAwsCalls } from '../support/aws-call-recorder.ts'
import { putAccessLogs } from '../support/cloudfront-access-logs.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type Moto, motoMissing, motoServerPath } from '../support/moto.ts'
import { sharedMoto } from '../support/shared-moto.ts'
import { ofType, type Synthesised, synth } from '../support/synth-test-stack.ts'

/**
 * The subscriber counter on the stack (issue 22.1): a daily EventBridge rule, a function that may
 * read the access log group and put the subscriber items and nothing else, its alarms, and the
 * dashboard's widget, all of it only where the access logs exist (us-east-1). The function's own
 * code then runs with the environment the template gives it, against moto_server's CloudWatch Logs
 * and dynalite, and every AWS call it makes is evaluated against its role.
 */

const stackName = 'TestFeed'
const service = 'newsfeed-subscribers'

const agents = (
  JSON.parse(
    readFileSync(new URL('../fixtures/subscribers/aggregator-agents.json', import.meta.url), 'utf8'),
  ) as { agents: { ua: string; aggregator: string; subscribers: number }[] }
).agents

function counterOf(t: PlausibleTemplate): string | undefined {
  return t
    .ofType('AWS::Lambda::Function')
    .find(
      (fn) =>
        (t.properties(fn).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
          ?.POWERTOOLS_SERVICE_NAME === service,
    )
}

describe('the subscriber counter in the template', () => {
  let s: Synthesised
  let template: TemplateJson
  beforeAll(() => {
    s = synth()
    template = s.template.toJSON() as TemplateJson
  }, 120_000)

  it('exists only where CloudFront delivers the access logs (us-east-1): every resource of it has that condition', () => {
    const own = Object.entries(s.resources).filter(([id]) => id.startsWith('SubscriberCounter'))
    expect(own.map(([, r]) => r.Type).sort()).toEqual(
      [
        'AWS::CloudWatch::Alarm',
        'AWS::CloudWatch::Alarm',
        'AWS::CloudWatch::Alarm',
        'AWS::Events::Rule',
        'AWS::IAM::Policy',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Lambda::Permission',
        'AWS::Logs::LogGroup',
      ].sort(),
    )
    for (const [id] of own) {
      expect((template.Resources[id] as { Condition?: string }).Condition, id).toBe('InUsEast1')
    }
    expect(counterOf(plausibleTemplate(template, { ...plausibleEnvironment, stackName }))).toBeUndefined()
    expect(
      counterOf(plausibleTemplate(template, { ...plausibleEnvironment, region: 'us-east-1', stackName })),
    ).toBeDefined()
  })

  it('runs daily at 00:15 UTC, retried by EventBridge, and can be run by hand for a day', () => {
    const [[, rule] = []] = ofType(s, 'AWS::Events::Rule')
    expect(rule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(15 0 * * ? *)',
      State: 'ENABLED',
      Targets: [{ RetryPolicy: { MaximumRetryAttempts: 2 } }],
    })
    const output = (template as { Outputs: Record<string, { Description: string; Condition?: string }> })
      .Outputs.SubscriberCounterName
    expect(output?.Condition).toBe('InUsEast1')
    expect(output?.Description).toContain(`--payload '{"day":"YYYY-MM-DD"}'`)
  })

  it('alarms on its errors, on a run near its timeout and on a daily run EventBridge could not deliver, to the alarm topic', () => {
    const alarms = ofType(s, 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith('SubscriberCounter'))
    const byMetric = Object.fromEntries(alarms.map(([, a]) => [a.Properties.MetricName, a.Properties]))
    expect(byMetric.Errors).toMatchObject({ Threshold: 1, Statistic: 'Sum' })
    expect(byMetric.Duration).toMatchObject({
      Threshold: subscriberCounterTimeout.toMilliseconds() * subscriberDurationAlarmShare,
      Statistic: 'Maximum',
    })
    expect(byMetric.FailedInvocations).toMatchObject({ Namespace: 'AWS/Events', Threshold: 1 })
    const [[topic] = []] = ofType(s, 'AWS::SNS::Topic')
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }])
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }])
    }
  })

  it("shows the day's subscribers on the dashboard: the total and the largest feeds, from the metric the function emits", () => {
    const [[, dashboard] = []] = ofType(s, 'AWS::CloudWatch::Dashboard')
    const body = JSON.stringify(dashboard?.Properties.DashboardBody)
    expect(body).toContain('Subscribers per day')
    expect(body).toContain(`NewsFeed/${stackName}`)
    expect(body).toContain(
      `SEARCH('{NewsFeed/${stackName},FeedPath,service} MetricName=\\\\\\"Subscribers\\\\\\"'`,
    )
    const fn = counterOf(
      plausibleTemplate(template, { ...plausibleEnvironment, region: 'us-east-1', stackName }),
    )
    const environment = s.resources[fn ?? '']?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined
    expect(environment?.Variables.METRICS_NAMESPACE).toBe(`NewsFeed/${stackName}`)
  })
})

describe.skipIf(motoServerPath === undefined)(
  "the subscriber counter's calls, against its role in the template (moto_server, dynalite)",
  () => {
    let moto: Moto
    let dynamo: EmbeddedDynamo
    let t: PlausibleTemplate
    let fn: string
    let calls: RecordedCall[] = []
    let emf: Record<string, unknown>[] = []
    let result: unknown
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

    beforeAll(async () => {
      // The run's moto_server, in the one region the counter exists in: no other file uses it.
      ;[moto, dynamo] = await Promise.all([sharedMoto({ region: 'us-east-1' }), startDynalite()])
      t = plausibleTemplate(synth().template.toJSON() as TemplateJson, {
        ...plausibleEnvironment,
        region: 'us-east-1',
        stackName,
      })
      const found = counterOf(t)
      if (found === undefined) throw new Error('no subscriber counter in us-east-1')
      fn = found
      const variables = Object.fromEntries(
        Object.entries(
          (t.properties(fn).Environment as { Variables: Record<string, unknown> }).Variables,
        ).map(([k, v]) => [k, String(v)]),
      )
      await dynamo.client.send(new CreateTableCommand(createTableInput(t.ref('ArticlesTable'))))
      const logs = new CloudWatchLogsClient({
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: moto.credentials,
      })
      const at = (hour: number) => `${yesterday}T${String(hour).padStart(2, '0')}:00:00Z`
      await putAccessLogs(
        logs,
        variables.ACCESS_LOG_GROUP ?? '',
        agents
          .slice(0, 8)
          .map((agent, i) => [at(i + 1), i % 2 ? '/atom.xml' : '/categories/world/rss.xml', '200', agent.ua]),
      )
      logs.destroy()

      const env: Record<string, string> = {
        ...variables,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: moto.endpoint,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      }
      const saved = { ...process.env }
      const recorder = recordAwsCalls()
      // Powertools Metrics writes its EMF lines to stdout through a console of its own.
      const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
      try {
        Object.assign(process.env, env)
        delete process.env.POWERTOOLS_DEV
        delete process.env.POWERTOOLS_METRICS_DISABLED
        vi.resetModules()
        const module = (await import('../../functions/subscriber-counter.ts')) as {
          handler: (event: unknown, context: unknown) => Promise<unknown>
        }
        const scheduled = {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: t.env.account,
          time: `${new Date().toISOString().slice(0, 10)}T00:15:00Z`,
          region: 'us-east-1',
          resources: [t.getAtt(ofRule(t), 'Arn')],
          detail: {},
        }
        result = await module.handler(scheduled, { awsRequestId: randomUUID(), functionName: 'counter' })
      } finally {
        const lines = write.mock.calls.map(([chunk]) => String(chunk))
        write.mockRestore()
        recorder.stop()
        calls = [...recorder.calls]
        for (const name of Object.keys(env)) {
          if (saved[name] === undefined) delete process.env[name]
          else process.env[name] = saved[name]
        }
        emf = lines
          .flatMap((line) => line.split('\n'))
          .filter((line) => line.includes('"_aws"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      }
    }, 180_000)

    afterAll(async () => {
      await Promise.all([moto?.stop(), dynamo?.close()])
    })

    function ofRule(template: PlausibleTemplate): string {
      const [rule] = template.ofType('AWS::Events::Rule')
      if (rule === undefined) throw new Error('no rule')
      return rule
    }

    it('counts yesterday from the access logs and stores it where GET /api/subscribers reads', async () => {
      const total = agents.slice(0, 8).reduce((sum, a) => sum + a.subscribers, 0)
      expect(result).toEqual({ day: yesterday, feeds: 2, subscribers: total })
      const stored = await createSubscriberDayStore({
        client: dynamo.client,
        name: t.ref('ArticlesTable'),
      }).read()
      expect(stored?.day).toBe(yesterday)
      expect(stored?.feeds.map((f) => f.path)).toEqual(['/', '/categories/world/'])
    })

    it('makes only calls its role allows: FilterLogEvents on the access log group, PutItem of the subscriber items', async () => {
      const requests = calls.flatMap((call) => authorizedRequests(call, t.env.account))
      expect(new Set(requests.map((r) => r.action))).toEqual(
        new Set(['logs:FilterLogEvents', 'dynamodb:PutItem']),
      )
      const role = roleOfFunction(t, fn)
      for (const request of requests) {
        const decision = await evaluateAccess(t, {
          principal: { role },
          action: request.action,
          resource: request.resource,
          ...(request.context === undefined ? {} : { context: request.context }),
        })
        expect(decision.errors, request.call).toBeUndefined()
        expect(decision.allowed, `${request.action} ${request.resource}`).toBe(true)
      }
    })

    it.each([
      ['dynamodb:PutItem', 'ARTICLE#harbour-reopens'],
      ['dynamodb:PutItem', 'REGISTRY#categories'],
      ['dynamodb:DeleteItem', 'SUBSCRIBERS#2026-12-05'],
      ['dynamodb:GetItem', 'ARTICLE#harbour-reopens'],
      ['dynamodb:UpdateItem', 'SUBSCRIBERS'],
    ])('denies it %s on %s', async (action, pk) => {
      const decision = await evaluateAccess(t, {
        principal: { role: roleOfFunction(t, fn) },
        action,
        resource: t.getAtt('ArticlesTable', 'Arn'),
        context: { 'dynamodb:LeadingKeys': [pk] },
      })
      expect(decision.errors).toBeUndefined()
      expect(decision.result).toBe('ImplicitlyDenied')
    })

    it('denies it the logs of the functions (FilterLogEvents on another log group)', async () => {
      const publicLogs = t.ref('PublicFunctionLogs1F8F6716')
      const decision = await evaluateAccess(t, {
        principal: { role: roleOfFunction(t, fn) },
        action: 'logs:FilterLogEvents',
        resource: `arn:aws:logs:us-east-1:${t.env.account}:log-group:${publicLogs}`,
      })
      expect(decision.result).toBe('ImplicitlyDenied')
    })

    it("emits the day's Subscribers metric as EMF, dated the day counted, in the namespace the dashboard reads", () => {
      const total = agents.slice(0, 8).reduce((sum, a) => sum + a.subscribers, 0)
      expect(emf.length).toBe(3)
      for (const line of emf) {
        const aws = line._aws as {
          Timestamp: number
          CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[]
        }
        expect(aws.Timestamp).toBe(Date.parse(`${yesterday}T12:00:00Z`))
        expect(aws.CloudWatchMetrics[0]?.Namespace).toBe(`NewsFeed/${stackName}`)
        expect(aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'Subscribers', Unit: 'Count' }])
        expect(line.service).toBe(service)
      }
      const perFeed = new Map<string, number>()
      agents.slice(0, 8).forEach((agent, i) => {
        const path = i % 2 ? '/' : '/categories/world/'
        perFeed.set(path, (perFeed.get(path) ?? 0) + agent.subscribers)
      })
      const largestFirst = [...perFeed].sort((a, b) => b[1] - a[1])
      expect(emf.map((line) => [line.FeedPath, line.Subscribers])).toEqual([
        [undefined, total],
        ...largestFirst,
      ])
    })
  },
)

describe.skipIf(motoServerPath !== undefined)("the subscriber counter's calls", () => {
  it.skip(motoMissing, () => {})
})
