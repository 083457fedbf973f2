import * as v from 'valibot'
import {
  booleanSetting,
  emailSetting,
  feedContentSetting,
  httpsUrlSetting,
  integerSetting,
  invalidationSetting,
  itunesCategorySetting,
  languageSetting,
  navTopicsSetting,
  optionalSetting,
  parseSettings,
  secretArnSetting,
  slugListSetting,
  textSetting,
  timeZoneSetting,
  urlListSetting,
} from '../lib/config.ts'

/*
 * The deploy-time settings (`-c name=value`), checked with the same schema pieces as the functions'
 * own configuration (lib/config.ts), so a value the functions would refuse fails `cdk synth` first,
 * with a message naming the context key.
 */

const hostName = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
    (issue) => `must be a host name such as news.example.com, not "${String(issue.input)}"`,
  ),
)

const usEast1Certificate = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
    (issue) =>
      `must be an ACM certificate in us-east-1 (CloudFront takes no other), not "${String(issue.input)}"`,
  ),
)

const emailAddress = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/,
    (issue) => `must be one email address such as ops@example.com, not "${String(issue.input)}"`,
  ),
)

const onOff = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(true|false)$/, (issue) => `must be true or false, not "${String(issue.input)}"`),
  v.transform((text: string) => text === 'true'),
)

const stackName = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
    (issue) => `must be a CloudFormation stack name (letters, digits, hyphens), not "${String(issue.input)}"`,
  ),
)

/** Largest per-second cap on demand, a table's default account quota. */
const maxOnDemandUnits = 40_000

export const stackSettingsSchema = v.object({
  stackName: optionalSetting(stackName),
  siteTitle: optionalSetting(textSetting),
  siteDescription: optionalSetting(textSetting),
  siteLanguage: optionalSetting(languageSetting),
  siteAuthor: optionalSetting(textSetting),
  siteIcon: optionalSetting(httpsUrlSetting),
  feedPageSize: optionalSetting(integerSetting(1, 100)),
  feedContent: optionalSetting(feedContentSetting),
  siteTimeZone: optionalSetting(timeZoneSetting),
  siteNavTopics: optionalSetting(navTopicsSetting),
  domainName: optionalSetting(hostName),
  certificateArn: optionalSetting(usEast1Certificate),
  alarmEmail: optionalSetting(emailAddress),
  tableMaxReadUnits: optionalSetting(integerSetting(1, maxOnDemandUnits)),
  tableMaxWriteUnits: optionalSetting(integerSetting(1, maxOnDemandUnits)),
  publicReservedConcurrency: optionalSetting(integerSetting(1, 1000)),
  // 0: no reservation (an account whose concurrency limit is below 110 cannot reserve any).
  publishReservedConcurrency: optionalSetting(integerSetting(0, 1000)),
  waf: optionalSetting(onOff),
  wafRateLimit: optionalSetting(integerSetting(10, 2_000_000_000)),
  websubHubs: optionalSetting(urlListSetting),
  webhookUrls: optionalSetting(urlListSetting),
  webhookSecretArn: optionalSetting(secretArnSetting),
  invalidation: optionalSetting(invalidationSetting),
  podcastCategories: optionalSetting(slugListSetting),
  podcastOwnerEmail: optionalSetting(emailSetting),
  podcastImage: optionalSetting(httpsUrlSetting),
  podcastItunesCategory: optionalSetting(itunesCategorySetting),
  podcastExplicit: optionalSetting(booleanSetting),
})

type ParsedSettings = v.InferOutput<typeof stackSettingsSchema>
export type StackSettingKey = keyof ParsedSettings
/** The settings given, each checked; one that was not given is absent, never `undefined`. */
export type StackSettings = { readonly [K in StackSettingKey]?: Exclude<ParsedSettings[K], undefined> }

/** Every setting the app reads, for a loop over the context. */
export const stackSettingKeys = Object.keys(stackSettingsSchema.entries) as StackSettingKey[]

/** Checks raw setting texts (context or environment); a wrong one throws a `ConfigError` naming its key. */
export function parseStackSettings(raw: Readonly<Partial<Record<StackSettingKey, string>>>): StackSettings {
  const parsed = parseSettings(stackSettingsSchema, raw)
  // Checked values only; dropping the unset keys is all that changes the type.
  return Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => value !== undefined),
  ) as StackSettings
}
