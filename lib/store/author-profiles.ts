import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import type { AuthorProfile, StoredAuthorProfile } from '../articles/author-profile.ts'
import { PreconditionFailedError } from '../articles/errors.ts'
import { authorProfilePrefix, authorRegistryPartition, type Item, type StoreTable } from './item-keys.ts'
import { failedCondition, storeCall } from './store-errors.ts'

/*
 * Author profiles (bio, URL, avatar): one item per author in the author registry's partition,
 * `sk = p#{author slug}`, `doc` the profile as JSON. An item of its own rather than attributes of
 * the author's registry item (`a#{slug}`): that item comes and goes with the author's articles
 * (unlisted when none is left), while a profile is the newsroom's and stays; and the listings'
 * Queries (`a#…`) never read a profile's bytes. At most about 5 KB (a 1,000-character bio, two
 * 2,048-character URLs).
 */

/** The key of `author`'s profile item. */
export function profileKey(author: string): Item {
  return { pk: { S: authorRegistryPartition }, sk: { S: `${authorProfilePrefix}${author}` } }
}

/** The author's profile, if one was ever set: one GetItem. */
export async function findAuthorProfile(
  table: StoreTable,
  author: string,
): Promise<StoredAuthorProfile | undefined> {
  const { Item } = await storeCall(() =>
    table.client.send(new GetItemCommand({ TableName: table.name, Key: profileKey(author) })),
  )
  const doc = Item?.doc?.S
  // The store wrote this JSON itself from a `StoredAuthorProfile`.
  return doc === undefined ? undefined : (JSON.parse(doc) as StoredAuthorProfile)
}

/**
 * Stores `profile` as the author's, as version `version`: only over version `version - 1` (or
 * nothing, for version 1), else `PreconditionFailedError`, so two editors cannot lose each other's change.
 */
export async function putAuthorProfile(
  table: StoreTable,
  author: string,
  profile: AuthorProfile,
  at: { readonly version: number; readonly updatedAt: string },
): Promise<StoredAuthorProfile> {
  const stored: StoredAuthorProfile = { ...profile, version: at.version, updatedAt: at.updatedAt }
  const failed = await failedCondition(() =>
    table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: {
          ...profileKey(author),
          version: { N: String(at.version) },
          doc: { S: JSON.stringify(stored) },
        },
        ...(at.version === 1
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'version = :previous',
              ExpressionAttributeValues: { ':previous': { N: String(at.version - 1) } },
            }),
      }),
    ),
  )
  if (failed)
    throw new PreconditionFailedError(`the profile of "${author}" changed meanwhile`, { cause: failed })
  return stored
}
