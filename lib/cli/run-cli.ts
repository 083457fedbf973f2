import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { ApiClient } from './api-client.ts'
import { CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import {
  addEditorCommand,
  deleteCommand,
  listCommand,
  removeEditorCommand,
  unpublishCommand,
} from './desk-commands.ts'
import { exportCommand } from './export-command.ts'
import { importCommand } from './import-command.ts'
import { publishCommand } from './publish-command.ts'
import { subscribersCommand } from './subscribers-command.ts'

const defaultUrl = 'http://localhost:3000'
const defaultStatePath = 'newsfeed-import-state.json'

interface ConnectionFlags {
  readonly url?: string
  readonly token?: string
}

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

  program
    .command('publish')
    .description(
      'Create or replace articles from files: Markdown with YAML front matter (.md), the API’s JSON (.json), or the plain-text wire layout (anything else).',
    )
    .argument('<files...>', 'the article files')
    .addOption(statusOption('status of files that do not give one (the API’s default: draft)'))
    .addOption(
      new Option('--utc-offset <±hh:mm>', 'where the newsroom is, for the wire layout’s dateline').argParser(
        parseOffset,
      ),
    )
    .option('--dry-run', 'read the files and look the slugs up, write nothing')
    .option(
      '--minor',
      'a minor edit (a typo fixed): replaced articles keep their updated date and nothing is announced',
    )
    .addOption(concurrencyOption(4))
    .addOption(urlOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
Front matter: title, slug, summary, categories, authors, publishedAt, status, image, language, id
(also date, description, tags, author and draft: true, as static site generators write them).
Each file's slug (its own, else one made from its title) is looked up: a new article is created,
an existing one replaced with If-Match set to the ETag just read. Prints "created|replaced|unchanged URL".`,
    )
    .action(async (files: string[], flags: Record<string, unknown>) => {
      code = await publishCommand(io, client(io, flags), {
        files,
        dryRun: flags.dryRun === true,
        ...(flags.minor === true && { minor: true }),
        concurrency: numberFlag(flags.concurrency, 4),
        ...(flags.status === 'draft' || flags.status === 'published' ? { status: flags.status } : {}),
        ...(typeof flags.utcOffset === 'string' && { utcOffset: flags.utcOffset }),
      })
    })

  program
    .command('import')
    .description(
      'Import RSS 2.0, Atom and JSON Feed items (files or http(s) URLs), or a newsfeed export, as articles.',
    )
    .argument('<sources...>', 'feed files, feed URLs, or .jsonl files written by `newsfeed export`')
    .option('--follow', 'walk each feed’s next pages (rel="next", next_url)')
    .addOption(
      new Option('--max-pages <n>', 'stop following after this many pages of one source')
        .default(1000)
        .argParser(positiveInteger('--max-pages', 100_000)),
    )
    .addOption(statusOption('what dated feed items become (an export keeps its own)', 'published'))
    .option('--author <name>', 'the byline of every feed item, whatever the feed says')
    .option('--language <tag>', 'the language of every feed item (BCP 47, e.g. fr or en-GB)')
    .option('--category <name...>', 'a category every feed item gets, besides its own')
    .option('--state <file>', 'remember what went where, so that a rerun resumes quickly', defaultStatePath)
    .option('--no-state', 'keep no state file')
    .option('--dry-run', 'read the sources and look the articles up, write nothing')
    .addOption(concurrencyOption(8))
    .addOption(
      new Option('--batch-size <n>', 'new articles a request (the bulk endpoint); 1: one at a time')
        .default(100)
        .argParser(positiveInteger('--batch-size', 100)),
    )
    .option('--no-progress', 'no progress bar or progress lines')
    .option('-v, --verbose', 'list every article written and every note')
    .addOption(urlOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
An item is known by its id (RSS guid, Atom id, JSON Feed id; else its link): the article keeps that
id when it is an absolute IRI, so readers see no duplicate. Its slug comes from its link (then its
title); importing again updates changed items and adds nothing. Undated items become drafts.`,
    )
    .action(async (sources: string[], flags: Record<string, unknown>) => {
      code = await importCommand(io, client(io, flags), {
        sources,
        follow: flags.follow === true,
        maxPages: numberFlag(flags.maxPages, 1000),
        status: flags.status === 'draft' ? 'draft' : 'published',
        ...(typeof flags.author === 'string' && { author: flags.author }),
        ...(typeof flags.language === 'string' && { language: flags.language }),
        ...(Array.isArray(flags.category) && { categories: flags.category.map(String) }),
        statePath: typeof flags.state === 'string' ? flags.state : undefined,
        dryRun: flags.dryRun === true,
        concurrency: numberFlag(flags.concurrency, 8),
        batchSize: numberFlag(flags.batchSize, 100),
        verbose: flags.verbose === true,
        progress: flags.progress !== false,
      })
    })

  program
    .command('export')
    .description('Write every article of every status as JSON Lines, which `newsfeed import` restores.')
    .option('-o, --out <file>', 'write to this file (complete or not at all) instead of stdout')
    .option('--dry-run', 'count the articles, write nothing')
    .addOption(urlOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
Backup and restore: newsfeed export --out backup.jsonl, then newsfeed import backup.jsonl --url <other site>.
(With npm, keep its banner out of stdout: npm run -s newsfeed -- export > backup.jsonl.)`,
    )
    .action(async (flags: Record<string, unknown>) => {
      code = await exportCommand(io, client(io, flags), {
        dryRun: flags.dryRun === true,
        ...(typeof flags.out === 'string' && { out: flags.out }),
      })
    })

  program
    .command('list')
    .description('List articles of every status, newest first: status, time, slug, title.')
    .addOption(
      new Option('--status <status>', 'only this status').choices([
        'draft',
        'scheduled',
        'published',
        'deleted',
      ]),
    )
    .option('--category <slug>', 'only this category')
    .option('--author <name>', 'only this author')
    .option('--search <words>', 'title words, the last one a prefix')
    .addOption(
      new Option('--limit <n>', 'print at most this many')
        .default(50)
        .argParser(positiveInteger('--limit', 10_000)),
    )
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (flags: Record<string, unknown>) => {
      const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
      const status = text(flags.status)
      const category = text(flags.category)
      const author = text(flags.author)
      const search = text(flags.search)
      code = await listCommand(io, client(io, flags), {
        limit: numberFlag(flags.limit, 50),
        ...(status !== undefined && { status }),
        ...(category !== undefined && { category }),
        ...(author !== undefined && { author }),
        ...(search !== undefined && { search }),
      })
    })

  program
    .command('unpublish')
    .description('Make a published or scheduled article a draft again: out of the feeds, kept for editing.')
    .argument('<slug>', 'the article')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (slug: string, flags: Record<string, unknown>) => {
      code = await unpublishCommand(io, client(io, flags), slug)
    })

  program
    .command('delete')
    .description('Delete an article: it leaves the feeds, and its page answers 410 Gone if readers saw it.')
    .argument('<slug>', 'the article')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (slug: string, flags: Record<string, unknown>) => {
      code = await deleteCommand(io, client(io, flags), slug)
    })

  program
    .command('subscribers')
    .description('How many subscribe to each feed: what aggregators report, and estimated direct readers.')
    .option('--day <YYYY-MM-DD>', 'this UTC day instead of the latest counted')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (flags: Record<string, unknown>) => {
      code = await subscribersCommand(
        io,
        client(io, flags),
        typeof flags.day === 'string' ? flags.day : undefined,
      )
    })

  const editors = program.command('editors').description('Named desk tokens: who may sign in to /desk/.')
  editors
    .command('add')
    .description('Add an editor and print their desk token (shown once; the site keeps only its hash).')
    .argument('<name>', 'the editor’s name, as changes will record it')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (name: string, flags: Record<string, unknown>) => {
      code = await addEditorCommand(io, client(io, flags), name)
    })
  editors
    .command('remove')
    .description('Remove an editor: their token and every desk session it opened stop working at once.')
    .argument('<name>', 'the editor’s name')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (name: string, flags: Record<string, unknown>) => {
      code = await removeEditorCommand(io, client(io, flags), name)
    })

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

function client(io: CliIo, flags: ConnectionFlags): ApiClient {
  const url = (flags.url ?? io.env.NEWSFEED_URL ?? defaultUrl)
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/, '')
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw new CliError(`--url must be the site's http(s) URL, e.g. ${defaultUrl}, not "${url}"`)
  }
  const token =
    flags.token ??
    io.env.NEWSFEED_TOKEN ??
    io.env.PUBLISH_TOKEN?.split(',')
      .map((t) => t.trim())
      .find((t) => t !== '')
  if (token === undefined || token.trim() === '') {
    throw new CliError('no token: pass --token or set NEWSFEED_TOKEN (npm start prints the local one)')
  }
  return new ApiClient({
    url,
    token: token.trim(),
    ...(io.fetch && { fetch: io.fetch }),
    ...(io.signal && { signal: io.signal }),
    ...(io.sleep && { sleep: io.sleep }),
  })
}

function urlOption(): Option {
  return new Option('--url <url>', `the site (default: NEWSFEED_URL, else ${defaultUrl})`)
}

function tokenOption(): Option {
  return new Option('--token <token>', 'the publish token (default: NEWSFEED_TOKEN, else PUBLISH_TOKEN)')
}

function statusOption(description: string, defaultValue?: string): Option {
  const option = new Option('--status <status>', description).choices(['draft', 'published'])
  return defaultValue !== undefined ? option.default(defaultValue) : option
}

function concurrencyOption(defaultValue: number): Option {
  return new Option('--concurrency <n>', 'requests at once')
    .default(defaultValue)
    .argParser(positiveInteger('--concurrency', 64))
}

function positiveInteger(name: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`)
    }
    return n
  }
}

function parseOffset(value: string): string {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim())
  if (match === null || Number(match[2]) > 23 || Number(match[3]) > 59) {
    throw new InvalidArgumentError('--utc-offset must look like +06:00 or -05:00')
  }
  return `${match[1]}${match[2]}:${match[3]}`
}

function numberFlag(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}
