import {
  type CloudFrontClient,
  CreateInvalidationCommand,
  waitUntilInvalidationCompleted,
} from '@aws-sdk/client-cloudfront'
import type { PathInvalidator } from './change-handler.ts'
import type { NotifyLogger } from './notify-logger.ts'

/**
 * CloudFront allows 15 wildcard paths in progress per distribution at once. A batch that would use
 * more than this many asks for `/*` instead: one wildcard, the same price as one path.
 */
export const maxWildcardPaths = 10

/**
 * What a batch invalidates: the paths it `changed` (the default), or `all` of them (`/*`) every
 * time. CloudFront bills each path past the first 1,000 of a month, a wildcard as one, and a batch
 * of one article is seven or more; `/*` is one, at the price of every cached answer being fetched
 * again once (feeds and pages are cached for five minutes at most anyway).
 */
export type InvalidationScope = 'changed' | 'all'

export interface CloudFrontInvalidatorOptions {
  readonly client: CloudFrontClient
  readonly distributionId: string
  readonly logger: NotifyLogger
  /** How long to wait for the invalidation to complete before announcing anyway; default 60 s. */
  readonly maxWaitSeconds?: number
  /** Default `changed`. */
  readonly scope?: InvalidationScope
}

/**
 * One CloudFront invalidation per call, then waits until it is complete: a WebSub hub fetches the
 * feed as soon as it is pinged, through CloudFront, and must not get the copy the edge held.
 * `reference` is the CallerReference: the same batch handled again (a retry) names the same
 * invalidation, which CloudFront then does not create twice.
 */
export function createCloudFrontInvalidator(options: CloudFrontInvalidatorOptions): PathInvalidator {
  const { client, distributionId, logger } = options
  return {
    async invalidate(paths, reference) {
      const wildcards = paths.filter((p) => p.endsWith('*')).length
      // A batch holding a removal already asks for `/*`: the other paths add nothing to it.
      const all = options.scope === 'all' || wildcards > maxWildcardPaths || paths.includes('/*')
      const items = all ? ['/*'] : [...paths]
      const created = await client.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: reference, Paths: { Quantity: items.length, Items: items } },
        }),
      )
      const id = created.Invalidation?.Id
      if (id === undefined || created.Invalidation?.Status === 'Completed') return
      const result = await waitUntilInvalidationCompleted(
        { client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 5 },
        { DistributionId: distributionId, Id: id },
      ).catch((error: unknown) => ({ state: 'FAILURE', reason: error }))
      if (result.state !== 'SUCCESS') {
        // Announcing now may let a hub fetch a stale copy; not announcing loses the news. Announce.
        logger.warn('notify: the invalidation did not complete in time; announcing anyway', {
          invalidationId: id,
          state: result.state,
        })
      }
    },
  }
}
