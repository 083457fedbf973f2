import { afterEach, describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.ts'
import { fetchSource, maxSourceBytes } from '../../lib/cli/read-source.ts'
import { type HostileServer, startHostileServer } from '../support/hostile-server.ts'

/* Issue 19.2: a feed the import fetches is bounded: larger than maxSourceBytes is refused, not read into memory. */

const servers: HostileServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

describe('fetching a feed to import', () => {
  it('refuses an endless feed once it passes the limit, with a message that says what to do', async () => {
    const server = await startHostileServer('endless')
    servers.push(server)
    const error = await fetchSource(server.url, 'the feed', { cwd: '/' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).message).toMatch(/larger than 64 MiB.*save it to a file/)
    await server.hungUp()
    expect(server.sent()).toBeLessThan(maxSourceBytes + 32 * 1024 * 1024)
  }, 120_000)

  it('refuses a feed that declares a length past the limit before reading any of it', async () => {
    const server = await startHostileServer('declared-huge')
    servers.push(server)
    await expect(fetchSource(server.url, 'the feed', { cwd: '/' })).rejects.toThrow(/larger than 64 MiB/)
  }, 60_000)
})
