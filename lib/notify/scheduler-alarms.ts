import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler'
import type { DueAlarms } from './change-handler.ts'
import { scheduleName } from './schedule-name.ts'

/**
 * EventBridge Scheduler fires a one-time schedule within the minute it names (60 s precision). So
 * the schedule names the minute before the due time at the latest, and the function waits out the
 * rest: it goes off up to 2 minutes early, never late. Nearer due times are waited out in-process.
 */
export const schedulerLeadMs = 120_000

export interface SchedulerAlarmsOptions {
  readonly client: SchedulerClient
  /** The schedule group the stack creates for these schedules. */
  readonly groupName: string
  /** The role Scheduler assumes to invoke the target (lambda:InvokeFunction on it). */
  readonly roleArn: string
  /**
   * The notifier function: it gets `{ "due": "<slug>", "at": "<due time, UTC>" }`. A function when
   * it is known only once invoked (the function's own ARN cannot be in its environment without a
   * circular reference in the template).
   */
  readonly targetArn: string | (() => string)
  /**
   * An SQS queue for the due events Scheduler could not deliver to the function after its retries
   * (the role must be allowed to send to it); none when absent.
   */
  readonly deadLetterArn?: string
}

/**
 * Due alarms as one-time EventBridge Scheduler schedules, one per scheduled article, named from a
 * hash of its slug (names are at most 64 characters of `[0-9A-Za-z_.-]`, slugs may be any script).
 * A schedule deletes itself once it has fired.
 */
export function createSchedulerAlarms(options: SchedulerAlarmsOptions): DueAlarms {
  const { client, groupName } = options
  return {
    leadMs: schedulerLeadMs,
    async arm(slug, dueAt) {
      const input = scheduleInput(slug, dueAt, options)
      try {
        await client.send(new CreateScheduleCommand(input))
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error
        // There already is one for this article (its time moved): move it.
        await client.send(new UpdateScheduleCommand(input))
      }
    },
    async disarm(slug) {
      try {
        await client.send(new DeleteScheduleCommand({ Name: scheduleName(slug), GroupName: groupName }))
      } catch (error) {
        // Never made, already fired (it deletes itself), or deleted by an earlier try of this batch.
        if (!(error instanceof ResourceNotFoundException)) throw error
      }
    },
  }
}

/** The minute whose schedule fires at `dueAt` at the latest: `at(yyyy-mm-ddThh:mm:00)` in UTC. */
export function atExpression(dueAt: string): string {
  const minute = Math.floor((Date.parse(dueAt) - 60_000) / 60_000) * 60_000
  return `at(${new Date(minute).toISOString().slice(0, 19)})`
}

function scheduleInput(
  slug: string,
  dueAt: string,
  options: SchedulerAlarmsOptions,
): CreateScheduleCommandInput {
  return {
    Name: scheduleName(slug),
    GroupName: options.groupName,
    Description: `Announces /articles/${encodeURIComponent(slug)} when it falls due`.slice(0, 512),
    ScheduleExpression: atExpression(dueAt),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: typeof options.targetArn === 'string' ? options.targetArn : options.targetArn(),
      RoleArn: options.roleArn,
      Input: JSON.stringify({ due: slug, at: new Date(Date.parse(dueAt)).toISOString() }),
      // The function re-reads the article, so a retry is harmless; past 10 minutes the news is old.
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 600 },
      ...(options.deadLetterArn !== undefined ? { DeadLetterConfig: { Arn: options.deadLetterArn } } : {}),
    },
  }
}
