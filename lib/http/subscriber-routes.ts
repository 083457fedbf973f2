import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { SubscriberCounts } from '../subscribers/subscriber-counts.ts'
import type { AppEnv } from './app-base.ts'
import { problemResponses } from './openapi.ts'
import { z } from './zod-openapi.ts'

const dayQuery = z.object({
  day: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day as YYYY-MM-DD')
    .optional()
    .openapi({
      description: 'A UTC day (`YYYY-MM-DD`); absent: the latest day counted.',
      examples: ['2026-12-05'],
    }),
})

const subscriberDay = z
  .object({
    day: z
      .string()
      .optional()
      .openapi({ description: 'The UTC day counted; absent when nothing was counted yet.' }),
    feeds: z
      .array(
        z.object({
          path: z.string().openapi({
            description: 'The feed, its formats, pages and variants folded together.',
            examples: ['/', '/categories/world/'],
          }),
          aggregators: z
            .array(
              z.object({
                name: z.string().openapi({ examples: ['Feedly'] }),
                subscribers: z.int().openapi({ description: 'The latest figure it reported that day.' }),
              }),
            )
            .readonly()
            .openapi({
              description: 'Hosted readers that state their subscriber count in their User-Agent.',
            }),
          directReaders: z.int().nullable().openapi({
            description:
              'An estimate: distinct clients (address prefix and agent, hashed and never kept) that revalidated the feed that day; null where the log names no client (on AWS, whose access logs the stack keeps without client addresses).',
          }),
        }),
      )
      .readonly(),
  })
  .openapi('SubscriberDay')

export const getSubscribersRoute = createRoute({
  method: 'get',
  path: '/api/subscribers',
  operationId: 'getSubscribers',
  tags: ['subscribers'],
  summary: 'How many subscribe to each feed, for one day',
  description: 'See docs/subscribers.md for how each figure is counted.',
  request: { query: dayQuery },
  responses: {
    200: {
      description: 'The counts of the day.',
      content: { 'application/json': { schema: subscriberDay } },
    },
    ...problemResponses(400, 401, 403, 500, 503),
  },
})

/** `GET /api/subscribers`; with no counts configured it answers an empty day. */
export function registerSubscriberRoutes(
  api: OpenAPIHono<AppEnv>,
  counts: SubscriberCounts | undefined,
): void {
  api.openapi(getSubscribersRoute, async (c) => {
    const { day } = c.req.valid('query')
    const found = await counts?.read(day)
    return c.json(found ?? { ...(day !== undefined && { day }), feeds: [] }, 200)
  })
}
