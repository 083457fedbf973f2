import type { Command } from 'commander'
import { authorSetCommand } from './author-command.ts'
import type { CommandContext } from './command-context.ts'
import { tokenOption, urlOption } from './command-options.ts'
import { connectSite } from './connect-site.ts'

/** `newsfeed author set <slug>`: an author's profile (bio, URL, avatar) as their page and feeds show it. */
export function registerAuthorCommands(program: Command, cli: CommandContext): void {
  program
    .command('author')
    .description('Authors: their profile on their page and in their feeds.')
    .command('set')
    .description('Set the profile fields given (an empty value removes one); the others are kept.')
    .argument('<slug>', 'the author, as in their page /authors/<slug>/')
    .option('--bio <text>', 'plain text, at most 1000 characters')
    // Not --url: that names the site, as on every command.
    .option('--link <https-url>', "their own site (the profile's url)")
    .option('--avatar <https-url>', 'an image of them')
    .addOption(urlOption())
    .addOption(tokenOption())
    .action(async (slug: string, flags: Record<string, unknown>) => {
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
      const bio = text(flags.bio)
      const url = text(flags.link)
      const avatar = text(flags.avatar)
      cli.exit(
        await authorSetCommand(cli.io, connectSite(cli.io, flags), slug, {
          ...(bio !== undefined && { bio }),
          ...(url !== undefined && { url }),
          ...(avatar !== undefined && { avatar }),
        }),
      )
    })
}
