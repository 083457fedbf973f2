import { ApiClient } from './api-client.ts'
import { CliError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'

/** The site a command talks to when neither --url nor NEWSFEED_URL names one: `npm start`. */
export const defaultUrl = 'http://localhost:3000'

export interface ConnectionFlags {
  readonly url?: string
  readonly token?: string
}

/**
 * The publish API a command talks to: the site from --url (else NEWSFEED_URL, else
 * {@link defaultUrl}) and the token from --token (else NEWSFEED_TOKEN, else the first of
 * PUBLISH_TOKEN). A site that is no http(s) URL, or no token, is a {@link CliError}.
 */
export function connectSite(io: CliIo, flags: ConnectionFlags): ApiClient {
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
