import type { Category } from '../articles/article.ts'
import type { Page } from '../articles/article-store.ts'
import { ValidationError } from '../articles/errors.ts'
import { isSlug } from '../articles/slug.ts'
import { categoryEntryPrefix, categoryRegistryPartition, type Item, type StoreTable } from './item-keys.ts'
import { queryRegistry } from './registry-queries.ts'

/*
 * Reads of a registry of named scopes: the categories (or the authors, `author-registry.ts`) readers
 * can see, by slug (`registry-queries.ts`). Both registries share the item shape: `sk = {prefix}{slug}`,
 * `n` the name, `f` the instant from which the scope is public.
 */

/** Where a registry of named scopes lives: its partition and the prefix of its entries' sort keys. */
export interface NamedRegistry {
  readonly partition: string
  readonly prefix: string
}

/** The category registry. */
export const categoryRegistry: NamedRegistry = {
  partition: categoryRegistryPartition,
  prefix: categoryEntryPrefix,
}

/** Above every entry's sort key: DynamoDB compares UTF-8 bytes, and no character sorts after U+10FFFF. */
const upperOf = (registry: NamedRegistry) => `${registry.prefix}\u{10FFFF}`

/** Every category public at `now`, by slug: paged Queries of the registry, however many there are. */
export function listCategories(table: StoreTable, now: Date): Promise<Category[]> {
  return listNamed(table, categoryRegistry, now)
}

/** Every entry of `registry` public at `now`, by slug: paged Queries of the registry, however many there are. */
export async function listNamed(table: StoreTable, registry: NamedRegistry, now: Date): Promise<Category[]> {
  const { items } = await queryRegistry(table, registry.partition, registry.prefix, upperOf(registry), {
    projection: 'sk, n, f',
  })
  return publicEntries(registry, items, now).sort(bySlug)
}

/**
 * A page of at most `limit` categories public at `now`, by slug, after the page `cursor` ended:
 * Queries of the registry from where the page before stopped, until the page is full.
 */
export function listCategoryPage(
  table: StoreTable,
  query: { readonly now: Date; readonly limit: number; readonly cursor?: string },
): Promise<Page<Category>> {
  return listNamedPage(table, categoryRegistry, query)
}

/** A page of `registry`'s entries public at `now`, as `listCategoryPage` gives the categories'. */
export async function listNamedPage(
  table: StoreTable,
  registry: NamedRegistry,
  query: { readonly now: Date; readonly limit: number; readonly cursor?: string },
): Promise<Page<Category>> {
  const found: Category[] = []
  let startAfter =
    query.cursor === undefined ? undefined : `${registry.prefix}${decodeSlugCursor(query.cursor)}`
  let more = true
  // One more than the page: it says whether a next page exists.
  while (more && found.length <= query.limit) {
    const read = await queryRegistry(table, registry.partition, registry.prefix, upperOf(registry), {
      projection: 'sk, n, f',
      limit: query.limit + 1 - found.length,
      ...(startAfter !== undefined ? { startAfter } : {}),
    })
    found.push(...publicEntries(registry, read.items, query.now))
    more = read.more
    startAfter = read.items.at(-1)?.sk?.S ?? startAfter
  }
  const items = found.slice(0, query.limit)
  const last = items.at(-1)
  // Sorted within the page as one list of all was (UTF-16 order); pages follow the table's key order.
  items.sort(bySlug)
  return found.length > query.limit && last !== undefined
    ? { items, nextCursor: Buffer.from(last.slug, 'utf8').toString('base64url') }
    : { items }
}

function decodeSlugCursor(cursor: string): string {
  const slug = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  if (!isSlug(slug))
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }])
  return slug
}

function publicEntries(registry: NamedRegistry, items: readonly Item[], now: Date): Category[] {
  const nowKey = now.toISOString()
  const found: Category[] = []
  for (const item of items) {
    const slug = (item.sk?.S ?? '').slice(registry.prefix.length)
    const from = item.f?.S
    if (slug === '' || from === undefined || from > nowKey) continue
    found.push({ slug, name: item.n?.S ?? slug })
  }
  return found
}

function bySlug(a: Category, b: Category): number {
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0
}
