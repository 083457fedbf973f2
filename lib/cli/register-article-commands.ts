import { type Command, Option } from 'commander'
import type { CommandContext } from './command-context.ts'
import {
  concurrencyOption,
  numberFlag,
  parseOffset,
  positiveInteger,
  statusOption,
  tokenOption,
  urlOption,
} from './command-options.ts'
import { connectSite } from './connect-site.ts'

const defaultStatePath = 'newsfeed-import-state.json'

/**
 * The commands that move articles onto the site and off it: `publish` (files), `import` (feeds,
 * exports of other platforms, a newsfeed export) and `export` (a backup that `import` restores).
 * Each loads its module when it runs: the import's readers (feed and XML parsers, the sanitiser)
 * took about 1.1 s of CPU to load under tsx, and `publish`'s Markdown about 0.15 s, paid before by
 * every command and by `--help` (tests/cli/cli-start.test.ts).
 */
export function registerArticleCommands(program: Command, cli: CommandContext): void {
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
      cli.exit(
        await (await import('./publish-command.ts')).publishCommand(cli.io, connectSite(cli.io, flags), {
          files,
          dryRun: flags.dryRun === true,
          ...(flags.minor === true && { minor: true }),
          concurrency: numberFlag(flags.concurrency, 4),
          ...(flags.status === 'draft' || flags.status === 'published' ? { status: flags.status } : {}),
          ...(typeof flags.utcOffset === 'string' && { utcOffset: flags.utcOffset }),
        }),
      )
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
      cli.exit(
        await (await import('./import-command.ts')).importCommand(cli.io, connectSite(cli.io, flags), {
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
        }),
      )
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
      cli.exit(
        await (await import('./export-command.ts')).exportCommand(cli.io, connectSite(cli.io, flags), {
          dryRun: flags.dryRun === true,
          ...(typeof flags.out === 'string' && { out: flags.out }),
        }),
      )
    })
}
