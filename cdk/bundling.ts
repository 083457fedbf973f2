import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Runtime } from 'aws-cdk-lib/aws-lambda'
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs'
import type { BuildOptions } from 'esbuild'

/**
 * How the Lambda entries are built, in one place: the stack hands `functionBundling` to
 * `NodejsFunction`, and the bundle test and the cold-start bench hand `esbuildOptions` to esbuild
 * itself, so what is tested and measured is what is deployed.
 */

/** The repository root: entries, the lock file and the esbuild project root live here. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url))

export const functionEntries = {
  public: join(projectRoot, 'functions', 'public.ts'),
  publish: join(projectRoot, 'functions', 'publish.ts'),
  notifier: join(projectRoot, 'functions', 'notifier.ts'),
  subscriberCounter: join(projectRoot, 'functions', 'subscriber-counter.ts'),
} as const

/** The newest Node.js Lambda runtime; the esbuild target follows it. */
export const lambdaRuntime = Runtime.NODEJS_24_X
const target = 'node24'

/**
 * Modules the bundles take from elsewhere, as esbuild aliases (paths from the project root).
 *
 * Lambda gives a function its role's credentials in environment variables, the first link of the
 * SDK's default provider chain; the rest of the chain (SSO, shared files, web identity, process,
 * container and instance metadata, with the STS, SSO and sign-in clients they carry) never runs
 * there and was about a quarter of each bundle. `functions/lambda-credentials.ts` stands in for it
 * with the environment provider alone.
 *
 * sanitize-html loads postcss (and source-map-js) for `style` attributes, which the article
 * sanitiser never parses (`parseStyleAttributes: false`): `functions/without-postcss.ts` instead.
 *
 * htmlparser2 is imported by us and required by sanitize-html, which bundled both of its builds with
 * their DOM helpers: `functions/htmlparser2-parser.ts` gives both the one `Parser` they use.
 *
 * @hono/zod-openapi passes zod's whole `z` namespace around, which kept all of zod's locales:
 * `functions/zod-english.ts` is the package root with English alone. An alias of a package applies
 * to its subpaths too, so each subpath the bundles import is aliased to itself.
 */
export const bundleAliases = {
  '@aws-sdk/credential-provider-node': './functions/lambda-credentials.ts',
  postcss: './functions/without-postcss.ts',
  htmlparser2: './functions/htmlparser2-parser.ts',
  zod: './functions/zod-english.ts',
  'zod/mini': 'zod/mini',
  'zod/v3': 'zod/v3',
  'zod/v4': 'zod/v4',
  'zod/v4/core': 'zod/v4/core',
} as const

/**
 * ESM because the SDK v3 and Hono ship ESM (`module` first in `mainFields`), which tree-shakes far
 * better than their CommonJS builds. A CommonJS dependency bundled into ESM calls `require` for Node
 * built-ins; the banner gives it one, or the first SDK call fails with `Dynamic require of "node:https"`.
 *
 * `externalModules: []` bundles the AWS SDK v3 too instead of using the runtime's copy: the version
 * deployed is the one in package-lock.json that the tests ran against, not whatever the runtime
 * ships that month, and esbuild keeps only the two clients and commands actually imported.
 */
export const functionBundling = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  // Stack traces need the mappings, not a copy of every source file: the map drops from ~3 MB to
  // ~1 MB, which Node parses at every cold start under --enable-source-maps.
  sourcesContent: false,
  target,
  externalModules: [],
  esbuildArgs: { '--alias': Object.entries(bundleAliases).map(([module, path]) => `${module}=${path}`) },
  forceDockerBundling: false,
} as const satisfies BundlingOptions

/** The esbuild options `NodejsFunction` derives from `functionBundling`, for a build outside CDK. */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: functionBundling.target,
    format: 'esm',
    // NodejsFunction names an ESM bundle index.mjs; Lambda needs the .mjs to load it as ESM.
    outfile: join(outdir, 'index.mjs'),
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    sourcesContent: functionBundling.sourcesContent,
    external: [...functionBundling.externalModules],
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    // NodejsFunction runs esbuild in the project root, where the alias paths start.
    absWorkingDir: projectRoot,
    alias: { ...bundleAliases },
    logLevel: 'warning',
  }
}
