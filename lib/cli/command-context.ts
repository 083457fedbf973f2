import type { CliIo } from './cli-io.ts'

/** What the commands a module registers need from the program that runs them. */
export interface CommandContext {
  readonly io: CliIo
  /** Keeps the exit code of the command that ran, which {@link runCli} returns. */
  readonly exit: (code: number) => void
}
