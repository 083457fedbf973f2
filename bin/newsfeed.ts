import { runCli } from '../lib/cli/run-cli.ts'

/** `npm run newsfeed -- <command> …`: the publisher's command line, wired to this process. */
async function main(): Promise<number> {
  // `newsfeed export | head`: the reader left; stop quietly, as a pipe's writer does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(141)
    throw error
  })
  // The first Ctrl-C lets the run finish the requests under way and save its state; a second one kills it.
  const interrupt = new AbortController()
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping after the requests under way (Ctrl-C again to kill)…\n')
    interrupt.abort()
    process.once('SIGINT', () => process.exit(130))
  })
  return runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // `npm run` starts scripts in the package's folder; a path the user typed is relative to where they were.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    signal: interrupt.signal,
  })
}

main().then(
  (code) => {
    // Let stdout drain (an export piped somewhere), then leave without waiting for idle keep-alive sockets.
    process.stdout.write('', () => process.exit(code))
  },
  (error: unknown) => {
    console.error('newsfeed: unexpected error:', error)
    process.exit(1)
  },
)
