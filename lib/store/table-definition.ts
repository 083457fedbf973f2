/**
 * The one table, defined once: the CDK stack and the local bootstrap both build from this, so the
 * local table is the deployed table. dynalite cannot add an index to an existing table, so every
 * index the product needs is here from the start.
 *
 * Items:
 * - an article or a tombstone: `pk = ARTICLE#{slug}`, `sk = A`;
 * - a feed state: `pk = FEED#{scope}`, `sk = F` (scope `site` or `cat:{slug}`), with `version`,
 *   `changedAt`, `removedAt`, `scheduledUntil`, `wasPublic` and, for a category, `slots` (the
 *   category slots it has held: the store's read hint; see `feed-states.ts`).
 *
 * Indexes (all sparse: only live articles carry their keys):
 * - `published`: `pubpk = P`, `pubsk = {publishedAt UTC}#{slug}`, only published articles. Newest
 *   first with `pubsk < now` leaves out scheduled ones in the key condition, so no filter ever drops
 *   read items.
 * - `category0` … `category9`: `cat0` … `cat9 = {category slug}` with the same `pubsk`. An article has
 *   at most 10 categories and puts its i-th in `cat{i}`: a category feed is one keys-only Query per
 *   slot plus one BatchGetItem of the page, all from one atomic article item (no membership items
 *   to keep in step without transactions).
 * - `byStatus`: `status`, `createdsk = {createdAt}#{slug}`, every live article.
 *
 * Author feeds use no index: one partition per author, `AUTHOR#{slug}`, of small entries written in
 * the article's transaction (`author-index.ts`).
 */
export interface KeyAttribute {
  readonly name: string
  readonly type: 'S'
}

export interface IndexDefinition {
  readonly indexName: string
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
  readonly projection: 'ALL' | 'KEYS_ONLY'
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute
  readonly sortKey: KeyAttribute
  readonly globalSecondaryIndexes: readonly IndexDefinition[]
}

export const maxCategories = 10

/**
 * What the partition key of every article and tombstone item starts with, and no other item's: the
 * notifier's stream filter (cdk) lets exactly these through, so feed-state writes never invoke it.
 */
export const articlePartitionPrefix = 'ARTICLE#'

/**
 * What the partition key of the notifier's replay-guard items starts with (`item-keys.ts`): its
 * role may write these items and no other.
 */
export const replayGuardPartitionPrefix = 'NOTIFIED#'

/**
 * What the partition key of the desk's term items starts with (`desk-terms.ts`): the publish role
 * may batch-write these items (`desk-terms-of-new.ts`) and no other.
 */
export const deskPartitionPrefix = 'DESK#'

/**
 * What the partition key of every author entry starts with (`author-index.ts`), the author slug
 * following: the publish function may delete these items (an author taken off a byline).
 */
export const authorPartitionPrefix = 'AUTHOR#'

/** The partition of the author registry (`author-registry.ts`) and of the author profiles (`author-profiles.ts`). */
export const authorRegistryPartition = 'REGISTRY#authors'

/**
 * What the sort key of an author's profile item starts with, the author slug following: the
 * notifier's stream filter passes these items (a profile change drops the author's pages at the CDN).
 */
export const authorProfilePrefix = 'p#'

export const categorySlots: readonly string[] = Array.from({ length: maxCategories }, (_, i) => `cat${i}`)

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'published',
      partitionKey: { name: 'pubpk', type: 'S' },
      sortKey: { name: 'pubsk', type: 'S' },
      projection: 'ALL',
    },
    ...categorySlots.map(
      (slot, i): IndexDefinition => ({
        indexName: `category${i}`,
        partitionKey: { name: slot, type: 'S' },
        sortKey: { name: 'pubsk', type: 'S' },
        projection: 'KEYS_ONLY',
      }),
    ),
    {
      indexName: 'byStatus',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'createdsk', type: 'S' },
      projection: 'ALL',
    },
  ],
}

/** The `CreateTable` input for a local or test table (on-demand, like the deployed one). */
export function createTableInput(tableName: string) {
  const attributes = new Map<string, KeyAttribute>()
  for (const key of [tableDefinition.partitionKey, tableDefinition.sortKey]) attributes.set(key.name, key)
  for (const index of tableDefinition.globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey)
    attributes.set(index.sortKey.name, index.sortKey)
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  }
}
