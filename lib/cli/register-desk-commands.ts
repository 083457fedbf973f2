import { type Command, Option } from 'commander'
import type { ApiClient } from './api-client.ts'
import type { CliIo } from './cli-io.ts'
import type { CommandContext } from './command-context.ts'
import { numberFlag, positiveInteger, tokenOption, urlOption } from './command-options.ts'
import { connectSite } from './connect-site.ts'
import {
  addEditorCommand,
  deleteCommand,
  listCommand,
  removeEditorCommand,
  unpublishCommand,
} from './desk-commands.ts'
import { subscribersCommand } from './subscribers-command.ts'

/**
 * The desk's commands: `list`, `unpublish`, `delete`, `subscribers` and `editors add|remove`, the
 * work an editor does on articles already on the site.
 */
export function registerDeskCommands(program: Command, cli: CommandContext): void {
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
      cli.exit(
        await listCommand(cli.io, connectSite(cli.io, flags), {
          limit: numberFlag(flags.limit, 50),
          ...(status !== undefined && { status }),
          ...(category !== undefined && { category }),
          ...(author !== undefined && { author }),
          ...(search !== undefined && { search }),
        }),
      )
    })

  oneArgumentCommand(
    program.command('unpublish'),
    'Make a published or scheduled article a draft again: out of the feeds, kept for editing.',
    ['<slug>', 'the article'],
    cli,
    unpublishCommand,
  )
  oneArgumentCommand(
    program.command('delete'),
    'Delete an article: it leaves the feeds, and its page answers 410 Gone if readers saw it.',
    ['<slug>', 'the article'],
    cli,
    deleteCommand,
  )

  program
    .command('subscribers')
    .description('How many subscribe to each feed: what aggregators report, and estimated direct readers.')
    .option('--day <YYYY-MM-DD>', 'this UTC day instead of the latest counted')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (flags: Record<string, unknown>) => {
      cli.exit(
        await subscribersCommand(
          cli.io,
          connectSite(cli.io, flags),
          typeof flags.day === 'string' ? flags.day : undefined,
        ),
      )
    })

  const editors = program.command('editors').description('Named desk tokens: who may sign in to /desk/.')
  oneArgumentCommand(
    editors.command('add'),
    'Add an editor and print their desk token (shown once; the site keeps only its hash).',
    ['<name>', 'the editor’s name, as changes will record it'],
    cli,
    addEditorCommand,
  )
  oneArgumentCommand(
    editors.command('remove'),
    'Remove an editor: their token and every desk session it opened stop working at once.',
    ['<name>', 'the editor’s name'],
    cli,
    removeEditorCommand,
  )
}

/** A command on one article or editor, named by its one argument, with the site's options only. */
function oneArgumentCommand(
  command: Command,
  description: string,
  [argument, argumentDescription]: readonly [string, string],
  cli: CommandContext,
  run: (io: CliIo, api: ApiClient, value: string) => Promise<number>,
): void {
  command
    .description(description)
    .argument(argument, argumentDescription)
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (value: string, flags: Record<string, unknown>) => {
      cli.exit(await run(cli.io, connectSite(cli.io, flags), value))
    })
}
