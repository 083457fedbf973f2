import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../lib/articles/errors.ts'
import { parseSeedArticle } from '../../lib/articles/parse-seed-article.ts'

const seedText = await readFile(new URL('../../sample/seed-article.txt', import.meta.url), 'utf8')

function seedLike(dateline: string, body = 'One paragraph.'): string {
  return ['A headline', 'A standfirst', 'Desk Report', dateline, body].join('\n\n')
}

function issuesOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    if (error instanceof ValidationError) return error.issues
  }
  throw new Error('expected a ValidationError')
}

describe('parseSeedArticle', () => {
  it('reads the repository’s seed article: headline, standfirst, byline, time and body', () => {
    const seed = parseSeedArticle(seedText, '+06:00')
    expect(seed.title).toBe('Musk advocates US exit from NATO, fueling debate on alliance’s future')
    expect(seed.summary).toBe(
      "Elon Musk, a close ally of Donald Trump, has stirred fresh controversy by advocating for the United States to withdraw from NATO, raising concerns over the alliance's future amid growing transatlantic tensions",
    )
    expect(seed.authors).toEqual([{ name: 'Desk Report' }])
    expect(seed.publishedAt).toBe('2025-03-11T09:19:00+06:00')
    expect(seed.contentFormat).toBe('text')
  })

  it('keeps the twelve body paragraphs and leaves out the trailing "related news"', () => {
    const { content } = parseSeedArticle(seedText, '+06:00')
    const paragraphs = content.split('\n\n')
    expect(paragraphs).toHaveLength(12)
    expect(paragraphs[0]).toMatch(/^Elon Musk, a key advisor to former US President Donald Trump/)
    expect(paragraphs[1]).toBe(
      'In a post on his social media platform X on Sunday, Musk wrote, "Exit NATO now."',
    )
    expect(paragraphs[11]).toMatch(/^Musk’s comments, echoing Trump’s scepticism towards NATO/)
    expect(content.toLowerCase()).not.toContain('related news')
    expect(content).not.toContain('Publisted')
    expect(content).not.toContain('Desk Report')
  })

  it('reads Windows line endings the same way', () => {
    expect(parseSeedArticle(seedText.replace(/\n/g, '\r\n'), '+06:00')).toEqual(
      parseSeedArticle(seedText, '+06:00'),
    )
  })

  it('puts the given offset on the zone-less time', () => {
    expect(parseSeedArticle(seedText, '-05:30').publishedAt).toBe('2025-03-11T09:19:00-05:30')
  })

  it.each([
    ['Publisted at 12:05 AM, Sat Feb 1st, 2025', '2025-02-01T00:05:00+06:00'],
    ['Publisted at 12:40 PM, Sun Jun 22nd, 2025', '2025-06-22T12:40:00+06:00'],
    ['Published at 11:59 PM, Wed December 31st, 2025', '2025-12-31T23:59:00+06:00'],
  ])('reads the dateline "%s" as %s', (dateline, expected) => {
    expect(parseSeedArticle(seedLike(dateline), '+06:00').publishedAt).toBe(expected)
  })

  it('reads a byline of several authors', () => {
    const text = [
      'A headline',
      'A standfirst',
      'Jane Doe and John Roe',
      'Publisted at 9:19 AM, Tue Mar 11th, 2025',
      'Body.',
    ].join('\n\n')
    expect(parseSeedArticle(text, '+06:00').authors).toEqual([{ name: 'Jane Doe' }, { name: 'John Roe' }])
  })

  it.each([
    ['an empty text', ''],
    ['a headline only', 'Just a headline'],
    [
      'no body',
      ['A headline', 'A standfirst', 'Desk Report', 'Publisted at 9:19 AM, Tue Mar 11th, 2025'].join('\n\n'),
    ],
    ['no body but "related news"', `${seedLike('Publisted at 9:19 AM, Tue Mar 11th, 2025', 'related news')}`],
  ])('rejects %s with a ValidationError', (_, text) => {
    expect(issuesOf(() => parseSeedArticle(text, '+06:00'))).toEqual([
      { path: '', message: expect.any(String) },
    ])
  })

  it.each([
    ['no time', 'Published on Tuesday'],
    ['an unknown month', 'Publisted at 9:19 AM, Tue Foo 11th, 2025'],
  ])('rejects a dateline with %s, naming publishedAt', (_, dateline) => {
    expect(issuesOf(() => parseSeedArticle(seedLike(dateline), '+06:00')).map((i) => i.path)).toEqual([
      'publishedAt',
    ])
  })

  it('rejects an offset that is not ±hh:mm', () => {
    expect(issuesOf(() => parseSeedArticle(seedText, 'Asia/Dhaka')).map((i) => i.path)).toEqual([
      'publishedAt',
    ])
  })
})

describe('parseSeedArticle datelines', () => {
  const text = (dateline: string) => `Title\n\nStandfirst\n\nDesk\n\n${dateline}\n\nBody.`
  it('rejects a date that does not exist', () => {
    expect(() => parseSeedArticle(text('Publisted at 9:19 AM, Sun Feb 30th, 2025'), '+06:00')).toThrow(
      ValidationError,
    )
  })
  it('rejects a time that does not exist', () => {
    expect(() => parseSeedArticle(text('Publisted at 13:99 PM, Tue Mar 11th, 2025'), '+06:00')).toThrow(
      ValidationError,
    )
  })
})
