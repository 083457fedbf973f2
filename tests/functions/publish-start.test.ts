import { beforeAll, describe, expect, it } from 'vitest'
import { functionEntries } from '../../cdk/esbuild-options.ts'
import { type BundleStart, recordBundleStart } from '../support/bundle-start.ts'

/*
 * What the publish function's cold start evaluates (tests/support/bundle-start.ts records it):
 * importing the bundle as Lambda would, nothing of the article renderer may run.
 */

/** What the stack sets, with placeholders: importing builds the clients but sends nothing. */
const lambdaLikeEnv = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'publish-start',
  AWS_SECRET_ACCESS_KEY: 'publish-start',
  TABLE_NAME: 'publish-start-table',
  SITE_URL: 'https://news.example.com',
  PUBLISH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:publish-token-AbCdEf',
}

/** The modules only a write needs: sanitize-html, markdown-it and our sanitiser and renderer around them. */
const writeOnly = [
  'lib/articles/content-sanitiser.ts',
  'lib/articles/render-content.ts',
  'lib/articles/render-markdown.ts',
  'node_modules/markdown-it/',
  'node_modules/sanitize-html/',
]

/** The modules only the desk's pages need (/desk/…): the desk app, its kit and forms, luxon. */
const deskOnly = [
  'lib/desk/create-desk-app.ts',
  'lib/desk/desk-kit.ts',
  'lib/desk/article-form.ts',
  'lib/desk/desk-pages.ts',
  'node_modules/luxon/',
]

/** The /api route groups a write of an article never needs (lib/http/publish-route-groups.ts). */
const groupRoutes = [
  'lib/http/batch-routes.ts',
  'lib/http/subscriber-routes.ts',
  'lib/http/author-profile-routes.ts',
  'lib/desk/desk-api-routes.ts',
]

let start: BundleStart

beforeAll(async () => {
  start = await recordBundleStart(functionEntries.publish, lambdaLikeEnv)
}, 300_000)

describe('the publish function at start', () => {
  it('holds the article renderer as modules evaluated on first use, reached through import()', () => {
    const { bundleText } = start
    expect(bundleText).toMatch(/var init_render_content = __esm\(\{\s*"lib\/articles\/render-content\.ts"/)
    expect(bundleText).toMatch(/var init_render_markdown = __esm\(/)
    expect(bundleText).toMatch(/var require_sanitize_html = __commonJS\(/)
    expect(bundleText).toContain('(init_render_content(), render_content_exports)')
  })

  it('evaluates none of sanitize-html, markdown-it or the renderer when imported as Lambda does', () => {
    // The recording works: the start evaluates deferred modules of its own (the AWS SDK's CommonJS parts).
    expect(start.started.length).toBeGreaterThan(0)
    expect(start.started.filter((path) => writeOnly.some((prefix) => path.startsWith(prefix)))).toEqual([])
  })

  it('holds the desk app as modules evaluated on the first request under /desk, reached through import()', () => {
    const { bundleText } = start
    expect(bundleText).toMatch(/var init_create_desk_app = __esm\(\{\s*"lib\/desk\/create-desk-app\.ts"/)
    expect(bundleText).toContain('(init_create_desk_app(), create_desk_app_exports)')
    // Reached only from there: a static import of luxon anywhere else would evaluate it at start.
    expect(bundleText).toMatch(/var init_luxon = __esm\(/)
  })

  it('evaluates none of the desk app, its pages or luxon when imported as Lambda does', () => {
    expect(start.started.length).toBeGreaterThan(0)
    expect(start.started.filter((path) => deskOnly.some((prefix) => path.startsWith(prefix)))).toEqual([])
  })

  it('holds the route groups besides the articles as modules evaluated on their first request', () => {
    const { bundleText } = start
    // One import() for them all (lib/http/route-group-modules.ts), each module wrapped to wait for it.
    expect(bundleText).toContain('(init_route_group_modules(), route_group_modules_exports)')
    for (const group of groupRoutes) {
      const name = group.replace(/^.*\//, '').replace('.ts', '').replaceAll('-', '_')
      expect(bundleText).toMatch(
        new RegExp(`var init_${name} = __esm\\(\\{\\s*"${group.replaceAll('.', '\\.')}"`),
      )
    }
  })

  it('evaluates none of the route groups when imported as Lambda does', () => {
    expect(start.started.length).toBeGreaterThan(0)
    expect(start.started.filter((path) => groupRoutes.includes(path))).toEqual([])
  })
})
