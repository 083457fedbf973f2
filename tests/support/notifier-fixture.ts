import { randomBytes } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Article, Tombstone } from '../../lib/articles/article.ts'
import { lambdaRunnerSource } from './lambda-instance.ts'
import { makeArticle } from './make-article.ts'

/*
 * What both notifier function tests (tests/functions/notifier.test.ts against dynalite and
 * synthetic stream batches, notifier-moto.test.ts against moto's real stream) set up alike.
 */

export const notifierArn = 'arn:aws:lambda:us-east-1:123456789012:function:NewsFeed-Notifier'
export const schedulerRoleArn = 'arn:aws:iam::123456789012:role/NewsFeed-SchedulerRole'

/**
 * The webhook secret as the stack generates it in Secrets Manager: 44 letters and digits (valid
 * base64 of 33 bytes), without the whsec_ prefix, which Secrets Manager cannot add.
 */
export function webhookSecret(): string {
  return randomBytes(64)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 44)
}

/** A temporary folder holding the runner module a LambdaInstance of the notifier bundle forks. */
export async function writeNotifierRunner(prefix: string): Promise<{ dir: string; runner: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  const runner = join(dir, 'runner.mjs')
  await writeFile(runner, lambdaRunnerSource(notifierArn))
  return { dir, runner }
}

/** An article written now, published at a fixed past time. */
export function freshArticle(overrides: Partial<Article>): Article {
  const now = new Date().toISOString()
  return makeArticle({
    createdAt: now,
    updatedAt: now,
    publishedAt: '2025-03-11T09:19:00+06:00',
    ...overrides,
  })
}

/** The next version of an article with the changes, updated now. */
export function nextVersion(previous: Article, changes: Partial<Article>): Article {
  return { ...previous, ...changes, version: previous.version + 1, updatedAt: new Date().toISOString() }
}

/** The tombstone a public article leaves when removed now. */
export function tombstoneOf(previous: Article): Tombstone {
  return {
    slug: previous.slug,
    id: previous.id,
    deletedAt: new Date().toISOString(),
    version: previous.version + 1,
    wasPublic: true,
  }
}
