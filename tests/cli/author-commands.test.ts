import { describe, expect, it } from 'vitest'
import { api, newsfeed, startSite, target } from '../support/cli-harness.ts'

describe('newsfeed author set', () => {
  it('creates a profile, then changes only the fields given; an empty value removes one', async () => {
    const site = await startSite()
    const first = await newsfeed([
      'author',
      'set',
      'zoe-angstrom',
      '--bio',
      'Covers ports.',
      '--link',
      'https://zoe.example.org/',
      ...target(site),
    ])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^created the profile of zoe-angstrom: http\S+\/authors\/zoe-angstrom\/\n$/)
    const second = await newsfeed([
      'author',
      'set',
      'zoe-angstrom',
      '--avatar',
      'https://images.example.org/zoe.jpg',
      '--link',
      '',
      ...target(site),
    ])
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/^updated the profile of zoe-angstrom/)
    const stored = (await (await api(site, 'GET', '/api/authors/zoe-angstrom')).json()) as Record<
      string,
      unknown
    >
    expect(stored).toMatchObject({
      bio: 'Covers ports.',
      avatar: 'https://images.example.org/zoe.jpg',
      version: 2,
    })
    expect(stored.url).toBeUndefined()
  })

  it('fails with the API’s reason, naming the field, on a bad URL', async () => {
    const site = await startSite()
    const run = await newsfeed([
      'author',
      'set',
      'zoe-angstrom',
      '--link',
      'http://plain.example.org/',
      ...target(site),
    ])
    expect(run.stdout).toBe('')
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/url/)
  })
})
