import * as z from './zod-namespace.ts'

/**
 * Stands in for the `zod` package root in the Lambda bundles (an esbuild alias in
 * `cdk/bundling.ts`): the same exports, but its `z` namespace carries English alone in `locales`.
 *
 * @hono/zod-openapi hands the whole `z` namespace to `extendZodWithOpenApi(z)` and re-exports it,
 * so esbuild must keep every member, and `z.locales` (with `z.core.locales`) brought all of zod's
 * 40-odd locales, about 230 KB that nothing here ever selects. zod's messages stay English: its
 * schemas install `locales/en.js` themselves (tests/functions/zod-alias.test.ts compares them).
 */
export * from '../node_modules/zod/v4/classic/external.js'
export { z, z as default }
