import { describe, expect, it } from 'vitest'
import { readSiteUrl } from '../../functions/site-url.ts'
import { ConfigError } from '../../lib/config.ts'

/** A GetParameter that answers `answer` (a value, or an error to throw), recording the names asked. */
function fakeSsm(answer: string | undefined | Error) {
  const asked: string[] = []
  const getParameter = async (name: string) => {
    asked.push(name)
    if (answer instanceof Error) throw answer
    return answer
  }
  return { getParameter, asked }
}

describe('readSiteUrl', () => {
  it('takes SITE_URL as it is when the stack set it (a custom domain), without asking SSM', async () => {
    const ssm = fakeSsm('https://unused.example.com')
    expect(await readSiteUrl({ SITE_URL: 'https://news.example.com/' }, ssm.getParameter)).toBe(
      'https://news.example.com',
    )
    expect(ssm.asked).toEqual([])
  })

  it('reads the SSM parameter named by SITE_URL_PARAMETER', async () => {
    const ssm = fakeSsm('https://d111111abcdef8.cloudfront.net')
    const url = await readSiteUrl({ SITE_URL_PARAMETER: '/NewsFeed/site-url' }, ssm.getParameter)
    expect(url).toBe('https://d111111abcdef8.cloudfront.net')
    expect(ssm.asked).toEqual(['/NewsFeed/site-url'])
  })

  it.each([
    [{}, undefined, 'SITE_URL or SITE_URL_PARAMETER must be set'],
    [{ SITE_URL: 'not a url' }, undefined, 'SITE_URL must be an absolute http(s) URL'],
    [{ SITE_URL_PARAMETER: '/NewsFeed/site-url' }, new Error('AccessDenied'), 'could not be read'],
    [{ SITE_URL_PARAMETER: '/NewsFeed/site-url' }, undefined, 'has no value'],
    [{ SITE_URL_PARAMETER: '/NewsFeed/site-url' }, 'd111.cloudfront.net', 'must be an absolute http(s) URL'],
  ])('refuses to start with %j and SSM answering %s', async (env, answer, message) => {
    const ssm = fakeSsm(answer)
    const error = await readSiteUrl(env, ssm.getParameter).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toContain(message)
  })
})
