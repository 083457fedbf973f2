import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import * as z from 'zod'
import { CliError } from './cli-error.ts'
import type { KnownPlacement } from './place-article.ts'

const stateSchema = z.object({
  format: z.literal('newsfeed-import-state'),
  version: z.literal(1),
  /** By site URL, then by article id. */
  sites: z.record(
    z.string(),
    z.record(z.string(), z.object({ slug: z.string(), version: z.number(), digest: z.string() })),
  ),
})
type StateFile = z.infer<typeof stateSchema>

/**
 * What earlier runs put where, per site: lets a rerun (after Ctrl-C, a crash, a refused token)
 * skip the writes it already made, and find an item again after its source title changed. The site
 * stays the truth: every entry is checked with one GET before it is trusted.
 */
export class ImportState {
  readonly #path: string | undefined
  readonly #file: StateFile
  readonly #site: Record<string, KnownPlacement>
  #dirty = false
  #saving: Promise<void> = Promise.resolve()

  private constructor(path: string | undefined, file: StateFile, site: string) {
    this.#path = path
    this.#file = file
    this.#site = file.sites[site] ?? {}
    file.sites[site] = this.#site
  }

  /** Loads `path` (absent: a new state), or keeps nothing on disk when `path` is undefined. */
  static async open(path: string | undefined, site: string): Promise<ImportState> {
    const empty: StateFile = { format: 'newsfeed-import-state', version: 1, sites: {} }
    if (path === undefined) return new ImportState(undefined, empty, site)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        return new ImportState(path, empty, site)
      }
      throw new CliError(`cannot read the import state ${path}: ${String(error)}`, { cause: error })
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const parsed = stateSchema.safeParse(json)
    if (!parsed.success) {
      throw new CliError(
        `${path} is not a newsfeed import state: move it away or pass --state with another file`,
      )
    }
    return new ImportState(path, parsed.data, site)
  }

  get(id: string): KnownPlacement | undefined {
    return this.#site[id]
  }

  set(id: string, placement: KnownPlacement): void {
    this.#site[id] = placement
    this.#dirty = true
  }

  /** Writes the state if it changed: to a temporary file renamed over the old, so it is never half-written. */
  save(): Promise<void> {
    this.#saving = this.#saving.then(() => this.#write())
    return this.#saving
  }

  async #write(): Promise<void> {
    if (!this.#dirty || this.#path === undefined) return
    this.#dirty = false
    const temporary = `${this.#path}.${randomBytes(4).toString('hex')}.tmp`
    try {
      await writeFile(temporary, `${JSON.stringify(this.#file)}\n`)
      await rename(temporary, this.#path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw new CliError(`cannot write the import state ${this.#path}: ${String(error)}`, { cause: error })
    }
  }
}
