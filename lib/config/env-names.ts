/**
 * The names of the environment variables the functions and `npm start` read, in one place: the
 * readers (lib/config.ts, lib/config/function-configs.ts, functions/) and the stack that sets them
 * on each Lambda (cdk/feed-stack.ts) import the same constants, so a rename cannot leave one behind.
 */
export const envNames = {
  port: 'PORT',
  siteUrl: 'SITE_URL',
  siteUrlParameter: 'SITE_URL_PARAMETER',
  siteTitle: 'SITE_TITLE',
  siteDescription: 'SITE_DESCRIPTION',
  siteLanguage: 'SITE_LANGUAGE',
  siteAuthor: 'SITE_AUTHOR',
  siteIcon: 'SITE_ICON',
  siteTimeZone: 'SITE_TIME_ZONE',
  siteNavTopics: 'SITE_NAV_TOPICS',
  feedPageSize: 'FEED_PAGE_SIZE',
  feedContent: 'FEED_CONTENT',
  publishToken: 'PUBLISH_TOKEN',
  publishTokenSecretArn: 'PUBLISH_TOKEN_SECRET_ARN',
  originVerifySecretArn: 'ORIGIN_VERIFY_SECRET_ARN',
  cursorSecret: 'CURSOR_SECRET',
  requestLogSampleRate: 'REQUEST_LOG_SAMPLE_RATE',
  dataDir: 'DATA_DIR',
  seedSample: 'SEED_SAMPLE',
  tableName: 'TABLE_NAME',
  dynamoEndpoint: 'AWS_ENDPOINT_URL_DYNAMODB',
  websubHubs: 'WEBSUB_HUBS',
  webhookUrls: 'WEBHOOK_URLS',
  webhookSecret: 'WEBHOOK_SECRET',
  webhookSecretArn: 'WEBHOOK_SECRET_ARN',
  invalidation: 'INVALIDATION',
  podcastCategories: 'PODCAST_CATEGORIES',
  podcastOwnerEmail: 'PODCAST_OWNER_EMAIL',
  podcastImage: 'PODCAST_IMAGE',
  podcastItunesCategory: 'PODCAST_ITUNES_CATEGORY',
  podcastExplicit: 'PODCAST_EXPLICIT',
  distributionId: 'DISTRIBUTION_ID',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  scheduleDlqArn: 'SCHEDULE_DLQ_ARN',
  accessLogGroup: 'ACCESS_LOG_GROUP',
  metricsNamespace: 'METRICS_NAMESPACE',
} as const

/** An environment as the readers take it: the process environment, or a literal in tests. */
export type Env = Readonly<Record<string, string | undefined>>
