import { RemovalPolicy } from 'aws-cdk-lib'
import {
  AttributeType,
  BillingMode,
  type CfnTable,
  ProjectionType,
  StreamViewType,
  Table,
} from 'aws-cdk-lib/aws-dynamodb'
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { Construct } from 'constructs'
import {
  authorPartitionPrefix,
  deskPartitionPrefix,
  replayGuardPartitionPrefix,
  tableDefinition,
} from '../../lib/store/table-definition.ts'

export interface ArticlesTableProps {
  /** On-demand cap of the table and of each index, read request units per second. */
  readonly maxReadRequestUnits: number
  /** On-demand cap of the table and of each index, write request units per second. */
  readonly maxWriteRequestUnits: number
}

/** Logical id of the table, fixed so that refactoring constructs can never replace the data. */
export const tableLogicalId = 'ArticlesTable'

/** Read actions of the public function: no write, no Scan. BatchGetItem reads a category feed's page. */
export const publicTableActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const

/**
 * What the article store sends (a test holds this against lib/store): no Scan, and DeleteItem only on
 * the category and author registries (`registryDeleteKeys`): a scope with no article any more leaves the list.
 * An article is never deleted: it becomes a tombstone.
 */
export const publishTableActions = [...publicTableActions, 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const

/**
 * What the publish function may batch-write, on the desk's term items only (`deskPartitionPrefix`):
 * a bulk create puts its articles' terms 25 a request (`lib/store/desk-terms-of-new.ts`).
 */
export const deskTermActions = ['dynamodb:BatchWriteItem'] as const

/**
 * The partition keys the publish function may delete items of: the category and author registries'
 * entries (a category or an author with no published article any more leaves the list).
 */
export const registryDeleteKeys = ['REGISTRY#categories', 'REGISTRY#authors'] as const

/** What the notifier reads: the article a due time names, nothing else (the stream brings the rest). */
export const notifierTableActions = ['dynamodb:GetItem'] as const

/** What the notifier writes: its replay guard's items (`lib/store/dynamo-replay-guard.ts`), nothing else. */
export const notifierGuardActions = ['dynamodb:UpdateItem'] as const

/**
 * The indexes the public function queries: the site feed and the category feeds. `byStatus` lists
 * drafts for the publish API and stays out of the public role.
 */
export const publicIndexNames: readonly string[] = tableDefinition.globalSecondaryIndexes
  .map((index) => index.indexName)
  .filter((name) => name === 'published' || /^category\d+$/.test(name))

/**
 * The one DynamoDB table, built from the definition the local store uses: on demand with a cap on
 * reads and writes (a bug or an attack past CloudFront costs at most the cap), point-in-time
 * recovery, deletion protection, kept when the stack goes, and a stream of every change (the item
 * before and after) for the notifier.
 */
export class ArticlesTable extends Construct {
  readonly table: Table

  constructor(scope: Construct, id: string, props: ArticlesTableProps) {
    super(scope, id)
    const caps = {
      maxReadRequestUnits: props.maxReadRequestUnits,
      maxWriteRequestUnits: props.maxWriteRequestUnits,
    }
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      ...caps,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Both images: a change is judged by what readers saw before it and see after it (an
      // unpublish, a category moved), and a delete leaves only the old image.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    })
    for (const index of tableDefinition.globalSecondaryIndexes) {
      // An index's reads are billed apart from the table's, and its writes follow every table
      // write: each gets the same cap, or a Query storm on one index would escape it.
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
        ...caps,
      })
    }
    ;(this.table.node.defaultChild as CfnTable).overrideLogicalId(tableLogicalId)
  }

  /** Reads of the table and of the indexes the feeds query, nothing else. */
  grantPublicReads(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...publicTableActions],
        resources: [this.table.tableArn, ...publicIndexNames.map((name) => this.indexArn(name))],
      }),
    )
  }

  /** What the article store does on a publish: reads and conditional writes, every index. */
  grantPublishAccess(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...publishTableActions],
        resources: [
          this.table.tableArn,
          ...tableDefinition.globalSecondaryIndexes.map((index) => this.indexArn(index.indexName)),
        ],
      }),
    )
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...registryDeleteKeys] } },
      }),
    )
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...deskTermActions],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${deskPartitionPrefix}*`] } },
      }),
    )
    // An author taken off a byline: their entry goes in the article's transaction (`author-index.ts`).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${authorPartitionPrefix}*`] } },
      }),
    )
  }

  /**
   * GetItem on the table itself: the notifier re-reads an article when its due time comes, and its
   * replay guard. UpdateItem on the replay guard's items only (`dynamodb:LeadingKeys`), never an article.
   */
  grantNotifierReads(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...notifierTableActions], resources: [this.table.tableArn] }),
    )
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...notifierGuardActions],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${replayGuardPartitionPrefix}*`] },
        },
      }),
    )
  }

  private indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`
  }
}
