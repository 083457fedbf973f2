import { Command, CommanderError } from 'commander'
import { CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import type { CommandContext } from './command-context.ts'
import { defaultUrl } from './connect-site.ts'
import { registerArticleCommands } from './register-article-commands.ts'
import { registerAuthorCommands } from './register-author-commands.ts'
import { registerDeskCommands } from './register-desk-commands.ts'

/**
 * The `newsfeed` command line: `publish`, `import` and `export` against any site's publish API.
 * Returns the exit code (see {@link exitCodes}); never exits and reads no global state: the
 * arguments, streams, environment and folder all come in through `io`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = exitCodes.ok
  const program = new Command('newsfeed')
    .description('Publish articles, import feeds and export backups through a newsfeed site’s publish API.')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`newsfeed: ${s.replace(/^error: /, '')}`),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Every command talks to the site at --url (or NEWSFEED_URL; default ${defaultUrl}) with the bearer
token --token (or NEWSFEED_TOKEN, else the first of PUBLISH_TOKEN).

Exit codes: 0 done; 1 failed (a file, a source, the site or the token), nothing more written;
2 wrong usage; 3 done, but the site refused some items (each is listed); 130 interrupted.`,
    )

  const cli: CommandContext = {
    io,
    exit: (exitCode) => {
      code = exitCode
    },
  }
  registerArticleCommands(program, cli)
  registerDeskCommands(program, cli)
  registerAuthorCommands(program, cli)

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true })
      return exitCodes.usage
    }
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    }
    if (error instanceof CliError) {
      io.stderr.write(`newsfeed: ${error.message}\n`)
      return error instanceof InterruptedError ? exitCodes.interrupted : exitCodes.failed
    }
    throw error
  }
}
