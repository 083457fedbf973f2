import { describe, expect, it } from 'vitest'
import { maxIdLength, parseArticleInput } from '../../lib/articles/article-input.ts'
import { buildArticle } from '../../lib/articles/build-article.ts'
import { ValidationError } from '../../lib/articles/errors.ts'

const base = { title: 'Café à Paris', content: '<p>Bonjour.</p>' }
const context = {
  site: { url: 'https://news.example.com', author: 'Desk' },
  now: new Date('2025-03-12T12:00:00Z'),
}

function idIssues(id: unknown) {
  try {
    parseArticleInput({ ...base, id })
  } catch (error) {
    if (error instanceof ValidationError) return error.issues
    throw error
  }
  return []
}

describe('the article input id', () => {
  it('keeps an absolute IRI exactly as sent, case and all', () => {
    for (const id of [
      'urn:uuid:0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c',
      'tag:blog.example.com,2024:post-123',
      'https://blog.example.com/?p=123',
      'HTTP://Blog.Example.com/a/../b',
      'https://blog.example.com/2024/01/café-à-paris/',
      'urn:isbn:9780306406157',
    ]) {
      expect(parseArticleInput({ ...base, id }).id).toBe(id)
    }
  })

  it('is optional', () => {
    expect(parseArticleInput(base).id).toBeUndefined()
  })

  it('rejects what is not an absolute IRI, naming id', () => {
    for (const id of [
      '',
      '5d420f3abfe6c20008d5eaad',
      '/2024/01/post',
      'https://',
      'http:no-host',
      'urn:uuid:has space',
      ' urn:uuid:leading-space',
      'urn:x:<tag>',
      'urn:x:\u0001control',
    ]) {
      expect(idIssues(id), JSON.stringify(id)).toEqual([
        {
          path: 'id',
          message:
            'id must be an absolute IRI such as urn:uuid:… or https://example.com/posts/1, kept exactly as given',
        },
      ])
    }
  })

  it(`is at most ${maxIdLength} characters`, () => {
    expect(idIssues(`urn:x:${'a'.repeat(maxIdLength)}`)).toEqual([
      { path: 'id', message: `id must be at most ${maxIdLength} characters` },
    ])
  })

  it('names id when it is not a string', () => {
    expect(idIssues(42)).toEqual([{ path: 'id', message: 'expected a string, got number' }])
  })
})

describe('buildArticle with an id', () => {
  it('gives a new article the id sent instead of a fresh urn:uuid', async () => {
    const input = parseArticleInput({ ...base, id: 'tag:blog.example.com,2024:1' })
    expect((await buildArticle(input, 'cafe', context)).id).toBe('tag:blog.example.com,2024:1')
  })

  it('assigns a urn:uuid when none is sent', async () => {
    expect((await buildArticle(parseArticleInput(base), 'cafe', context)).id).toMatch(
      /^urn:uuid:[0-9a-f-]{36}$/,
    )
  })

  it('keeps the stored id on replace when the input sends the same one or none', async () => {
    const previous = await buildArticle(parseArticleInput({ ...base, id: 'tag:x,2024:1' }), 'cafe', context)
    const same = parseArticleInput({ ...base, title: 'New title', id: 'tag:x,2024:1' })
    expect((await buildArticle(same, 'cafe', context, previous)).id).toBe('tag:x,2024:1')
    expect((await buildArticle(parseArticleInput(base), 'cafe', context, previous)).id).toBe('tag:x,2024:1')
  })

  it('refuses to change the id of a stored article, naming id', async () => {
    const previous = await buildArticle(parseArticleInput(base), 'cafe', context)
    const other = parseArticleInput({ ...base, id: 'tag:x,2024:2' })
    await expect(buildArticle(other, 'cafe', context, previous)).rejects.toThrow(ValidationError)
    try {
      await buildArticle(other, 'cafe', context, previous)
    } catch (error) {
      expect(error instanceof ValidationError && error.issues).toEqual([
        { path: 'id', message: `is immutable: this article's id is "${previous.id}"` },
      ])
    }
  })
})
