import { describe, expect, it } from 'vitest'
import { parseStackSettings } from '../../cdk/settings.ts'
import { readConfig } from '../../lib/config.ts'
import { newFeedStack, resource, type Synthesised, synth } from '../support/synth-test-stack.ts'

function env(s: Synthesised, fn: { node: { defaultChild?: unknown } }): Record<string, unknown> {
  const props = resource(s, s.id(fn)).Properties as { Environment: { Variables: Record<string, unknown> } }
  return props.Environment.Variables
}

describe('podcast settings on AWS (-c podcastCategories=…)', () => {
  it('are checked like the variables, and reach the public function as the PODCAST_* it reads', () => {
    const settings = parseStackSettings({
      podcastCategories: 'harbour-show,talks',
      podcastOwnerEmail: 'podcasts@news.example.com',
      podcastImage: 'https://img.example.com/show.jpg',
      podcastItunesCategory: 'News > Politics',
      podcastExplicit: 'false',
    })
    const s = synth(settings)
    const variables = env(s, s.stack.publicFunction)
    expect(variables).toMatchObject({
      PODCAST_CATEGORIES: 'harbour-show,talks',
      PODCAST_OWNER_EMAIL: 'podcasts@news.example.com',
      PODCAST_IMAGE: 'https://img.example.com/show.jpg',
      PODCAST_ITUNES_CATEGORY: 'News > Politics',
      PODCAST_EXPLICIT: 'false',
    })
    expect(env(s, s.stack.publishFunction)).not.toHaveProperty('PODCAST_CATEGORIES')
    // What the function makes of them, as its entry would read them.
    const strings = Object.fromEntries(
      Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    )
    expect(readConfig(strings).site.podcast).toEqual({
      categories: ['harbour-show', 'talks'],
      ownerEmail: 'podcasts@news.example.com',
      image: 'https://img.example.com/show.jpg',
      itunesCategory: ['News', 'Politics'],
      explicit: false,
    })
  }, 120_000)

  it('refuses a wrong value, naming it, and categories without an owner email', () => {
    expect(() => parseStackSettings({ podcastItunesCategory: 'Newz' })).toThrow(
      /^podcastItunesCategory must be an Apple Podcasts category/,
    )
    expect(() =>
      newFeedStack({ podcastCategories: ['talks'], podcastImage: 'https://img.example.com/a.jpg' }),
    ).toThrow(/podcastOwnerEmail/)
  }, 120_000)
})
