import { extendZodWithOpenApi, z as zod } from '@hono/zod-openapi'

/**
 * zod with `.openapi()`, for the modules that call it as they load. @hono/zod-openapi extends zod
 * when it loads, and zod 4 gives a schema its methods when the schema is made; but the split
 * bundles (cdk/bundling.ts) do not keep that order across chunks: a module importing the package's
 * `z` (zod's own namespace, re-exported) could run before the package did, and find no `.openapi`
 * (tests/functions/bundles.test.ts loads the bundles). This `z` is a binding of this module, made
 * after the extension, so every importer runs after it. Extending an extended zod does nothing.
 */
export const z: typeof zod = extended()

function extended(): typeof zod {
  extendZodWithOpenApi(zod)
  return zod
}
