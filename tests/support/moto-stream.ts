import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams'
import type { Moto } from './moto.ts'

/** One record as Lambda's DynamoDB event source mapping hands it to the function. */
export interface LambdaStreamRecord {
  readonly eventID: string
  readonly eventName: string
  readonly eventVersion: string
  readonly eventSource: 'aws:dynamodb'
  readonly awsRegion: string
  readonly eventSourceARN: string
  readonly dynamodb: {
    readonly ApproximateCreationDateTime?: number
    readonly Keys: unknown
    readonly NewImage?: unknown
    readonly OldImage?: unknown
    readonly SequenceNumber: string
    readonly SizeBytes?: number
    readonly StreamViewType?: string
  }
}

/**
 * A table's stream read as the event source mapping reads it: DescribeStream, GetShardIterator
 * (TRIM_HORIZON first, then where the last read stopped) and GetRecords, each record turned into
 * the Lambda event shape (DynamoDB JSON images, the creation time in epoch seconds).
 */
export interface StreamReader {
  /** The records written since the last call (every record on the first). */
  next(): Promise<LambdaStreamRecord[]>
  /** Every record of the stream from TRIM_HORIZON, as a re-created event source mapping reads it. */
  fromTrimHorizon(): Promise<LambdaStreamRecord[]>
}

export function createStreamReader(moto: Moto, streamArn: string): StreamReader {
  const client = new DynamoDBStreamsClient({
    endpoint: moto.endpoint,
    region: moto.region,
    credentials: moto.credentials,
  })
  const after = new Map<string, string>()

  async function read(resume: boolean): Promise<LambdaStreamRecord[]> {
    const { StreamDescription: stream } = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    )
    const records: LambdaStreamRecord[] = []
    for (const shard of stream?.Shards ?? []) {
      const shardId = shard.ShardId ?? ''
      const last = resume ? after.get(shardId) : undefined
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(last !== undefined
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: last }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
      // A page at a time until a page comes back empty: the shard is open, so it has no end.
      const fromShard: LambdaStreamRecord[] = []
      for (let page = 0; iterator !== undefined && page < 100; page++) {
        const output = await client.send(new GetRecordsCommand({ ShardIterator: iterator }))
        const batch = output.Records ?? []
        if (batch.length === 0) break
        for (const record of batch) fromShard.push(toLambdaRecord(record, streamArn, moto.region))
        iterator = output.NextShardIterator
      }
      const newest = fromShard.at(-1)
      if (resume && newest !== undefined) after.set(shardId, newest.dynamodb.SequenceNumber)
      records.push(...fromShard)
    }
    return records
  }

  return { next: () => read(true), fromTrimHorizon: () => read(false) }
}

function toLambdaRecord(record: StreamRecord, streamArn: string, region: string): LambdaStreamRecord {
  const data = record.dynamodb
  if (data?.SequenceNumber === undefined) throw new Error('a stream record without a sequence number')
  const created = data.ApproximateCreationDateTime
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName ?? '',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created !== undefined ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      // The SDK leaves attribute values as DynamoDB JSON ({ S }, { N }, { NS }, { BOOL }): the event's shape.
      Keys: data.Keys,
      ...(data.NewImage !== undefined ? { NewImage: data.NewImage } : {}),
      ...(data.OldImage !== undefined ? { OldImage: data.OldImage } : {}),
      SequenceNumber: data.SequenceNumber,
      ...(data.SizeBytes !== undefined ? { SizeBytes: data.SizeBytes } : {}),
      ...(data.StreamViewType !== undefined ? { StreamViewType: data.StreamViewType } : {}),
    },
  }
}
