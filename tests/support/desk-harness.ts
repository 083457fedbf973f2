import { expect } from 'vitest'
import { deriveDeskKey } from '../../lib/desk/desk-key.ts'
import { createSignInLimiter, type SignInLimits } from '../../lib/desk/sign-in-limiter.ts'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDeskListing } from '../../lib/store/desk-listing-queries.ts'
import { syncDeskTerms } from '../../lib/store/desk-terms.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createDynamoEditorStore } from '../../lib/store/editor-tokens.ts'
import type { SubscriberCounts } from '../../lib/subscribers/subscriber-counts.ts'
import type { EmbeddedDynamo } from './dynalite.ts'
import { token as publishToken, site } from './publish-api-harness.ts'

export { publishToken, site }
export const origin = 'https://news.example.com'

/** The publish app with its desk, and the public app, on one fresh table, with a clock the test moves. */
export async function createDeskHarness(
  dynamo: EmbeddedDynamo,
  options: { timeZone?: string; limits?: SignInLimits; subscribers?: SubscriberCounts } = {},
) {
  const tableName = await dynamo.createTable()
  const store: DynamoArticleStore = createDynamoArticleStore({
    client: dynamo.client,
    tableName,
    afterArticleWrite: syncDeskTerms,
  })
  const table = { client: dynamo.client, name: tableName }
  let now = new Date('2025-03-12T12:00:00.000Z')
  const clock = () => now
  const errors: unknown[] = []
  const publish = createPublishApp({
    store,
    clock,
    site,
    tokens: () => [publishToken],
    logger: { request: () => {}, error: (error) => errors.push(error) },
    ...(options.subscribers && { subscribers: options.subscribers }),
    desk: {
      listing: createDeskListing(table),
      editors: createDynamoEditorStore(table),
      key: () => deriveDeskKey(publishToken),
      ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
      ...(options.limits && { signInLimiter: createSignInLimiter(options.limits) }),
    },
  })
  const publicApp = createPublicApp({
    store,
    clock,
    site,
    feedPageSize: 20,
    cursorKey: 'test-cursor-key-of-at-least-32-characters',
  })
  return {
    publish,
    publicApp,
    store,
    errors,
    now: () => now,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000)
    },
    /** `newsfeed editors add`, through the API. */
    async addEditor(name: string): Promise<string> {
      const res = await publish.request('/api/editors', {
        method: 'POST',
        headers: { Authorization: `Bearer ${publishToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      })
      expect(res.status).toBe(201)
      const body = (await res.json()) as { token: string }
      return body.token
    },
    async removeEditor(name: string): Promise<number> {
      const res = await publish.request(`/api/editors/${encodeURIComponent(name)}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${publishToken}` },
      })
      return res.status
    },
    /** A browser of one person: keeps the session cookie, sends the site's Origin on posts. */
    browser() {
      let cookie = ''
      const request = async (path: string, init: RequestInit = {}) => {
        const headers = new Headers(init.headers)
        if (cookie) headers.set('Cookie', cookie)
        const res = await publish.request(`${site.url}${path}`, { ...init, headers })
        const set = res.headers.get('set-cookie')
        if (set) cookie = /Max-Age=0/i.test(set) ? '' : (set.split(';')[0] ?? '')
        expect(res.status, path).toBeLessThan(500)
        return res
      }
      return {
        get cookie() {
          return cookie
        },
        set cookie(value: string) {
          cookie = value
        },
        get: (path: string) => request(path),
        post: (
          path: string,
          form: Record<string, string>,
          headers: Record<string, string> = { Origin: origin },
        ) =>
          request(path, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
            body: new URLSearchParams(form).toString(),
          }),
        async signIn(token: string) {
          return request('/desk/sign-in', {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
            body: new URLSearchParams({ token }).toString(),
          })
        },
      }
    },
  }
}

/** The value of the hidden or text input `name` in a page. */
export function inputValue(page: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(page)
  if (!match?.[1] && match?.[1] !== '') throw new Error(`no input ${name}`)
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}
