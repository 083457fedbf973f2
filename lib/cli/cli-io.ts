/** A stream the CLI writes to: the process's stdout or stderr, or a collecting stream in tests. */
export type CliOutput = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number }

/** Everything the CLI takes from its process, handed in by `bin/newsfeed.ts` (or a test). */
export interface CliIo {
  readonly stdout: CliOutput
  readonly stderr: CliOutput
  readonly env: Readonly<Record<string, string | undefined>>
  /** Relative paths (files, `--out`, the import state) resolve against this directory. */
  readonly cwd: string
  /** Aborted on Ctrl-C: a run stops taking new items, finishes the ones under way and saves its state. */
  readonly signal?: AbortSignal
  /** The HTTP client; default the global `fetch` (keep-alive connection pool). */
  readonly fetch?: typeof fetch
  /** How the CLI waits before a retry; tests pass one that records the delay and returns at once. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Writes `text` and waits while the stream's buffer is full, so a large export never piles up in memory. */
export async function write(output: CliOutput, text: string): Promise<void> {
  if (output.write(text)) return
  await new Promise<void>((resolve) => output.once('drain', resolve))
}
