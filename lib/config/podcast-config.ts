import * as v from 'valibot'
import { isSlug } from '../articles/slug.ts'
import type { PodcastSettings } from '../site.ts'
import { ConfigError } from './parse-settings.ts'
import { commaSeparated } from './setting-schemas.ts'

/** The podcast variables as the environment schema (lib/config.ts) parses them. */
export interface PodcastEnvSettings {
  readonly PODCAST_CATEGORIES?: string[] | undefined
  readonly PODCAST_OWNER_EMAIL?: string | undefined
  readonly PODCAST_IMAGE?: string | undefined
  readonly PODCAST_ITUNES_CATEGORY?: readonly [string] | readonly [string, string] | undefined
  readonly PODCAST_EXPLICIT?: boolean | undefined
}

/** Comma-separated category slugs (`PODCAST_CATEGORIES`), each once. */
export const slugListSetting = v.pipe(
  v.string(),
  v.transform((text: string) => [...new Set(commaSeparated(text))]),
  v.array(
    v.pipe(
      v.string(),
      v.check(
        isSlug,
        (issue) =>
          `must be comma-separated category slugs such as "podcast"; "${String(issue.input)}" is not one`,
      ),
    ),
  ),
)

/** One email address. */
export const emailSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/,
    (issue) => `must be one email address such as podcasts@example.com, not "${String(issue.input)}"`,
  ),
)

/** Apple Podcasts' top-level categories (podcasters.apple.com/support/1691-apple-podcasts-categories). */
export const appleCategories = [
  'Arts',
  'Business',
  'Comedy',
  'Education',
  'Fiction',
  'Government',
  'Health & Fitness',
  'History',
  'Kids & Family',
  'Leisure',
  'Music',
  'News',
  'Religion & Spirituality',
  'Science',
  'Society & Culture',
  'Sports',
  'Technology',
  'True Crime',
  'TV & Film',
] as const

/** An Apple Podcasts category, optionally `> Subcategory` (`News > Politics`). */
export const itunesCategorySetting = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (text: string) => (appleCategories as readonly string[]).includes(text.split('>')[0]?.trim() ?? ''),
    (issue) =>
      `must be an Apple Podcasts category (${appleCategories.join(', ')}), optionally "> Subcategory", not "${String(issue.input)}"`,
  ),
  v.transform((text: string): readonly [string] | readonly [string, string] => {
    const [top = '', sub] = text.split('>').map((part) => part.trim())
    return sub ? [top, sub] : [top]
  }),
)

export /** The podcast categories' settings; Apple lists no show without artwork and an owner's email. */
function podcastSettings(settings: PodcastEnvSettings): { podcast?: PodcastSettings } {
  const categories = settings.PODCAST_CATEGORIES ?? []
  if (categories.length === 0) return {}
  const { PODCAST_OWNER_EMAIL: ownerEmail, PODCAST_IMAGE: image } = settings
  if (ownerEmail === undefined) {
    throw new ConfigError(
      'PODCAST_OWNER_EMAIL must be set when PODCAST_CATEGORIES is: Apple Podcasts asks for it',
    )
  }
  if (image === undefined) {
    throw new ConfigError(
      "PODCAST_IMAGE must be set when PODCAST_CATEGORIES is: the https URL of the show's artwork (1400–3000 px square)",
    )
  }
  return {
    podcast: {
      categories,
      ownerEmail,
      image,
      itunesCategory: settings.PODCAST_ITUNES_CATEGORY ?? ['News'],
      explicit: settings.PODCAST_EXPLICIT ?? false,
    },
  }
}
