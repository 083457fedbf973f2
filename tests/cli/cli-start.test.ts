import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

/** The packages a module loads as it is imported: its static imports, followed through our own files. */
function packagesLoadedAtStart(entry: string): Set<string> {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    // Static imports and re-exports that bring code (not `import type`); `import()` is left out on purpose.
    for (const match of text.matchAll(
      /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm,
    )) {
      const spec = match[1] ?? ''
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec))
      else
        packages.add(
          spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec),
        )
    }
  }
  visit(join(root, entry))
  return packages
}

describe('the command line at start', () => {
  it('loads the import’s readers and the Markdown renderer only when a command needs them, not for --help', () => {
    const loaded = packagesLoadedAtStart('lib/cli/run-cli.ts')
    // Commander itself, and the API client every command uses, load at start.
    expect(loaded).toContain('commander')
    expect(loaded).toContain('zod')
    // What `import` and `publish` need and nothing else does (about 1.2 s of CPU to load under tsx).
    const whole = packagesLoadedAtStart('lib/cli/import-command.ts')
    const deferred = ['feedsmith', 'fast-xml-parser', 'sanitize-html', 'markdown-it'].filter(
      (name) => whole.has(name) || packagesLoadedAtStart('lib/cli/publish-command.ts').has(name),
    )
    expect(deferred.length).toBeGreaterThan(1)
    for (const name of deferred) expect(loaded, name).not.toContain(name)
  })
})
