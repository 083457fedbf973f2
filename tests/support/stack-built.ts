import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { bundleEntry, esbuildOptions, projectRoot } from '../../cdk/esbuild-options.ts'
import { type FunctionName, stackBundle } from './stack-bundles.ts'

/*
 * Bundles built with the stack's own esbuild options (cdk/bundling.ts, aliases included), for tests
 * that check what a bundle holds or that bundled code answers as the modules npm installed do.
 */

/**
 * The source files (paths from the project root) that contribute bytes to the bundle of a function,
 * built once a run (tests/support/stack-bundles.ts).
 */
export async function bundledInputs(name: FunctionName): Promise<string[]> {
  const { metafile } = await stackBundle(name)
  return Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .flatMap(([, output]) =>
      Object.entries(output.inputs)
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([input]) => input),
    )
}

/**
 * Bundles `source` (TypeScript, its imports from the project root, e.g.
 * `export { renderContent } from './lib/articles/render-content.ts'`) as the stack bundles a
 * function, into `outdir`, and imports it.
 */
export async function importStackBuilt(source: string, outdir: string): Promise<unknown> {
  // The options of any entry: only the entry differs, and stdin takes its place.
  const { entryPoints: _entry, ...options } = esbuildOptions(
    join(projectRoot, 'functions', 'publish.ts'),
    outdir,
  )
  // Without maps: what is checked is the code, and vitest warns of a map whose sources it cannot
  // find (the stack's maps carry no sourcesContent); tests print nothing on success.
  await build({
    ...options,
    sourcemap: false,
    stdin: { contents: source, resolveDir: projectRoot, loader: 'ts' },
  })
  return import(pathToFileURL(bundleEntry(outdir)).href)
}
