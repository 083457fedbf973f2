import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BuildOptions, Metafile } from 'esbuild'

/**
 * The esbuild side of how the Lambda entries are built, without aws-cdk-lib: the bundle tests, the
 * cold-start bench and the tests' once-per-run builds import this alone (aws-cdk-lib costs about a
 * second of CPU to import), and `cdk/bundling.ts` hands the same options to the stack's assets.
 */

/** The repository root: entries, the lock file and the esbuild project root live here. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url))

export const functionEntries = {
  public: join(projectRoot, 'functions', 'public.ts'),
  publish: join(projectRoot, 'functions', 'publish.ts'),
  notifier: join(projectRoot, 'functions', 'notifier.ts'),
  subscriberCounter: join(projectRoot, 'functions', 'subscriber-counter.ts'),
} as const

/** The esbuild target: the Node.js of the Lambda runtime (`lambdaRuntime` in `cdk/bundling.ts`). */
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
 * No `external`: the AWS SDK v3 is bundled too instead of using the runtime's copy, so the version
 * deployed is the one in package-lock.json that the tests ran against, not whatever the runtime
 * ships that month, and esbuild keeps only the clients and commands actually imported.
 *
 * Split into chunks (issue 20.7): every `import()` becomes a file of its own that Node neither
 * parses nor evaluates, nor reads the source map of, until the first call that needs it (the SSM
 * client when SITE_URL is unset, the SDK's event streams, a page's renderers on a feed request).
 * A single-file bundle defers only the evaluation of such a module; its bytes are still compiled
 * at every cold start. The entry is `index.mjs` (Lambda loads a `.mjs` as ESM), its chunks under
 * `chunks/`, each with its map.
 */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target,
    format: 'esm',
    splitting: true,
    outdir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    minify: true,
    sourcemap: true,
    // Stack traces need the mappings, not a copy of every source file: the maps drop from ~3 MB to
    // ~1 MB, which Node parses at every cold start under --enable-source-maps.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    // The alias paths start at the project root.
    absWorkingDir: projectRoot,
    alias: { ...bundleAliases },
    logLevel: 'warning',
  }
}

/** The file Lambda loads (handler `index.handler`) in a bundle built into `outdir`. */
export function bundleEntry(outdir: string): string {
  return join(outdir, 'index.mjs')
}

/**
 * The output files Node reads when it imports the entry of a build into `outdir`: `index.mjs` and
 * the chunks it imports statically, transitively; a chunk reached only through `import()` waits
 * for its first use. Paths as esbuild's metafile writes them.
 */
export function filesLoadedAtStart(metafile: Metafile, outdir: string): string[] {
  const entry = Object.keys(metafile.outputs).find(
    (file) => resolve(projectRoot, file) === resolve(projectRoot, bundleEntry(outdir)),
  )
  const loaded = new Set<string>(entry === undefined ? [] : [entry])
  for (const file of loaded) {
    for (const { path, kind } of metafile.outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && path in metafile.outputs) loaded.add(path)
    }
  }
  return [...loaded]
}
