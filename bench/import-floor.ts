import { pathToFileURL } from 'node:url'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../lib/articles/article.ts'
import { parseArticleInput } from '../lib/articles/article-input.ts'
import { buildArticle, resolveSlug } from '../lib/articles/build-article.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { batchPut, batchWriteSize } from '../lib/store/batch-put.ts'
import { deskTerms, syncDeskTerms } from '../lib/store/desk-terms.ts'
import { syncDeskTermsOfNew } from '../lib/store/desk-terms-of-new.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { eachBounded } from '../lib/store/each-bounded.ts'
import { articleItem, type Item } from '../lib/store/item-keys.ts'
import { startDynalite } from '../tests/support/dynalite.ts'
import { articleInputJson } from './fixtures.ts'

/*
 * Where the import's time goes on the server, without the command line: `npx tsx bench/import-floor.ts [N]`.
 * 1. The bulk endpoint: `POST /api/article-batches` of 100 articles, two requests in flight (as
 *    `newsfeed import` sends them), through the publish app as `npm start` and Lambda build it, in-process dynalite.
 * 2. The floor: the same store writes with none of our request work (no HTTP, validation, sanitising,
 *    rendering): each article's conditional put, 16 in flight, and its desk terms 25 a BatchWriteItem.
 */

const site = { url: 'https://news.example.com', title: 'T', description: 'D', language: 'en', author: 'Desk' }
const token = 'bench-floor-token-0123456789abcdef'
const batch = 100

function input(n: number): Record<string, unknown> {
  const { slug: _slug, ...rest } = articleInputJson(
    n,
    '',
    new Date(Date.UTC(2025, 0, 1) - n * 3_600_000).toISOString(),
  )
  return rest
}

async function endpoint(count: number): Promise<number> {
  const dynamo = await startDynalite()
  try {
    const store = createDynamoArticleStore({
      client: dynamo.client,
      tableName: await dynamo.createTable(),
      onBackgroundError: (error) => console.error(error),
      afterArticleWrite: syncDeskTerms,
      afterArticlesCreated: syncDeskTermsOfNew,
    })
    const app = createPublishApp({ store, clock: () => new Date(), site, tokens: () => [token] })
    const bodies: string[] = []
    for (let i = 0; i < count; i += batch) {
      const articles = Array.from({ length: Math.min(batch, count - i) }, (_, k) => input(i + k))
      bodies.push(JSON.stringify({ articles }))
    }
    const started = performance.now()
    let next = 0
    let created = 0
    const sender = async () => {
      for (let b = next++; b < bodies.length; b = next++) {
        const response = await app.request('/api/article-batches', {
          method: 'POST',
          body: bodies[b] ?? '',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        })
        const answer = (await response.json()) as { created: number }
        created += answer.created
      }
    }
    await Promise.all([sender(), sender()])
    if (created !== count) throw new Error(`${created} of ${count} created`)
    return count / ((performance.now() - started) / 1000)
  } finally {
    await dynamo.close()
  }
}

async function floor(count: number): Promise<number> {
  const dynamo = await startDynalite()
  try {
    const table = { client: dynamo.client, name: await dynamo.createTable() }
    const now = new Date()
    const articles: Article[] = await Promise.all(
      Array.from({ length: count }, (_, n) => {
        const parsed = parseArticleInput(input(n))
        return buildArticle(parsed, resolveSlug(parsed), { site, now })
      }),
    )
    const started = performance.now()
    for (let i = 0; i < count; i += batch) {
      const some = articles.slice(i, i + batch)
      await eachBounded(
        some.map(articleItem),
        (item) =>
          dynamo.client.send(
            new PutItemCommand({
              TableName: table.name,
              Item: item,
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        16,
      )
      const terms = some.flatMap((a) => [...deskTerms(a).values()])
      const chunks: Item[][] = []
      for (let c = 0; c < terms.length; c += batchWriteSize) chunks.push(terms.slice(c, c + batchWriteSize))
      await eachBounded(chunks, (chunk) => batchPut(table, chunk))
    }
    return count / ((performance.now() - started) / 1000)
  } finally {
    await dynamo.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 2000)
  const rate = await endpoint(count)
  console.log(`POST /api/article-batches, ${count} articles: ${rate.toFixed(1)} articles/s`)
  const floorRate = await floor(count)
  console.log(`the same store writes alone (dynalite floor): ${floorRate.toFixed(1)} articles/s`)
}
