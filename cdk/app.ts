import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { FeedStack, type FeedStackProps } from './feed-stack.ts'

/**
 * The CDK app, and the only place that reads deploy-time settings: each from `-c name=value`
 * first, then from the environment variable the local server also uses.
 *
 *   npm run deploy -- -c siteTitle="Example News" -c domainName=news.example.com -c certificateArn=arn:...
 *
 * The stack is environment-agnostic (no account or region), so `cdk synth` needs no credentials.
 */
const app = new App()

function setting(contextKey: string, envName: string): string | undefined {
  const fromContext: unknown = app.node.tryGetContext(contextKey)
  const value = fromContext === undefined ? process.env[envName] : String(fromContext)
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function optional<K extends keyof FeedStackProps>(key: K, value: FeedStackProps[K] | undefined) {
  return value === undefined ? {} : { [key]: value }
}

const pageSize = setting('feedPageSize', 'FEED_PAGE_SIZE')
if (pageSize !== undefined && !/^\d+$/.test(pageSize)) {
  throw new Error(`feedPageSize must be a whole number from 1 to 100, not "${pageSize}"`)
}

const props: FeedStackProps = {
  description: 'News feed publisher: RSS, Atom and JSON Feed from DynamoDB on Lambda behind CloudFront',
  ...optional('siteTitle', setting('siteTitle', 'SITE_TITLE')),
  ...optional('siteDescription', setting('siteDescription', 'SITE_DESCRIPTION')),
  ...optional('siteLanguage', setting('siteLanguage', 'SITE_LANGUAGE')),
  ...optional('siteAuthor', setting('siteAuthor', 'SITE_AUTHOR')),
  ...optional('feedPageSize', pageSize === undefined ? undefined : Number(pageSize)),
  ...optional('domainName', setting('domainName', 'DOMAIN_NAME')),
  ...optional('certificateArn', setting('certificateArn', 'CERTIFICATE_ARN')),
}

new FeedStack(app, setting('stackName', 'STACK_NAME') ?? 'NewsFeed', props)

// Every synth and deploy runs the AWS Solutions checks; a finding nobody acknowledged stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
