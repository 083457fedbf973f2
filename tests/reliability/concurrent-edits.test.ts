import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, asApiArticle, startTestStack, type TestStack } from '../support/reliability-support.ts'

const rounds = 8
const editorsPerRound = 10

function input(content: string) {
  return {
    title: 'One article, many editors',
    content: `<p>${content}</p>`,
    categories: ['desk'],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
  }
}

describe('concurrent edits of one article with If-Match', () => {
  let stack: TestStack
  let firstEtag = ''

  beforeAll(async () => {
    stack = await startTestStack()
  })

  afterAll(async () => {
    await stack?.close()
  })

  it('lets exactly one editor win each version and loses no update', async () => {
    const createdResponse = await api(stack, 'PUT', '/api/articles/contested', input('original'))
    expect(createdResponse.status).toBe(201)
    let etag = createdResponse.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"1-/)
    firstEtag = etag

    let version = 1
    let lastWinner = ''
    for (let round = 1; round <= rounds; round++) {
      const attempts = await Promise.all(
        Array.from({ length: editorsPerRound }, async (_, editor) => {
          const content = `round ${round}, editor ${editor}`
          const response = await api(stack, 'PUT', '/api/articles/contested', input(content), {
            'if-match': etag,
          })
          const body: unknown = await response.json()
          return { content, status: response.status, etag: response.headers.get('etag'), body }
        }),
      )
      const winners = attempts.filter((a) => a.status === 200)
      const losers = attempts.filter((a) => a.status !== 200)
      expect(winners, `round ${round}`).toHaveLength(1)
      expect(
        losers.map((a) => a.status),
        `round ${round}`,
      ).toEqual(Array(editorsPerRound - 1).fill(412))
      for (const loser of losers) {
        expect(loser.body).toMatchObject({ status: 412, title: 'Precondition Failed' })
      }
      const [winner] = winners
      if (winner === undefined) throw new Error('no winner')
      version += 1
      expect(winner.etag).toMatch(new RegExp(`^"${version}-`))
      etag = winner.etag ?? ''
      expect(asApiArticle(winner.body)).toMatchObject({ version, content: `<p>${winner.content}</p>` })
      lastWinner = winner.content

      // What the winner wrote is what is stored: no later loser overwrote it.
      const current = await api(stack, 'GET', '/api/articles/contested')
      expect(current.headers.get('etag')).toBe(etag)
      expect(asApiArticle(await current.json()).content).toBe(`<p>${winner.content}</p>`)
    }

    const final = await api(stack, 'GET', '/api/articles/contested')
    expect(final.status).toBe(200)
    const article = asApiArticle(await final.json())
    expect(article.version).toBe(1 + rounds)
    expect(article.content).toBe(`<p>${lastWinner}</p>`)

    // The public copy agrees with the API.
    const page = await fetch(`${stack.url}/articles/contested.json`)
    expect(page.status).toBe(200)
    expect(await page.json()).toMatchObject({ contentHtml: `<p>${lastWinner}</p>` })
    expect(stack.loggedErrors).toEqual([])
  })

  it('refuses a stale If-Match after the race and keeps the winner', async () => {
    const response = await api(stack, 'PUT', '/api/articles/contested', input('too late'), {
      'if-match': firstEtag,
    })
    expect(response.status).toBe(412)
    const current = asApiArticle(await (await api(stack, 'GET', '/api/articles/contested')).json())
    expect(current.version).toBe(1 + rounds)
    expect(current.content).not.toBe('<p>too late</p>')
  })
})
