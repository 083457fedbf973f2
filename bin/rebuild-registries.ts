import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { rebuildRegistries } from '../lib/store/rebuild-registries.ts'

/**
 * `TABLE_NAME=<table> npx tsx bin/rebuild-registries.ts`: once, after upgrading a site whose articles
 * were written before the category and month registries or the author entries existed (the OPML list, the topics index and
 * the sitemap index read them). Uses the AWS credentials and region of the shell.
 */
const tableName = process.env.TABLE_NAME
if (!tableName) {
  console.error('TABLE_NAME must name the table (the stack outputs name it)')
  process.exit(2)
}
const client = new DynamoDBClient({})
const result = await rebuildRegistries({ client, name: tableName })
console.log(
  `${result.articles} published articles: ${result.categories} categories, ${result.months} months listed, ${result.authorEntries} author entries written`,
)
client.destroy()
