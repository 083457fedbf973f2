import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import type { Issue } from '../../lib/articles/errors.ts'
import { ValidationError } from '../../lib/articles/errors.ts'

function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
    content: '<p>Elon Musk, a key advisor ...</p>',
    ...overrides,
  }
}

/** The issues parseArticleInput reports; fails the test when it accepts the body. */
function issuesOf(body: unknown): readonly Issue[] {
  try {
    parseArticleInput(body)
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    if (error instanceof ValidationError) return error.issues
  }
  throw new Error('expected a ValidationError')
}

describe('parseArticleInput', () => {
  it('accepts the minimal article and fills in defaults', () => {
    expect(parseArticleInput(validBody())).toEqual({
      title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
      content: '<p>Elon Musk, a key advisor ...</p>',
      contentFormat: 'html',
      categories: [],
      status: 'draft',
    })
  })

  it('accepts the full article of the design', () => {
    const input = parseArticleInput(
      validBody({
        slug: 'musk-advocates-us-exit-from-nato',
        summary: 'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy ...',
        contentFormat: 'markdown',
        authors: [{ name: 'Desk Report' }, { name: 'Jane Doe', url: 'https://example.com/jane' }],
        categories: ['world', 'NATO'],
        image: {
          url: 'https://cdn.example.com/nato.jpg',
          alt: 'NATO flags',
          type: 'image/jpeg',
          length: 12345,
        },
        status: 'published',
        publishedAt: '2025-03-11T09:19:00+06:00',
      }),
    )
    expect(input).toEqual({
      slug: 'musk-advocates-us-exit-from-nato',
      title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
      summary: 'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy ...',
      content: '<p>Elon Musk, a key advisor ...</p>',
      contentFormat: 'markdown',
      authors: [{ name: 'Desk Report' }, { name: 'Jane Doe', url: 'https://example.com/jane' }],
      categories: [
        { slug: 'world', name: 'world' },
        { slug: 'nato', name: 'NATO' },
      ],
      image: {
        url: 'https://cdn.example.com/nato.jpg',
        alt: 'NATO flags',
        type: 'image/jpeg',
        length: 12345,
      },
      status: 'published',
      publishedAt: '2025-03-11T09:19:00+06:00',
    })
  })

  describe('title', () => {
    it('is required', () => {
      expect(issuesOf({ content: 'x' })).toEqual([{ path: 'title', message: 'title is required' }])
    })

    it('names the field when a number is sent instead of a string', () => {
      expect(issuesOf(validBody({ title: 42 }))).toEqual([
        { path: 'title', message: 'expected a string, got number' },
      ])
    })

    it('must not be blank after trimming', () => {
      expect(issuesOf(validBody({ title: ' \n\t ' }))).toEqual([
        { path: 'title', message: 'title must not be empty' },
      ])
    })

    it('is at most 300 characters', () => {
      expect(issuesOf(validBody({ title: 'a'.repeat(301) }))).toEqual([
        { path: 'title', message: 'title must be at most 300 characters' },
      ])
      expect(parseArticleInput(validBody({ title: 'a'.repeat(300) })).title).toHaveLength(300)
    })

    it('is trimmed, made one line, and keeps markup as text', () => {
      expect(parseArticleInput(validBody({ title: '  <b>Breaking</b>\n news \u0001 ' })).title).toBe(
        '<b>Breaking</b> news',
      )
    })
  })

  describe('content', () => {
    it('is required and must not be blank', () => {
      expect(issuesOf({ title: 't' })).toEqual([{ path: 'content', message: 'content is required' }])
      expect(issuesOf(validBody({ content: '  \n ' }))).toEqual([
        { path: 'content', message: 'content must not be empty' },
      ])
    })

    it('is at most 350 000 characters', () => {
      expect(issuesOf(validBody({ content: 'a'.repeat(350_001) }))).toEqual([
        { path: 'content', message: 'content must be at most 350000 characters' },
      ])
    })

    it('keeps what was sent, minus the characters XML forbids', () => {
      expect(parseArticleInput(validBody({ content: '  <p>a\u0000b 😀</p>\n' })).content).toBe(
        '  <p>ab 😀</p>\n',
      )
    })

    it('accepts only the known formats', () => {
      expect(issuesOf(validBody({ contentFormat: 'rtf' }))).toEqual([
        {
          path: 'contentFormat',
          message: 'contentFormat must be one of "html", "markdown", "text", got "rtf"',
        },
      ])
    })
  })

  describe('slug', () => {
    it('is optional and must be a slug', () => {
      expect(parseArticleInput(validBody()).slug).toBeUndefined()
      // Changed by issue 19 point 7: an NFD slug used to be refused; it is now folded to NFC.
      expect(parseArticleInput(validBody({ slug: 'ça'.normalize('NFD') })).slug).toBe('ça')
      for (const slug of ['Bad Slug', 'a--b', '-a', 'a-', 'Ça', 'a.b', 'a/b', 'ক'.repeat(81), '']) {
        expect(issuesOf(validBody({ slug }))).toEqual([
          {
            path: 'slug',
            message:
              'slug must be lowercase letters (any script, NFC), marks and digits in words joined by single hyphens, at most 240 bytes of UTF-8, e.g. world-news or বাংলাদেশ-নির্বাচন',
          },
        ])
      }
    })

    it('is at most 240 bytes of UTF-8', () => {
      expect(parseArticleInput(validBody({ slug: 'a'.repeat(240) })).slug).toBe('a'.repeat(240))
      expect(parseArticleInput(validBody({ slug: 'ক'.repeat(80) })).slug).toBe('ক'.repeat(80))
      expect(issuesOf(validBody({ slug: 'a'.repeat(241) }))).toEqual([
        { path: 'slug', message: 'slug must be at most 240 characters' },
      ])
    })
  })

  describe('summary', () => {
    it('is at most 1000 characters', () => {
      expect(issuesOf(validBody({ summary: 'a'.repeat(1001) }))).toEqual([
        { path: 'summary', message: 'summary must be at most 1000 characters' },
      ])
    })

    it('counts as absent when blank, so that one is derived', () => {
      expect(parseArticleInput(validBody({ summary: '   ' }))).not.toHaveProperty('summary')
    })
  })

  describe('authors', () => {
    it('reports a problem inside an author with its dotted path', () => {
      expect(
        issuesOf(validBody({ authors: [{ name: 'ok' }, { name: '' }, { url: 'https://x.example' }] })),
      ).toEqual([
        { path: 'authors.1.name', message: 'authors.1.name must not be empty' },
        { path: 'authors.2.name', message: 'authors.2.name is required' },
      ])
    })

    it('accepts only absolute http(s) author URLs', () => {
      for (const url of ['/me', 'javascript:alert(1)', 'ftp://example.com/me', 'mailto:a@b.c']) {
        expect(issuesOf(validBody({ authors: [{ name: 'A', url }] }))).toEqual([
          { path: 'authors.0.url', message: 'authors.0.url must be an absolute http or https URL' },
        ])
      }
    })

    it('has 1 to 20 entries', () => {
      expect(issuesOf(validBody({ authors: [] }))).toEqual([
        { path: 'authors', message: 'authors must have at least 1 item' },
      ])
      const many = Array.from({ length: 21 }, (_, i) => ({ name: `A${i}` }))
      expect(issuesOf(validBody({ authors: many }))).toEqual([
        { path: 'authors', message: 'authors must have at most 20 items' },
      ])
    })
  })

  describe('categories', () => {
    it('derives slugs from names and drops duplicates by slug', () => {
      const input = parseArticleInput(
        validBody({
          categories: ['World News', { slug: 'world-news', name: 'Other' }, { name: 'Café' }, 'world news'],
        }),
      )
      expect(input.categories).toEqual([
        { slug: 'world-news', name: 'World News' },
        { slug: 'cafe', name: 'Café' },
      ])
    })

    it('rejects more than 10', () => {
      const categories = Array.from({ length: 11 }, (_, i) => `c${i}`)
      expect(issuesOf(validBody({ categories }))).toEqual([
        { path: 'categories', message: 'categories must have at most 10 items' },
      ])
    })

    it('derives category slugs in any script', () => {
      expect(
        parseArticleInput(validBody({ categories: ['বাংলাদেশ', 'Выборы 2025', '日本'] })).categories,
      ).toEqual([
        { slug: 'বাংলাদেশ', name: 'বাংলাদেশ' },
        { slug: 'выборы-2025', name: 'Выборы 2025' },
        { slug: '日本', name: '日本' },
      ])
    })

    it('rejects a category whose slug would be empty, naming it', () => {
      const issues = issuesOf(validBody({ categories: ['ok', '🎉🎉', { name: '🏏' }] }))
      expect(issues.map((i) => i.path)).toEqual(['categories.1', 'categories.2'])
      expect(issues[0]?.message).toMatch(/^categories\.1 has no letters or digits/)
    })

    it('reports problems inside an object category and the wrong type of item', () => {
      expect(
        issuesOf(validBody({ categories: [{ name: 5 }, 7, { slug: 'Bad', name: 'x', extra: 1 }] })),
      ).toEqual([
        { path: 'categories.0.name', message: 'expected a string, got number' },
        { path: 'categories.1', message: 'expected a string or an object, got number' },
        {
          path: 'categories.2.slug',
          message:
            'categories.2.slug must be lowercase letters (any script, NFC), marks and digits in words joined by single hyphens, at most 240 bytes of UTF-8, e.g. world-news or বাংলাদেশ-নির্বাচন',
        },
        { path: 'categories.2.extra', message: 'unknown field "extra"' },
      ])
    })
  })

  describe('language', () => {
    it('takes a BCP 47 tag in its canonical form, and is absent when not sent', () => {
      expect(parseArticleInput(validBody({ language: 'BN' })).language).toBe('bn')
      expect(parseArticleInput(validBody({ language: 'zh-hant-tw' })).language).toBe('zh-Hant-TW')
      expect(parseArticleInput(validBody()).language).toBeUndefined()
    })

    it.each(['en_US', 'x', 'english please', '', 'a'.repeat(65)])(
      'refuses %j, naming language',
      (language) => {
        expect(issuesOf(validBody({ language })).map((issue) => issue.path)).toEqual(['language'])
      },
    )
  })

  describe('image', () => {
    it('rejects an http image URL', () => {
      expect(issuesOf(validBody({ image: { url: 'http://cdn.example.com/a.jpg', alt: 'a' } }))).toEqual([
        { path: 'image.url', message: 'image.url must be an absolute https URL' },
      ])
    })

    it('requires alt text, which may be empty', () => {
      expect(issuesOf(validBody({ image: { url: 'https://cdn.example.com/a.jpg' } }))).toEqual([
        { path: 'image.alt', message: 'image.alt is required' },
      ])
      expect(
        parseArticleInput(validBody({ image: { url: 'https://cdn.example.com/a.jpg', alt: '' } })).image,
      ).toEqual({
        url: 'https://cdn.example.com/a.jpg',
        alt: '',
      })
    })

    it('checks the MIME type and the length', () => {
      expect(
        issuesOf(
          validBody({ image: { url: 'https://cdn.example.com/a.jpg', alt: '', type: 'jpeg', length: 0 } }),
        ),
      ).toEqual([
        { path: 'image.type', message: 'image.type must be a MIME type such as image/jpeg' },
        { path: 'image.length', message: 'image.length must be greater than 0' },
      ])
      expect(
        issuesOf(validBody({ image: { url: 'https://cdn.example.com/a.jpg', alt: '', length: 1.5 } })),
      ).toEqual([{ path: 'image.length', message: 'expected an integer, got 1.5' }])
    })

    it('normalises the URL so that it is safe to put in a feed', () => {
      const input = parseArticleInput(
        validBody({ image: { url: 'https://CDN.example.com/a b.jpg', alt: '', type: 'Image/JPEG' } }),
      )
      expect(input.image).toEqual({ url: 'https://cdn.example.com/a%20b.jpg', alt: '', type: 'image/jpeg' })
    })
  })

  describe('status', () => {
    it('defaults to draft and rejects unknown values', () => {
      expect(parseArticleInput(validBody()).status).toBe('draft')
      expect(issuesOf(validBody({ status: 'archived' }))).toEqual([
        { path: 'status', message: 'status must be one of "draft", "published", got "archived"' },
      ])
    })
  })

  describe('publishedAt', () => {
    const formatMessage =
      'publishedAt must be an RFC 3339 date-time with an offset, e.g. 2025-03-11T09:19:00+06:00'

    it.each([
      '2025-03-11T09:19:00Z',
      '2025-03-11T09:19:00+06:00',
      '2025-03-11T09:19:00.123-05:30',
      '2024-02-29T23:59:59Z',
    ])('accepts %s as given', (publishedAt) => {
      expect(parseArticleInput(validBody({ publishedAt })).publishedAt).toBe(publishedAt)
    })

    it.each([
      '2025-03-11T09:19:00',
      '2025-03-11',
      '2025-03-11 09:19:00Z',
      'Tue, 11 Mar 2025 09:19:00 GMT',
      '1741663140',
    ])('rejects %s, which is not RFC 3339 with an offset', (publishedAt) => {
      expect(issuesOf(validBody({ publishedAt }))).toEqual([{ path: 'publishedAt', message: formatMessage }])
    })

    it.each([
      '2025-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2025-13-01T10:00:00Z',
      '2025-03-11T25:00:00Z',
      '2025-03-11T10:60:00Z',
    ])('rejects the impossible date-time %s', (publishedAt) => {
      expect(issuesOf(validBody({ publishedAt }))).toEqual([
        { path: 'publishedAt', message: `publishedAt is not a real date and time: ${publishedAt}` },
      ])
    })

    it('rejects an impossible offset and years before 1970', () => {
      expect(issuesOf(validBody({ publishedAt: '2025-03-11T10:00:00+24:00' }))[0]?.path).toBe('publishedAt')
      expect(issuesOf(validBody({ publishedAt: '1969-12-31T23:59:59Z' }))).toEqual([
        { path: 'publishedAt', message: 'publishedAt must be in the years 1970 to 9999' },
      ])
    })
  })

  describe('the body', () => {
    it('must be an object', () => {
      expect(issuesOf(null)).toEqual([{ path: '', message: 'expected an object, got null' }])
      expect(issuesOf([])).toEqual([{ path: '', message: 'expected an object, got array' }])
      expect(issuesOf('title')).toEqual([{ path: '', message: 'expected an object, got string' }])
    })

    it('rejects unknown fields, naming each', () => {
      expect(issuesOf(validBody({ tittle: 'x', body: 'y' }))).toEqual([
        { path: 'tittle', message: 'unknown field "tittle"' },
        { path: 'body', message: 'unknown field "body"' },
      ])
    })

    it('rejects __proto__ and constructor keys without polluting any prototype', () => {
      const body: unknown = JSON.parse(
        '{"title":"t","content":"c","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      )
      expect(issuesOf(body)).toEqual([
        { path: '__proto__', message: 'unknown field "__proto__"' },
        { path: 'constructor', message: 'unknown field "constructor"' },
      ])
      const nested: unknown = JSON.parse(
        '{"title":"t","content":"c","image":{"url":"https://x.example/a.jpg","alt":"","__proto__":{"polluted":"yes"}},"categories":[{"name":"a","__proto__":{"polluted":"yes"}}]}',
      )
      expect(issuesOf(nested).map((i) => i.path)).toEqual(['categories.0.__proto__', 'image.__proto__'])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.prototype).not.toHaveProperty('polluted')
    })

    it('reports every problem at once', () => {
      const issues = issuesOf({
        title: 1,
        status: 'live',
        publishedAt: '2025-02-30T10:00:00Z',
        image: { url: 'http://x.example/a.jpg', alt: 'a' },
        extra: true,
      })
      expect(issues.map((i) => i.path)).toEqual([
        'title',
        'content',
        'image.url',
        'status',
        'publishedAt',
        'extra',
      ])
    })

    it('carries the issues in the error message too', () => {
      expect(() => parseArticleInput({ content: 'x' })).toThrow('title: title is required')
    })
  })
})

describe('parseArticleInput with very many problems', () => {
  it('lists at most 100 issues and then one summary, so the answer stays small', () => {
    const body: Record<string, unknown> = { title: 'T', content: 'C' }
    for (let i = 0; i < 5000; i++) body[`extra${i}`] = i
    try {
      parseArticleInput(body)
      expect.unreachable('5000 unknown keys must be refused')
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      const issues = (error as ValidationError).issues
      expect(issues).toHaveLength(101)
      expect(issues.at(-1)?.message).toContain('4900 more problems')
    }
  })
})
